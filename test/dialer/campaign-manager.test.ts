import { describe, test } from 'node:test';
import { THROWING_LOG } from '../../src/log/log.ts';
import assert from 'node:assert/strict';
import { startHarness, startBots, type Harness } from '../support/dialer-harness.ts';
import { everyDay, localSecondsOfDay } from '../../src/dialer/compliance/calling-window.ts';
import { Dialer } from '../../src/dialer/dialer.ts';
import { DEFAULT_DIALER_OPTIONS } from '../../src/dialer/dialer-options.ts';
import { EmbeddedAgentApi } from '../../src/dialer/embedded-agent-api.ts';
import { VirtualClock } from '../../src/clock/virtual-clock.ts';
import { SimulatedNetwork } from '../../src/telephony/simulated-network.ts';
import { parseSimulatedNetworkConfig } from '../../src/telephony/simulated-network-config.ts';
import type { TimerHandle } from '../../src/clock/clock.ts';
import type { PomAgent, PomAgentHandler } from '../../src/pom/agent-api.ts';
import type {
  POMAgentState, POMCallState, POMContact, POMContactNumber, POMDialFailReason, POMNailupStatus, POMWrapupDetails,
} from '../../src/pom/types.ts';
import type { AttemptRecord, CallbackRecord, CampaignRecord, ContactPhone, ContactRecord, ContactState, NewContact } from '../../src/store/records.ts';
import type { NetworkCall } from '../../src/telephony/network.ts';

const SECOND = 1000;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const OPTIONS = DEFAULT_DIALER_OPTIONS;
/** After a list ran dry the job asks the store again only every `emptyListRecheckMs`, on a tick. */
const RECHECK_SLACK = OPTIONS.emptyListRecheckMs + OPTIONS.tickMs;

/** A time on Monday 5 January 2026 in New York (EST, UTC-5). */
function ny(hours: number, minutes = 0, seconds = 0): number {
  return Date.UTC(2026, 0, 5, hours + 5, minutes, seconds);
}

/** Every outcome probability 0 but the ones given: a deterministic network. */
function only(outcomes: Partial<Record<'live' | 'machine' | 'busy' | 'invalid' | 'refused', number>>): Record<string, number> {
  return { live: 0, machine: 0, busy: 0, invalid: 0, refused: 0, ...outcomes };
}

// ── contacts and campaigns ────────────────────────────────────────────────────

const AREA_CODES: Record<string, string> = { 'America/New_York': '212', 'America/Chicago': '312', 'America/Los_Angeles': '213' };
let lineNumber = 0;

/** A fresh number in the 555 exchange, which the demo data never uses. */
function phoneIn(timezone: string): ContactPhone {
  lineNumber++;
  const area = AREA_CODES[timezone];
  assert.ok(area, `no area code for ${timezone}`);
  return { number: `+1${area}555${String(lineNumber).padStart(4, '0')}`, countryCode: '1', timezone, state: '', wireless: false };
}

function newContact(key: string, phones: ContactPhone[], state: ContactState = 'ready', nextAttemptAt = 0): NewContact {
  return {
    userContactId: key, title: 'Mr', firstName: 'Test', lastName: key, phones, emails: [],
    address: { line1: '', line2: '', line3: '', line4: '', line5: '', country: 'US', zipCode: '' },
    customFields: {}, priority: 0, state, nextAttemptAt,
  };
}

/** Adds contacts to a demo list and returns them as stored, in the same order. */
async function addContacts(h: Harness, list: 'preview' | 'predictive', contacts: NewContact[]): Promise<ContactRecord[]> {
  const listId = h.demo.contactListIds[list];
  await h.store.contacts.insertMany(listId, contacts);
  const stored: ContactRecord[] = [];
  for (const c of contacts) stored.push((await h.store.contacts.findByUserContactId(listId, c.userContactId))!);
  return stored;
}

async function contact(h: Harness, id: number): Promise<ContactRecord> {
  const found = await h.store.contacts.findById(id);
  assert.ok(found, `contact ${id} exists`);
  return found;
}

async function changeCampaign(h: Harness, name: string, change: (c: CampaignRecord) => Partial<CampaignRecord>): Promise<CampaignRecord> {
  const campaign = await h.store.campaigns.findByName(name);
  assert.ok(campaign, `campaign ${name} exists`);
  const next = { ...campaign, ...change(campaign) };
  await h.store.campaigns.update(next);
  return next;
}

async function attemptsOf(h: Harness, jobId: number): Promise<AttemptRecord[]> {
  return (await h.store.attempts.listByJob(jobId)).sort((a, b) => a.dialedAt - b.dialedAt || a.id - b.id);
}

async function addToDnc(h: Harness, numbers: string[]): Promise<void> {
  await h.store.dnc.addAddresses(h.demo.dncListId, numbers, h.clock.now());
}

// ── what the network was asked to do ─────────────────────────────────────────

interface NetworkDial {
  number: string;
  /** The number presented to the called party. */
  callerId: string | undefined;
  at: number;
  messages: Array<{ at: number; ms: number }>;
  hangups: number[];
  connects: number[];
}

/** Records every dial and what the dialer later did with each call. */
function watchNetwork(h: Harness): NetworkDial[] {
  const dials: NetworkDial[] = [];
  const dial = h.network.dial.bind(h.network);
  h.network.dial = (request) => {
    const call = dial(request);
    const seen: NetworkDial = { number: request.number, callerId: request.callerId, at: h.clock.now(), messages: [], hangups: [], connects: [] };
    dials.push(seen);
    const watched: NetworkCall = {
      id: call.id,
      connect: () => {
        seen.connects.push(h.clock.now());
        call.connect();
      },
      playMessageAndHangup: (ms) => {
        seen.messages.push({ at: h.clock.now(), ms });
        call.playMessageAndHangup(ms);
      },
      hangup: () => {
        seen.hangups.push(h.clock.now());
        call.hangup();
      },
    };
    return watched;
  };
  return dials;
}

// ── an agent desktop driven by the test ───────────────────────────────────────

interface Note {
  at: number;
  name: string;
  args: unknown[];
}

interface AgentScript {
  /** Predictive and progressive calls: seconds on the line before releasing it; null waits for the customer. */
  talkSeconds?: number | null;
  /** Seconds in wrap-up before the completion code; null leaves the wrap-up to the dialer. */
  wrapSeconds?: number | null;
  /** The completion code; the campaign's default when not given. */
  wrapCode?: string;
  /** Preview and callback offers: seconds before dialing the default number; null leaves the offer alone. */
  previewDialSeconds?: number | null;
}

/**
 * Logs on, goes Ready and nails up like a desktop; records every response and notification; works
 * calls as its script says. `onCall` replaces the script for offered contacts.
 */
class ScriptedAgent implements PomAgentHandler {
  readonly notes: Note[] = [];
  readonly agent: PomAgent;
  onCall: ((contact: POMContact, sessionID: string) => void) | null = null;
  private askedForNailup = false;
  private timer: TimerHandle | null = null;

  constructor(private readonly h: Harness, readonly agentId: string, public script: AgentScript = {}) {
    this.agent = h.api.getPOMAgent(agentId, this);
  }

  logOn(): void {
    assert.equal(this.agent.AGTLogon(`4${this.agentId}`, 'demo', false, 'en-US', 'America/New_York', 'Default'), 0);
  }

  /** The notes of one callback, oldest first. */
  named(name: string): Note[] {
    return this.notes.filter((n) => n.name === name);
  }

  offers(): Array<{ at: number; contact: POMContact; sessionID: string }> {
    return this.named('AGTCallNotify').map((n) => ({ at: n.at, contact: n.args[0] as POMContact, sessionID: n.args[1] as string }));
  }

  nailupChanges(): POMNailupStatus[] {
    return this.named('AGTNailupChange').map((n) => n.args[0] as POMNailupStatus);
  }

  after(seconds: number, fn: () => void): void {
    this.timer?.cancel();
    this.timer = this.h.clock.setTimer(seconds * SECOND, () => {
      this.timer = null;
      fn();
    });
  }

  private note(name: string, ...args: unknown[]): void {
    this.notes.push({ at: this.h.clock.now(), name, args });
  }

  private wrapUp(wrapup: POMWrapupDetails, sessionID: string): void {
    const seconds = this.script.wrapSeconds;
    if (seconds === null || seconds === undefined) return;
    const codeID = this.script.wrapCode ?? wrapup.defaultCompCode;
    this.after(seconds, () => assert.equal(this.agent.AGTWrapupContact({ codeID, codeValue: '' }, sessionID), 0));
  }

