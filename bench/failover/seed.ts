/**
 * The drill's database, prepared with the project's own code before any dialer starts: the demo data set
 * with its calling window widened to the whole day (so the drill runs at any hour), N agents split between
 * the preview team (skill PreviewOut) and the predictive team (skill PredictiveOut), a running job of each
 * demo campaign (the leading dialer resumes it at start), and more numbers on the demo DNC list: numbers of
 * contacts near the head of each list, so that the dialer meets them during the run.
 */
import { everyDay } from '../../src/dialer/compliance/calling-window.ts';
import { openStore } from '../../src/store/open-store.ts';
import { hashPassword } from '../../src/store/password.ts';
import type { AgentRecord } from '../../src/store/records.ts';
import {
  DEMO_ORGANIZATION, DEMO_PASSWORD, DEMO_PREDICTIVE_CAMPAIGN, DEMO_PREDICTIVE_SKILL, DEMO_PREDICTIVE_TEAM, DEMO_PREVIEW_CAMPAIGN,
  DEMO_PREVIEW_SKILL, DEMO_PREVIEW_TEAM, DEMO_ZONE, seedDemo,
} from '../../src/demo/demo-data.ts';
import type { Team } from './desk.ts';

export const DRILL_PASSWORD = DEMO_PASSWORD;

export interface DrillAgent {
  agentID: string;
  extension: string;
  team: Team;
}

/** Agent ids 400001…, extensions 700001…: outside the demo's and the other benchmarks' ranges. Even: preview, odd: predictive. */
export function drillAgents(count: number): DrillAgent[] {
  return Array.from({ length: count }, (_, i) => ({
    agentID: String(400_001 + i), extension: String(700_001 + i), team: i % 2 === 0 ? 'preview' : 'predictive',
  }));
}

export interface DrillSeed {
  /** Contacts put on the DNC list here (all their numbers), besides the demo's own overlap. */
  dncContacts: number;
  dncNumbers: number;
  contactsPerList: number;
}

/** Every `DNC_EVERY`-th contact of the first `DNC_HEAD` in dialing order goes on the DNC list. */
const DNC_EVERY = 25;
const DNC_HEAD = 5000;

export async function seedDrill(database: string, agents: readonly DrillAgent[], contactsPerList: number, now: number): Promise<DrillSeed> {
  const store = await openStore(database);
  try {
    const summary = await seedDemo(store, { now, contactsPerList, seed: 1, botAgents: 0 });
    const campaigns = [];
    for (const name of [DEMO_PREVIEW_CAMPAIGN, DEMO_PREDICTIVE_CAMPAIGN]) {
      const campaign = await store.campaigns.findByName(name);
      if (!campaign) throw new Error(`demo campaign ${name} not seeded`);
      await store.campaigns.update({ ...campaign, callingWindow: { hours: everyDay('00:00', '24:00') } });
      campaigns.push(campaign);
    }
    const passwordHash = hashPassword(DRILL_PASSWORD);
    const records: AgentRecord[] = agents.map((a) => ({
      agentId: a.agentID, extension: a.extension, lanId: `drill${a.agentID}`, firstName: 'Drill', lastName: `Agent ${a.agentID}`,
      name: `Drill Agent ${a.agentID}`, enabled: true, passwordHash, organizationName: DEMO_ORGANIZATION,
      teamName: a.team === 'preview' ? DEMO_PREVIEW_TEAM : DEMO_PREDICTIVE_TEAM,
      skills: [a.team === 'preview' ? DEMO_PREVIEW_SKILL : DEMO_PREDICTIVE_SKILL], skillLevels: {},
      locationPreference: 'primary', locale: 'en-US', timeZone: 'America/New_York', zoneName: DEMO_ZONE,
    }));
    await store.agents.insertMany(records);

    let dncContacts = 0;
    const numbers: string[] = [];
    for (const campaign of campaigns) {
      const head = await store.contacts.nextDialable(campaign.contactListId, now + 1, campaign.maxAttempts, Math.min(DNC_HEAD, contactsPerList));
      for (let i = DNC_EVERY - 1; i < head.length; i += DNC_EVERY) {
        dncContacts++;
        for (const phone of head[i]!.phones) numbers.push(phone.number);
      }
    }
    await store.dnc.addAddresses(summary.dncListId, numbers, now);
    for (const campaign of campaigns) await store.jobs.create(campaign.id, now);
    return { dncContacts, dncNumbers: numbers.length, contactsPerList };
  } finally {
    await store.close();
  }
}
