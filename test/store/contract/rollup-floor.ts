/**
 * A small generated floor for the rollup tests, written through the store as the dialer writes it
 * (attempts inserted, then updated): attempts of every kind of outcome over a few days, some left open,
 * and agent history with every state, on the floor's campaigns and on none.
 */
import { seeded, setUpFloor, type Floor } from '../../../bench/reports/floor.ts';
import type { AttemptResult, NewContact } from '../../../src/store/records.ts';
import type { Store } from '../../../src/store/store.ts';

/** 2026-01-01T00:17:00Z: not on an hour, so the data's edges are partial hours. */
export const START = 1_767_225_600_000 + 17 * 60_000;
export const DAYS = 3;
const SPAN = DAYS * 24 * 3_600_000;

const RESULTS: AttemptResult[] = ['Answer_Human', 'Answer_Machine', 'Call_Busy', 'Ring_No_Answer', 'Abandoned', 'Unknown'];
const CALL_STATES = ['Idle', 'Talking', 'Held', 'Wrapup', 'Preview', 'Dialing', 'NoState'];
const AGENT_STATES = ['Ready', 'NotReady', 'Ready', 'LoggedOut'];

export interface GeneratedFloor extends Floor {
  jobIds: number[];
  attemptIds: number[];
}

export async function generateFloor(store: Store, seed: number, attempts = 240, changesPerAgent = 60): Promise<GeneratedFloor> {
  const random = seeded(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const floor = await setUpFloor(store, { agents: 5, campaigns: 3 });
  const contacts: NewContact[] = Array.from({ length: 20 }, (_, i) => ({
    userContactId: `C${i}`, title: '', firstName: 'Ann', lastName: `Lee ${i}`, phones: [{ number: `+1312555${String(i).padStart(4, '0')}`, countryCode: '1', timezone: 'UTC', state: 'IL', wireless: false }],
    emails: [], address: { line1: '', line2: '', line3: '', line4: '', line5: '', country: 'US', zipCode: '' }, customFields: {}, priority: 1,
  }));
  await store.contacts.insertMany(floor.contactListId, contacts);
  const contactIds: number[] = [];
  for (const c of contacts) contactIds.push((await store.contacts.findByUserContactId(floor.contactListId, c.userContactId))!.id);
  const jobs: Array<{ id: number; campaignId: number }> = [];
  for (const campaign of floor.campaigns) {
    for (let j = 0; j < 2; j++) jobs.push({ id: (await store.jobs.create(campaign.id, START)).id, campaignId: campaign.id });
  }

  const attemptIds: number[] = [];
  for (let i = 0; i < attempts; i++) {
    const job = pick(jobs);
    const dialedAt = START + Math.floor(random() * SPAN);
    const attempt = await store.attempts.insert({ jobId: job.id, campaignId: job.campaignId, contactId: pick(contactIds), number: '+13125550000', kind: 'predictive', dialedAt });
    attemptIds.push(attempt.id);
    const r = random();
    if (r < 0.1) continue; // still open
    const answered = r < 0.75;
    const connected = answered && random() < 0.7;
    const ended = random() < 0.9;
    const abandoned = answered && !connected && random() < 0.3;
    await store.attempts.update(attempt.id, {
      ...(answered ? { answeredAt: dialedAt + 5000 } : {}),
      ...(connected ? { connectedAt: dialedAt + 6000, agentId: pick(floor.agents).agentId } : {}),
      ...(ended ? { endedAt: dialedAt + 6000 + Math.floor(random() * 600_000), result: pick(RESULTS) } : {}),
      ...(connected && random() < 0.8 ? { completionCode: pick(floor.campaigns[0]!.completionCodes).codeID } : {}),
      abandoned, nuisance: random() < 0.1,
      ...(abandoned && random() < 0.5 ? { nuisanceReason: 'agent_aux' as const } : {}),
    });
  }

  const names = [...floor.campaigns.map((c) => c.name), 'Elsewhere', null];
  for (const agent of floor.agents) {
    for (let i = 0; i < changesPerAgent; i++) {
      await store.agentHistory.insert({
        agentId: agent.agentId, at: START + Math.floor(random() * SPAN), agentState: pick(AGENT_STATES), callState: pick(CALL_STATES),
        nailedStatus: 'NailedUp', reasonCode: 0, campaignName: pick(names),
      });
    }
  }
  return { ...floor, jobIds: jobs.map((j) => j.id), attemptIds };
}