  AGTLogonRESP(result: number): void {
    this.note('AGTLogonRESP', result);
    if (result === 0) assert.equal(this.agent.AGTStateChange('Ready', 0, '', false), 0);
  }

  AGTLogoffRESP(result: number): void {
    this.note('AGTLogoffRESP', result);
  }

  AGTStateChangeRESP(state: POMAgentState, result: number): void {
    this.note('AGTStateChangeRESP', state, result);
    if (state === 'Ready' && result === 0 && !this.askedForNailup) {
      this.askedForNailup = true;
      assert.equal(this.agent.AGTAvailableForNailup(), 0);
    }
  }

  AGTStateChangedNotify(state: POMAgentState): void {
    this.note('AGTStateChangedNotify', state);
  }

  AGTNailupChange(status: POMNailupStatus): void {
    this.note('AGTNailupChange', status);
    if (status === 'PendingNailUp') assert.equal(this.agent.AGTReadyForNailup(), 0);
  }

  AGTJobAttached(campaignName: string): void {
    this.note('AGTJobAttached', campaignName);
  }

  AGTCallStateChangedNotify(state: POMCallState): void {
    this.note('AGTCallStateChangedNotify', state);
  }

  AGTCallNotify(contact: POMContact, sessionID: string): void {
    this.note('AGTCallNotify', contact, sessionID);
    if (this.onCall) {
      this.onCall(contact, sessionID);
      return;
    }
    if (contact.contactType === 'Preview' || contact.contactType === 'Callback') {
      const seconds = this.script.previewDialSeconds;
      if (seconds === null || seconds === undefined) return;
      const number = contact.contactNumbers.find((n) => n.isDefault) ?? contact.contactNumbers[0];
      assert.ok(number);
      this.after(seconds, () => assert.equal(this.agent.AGTPreviewDial(number, sessionID), 0));
      return;
    }
    const talk = this.script.talkSeconds;
    if (talk !== null && talk !== undefined) this.after(talk, () => assert.equal(this.agent.AGTReleaseLine(sessionID), 0));
  }

  AGTPreviewCallbackPending(dueTime: number, sessionID: string): void {
    this.note('AGTPreviewCallbackPending', dueTime, sessionID);
  }

  AGTReleaseLineRESP(wrapup: POMWrapupDetails | null, sessionID: string, result: number): void {
    this.note('AGTReleaseLineRESP', wrapup, sessionID, result);
    if (wrapup && result === 0) this.wrapUp(wrapup, sessionID);
  }

  AGTAutoReleaseLine(wrapup: POMWrapupDetails, sessionID: string): void {
    this.note('AGTAutoReleaseLine', wrapup, sessionID);
    this.wrapUp(wrapup, sessionID);
  }

  AGTDialFailed(wrapup: POMWrapupDetails, reason: POMDialFailReason, sessionID: string): void {
    this.note('AGTDialFailed', wrapup, reason, sessionID);
    this.wrapUp(wrapup, sessionID);
  }

  AGTPreviewDialRESP(sessionID: string, result: number): void {
    this.note('AGTPreviewDialRESP', sessionID, result);
  }

  AGTPreviewCancelRESP(wrapup: POMWrapupDetails | null, sessionID: string, result: number): void {
    this.note('AGTPreviewCancelRESP', wrapup, sessionID, result);
    if (wrapup && result === 0) this.wrapUp(wrapup, sessionID);
  }

  AGTWrapupContactRESP(sessionID: string, result: number): void {
    this.note('AGTWrapupContactRESP', sessionID, result);
  }

  AGTCreateCallbackRESP(sessionID: string, result: number): void {
    this.note('AGTCreateCallbackRESP', sessionID, result);
  }

  AGTAgentLoggedOut(): void {
    this.note('AGTAgentLoggedOut');
  }
}

function numberOf(contact: POMContact, number: string): POMContactNumber {
  const found = contact.contactNumbers.find((n) => n.number === number);
  assert.ok(found, `the offered contact has number ${number}`);
  return found;
}

// ── 1. calling windows ───────────────────────────────────────────────────────

describe('calling windows', () => {
  test('contacts are not dialed before 08:00 in their own time zone, and are dialed once it opens', async () => {
    const h = await startHarness({ start: ny(6), contactsPerList: 0, network: { seed: 3, outcomes: only({ invalid: 1 }) } });
    try {
      const newYork = await addContacts(h, 'predictive', [1, 2, 3].map((i) => newContact(`NY${i}`, [phoneIn('America/New_York')])));
      const chicago = await addContacts(h, 'predictive', [1, 2].map((i) => newContact(`CHI${i}`, [phoneIn('America/Chicago')])));
      const losAngeles = await addContacts(h, 'predictive', [newContact('LA1', [phoneIn('America/Los_Angeles')])]);
      const { job } = await h.dialer.startJob('DemoPredictive');
      new ScriptedAgent(h, '1011').logOn();

      await h.clock.advance(MINUTE);
      // Set aside until their window opens: 08:00 local, as epoch time.
      for (const c of newYork) {
        const held = await contact(h, c.id);
        assert.equal(held.state, 'ready');
        assert.ok(held.nextAttemptAt >= ny(8) && held.nextAttemptAt < ny(8) + SECOND, `NY contact waits for 08:00 NY (${new Date(held.nextAttemptAt).toISOString()})`);
      }
      for (const c of chicago) assert.ok((await contact(h, c.id)).nextAttemptAt >= ny(9), 'Chicago opens at 09:00 NY');

      await h.clock.runUntil(ny(7, 59, 59));
      assert.equal(h.network.counters.dials, 0, 'nothing dialed before 08:00 in New York');
      assert.deepEqual(await attemptsOf(h, job.id), []);

      await h.clock.runUntil(ny(11, 30));
      const attempts = await attemptsOf(h, job.id);
      const all = [...newYork, ...chicago, ...losAngeles];
      assert.deepEqual(attempts.map((a) => a.contactId).sort((a, b) => a - b), all.map((c) => c.id).sort((a, b) => a - b), 'each contact dialed once');
      const opening: Record<string, number> = { 'America/New_York': ny(8), 'America/Chicago': ny(9), 'America/Los_Angeles': ny(11) };
      for (const a of attempts) {
        const timezone = all.find((c) => c.id === a.contactId)!.phones[0]!.timezone;
        const local = localSecondsOfDay(a.dialedAt, timezone);
        assert.ok(local >= 8 * 3600 && local < 21 * 3600, `${a.number} dialed at local second ${local} in ${timezone}`);
        assert.ok(a.dialedAt - opening[timezone]! < RECHECK_SLACK, `${a.number} dialed ${(a.dialedAt - opening[timezone]!) / SECOND} s after its window opened`);
      }
    } finally {
      await h.close();
    }
  });

  test('nothing is dialed at or after 21:00 local; later zones go on', async () => {
    const h = await startHarness({ start: ny(20, 58), contactsPerList: 0, network: { seed: 3, outcomes: only({ invalid: 1 }) } });
    try {
      const newYork = await addContacts(h, 'predictive', Array.from({ length: 150 }, (_, i) => newContact(`NY${i}`, [phoneIn('America/New_York')])));
      const losAngeles = await addContacts(h, 'predictive', [1, 2, 3].map((i) => newContact(`LA${i}`, [phoneIn('America/Los_Angeles')])));
      const { job } = await h.dialer.startJob('DemoPredictive');
      new ScriptedAgent(h, '1011').logOn();
      await h.clock.runUntil(ny(21, 30));

      const attempts = await attemptsOf(h, job.id);
      const nyIds = new Set(newYork.map((c) => c.id));
      const nyAttempts = attempts.filter((a) => nyIds.has(a.contactId));
      assert.ok(nyAttempts.length > 10, `New York dialed until its window closed (${nyAttempts.length} attempts)`);
      for (const a of nyAttempts) assert.ok(a.dialedAt < ny(21), `${a.number} dialed at ${new Date(a.dialedAt).toISOString()}, at or after 21:00 NY`);
      const laIds = new Set(losAngeles.map((c) => c.id));
      assert.equal(attempts.filter((a) => laIds.has(a.contactId)).length, 3, 'Los Angeles (18:00 local) is still dialed');

      // The New York contacts not reached wait for 08:00 the next morning.
      const tomorrow8 = Date.UTC(2026, 0, 6, 13, 0, 0);
      const dialed = new Set(nyAttempts.map((a) => a.contactId));
      const waiting = newYork.filter((c) => !dialed.has(c.id));
      assert.ok(waiting.length > 0);
      for (const c of waiting) {
        const held = await contact(h, c.id);
        assert.equal(held.state, 'ready');
        assert.ok(held.nextAttemptAt >= tomorrow8 && held.nextAttemptAt < tomorrow8 + SECOND, `waits until ${new Date(held.nextAttemptAt).toISOString()}`);
      }
    } finally {
      await h.close();
    }
  });
});

