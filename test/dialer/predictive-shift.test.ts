import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, startBots } from '../support/dialer-harness.ts';
import { localSecondsOfDay } from '../../src/dialer/compliance/calling-window.ts';
import type { AgentSession } from '../../src/dialer/agent-session.ts';

const HOUR = 3600_000;

/** Invariants no agent may break, whatever the dialer is doing. */
function impossibleStates(agents: AgentSession[], waitingCalls: number): string[] {
  const problems: string[] = [];
  for (const a of agents) {
    const call = a.call;
    const where = `agent ${a.agentId} (${a.agentState}/${a.callState}/${a.nailedStatus})`;
    if ((a.callState === 'Talking' || a.callState === 'Held') && !call?.isLive) problems.push(`${where} talks on no live call`);
    if (a.callState === 'Idle' && call) problems.push(`${where} is idle with a call in hand`);
    if (a.callState !== 'NoState' && a.nailedStatus !== 'NailedUp') problems.push(`${where} has a call state without a nail-up`);
    if (call && call.agent !== a) problems.push(`${where} holds a call that belongs to another agent`);
    if (a.agentState === 'NotReady' && a.callState === 'Wrapup' && !call) problems.push(`${where} wraps up nothing`);
    if (a.isAvailable && waitingCalls > 0) problems.push(`${where} idles while a customer waits`);
  }
  return problems;
}

test('an 8-hour predictive job with 20 simulated agents stays compliant and stores every attempt', { timeout: 300_000 }, async () => {
  const h = await startHarness({ contactsPerList: 12_000, botAgents: 20 });
  try {
    const { job } = await h.dialer.startJob('DemoPredictive');
    const bots = startBots(h, h.demo.botAgentIds);
    const problems: string[] = [];
    const end = h.clock.now() + 8 * HOUR;
    while (h.clock.now() < end) {
      await h.clock.advance(60_000);
      const runner = h.dialer.runningJobs().find((j) => j.job.id === job.id);
      problems.push(...impossibleStates(h.dialer.sessions(), runner?.waiting.length ?? 0));
    }
    // Close the shift: no new contacts, the calls in hand finish, the agents leave.
    await h.dialer.setJobState(job.id, 'stop');
    for (const bot of bots) bot.stop();
    await h.clock.advance(2 * HOUR);
    assert.deepEqual(problems.slice(0, 5), []);
    assert.deepEqual(h.dialer.sessions().map((s) => s.agentId), [], 'every agent logged off');

    const attempts = await h.store.attempts.listByJob(job.id);
    const dialed = attempts.filter((a) => a.result !== 'Restricted_DNC');
    assert.ok(dialed.length > 3000, `a busy shift dials thousands of calls (dialed ${dialed.length})`);

    // No DNC number dialed: neither those listed at the start, nor those agents added with "Wrong Number".
    assert.ok(h.demo.dncOverlapNumbers.length > 0);
    const listedAtStart = new Set(h.demo.dncOverlapNumbers);
    for (const a of dialed) assert.ok(!listedAtStart.has(a.number), `dialed DNC number ${a.number}`);
    const wrongNumber = (await h.store.campaigns.findByName('DemoPredictive'))!.completionCodes.find((c) => c.codeValue === 'Wrong Number')!.codeID;
    const addedAt = new Map<string, number>();
    for (const a of dialed) if (a.completionCode === wrongNumber) addedAt.set(a.number, a.endedAt!);
    assert.ok(addedAt.size > 0, 'agents marked some numbers as wrong');
    for (const a of dialed) {
      const added = addedAt.get(a.number);
      assert.ok(added === undefined || a.dialedAt <= added, `dialed ${a.number} after it was added to the DNC list`);
      if (added !== undefined) assert.equal(await h.store.dnc.isListed([h.demo.dncListId], a.number), true);
    }
    // The DNC List report tells them apart from those listed by hand: the dialer's kill list.
    const fromDialer = (await h.store.dnc.addedBetween([h.demo.dncListId], 0, Number.MAX_SAFE_INTEGER, 100_000, 0)).rows.filter((r) => r.source === 'dialer');
    assert.deepEqual(fromDialer.map((r) => r.address).sort(), [...addedAt.keys()].filter((n) => !listedAtStart.has(n)).sort());
    const restricted = attempts.filter((a) => a.result === 'Restricted_DNC');
    assert.ok(restricted.length > 0, 'contacts whose only numbers are on the DNC list are recorded as restricted');

    // No call outside its calling window (08:00-21:00 in the number's time zone).
    const contacts = new Map<number, Awaited<ReturnType<typeof h.store.contacts.findById>>>();
    for (const a of dialed) {
      if (!contacts.has(a.contactId)) contacts.set(a.contactId, await h.store.contacts.findById(a.contactId));
      const phone = contacts.get(a.contactId)?.phones.find((p) => p.number === a.number);
      assert.ok(phone, `attempt ${a.id} dialed a number of its contact`);
      const local = localSecondsOfDay(a.dialedAt, phone.timezone);
      assert.ok(local >= 8 * 3600 && local < 21 * 3600, `attempt ${a.id} dialed ${phone.timezone} at local second ${local}`);
    }

    // Every attempt has a final result; every live answer reached an agent or was counted abandoned.
    for (const a of attempts) {
      assert.ok(a.endedAt !== null && a.result !== null, `attempt ${a.id} has no final result`);
      if (a.answeredAt !== null && !a.amdHangup) {
        assert.ok(a.connectedAt !== null || a.abandoned, `live answer ${a.id} neither connected nor abandoned`);
      }
      if (a.connectedAt !== null) assert.ok(a.agentId && a.completionCode, `connected attempt ${a.id} has an agent and a completion code`);
    }
    const live = attempts.filter((a) => a.answeredAt !== null && !a.amdHangup);
    const abandoned = attempts.filter((a) => a.abandoned);
    assert.ok(live.length > 1000, `live answers: ${live.length}`);
    assert.ok(abandoned.length / live.length <= 0.03, `abandon rate ${(100 * abandoned.length / live.length).toFixed(2)} %`);
  } finally {
    await h.close();
  }
});