describe('calling hours per weekday and region, attempts per number', () => {
  test('a day without hours has no calls: Sunday\'s contacts wait for Monday\'s opening', async () => {
    // Sunday 4 January 2026, 10:00 in New York.
    const h = await startHarness({ start: ny(10) - 24 * HOUR, contactsPerList: 0, network: { seed: 3, outcomes: only({ invalid: 1 }) } });
    try {
      const weekdays = everyDay('09:00', '20:00');
      delete weekdays.sun;
      await changeCampaign(h, 'DemoPredictive', () => ({ callingWindow: { hours: weekdays } }));
      const [c] = await addContacts(h, 'predictive', [newContact('SUN', [phoneIn('America/New_York')])]);
      const { job } = await h.dialer.startJob('DemoPredictive');
      new ScriptedAgent(h, '1011').logOn();
      await h.clock.advance(MINUTE);
      assert.equal((await contact(h, c!.id)).nextAttemptAt, ny(9), 'waits for Monday 09:00');
      await h.clock.runUntil(ny(9, 1));
      const attempts = await attemptsOf(h, job.id);
      assert.equal(attempts.length, 1);
      assert.ok(attempts[0]!.dialedAt >= ny(9) && attempts[0]!.dialedAt - ny(9) < RECHECK_SLACK);
    } finally {
      await h.close();
    }
  });

  test('a window opened wider takes effect at once, for the running job and for the next one', async () => {
    const h = await startHarness({ start: ny(10), contactsPerList: 0, network: { seed: 3, outcomes: only({ invalid: 1 }) } });
    try {
      await changeCampaign(h, 'DemoPredictive', () => ({ callingWindow: { hours: everyDay('18:00', '21:00') } }));
      const [first, second] = await addContacts(h, 'predictive', [newContact('EVE1', [phoneIn('America/New_York')]), newContact('EVE2', [phoneIn('America/New_York')])]);
      const { job } = await h.dialer.startJob('DemoPredictive');
      new ScriptedAgent(h, '1011').logOn();
      await h.clock.advance(MINUTE);
      assert.equal((await contact(h, first!.id)).nextAttemptAt, ny(18), 'put off to the evening');

      // Edited while the job runs: the job takes the new window, the contacts come due at once.
      const edited = await changeCampaign(h, 'DemoPredictive', () => ({ callingWindow: { hours: everyDay('08:00', '21:00') } }));
      await h.dialer.campaignChanged(edited);
      await h.clock.advance(MINUTE);
      assert.deepEqual((await attemptsOf(h, job.id)).map((a) => a.contactId).sort(), [first!.id, second!.id]);

      // Put off by a job with the narrow window, then widened while no job runs: the next job dials it at once.
      await h.dialer.setJobState(job.id, 'stop');
      await h.clock.advance(MINUTE);
      await changeCampaign(h, 'DemoPredictive', () => ({ callingWindow: { hours: everyDay('18:00', '21:00') } }));
      const [third] = await addContacts(h, 'predictive', [newContact('EVE3', [phoneIn('America/New_York')])]);
      const narrow = await h.dialer.startJob('DemoPredictive');
      await h.clock.advance(MINUTE);
      assert.equal((await contact(h, third!.id)).nextAttemptAt, ny(18), 'put off to the evening');
      await h.dialer.setJobState(narrow.job.id, 'stop');
      await h.clock.advance(MINUTE);
      await changeCampaign(h, 'DemoPredictive', () => ({ callingWindow: { hours: everyDay('08:00', '21:00') } }));
      const wide = await h.dialer.startJob('DemoPredictive');
      await h.clock.advance(MINUTE);
      assert.deepEqual((await attemptsOf(h, wide.job.id)).map((a) => a.contactId), [third!.id]);
    } finally {
      await h.close();
    }
  });

  test('a state\'s rule replaces the campaign\'s hours for its numbers', async () => {
    const h = await startHarness({ start: ny(8, 30), contactsPerList: 0, network: { seed: 3, outcomes: only({ invalid: 1 }) } });
    try {
      await changeCampaign(h, 'DemoPredictive', () => ({ callingWindow: { hours: everyDay('08:00', '21:00'), states: { NY: everyDay('10:00', '20:00') } } }));
      const [inNy] = await addContacts(h, 'predictive', [newContact('NYS', [{ ...phoneIn('America/New_York'), state: 'NY' }])]);
      const [inNj] = await addContacts(h, 'predictive', [newContact('NJS', [{ ...phoneIn('America/New_York'), state: 'NJ' }])]);
      const { job } = await h.dialer.startJob('DemoPredictive');
      new ScriptedAgent(h, '1011').logOn();
      await h.clock.advance(MINUTE);
      const attempts = await attemptsOf(h, job.id);
      assert.deepEqual(attempts.map((a) => a.contactId), [inNj!.id], 'New Jersey at 08:30; New York only from 10:00');
      assert.equal((await contact(h, inNy!.id)).nextAttemptAt, ny(10));
    } finally {
      await h.close();
    }
  });

  test('a preview is offered on a number inside its calling window, not the first one', async () => {
    // 09:00 in New York is 06:00 in Los Angeles.
    const h = await startHarness({ start: ny(9), contactsPerList: 0, network: { seed: 3, outcomes: only({ busy: 1 }) } });
    try {
      const [p] = await addContacts(h, 'preview', [newContact('P', [phoneIn('America/Los_Angeles'), phoneIn('America/New_York')])]);
      await h.dialer.startJob('DemoPreview');
      const agent = new ScriptedAgent(h, '1001');
      agent.logOn();
      await h.clock.advance(3 * SECOND);
      const [offer] = agent.offers();
      assert.ok(offer);
      assert.equal(offer.contact.defaultNumber, p!.phones[1]!.number);
      assert.equal(numberOf(offer.contact, p!.phones[1]!.number).isDefault, true);
    } finally {
      await h.close();
    }
  });

  test('a campaign paced at a fixed ratio dials that many lines per free agent', async () => {
    // Without the compliance guard, which dials progressively until the abandon windows have live answers.
    const h = await startHarness({ start: ny(9), contactsPerList: 0, network: { seed: 3, outcomes: only({ busy: 1 }), busyAfter: 30 }, dialer: { guardPacing: false } });
    try {
      await changeCampaign(h, 'DemoPredictive', (c) => ({ pacing: { ...c.pacing, method: 'ratio', initialRatio: 3, maxLinesPerAgent: 5 } }));
      await addContacts(h, 'predictive', Array.from({ length: 10 }, (_, i) => newContact(`R${i}`, [phoneIn('America/New_York')])));
      const dials = watchNetwork(h);
      await h.dialer.startJob('DemoPredictive');
      new ScriptedAgent(h, '1011').logOn();
      await h.clock.advance(5 * SECOND);
      assert.equal(dials.length, 3, 'three lines for the one free agent');
    } finally {
      await h.close();
    }
  });

  test('maximum attempts per number: each number is dialed that often, then the contact is done; every dial presents the caller ID', async () => {
    const h = await startHarness({ start: ny(9), contactsPerList: 0, network: { seed: 3, outcomes: only({ busy: 1 }) } });
    try {
      const dials = watchNetwork(h);
      await changeCampaign(h, 'DemoPredictive', () => ({ maxAttempts: 10, maxAttemptsPerNumber: 2, retryRules: { Call_Busy: 1 }, callerId: '+15555550142' }));
      const [c] = await addContacts(h, 'predictive', [newContact('TWO', [phoneIn('America/New_York'), phoneIn('America/New_York')])]);
      const { job } = await h.dialer.startJob('DemoPredictive');
      new ScriptedAgent(h, '1011').logOn();
      await h.clock.runUntil(ny(10));
      const attempts = await attemptsOf(h, job.id);
      const perNumber = (n: string) => attempts.filter((a) => a.number === n).length;
      assert.deepEqual([perNumber(c!.phones[0]!.number), perNumber(c!.phones[1]!.number)], [2, 2]);
      assert.deepEqual([...new Set(dials.map((d) => d.callerId))], ['+15555550142']);
      assert.equal((await contact(h, c!.id)).state, 'done');
    } finally {
      await h.close();
    }
  });
});

// ── 2. DNC at dial time ──────────────────────────────────────────────────────

describe('do-not-call list, checked when dialing', () => {
  test('predictive: a contact whose only number is listed gets a Restricted_DNC attempt, no dial, and becomes uncallable', async () => {
    const h = await startHarness({ contactsPerList: 0, network: { seed: 3, outcomes: only({ busy: 1 }) } });
    try {
      const dials = watchNetwork(h);
      const [a, b, c] = await addContacts(h, 'predictive', [
        newContact('A', [phoneIn('America/New_York')]),
        newContact('B', [phoneIn('America/New_York'), phoneIn('America/New_York')]),
        newContact('C', [phoneIn('America/New_York')]),
      ]);
      const [a1, b1, b2, c1] = [a!.phones[0]!.number, b!.phones[0]!.number, b!.phones[1]!.number, c!.phones[0]!.number];
      await addToDnc(h, [a1, b1]);
      const { job } = await h.dialer.startJob('DemoPredictive');
      new ScriptedAgent(h, '1011').logOn();
      await h.clock.advance(MINUTE);

      const first = await attemptsOf(h, job.id);
      const restricted = first.filter((x) => x.contactId === a!.id);
      assert.equal(restricted.length, 1);
      assert.equal(restricted[0]!.result, 'Restricted_DNC');
      assert.equal(restricted[0]!.number, a1);
      assert.equal(restricted[0]!.endedAt, restricted[0]!.dialedAt);
      assert.equal((await contact(h, a!.id)).state, 'uncallable');
      assert.deepEqual(dials.map((d) => d.number).sort(), [b2, c1].sort(), 'only the numbers not listed reach the network');
      assert.equal(h.network.counters.dials, 2);

      // Listed between two attempts: the retry is refused as well.
      await addToDnc(h, [c1]);
      await h.clock.advance(12 * MINUTE);
      const retried = (await attemptsOf(h, job.id)).filter((x) => x.contactId === c!.id);
      assert.deepEqual(retried.map((x) => x.result), ['Call_Busy', 'Restricted_DNC']);
      assert.equal((await contact(h, c!.id)).state, 'uncallable');
      assert.equal(dials.filter((d) => d.number === c1).length, 1, `${c1} dialed once, before it was listed`);
      assert.ok(!dials.some((d) => d.number === a1 || d.number === b1));
      assert.equal(h.network.counters.dials, 3, 'B was retried on its second number');
    } finally {
      await h.close();
    }
  });

  test('preview: dialing a number listed while the agent previews fails with Restricted_DNC', async () => {
    const h = await startHarness({ contactsPerList: 0, network: { seed: 3, outcomes: only({ live: 1 }) } });
    try {
      const [p] = await addContacts(h, 'preview', [newContact('P', [phoneIn('America/New_York')])]);
      const number = p!.phones[0]!.number;
      const { job } = await h.dialer.startJob('DemoPreview');
      const agent = new ScriptedAgent(h, '1001', { wrapSeconds: 1 });
      agent.logOn();
      await h.clock.advance(5 * SECOND);
      const [offer] = agent.offers();
      assert.ok(offer, 'the contact is previewed');
      assert.equal(offer.contact.contactId, p!.id);

      await addToDnc(h, [number]);
      assert.equal(agent.agent.AGTPreviewDial(numberOf(offer.contact, number), offer.sessionID), 0);
      await h.clock.advance(5 * SECOND);
      const failed = agent.named('AGTDialFailed');
      assert.equal(failed.length, 1);
      assert.equal(failed[0]!.args[1], 'Restricted_DNC');
      assert.equal(failed[0]!.args[2], offer.sessionID);
      assert.equal(h.network.counters.dials, 0);
      const attempts = await attemptsOf(h, job.id);
      assert.deepEqual(attempts.map((x) => [x.number, x.result]), [[number, 'Restricted_DNC']]);
      assert.equal((await contact(h, p!.id)).state, 'uncallable', 'its only number is listed');
    } finally {
      await h.close();
    }
  });

  test('callback: a callback whose number was listed after it was booked is not dialed', async () => {
    const h = await startHarness({ contactsPerList: 0, network: { seed: 3, outcomes: only({ invalid: 1 }) } });
    try {
      const dials = watchNetwork(h);
      const now = h.clock.now();
      // As a disposition with a callback leaves them: ready, but not before the callback expires.
      const [listed, clean] = await addContacts(h, 'preview', [
        newContact('Q', [phoneIn('America/New_York')], 'ready', now + HOUR),
        newContact('R', [phoneIn('America/New_York')], 'ready', now + HOUR),
      ]);
      const campaign = (await h.store.campaigns.findByName('DemoPreview'))!;
      for (const c of [listed!, clean!]) {
        await h.store.callbacks.create({
          campaignId: campaign.id, contactId: c.id, type: 'Campaign', agentId: null, dueAt: now + MINUTE, expiresAt: now + HOUR,
          number: c.phones[0]!.number, timezone: 'America/New_York', notes: 'call back', createdAt: now - HOUR,
        });
      }
      await addToDnc(h, [listed!.phones[0]!.number]);
      await h.dialer.startJob('DemoPreview');
      const agent = new ScriptedAgent(h, '1001', { previewDialSeconds: 2, wrapSeconds: 1 });
      agent.logOn();
      await h.clock.advance(10 * MINUTE);

      assert.ok(dials.some((d) => d.number === clean!.phones[0]!.number), 'the other callback is dialed');
      assert.ok(!dials.some((d) => d.number === listed!.phones[0]!.number), 'the listed number never reaches the network');
      const attempts = (await h.store.attempts.listBetween(0, h.clock.now())).filter((a) => a.contactId === listed!.id);
      for (const a of attempts) assert.equal(a.result, 'Restricted_DNC');
    } finally {
      await h.close();
    }
  });
});

// ── 3. retry rules ───────────────────────────────────────────────────────────

describe('retry rules', () => {
  test('a busy number is retried after retryRules.Call_Busy minutes, and maxAttempts ends it', async () => {
    const h = await startHarness({ contactsPerList: 0, network: { seed: 3, outcomes: only({ busy: 1 }) } });
    try {
      const campaign = (await h.store.campaigns.findByName('DemoPredictive'))!;
      const busyMinutes = campaign.retryRules.Call_Busy!;
      assert.equal(busyMinutes, 10);
      const [c] = await addContacts(h, 'predictive', [newContact('BUSY', [phoneIn('America/New_York')])]);
      const { job } = await h.dialer.startJob('DemoPredictive');
      new ScriptedAgent(h, '1011').logOn();
      await h.clock.advance(MINUTE);

      const [first] = await attemptsOf(h, job.id);
      assert.ok(first);
      assert.equal(first.result, 'Call_Busy');
      assert.equal(first.endedAt, first.dialedAt + 3 * SECOND, 'busy after the network\'s 3 s');
      const afterFirst = await contact(h, c!.id);
      assert.equal(afterFirst.state, 'ready');
      assert.equal(afterFirst.attempts, 1);
      assert.equal(afterFirst.nextAttemptAt, first.endedAt! + busyMinutes * MINUTE);

      await h.clock.advance(2 * HOUR);
      const attempts = await attemptsOf(h, job.id);
      assert.equal(attempts.length, campaign.maxAttempts);
      for (let i = 1; i < attempts.length; i++) {
        const gap = attempts[i]!.dialedAt - attempts[i - 1]!.endedAt!;
        assert.ok(gap >= busyMinutes * MINUTE && gap < busyMinutes * MINUTE + RECHECK_SLACK, `retry ${i} came ${gap / SECOND} s after the busy`);
      }
      const last = await contact(h, c!.id);
      assert.equal(last.state, 'done');
      assert.equal(last.attempts, campaign.maxAttempts);
      await h.clock.advance(2 * HOUR);
      assert.equal((await attemptsOf(h, job.id)).length, campaign.maxAttempts, 'not dialed again');
      assert.equal(h.network.counters.dials, campaign.maxAttempts);
    } finally {
      await h.close();
    }
  });
});

// ── 4. preview ───────────────────────────────────────────────────────────────

describe('preview', () => {
  test('a timed preview dials the default number by itself after previewTimeoutSeconds', async () => {
    const h = await startHarness({ contactsPerList: 0, network: { seed: 3, outcomes: only({ busy: 1 }) } });
    try {
      await changeCampaign(h, 'DemoPreview', () => ({ previewTimed: true, previewTimeoutSeconds: 10 }));
      const [p] = await addContacts(h, 'preview', [newContact('P', [phoneIn('America/New_York'), phoneIn('America/New_York')])]);
      const { job } = await h.dialer.startJob('DemoPreview');
      const agent = new ScriptedAgent(h, '1001');
      agent.logOn();
      await h.clock.advance(3 * SECOND);
      const [offer] = agent.offers();
      assert.ok(offer);
      assert.equal(offer.contact.timed, true);
      assert.equal(offer.contact.timeout, 10);
      assert.equal(offer.contact.defaultNumber, p!.phones[0]!.number);

      await h.clock.runUntil(offer.at + 9 * SECOND);
      assert.equal(h.network.counters.dials, 0, 'still previewing after 9 s');
      await h.clock.runUntil(offer.at + 11 * SECOND);
      const attempts = await attemptsOf(h, job.id);
      assert.equal(attempts.length, 1);
      assert.equal(attempts[0]!.dialedAt, offer.at + 10 * SECOND);
      assert.equal(attempts[0]!.number, p!.phones[0]!.number);
      assert.equal(attempts[0]!.agentId, '1001');
      assert.equal(attempts[0]!.kind, 'preview');
      assert.equal(h.network.counters.dials, 1);
    } finally {
      await h.close();
    }
  });

  test('an untimed preview waits for the agent', async () => {
    const h = await startHarness({ contactsPerList: 0, network: { seed: 3, outcomes: only({ busy: 1 }) } });
    try {
      const [p] = await addContacts(h, 'preview', [newContact('P', [phoneIn('America/New_York')])]);
      const { job } = await h.dialer.startJob('DemoPreview');
      const agent = new ScriptedAgent(h, '1001');
      agent.logOn();
      await h.clock.advance(30 * MINUTE);
      const [offer] = agent.offers();
      assert.ok(offer);
      assert.equal(offer.contact.timed, false);
      assert.equal(h.network.counters.dials, 0);
      assert.deepEqual(await attemptsOf(h, job.id), []);
      assert.equal(agent.agent.getStatus().callState, 'Preview');

      const dialAt = h.clock.now();
      assert.equal(agent.agent.AGTPreviewDial(numberOf(offer.contact, p!.phones[0]!.number), offer.sessionID), 0);
      await h.clock.advance(SECOND);
      assert.equal(h.network.counters.dials, 1);
      assert.deepEqual((await attemptsOf(h, job.id)).map((a) => a.dialedAt), [dialAt], 'dialed when the agent asked');
    } finally {
      await h.close();
    }
  });

  test('a cancelled preview returns to the list and is not offered again before previewCancelRetryMinutes', async () => {
    const h = await startHarness({ contactsPerList: 0, network: { seed: 3, outcomes: only({ busy: 1 }) } });
    try {
      const [p] = await addContacts(h, 'preview', [newContact('P', [phoneIn('America/New_York')])]);
      const { job } = await h.dialer.startJob('DemoPreview');
      const agent = new ScriptedAgent(h, '1001', { wrapSeconds: 0 });
      agent.logOn();
      await h.clock.advance(5 * SECOND);
      const [offer] = agent.offers();
      assert.ok(offer);
      assert.equal(offer.contact.canCancel, true);
      assert.equal(agent.agent.AGTPreviewCancel(offer.sessionID), 0);
      await h.clock.advance(SECOND);
      assert.equal(agent.named('AGTPreviewCancelRESP')[0]?.args[2], 0);
      const [disposed] = agent.named('AGTWrapupContactRESP');
      assert.ok(disposed);
      assert.equal(disposed.args[1], 0);

      const back = await contact(h, p!.id);
      assert.equal(back.state, 'ready');
      assert.equal(back.attempts, 0, 'a cancelled preview is not an attempt');
      assert.equal(back.nextAttemptAt, disposed.at + OPTIONS.previewCancelRetryMinutes * MINUTE);

      await h.clock.runUntil(disposed.at + OPTIONS.previewCancelRetryMinutes * MINUTE - SECOND);
      assert.equal(agent.offers().length, 1, 'not offered again before the retry time');
      assert.equal(h.network.counters.dials, 0);
      await h.clock.runUntil(disposed.at + OPTIONS.previewCancelRetryMinutes * MINUTE + RECHECK_SLACK);
      const offers = agent.offers();
      assert.equal(offers.length, 2, 'offered again once the retry time has come');
      assert.equal(offers[1]!.contact.contactId, p!.id);
      assert.deepEqual(await attemptsOf(h, job.id), []);
    } finally {
      await h.close();
    }
  });
});

// ── 5. progressive ───────────────────────────────────────────────────────────

describe('progressive', () => {
  test('never more lines out than idle agents, and no abandons', async () => {
    const h = await startHarness({ contactsPerList: 600, botAgents: 6, network: { seed: 5 } });
    try {
      await changeCampaign(h, 'DemoPredictive', (c) => ({ type: 'Progressive', pacing: { ...c.pacing, connectWithinSeconds: 60 } }));
      const { job } = await h.dialer.startJob('DemoPredictive');
      startBots(h, h.demo.botAgentIds);
      const excess: string[] = [];
      let most = 0;
      for (let s = 0; s < 3600; s++) {
        await h.clock.advance(SECOND);
        const runner = h.dialer.runningJobs()[0];
        assert.ok(runner, 'the job runs');
        const snap = runner.snapshot();
        const lines = snap.ringingSeconds.length + snap.waiting;
        most = Math.max(most, lines);
        if (lines > snap.agentsAvailable || runner.outstanding.size > snap.agentsAvailable) {
          excess.push(`${new Date(snap.now).toISOString()}: ${lines} lines, ${runner.outstanding.size} outstanding, ${snap.agentsAvailable} idle`);
        }
      }
      assert.deepEqual(excess.slice(0, 5), []);
      assert.ok(most > 0);
      const attempts = await attemptsOf(h, job.id);
      assert.ok(attempts.length > 200, `${attempts.length} attempts`);
      assert.ok(attempts.every((a) => a.kind === 'progressive' || a.result === 'Restricted_DNC'));
      assert.deepEqual(attempts.filter((a) => a.abandoned || a.result === 'Abandoned').map((a) => a.id), []);
    } finally {
      await h.close();
    }
  });
});

// ── 6. predictive ────────────────────────────────────────────────────────────

describe('predictive', () => {
  test('a live answer with no idle agent within connectWithinSeconds is abandoned with the recorded message', async () => {
    const h = await startHarness({
      // Pacing at each event (no shared decisions): both agents' lines go out at once, so the first abandons come together.
      contactsPerList: 0, botAgents: 2, dialer: { pacing: { ratio: 3 }, guardPacing: false, pacingIntervalMs: 0 },
      network: { seed: 3, outcomes: only({ live: 1 }), ringTime: 5, talk: 600, patience: 30, amd: null },
    });
    try {
      const dials = watchNetwork(h);
      await addContacts(h, 'predictive', Array.from({ length: 40 }, (_, i) => newContact(`Q${i}`, [phoneIn('America/New_York')])));
      const campaign = (await h.store.campaigns.findByName('DemoPredictive'))!;
      const connectWithin = campaign.pacing.connectWithinSeconds * SECOND;
      const { job } = await h.dialer.startJob('DemoPredictive');
      startBots(h, h.demo.botAgentIds);

      let abandoned: AttemptRecord[] = [];
      while (abandoned.length === 0) {
        assert.ok(h.clock.now() < ny(10, 1), 'an abandon within the first minute');
        await h.clock.advance(250);
        abandoned = (await attemptsOf(h, job.id)).filter((a) => a.abandoned);
      }
      // The customers hear the message: their lines stay in use for abandonMessageMs, then are freed.
      const linesAtAbandon = h.network.counters.active;
      await h.clock.advance(OPTIONS.abandonMessageMs - 500);
      assert.equal(h.network.counters.active, linesAtAbandon, 'the message is still playing');
      await h.clock.advance(1000);
      assert.equal(h.network.counters.active, linesAtAbandon - abandoned.length, 'the lines are freed after the message');

      await h.clock.advance(30 * MINUTE);
      const attempts = await attemptsOf(h, job.id);
      abandoned = attempts.filter((a) => a.abandoned);
      assert.ok(abandoned.length >= 4, `${abandoned.length} abandoned`);
      for (const a of abandoned) {
        assert.equal(a.result, 'Abandoned');
        assert.equal(a.connectedAt, null);
        assert.ok(a.answeredAt !== null);
        assert.equal(a.endedAt! - a.answeredAt, connectWithin, 'abandoned when connectWithinSeconds ran out');
        const call = dials.find((d) => d.number === a.number && d.at === a.dialedAt);
        assert.ok(call);
        assert.deepEqual(call.messages, [{ at: a.endedAt, ms: OPTIONS.abandonMessageMs }], 'the recorded message is played');
        assert.deepEqual(call.hangups, [], 'not hung up at once');
      }
      for (const a of attempts.filter((x) => x.connectedAt !== null)) {
        assert.ok(a.connectedAt! - a.answeredAt! <= connectWithin, `attempt ${a.id} connected ${(a.connectedAt! - a.answeredAt!) / SECOND} s after the answer`);
      }
      assert.ok(attempts.filter((x) => x.connectedAt !== null).length >= 2);
    } finally {
      await h.close();
    }
  });

  test('with no agent logged in nothing is dialed', async () => {
    const h = await startHarness({ contactsPerList: 0, network: { seed: 3, outcomes: only({ live: 1 }) } });
    try {
      await addContacts(h, 'predictive', Array.from({ length: 10 }, (_, i) => newContact(`Q${i}`, [phoneIn('America/New_York')])));
      const { job } = await h.dialer.startJob('DemoPredictive');
      await h.clock.advance(30 * MINUTE);
      assert.equal(h.network.counters.dials, 0);
      assert.deepEqual(await attemptsOf(h, job.id), []);
      // The list was dialable all along: an agent makes it dial.
      new ScriptedAgent(h, '1011', { talkSeconds: 5, wrapSeconds: 1 }).logOn();
      await h.clock.advance(MINUTE);
      assert.ok(h.network.counters.dials > 0);
    } finally {
      await h.close();
    }
  });
});

// ── 7. answering machines ────────────────────────────────────────────────────

describe('answering machines', () => {
  const exactAmd = { falsePositive: 0, falseNegative: 0 };

  test('drop: machine answers end Answer_Machine with amdHangup, and no agent gets them', async () => {
    const h = await startHarness({ contactsPerList: 0, network: { seed: 3, outcomes: only({ machine: 1 }), amd: exactAmd } });
    try {
      const campaign = await changeCampaign(h, 'DemoPredictive', () => ({ amd: true, answeringMachineAction: 'drop' }));
      const contacts = await addContacts(h, 'predictive', Array.from({ length: 8 }, (_, i) => newContact(`M${i}`, [phoneIn('America/New_York')])));
      const { job } = await h.dialer.startJob('DemoPredictive');
      const agent = new ScriptedAgent(h, '1011', { wrapSeconds: 1 });
      agent.logOn();
      await h.clock.advance(15 * MINUTE);

      const attempts = await attemptsOf(h, job.id);
      assert.equal(attempts.length, contacts.length);
      for (const a of attempts) {
        assert.equal(a.result, 'Answer_Machine');
        assert.equal(a.amdHangup, true);
        assert.ok(a.answeredAt !== null);
        assert.equal(a.connectedAt, null);
        assert.equal(a.agentId, null);
        const c = await contact(h, a.contactId);
        assert.equal(c.state, 'ready');
        assert.equal(c.nextAttemptAt, a.endedAt! + campaign.retryRules.Answer_Machine! * MINUTE);
      }
      assert.deepEqual(agent.offers(), []);
      assert.equal(h.network.counters.connects, 0);
    } finally {
      await h.close();
    }
  });

  test('connect: a machine answer goes to an agent', async () => {
    const h = await startHarness({ contactsPerList: 0, network: { seed: 3, outcomes: only({ machine: 1 }), amd: exactAmd } });
    try {
      await changeCampaign(h, 'DemoPredictive', () => ({ amd: true, answeringMachineAction: 'connect' }));
      const [m] = await addContacts(h, 'predictive', [newContact('M', [phoneIn('America/New_York')])]);
      const { job } = await h.dialer.startJob('DemoPredictive');
      const agent = new ScriptedAgent(h, '1011', { wrapSeconds: 1 });
      agent.logOn();
      await h.clock.advance(2 * MINUTE);

      const [a] = await attemptsOf(h, job.id);
      assert.ok(a);
      assert.equal(a.amdHangup, false);
      assert.ok(a.connectedAt !== null, 'connected to an agent');
      assert.equal(a.agentId, '1011');
      const offers = agent.offers();
      assert.equal(offers.length, 1);
      assert.equal(offers[0]!.contact.contactId, m!.id);
      assert.equal(h.network.counters.connects, 1);
    } finally {
      await h.close();
    }
  });
});

// ── 8. callbacks ─────────────────────────────────────────────────────────────

describe('callbacks', () => {
  const network = { seed: 3, outcomes: only({ live: 1 }), ringTime: 5, talk: 600, amd: null };

  test('an Agent callback booked during a call is offered to that agent when due, with its notes', async () => {
    const h = await startHarness({ contactsPerList: 0, network });
    try {
      const [c] = await addContacts(h, 'predictive', [newContact('CB', [phoneIn('America/New_York')])]);
      const { job } = await h.dialer.startJob('DemoPredictive');
      const agent = new ScriptedAgent(h, '1011', { wrapSeconds: 2, wrapCode: '71' });
      const notes = 'Wants the Gold Card rates; call after lunch';
      let dueAt = 0;
      agent.onCall = (pom, sessionID) => {
        if (pom.contactType !== 'Predictive') return;
        dueAt = h.clock.now() + 30 * MINUTE;
        const number = numberOf(pom, c!.phones[0]!.number);
        assert.equal(agent.agent.AGTCreateCallback('Agent', null, new Date(dueAt).toISOString(), '', '', number, notes, sessionID), 0);
        agent.after(3, () => assert.equal(agent.agent.AGTReleaseLine(sessionID), 0));
      };
      agent.logOn();
      await h.clock.advance(MINUTE);

      assert.deepEqual(agent.named('AGTCreateCallbackRESP').map((n) => n.args[1]), [0]);
      assert.deepEqual(agent.named('AGTWrapupContactRESP').map((n) => n.args[1]), [0]);
      const [callback] = await h.store.callbacks.list();
      assert.ok(callback);
      assert.equal(callback.type, 'Agent');
      assert.equal(callback.agentId, '1011');
      assert.equal(callback.dueAt, dueAt);
      assert.equal(callback.state, 'pending');
      const [attempt] = await attemptsOf(h, job.id);
      assert.equal(attempt?.completionCode, '71');
      const held = await contact(h, c!.id);
      assert.equal(held.state, 'ready');
      assert.equal(held.nextAttemptAt, callback.expiresAt, 'the callback owns the contact until it expires');

      await h.clock.runUntil(dueAt - SECOND);
      assert.equal(agent.offers().length, 1, 'nothing offered before the callback is due');
      await h.clock.runUntil(dueAt + OPTIONS.callbackCheckMs + OPTIONS.tickMs);
      const offers = agent.offers();
      assert.equal(offers.length, 2);
      const offer = offers[1]!;
      assert.equal(offer.contact.contactType, 'Callback');
      assert.equal(offer.contact.callbackNotes, notes);
      assert.equal(offer.contact.contactId, c!.id);
      assert.ok(offer.at >= dueAt);
      assert.deepEqual(agent.named('AGTPreviewCallbackPending').map((n) => n.args), [[dueAt, offer.sessionID]]);
      assert.equal((await h.store.callbacks.findById(callback.id))?.state, 'delivered');
    } finally {
      await h.close();
    }
  });

  /** An agent who books an Agent callback 30 minutes out on the first call; returns when it is stored. */
  async function bookedCallback(h: Awaited<ReturnType<typeof startHarness>>) {
    const [c] = await addContacts(h, 'predictive', [newContact('CB3', [phoneIn('America/New_York')])]);
    const { job } = await h.dialer.startJob('DemoPredictive');
    const agent = new ScriptedAgent(h, '1011', { wrapSeconds: 2, wrapCode: '71' });
    agent.onCall = (pom, sessionID) => {
      if (pom.contactType !== 'Predictive') return;
      const at = new Date(h.clock.now() + 30 * MINUTE).toISOString();
      assert.equal(agent.agent.AGTCreateCallback('Agent', null, at, '', '', numberOf(pom, c!.phones[0]!.number), '', sessionID), 0);
      agent.after(3, () => assert.equal(agent.agent.AGTReleaseLine(sessionID), 0));
    };
    agent.logOn();
    await h.clock.advance(MINUTE);
    const [callback] = await h.store.callbacks.list();
    assert.ok(callback);
    return { agent, callback, campaignId: job.campaignId };
  }

  test('a callback a supervisor cancels is never offered', async () => {
    const h = await startHarness({ contactsPerList: 0, network });
    try {
      const { agent, callback } = await bookedCallback(h);
      assert.equal(await h.store.callbacks.transition(callback.id, 'pending', 'cancelled'), true);
      await h.clock.runUntil(callback.dueAt + 5 * MINUTE);
      assert.deepEqual(agent.offers().map((o) => o.contact.contactType), ['Predictive']);
      assert.equal((await h.store.callbacks.findById(callback.id))?.state, 'cancelled');
    } finally {
      await h.close();
    }
  });

  test('a callback moved earlier is offered at its new time, not before', async () => {
    const h = await startHarness({ contactsPerList: 0, network });
    try {
      const { agent, callback, campaignId } = await bookedCallback(h);
      const dueAt = h.clock.now() + 10 * MINUTE;
      assert.equal(await h.store.callbacks.reschedule(callback.id, dueAt, dueAt + HOUR), true);
      h.dialer.callbacksChanged(campaignId);
      await h.clock.runUntil(dueAt - SECOND);
      assert.equal(agent.offers().length, 1, 'nothing offered before the new time');
      await h.clock.runUntil(dueAt + OPTIONS.callbackCheckMs + OPTIONS.tickMs);
      const offer = agent.offers()[1];
      assert.equal(offer?.contact.contactType, 'Callback');
      assert.ok(offer.at >= dueAt && offer.at < callback.dueAt, `offered at ${offer.at}`);
      assert.equal((await h.store.callbacks.findById(callback.id))?.state, 'delivered');
    } finally {
      await h.close();
    }
  });

  test('a callback is offered with the number it was booked on as the default number', async () => {
    const h = await startHarness({ contactsPerList: 0, network });
    try {
      const [c] = await addContacts(h, 'predictive', [newContact('CB2', [phoneIn('America/New_York'), phoneIn('America/New_York')])]);
      const booked = c!.phones[1]!.number;
      await h.dialer.startJob('DemoPredictive');
      const agent = new ScriptedAgent(h, '1011', { wrapSeconds: 2, wrapCode: '71' });
      agent.onCall = (pom, sessionID) => {
        if (pom.contactType !== 'Predictive') return;
        const at = new Date(h.clock.now() + 30 * MINUTE).toISOString();
        assert.equal(agent.agent.AGTCreateCallback('Agent', null, at, '', '', numberOf(pom, booked), 'on the mobile', sessionID), 0);
        agent.after(3, () => assert.equal(agent.agent.AGTReleaseLine(sessionID), 0));
      };
      agent.logOn();
      await h.clock.advance(32 * MINUTE);
      assert.equal((await h.store.callbacks.list())[0]?.number, booked);
      const offer = agent.offers().find((o) => o.contact.contactType === 'Callback');
      assert.ok(offer, 'the callback is offered');
      assert.equal(offer.contact.defaultNumber, booked);
      assert.deepEqual(offer.contact.contactNumbers.filter((n) => n.isDefault).map((n) => n.number), [booked]);
    } finally {
      await h.close();
    }
  });

  test('a StrictAgent callback is never offered to another agent and expires', async () => {
    const h = await startHarness({ contactsPerList: 0, network });
    try {
      const now = h.clock.now();
      // Held by their callbacks: ready, but not to be dialed during the test.
      const [strict, open] = await addContacts(h, 'predictive', [
        newContact('S', [phoneIn('America/New_York')], 'ready', now + 2 * HOUR),
        newContact('O', [phoneIn('America/New_York')], 'ready', now + 2 * HOUR),
      ]);
      const campaign = (await h.store.campaigns.findByName('DemoPredictive'))!;
      const book = (c: ContactRecord, type: 'StrictAgent' | 'Agent', dueAt: number, expiresAt: number): Promise<CallbackRecord> => h.store.callbacks.create({
        campaignId: campaign.id, contactId: c.id, type, agentId: '1011', dueAt, expiresAt,
        number: c.phones[0]!.number, timezone: 'America/New_York', notes: type, createdAt: now - HOUR,
      });
      const strictCallback = await book(strict!, 'StrictAgent', now + MINUTE, now + 10 * MINUTE);
      await book(open!, 'Agent', now + 12 * MINUTE, now + HOUR);

      await h.dialer.startJob('DemoPredictive');
      // The owner, 1011, is not logged on; 1012 sits idle on the campaign the whole time.
      const other = new ScriptedAgent(h, '1012');
      other.logOn();
      await h.clock.runUntil(now + 10 * MINUTE + OPTIONS.callbackCheckMs + OPTIONS.tickMs);
      assert.deepEqual(other.offers(), [], 'the StrictAgent callback is not offered to 1012');
      assert.equal(other.agent.getStatus().callState, 'Idle');
      assert.equal((await h.store.callbacks.findById(strictCallback.id))?.state, 'expired');

      // The same agent does get an Agent callback whose owner is away: it was free to take one.
      await h.clock.runUntil(now + 13 * MINUTE);
      assert.deepEqual(other.offers().map((o) => [o.contact.contactType, o.contact.contactId]), [['Callback', open!.id]]);
    } finally {
      await h.close();
    }
  });
});

// ── 9. jobs ──────────────────────────────────────────────────────────────────

describe('jobs', () => {
  test('pause stops new dials while calls in hand finish; resume dials again', async () => {
    const h = await startHarness({ contactsPerList: 600, botAgents: 5, network: { seed: 5, talk: 60 } });
    try {
      const { job } = await h.dialer.startJob('DemoPredictive');
      startBots(h, h.demo.botAgentIds);
      await h.clock.advance(10 * MINUTE);
      const pausedAt = h.clock.now();
      assert.equal(await h.dialer.setJobState(job.id, 'pause'), true);
      assert.equal((await h.store.jobs.findById(job.id))?.state, 'paused');
      const atPause = (await attemptsOf(h, job.id)).length;
      assert.ok(atPause > 20, `${atPause} attempts before the pause`);

      await h.clock.advance(10 * MINUTE);
      const during = await attemptsOf(h, job.id);
      assert.equal(during.length, atPause, 'no dial while paused');
      assert.ok(during.every((a) => a.dialedAt <= pausedAt));
      assert.deepEqual(during.filter((a) => a.endedAt === null).map((a) => a.id), [], 'the calls in hand have finished');
      assert.equal(h.dialer.sessions().filter((s) => s.call).length, 0);

      const resumedAt = h.clock.now();
      assert.equal(await h.dialer.setJobState(job.id, 'resume'), true);
      assert.equal((await h.store.jobs.findById(job.id))?.state, 'running');
      await h.clock.advance(5 * MINUTE);
      const after = await attemptsOf(h, job.id);
      assert.ok(after.length > atPause + 10, `dials again after the resume (${after.length - atPause})`);
      assert.ok(after.slice(atPause).every((a) => a.dialedAt >= resumedAt));
    } finally {
      await h.close();
    }
  });

  test('a customer already waiting when the job pauses still reaches the agent who frees up', async () => {
    const h = await startHarness({
      contactsPerList: 0, dialer: { pacing: { ratio: 2 }, guardPacing: false },
      network: { seed: 3, outcomes: only({ live: 1 }), ringTime: 5, talk: 600, patience: 60, amd: null },
    });
    try {
      await changeCampaign(h, 'DemoPredictive', (c) => ({ pacing: { ...c.pacing, connectWithinSeconds: 30 } }));
      await addContacts(h, 'predictive', Array.from({ length: 5 }, (_, i) => newContact(`W${i}`, [phoneIn('America/New_York')])));
      const { job } = await h.dialer.startJob('DemoPredictive');
      const agent = new ScriptedAgent(h, '1011', { talkSeconds: 4, wrapSeconds: 2, wrapCode: '70' });
      agent.logOn();
      // Two lines for the one agent; both answer at once: one talks, one waits.
      await h.clock.advance(8 * SECOND);
      const runner = h.dialer.runningJobs()[0]!;
      assert.equal(runner.waiting.length, 1, 'a customer waits for the agent');
      await h.dialer.setJobState(job.id, 'pause');
      await h.clock.advance(MINUTE);

      const attempts = await attemptsOf(h, job.id);
      assert.equal(attempts.length, 2);
      const [disposed] = agent.named('AGTWrapupContactRESP');
      assert.ok(disposed, 'the agent finished the first call and is free');
      const second = attempts.find((a) => a.connectedAt === null || a.connectedAt >= disposed.at);
      assert.ok(second && second.answeredAt !== null && disposed.at - second.answeredAt < 30 * SECOND, 'the agent was free well within connectWithinSeconds');
      assert.deepEqual(attempts.filter((a) => a.abandoned).map((a) => a.number), [], 'no customer abandoned while the agent was free');
      assert.ok(attempts.every((a) => a.connectedAt !== null && a.agentId === '1011'));
    } finally {
      await h.close();
    }
  });

  test('stop un-nails idle agents at once and ends the job stopped once the calls are done', async () => {
    const h = await startHarness({ contactsPerList: 0, network: { seed: 3, outcomes: only({ live: 1 }), ringTime: 5, talk: 120, amd: null } });
    try {
      const [c] = await addContacts(h, 'predictive', [newContact('S1', [phoneIn('America/New_York')])]);
      const { job } = await h.dialer.startJob('DemoPredictive');
      const agents = ['1011', '1012'].map((id) => new ScriptedAgent(h, id, { wrapSeconds: 2, wrapCode: '70' }));
      for (const a of agents) a.logOn();
      await h.clock.advance(30 * SECOND);
      const busy = agents.find((a) => a.agent.getStatus().callState === 'Talking');
      const idle = agents.find((a) => a.agent.getStatus().callState === 'Idle');
      assert.ok(busy && idle, 'one agent talks to the contact, the other is idle');

      assert.equal(await h.dialer.setJobState(job.id, 'stop'), true);
      await h.clock.advance(SECOND);
      assert.deepEqual(idle.nailupChanges(), ['PendingNailUp', 'NailedUp', 'PendingNailupDrop', 'NotNailedUp']);
      assert.deepEqual(busy.nailupChanges(), ['PendingNailUp', 'NailedUp'], 'the agent on a call keeps it');
      assert.equal(busy.agent.getStatus().callState, 'Talking');
      assert.equal((await h.store.jobs.findById(job.id))?.state, 'running', 'not stopped while a call is in hand');

      await h.clock.advance(3 * MINUTE);
      const [disposed] = busy.named('AGTWrapupContactRESP');
      assert.ok(disposed, 'the call ran to its end and was disposed');
      assert.deepEqual(busy.nailupChanges(), ['PendingNailUp', 'NailedUp', 'PendingNailupDrop', 'NotNailedUp']);
      const stored = await h.store.jobs.findById(job.id);
      assert.equal(stored?.state, 'stopped');
      assert.ok(stored.endedAt !== null && stored.endedAt >= disposed.at && stored.endedAt <= disposed.at + OPTIONS.tickMs);
      assert.deepEqual(h.dialer.runningJobs(), []);
      assert.equal((await contact(h, c!.id)).lastCompletionCode, '70');
    } finally {
      await h.close();
    }
  });

  test('stopping while a call rings abandons no customer', async () => {
    const h = await startHarness({ contactsPerList: 0, network: { seed: 3, outcomes: only({ live: 1 }), ringTime: 5, talk: 60, amd: null } });
    try {
      await addContacts(h, 'predictive', [newContact('R1', [phoneIn('America/New_York')])]);
      const { job } = await h.dialer.startJob('DemoPredictive');
      const agent = new ScriptedAgent(h, '1011', { wrapSeconds: 2, wrapCode: '70' });
      agent.logOn();
      await h.clock.advance(2 * SECOND);
      assert.equal(h.network.counters.dials, 1, 'the call for the agent rings');
      await h.dialer.setJobState(job.id, 'stop');
      await h.clock.advance(3 * MINUTE);
      const [a] = await attemptsOf(h, job.id);
      assert.ok(a);
      assert.equal(a.abandoned, false, `the answered customer was ${a.result}`);
      assert.equal(a.agentId, '1011');
      assert.equal((await h.store.jobs.findById(job.id))?.state, 'stopped');
    } finally {
      await h.close();
    }
  });

  test('a job whose list is exhausted becomes completed', async () => {
    const h = await startHarness({ contactsPerList: 0, network: { seed: 3, outcomes: only({ invalid: 1 }) } });
    try {
      const contacts = await addContacts(h, 'predictive', [1, 2, 3].map((i) => newContact(`E${i}`, [phoneIn('America/New_York')])));
      const { job } = await h.dialer.startJob('DemoPredictive');
      const agent = new ScriptedAgent(h, '1011');
      agent.logOn();
      await h.clock.advance(5 * MINUTE);
      assert.equal((await attemptsOf(h, job.id)).length, contacts.length);
      for (const c of contacts) assert.equal((await contact(h, c.id)).state, 'done');
      const stored = await h.store.jobs.findById(job.id);
      assert.equal(stored?.state, 'completed');
      assert.ok(stored.endedAt !== null);
      assert.deepEqual(h.dialer.runningJobs(), []);
      assert.equal(agent.nailupChanges().at(-1), 'NotNailedUp');
    } finally {
      await h.close();
    }
  });
});

// ── 10. restart ──────────────────────────────────────────────────────────────

describe('restart', () => {
  test('after a crash the job resumes; the calls it lost count as attempts and are not dialed again before their retry interval', async () => {
    const h = await startHarness({ contactsPerList: 300, botAgents: 4, network: { seed: 5 } });
    try {
      const { job } = await h.dialer.startJob('DemoPredictive');
      startBots(h, h.demo.botAgentIds);
      await h.clock.advance(5 * MINUTE);
      const listId = h.demo.contactListIds.predictive;
      const campaign = (await h.store.campaigns.findByName('DemoPredictive'))!;
      // What the dialer had in hand when it went down: calls under way, and calls in wrap-up.
      const calls: number[] = [];
      const wrapups: number[] = [];
      for (const c of await h.store.contacts.inProgress(listId)) {
        const a = (await h.store.attempts.latestOfContact(c.id))!;
        if (a.endedAt === null) calls.push(c.id);
        else if (a.completionCode === null) wrapups.push(c.id);
      }
      assert.ok(calls.length > 0, 'calls were under way when the dialer went down');
      const attemptsBefore = new Map(await Promise.all(calls.map(async (id) => [id, (await contact(h, id)).attempts] as const)));
      // A crash: nothing is closed, the store is as the dialer left it.
      await h.dialer.shutdown();

      const restartAt = h.clock.now();
      const clock = new VirtualClock(restartAt);
      const network = new SimulatedNetwork(clock, parseSimulatedNetworkConfig({ seed: 6 }));
      const dialer = new Dialer({ store: h.store, clock, network, options: { ...DEFAULT_DIALER_OPTIONS }, log: THROWING_LOG });
      clock.addSettler(() => dialer.whenIdle());
      const api = new EmbeddedAgentApi(dialer);
      await api.init([], false);
      const report = await dialer.recover();
      await dialer.whenIdle();

      assert.deepEqual(report.jobs.map((j) => [j.jobId, j.callsClosed, j.wrapupsClosed]), [[job.id, calls.length, wrapups.length]]);
      assert.equal(report.agentsLoggedOut, 4, 'the simulated agents were on the floor');
      assert.deepEqual(dialer.runningJobs().map((r) => r.job.id), [job.id]);
      assert.equal((await h.store.contacts.counts(listId)).inProgress, 0);
      for (const id of calls) {
        const c = await contact(h, id);
        const a = (await h.store.attempts.latestOfContact(id))!;
        assert.deepEqual([a.result, a.endedAt], ['Unknown', restartAt], 'the lost call is closed');
        assert.equal(c.attempts, attemptsBefore.get(id)! + 1, 'and counts as an attempt');
        assert.equal(c.lastResult, 'Unknown');
        assert.ok(c.state === 'done' || c.nextAttemptAt === restartAt + DEFAULT_DIALER_OPTIONS.unknownOutcomeRetryMinutes * MINUTE, `contact ${id} waits the retry interval`);
      }
      for (const id of wrapups) {
        assert.equal((await h.store.attempts.latestOfContact(id))!.completionCode, campaign.defaultCompletionCode, 'a wrap-up left is disposed with the default code');
        assert.notEqual((await contact(h, id)).state, 'in_progress');
      }
      for (const agentId of h.demo.botAgentIds) assert.equal((await h.store.agentHistory.lastBefore(agentId, restartAt + 1))?.agentState, 'LoggedOut');

      const second: Harness = { ...h, clock, network, dialer, api };
      startBots(second, h.demo.botAgentIds, 12);
      await clock.advance(10 * MINUTE);
      const resumed = (await h.store.attempts.listByJob(job.id)).filter((a) => a.dialedAt >= restartAt);
      assert.ok(resumed.length > 10, `${resumed.length} attempts after the restart`);
      const redialed = new Set(resumed.map((a) => a.contactId));
      assert.deepEqual(calls.filter((id) => redialed.has(id)), [], 'no contact of a lost call is dialed again within its retry interval');
      await dialer.shutdown();
    } finally {
      await h.close();
    }
  });
});

// ── 11. reproducibility ──────────────────────────────────────────────────────

describe('reproducibility', () => {
  test('the same seeds give the same day: same numbers, results and times', async () => {
    const run = async (): Promise<string[]> => {
      const h = await startHarness({ contactsPerList: 400, botAgents: 5, seed: 9 });
      try {
        const { job } = await h.dialer.startJob('DemoPredictive');
        startBots(h, h.demo.botAgentIds, 21);
        await h.clock.advance(HOUR);
        return (await attemptsOf(h, job.id)).map((a) => `${a.number} ${a.result ?? 'open'} ${a.dialedAt}`);
      } finally {
        await h.close();
      }
    };
    const first = await run();
    const second = await run();
    assert.ok(first.length > 200, `${first.length} attempts`);
    assert.deepEqual(second, first);
  });
});
