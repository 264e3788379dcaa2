/**
 * The dialer's agent API (link A6) against protocol.md §3 (agent states and nail-up) and §4 (result
 * codes), and pom-agent-api.md §1.2–1.7. The dialer is driven only through the PomAgent commands of
 * `h.api.getPOMAgent(...)` and virtual time; every RESP and notification is recorded in order.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from '../support/dialer-harness.ts';
import type { InboundCallInfo, PomAgent, PomAgentHandler } from '../../src/pom/agent-api.ts';
import {
  CAPABILITY_NAMES, type CapabilityName, type POMAgentState, type POMAgentStatus, type POMCallbackDest,
  type POMCallbackType, type POMCallState, type POMCapabilities, type POMCompletionCode, type POMContact,
  type POMContactNumber, type POMCustomerDetails, type POMDestination, type POMDestinationType,
  type POMDialFailReason, type POMNailupStatus, type POMWrapupDetails,
} from '../../src/pom/types.ts';

// ── a handler that records everything ─────────────────────────────────────────

type Handler = Required<PomAgentHandler>;
type EventName = keyof Handler;

interface Recorded<K extends EventName = EventName> {
  name: K;
  args: Parameters<Handler[K]>;
  /** The agent's three states when the callback ran. */
  status: POMAgentStatus | null;
}

/** Records every response and notification, with its arguments and the agent's status, in order. */
class Recorder implements Handler {
  readonly events: Recorded[] = [];
  /** Set once the agent object exists, so each record carries the status seen at that moment. */
  agent: PomAgent | null = null;

  private push<K extends EventName>(name: K, ...args: Parameters<Handler[K]>): void {
    this.events.push({ name, args, status: this.agent?.getStatus() ?? null } as Recorded);
  }

  /** Index of the next event: pass it to `all`/`names` to look only at what came after. */
  mark(): number {
    return this.events.length;
  }

  all<K extends EventName>(name: K, from = 0): Recorded<K>[] {
    return this.events.slice(from).filter((e): e is Recorded<K> => e.name === name);
  }

  last<K extends EventName>(name: K, from = 0): Recorded<K> | undefined {
    return this.all(name, from).at(-1);
  }

  names(from = 0): EventName[] {
    return this.events.slice(from).map((e) => e.name);
  }

  /** Position (in `events`) of the first event of `name` at or after `from` matching `where`; -1 if none. */
  indexOf<K extends EventName>(name: K, from = 0, where: (e: Recorded<K>) => boolean = () => true): number {
    for (let i = from; i < this.events.length; i++) {
      const e = this.events[i]!;
      if (e.name === name && where(e as Recorded<K>)) return i;
    }
    return -1;
  }

  callStates(from = 0): POMCallState[] {
    return this.all('AGTCallStateChangedNotify', from).map((e) => e.args[0]);
  }

  agentStates(from = 0): POMAgentState[] {
    return this.all('AGTStateChangedNotify', from).map((e) => e.args[0]);
  }

  nailups(from = 0): POMNailupStatus[] {
    return this.all('AGTNailupChange', from).map((e) => e.args[0]);
  }

  // Responses
  AGTLogonRESP(result: number): void { this.push('AGTLogonRESP', result); }
  AGTLogoffRESP(result: number): void { this.push('AGTLogoffRESP', result); }
  AGTStateChangeRESP(state: POMAgentState, result: number): void { this.push('AGTStateChangeRESP', state, result); }
  AGTAvailableForNailupRESP(result: number): void { this.push('AGTAvailableForNailupRESP', result); }
  AGTReadyForNailupRESP(result: number): void { this.push('AGTReadyForNailupRESP', result); }
  AGTHoldCallRESP(sessionID: string, result: number): void { this.push('AGTHoldCallRESP', sessionID, result); }
  AGTUnholdCallRESP(sessionID: string, result: number): void { this.push('AGTUnholdCallRESP', sessionID, result); }
  AGTReleaseLineRESP(wrapup: POMWrapupDetails | null, sessionID: string, result: number): void { this.push('AGTReleaseLineRESP', wrapup, sessionID, result); }
  AGTGetCompCodesRESP(codes: POMCompletionCode[], sessionID: string, result: number): void { this.push('AGTGetCompCodesRESP', codes, sessionID, result); }
  AGTWrapupContactRESP(sessionID: string, result: number): void { this.push('AGTWrapupContactRESP', sessionID, result); }
  AGTExtendWrapupRESP(wrapup: POMWrapupDetails | null, sessionID: string, result: number): void { this.push('AGTExtendWrapupRESP', wrapup, sessionID, result); }
  AGTPreviewDialRESP(sessionID: string, result: number): void { this.push('AGTPreviewDialRESP', sessionID, result); }
  AGTPreviewCancelRESP(wrapup: POMWrapupDetails | null, sessionID: string, result: number): void { this.push('AGTPreviewCancelRESP', wrapup, sessionID, result); }
  AGTRedialRESP(sessionID: string, result: number): void { this.push('AGTRedialRESP', sessionID, result); }
  AGTAddAgentNoteRESP(sessionID: string, result: number): void { this.push('AGTAddAgentNoteRESP', sessionID, result); }
  AGTGetCustomerDetailsRESP(details: POMCustomerDetails | null, sessionID: string, result: number): void { this.push('AGTGetCustomerDetailsRESP', details, sessionID, result); }
  AGTGetConsultDestsForTypeRESP(type: POMDestinationType, dests: POMDestination[], sessionID: string, result: number): void { this.push('AGTGetConsultDestsForTypeRESP', type, dests, sessionID, result); }
  AGTGetCallbackTypesRESP(types: POMCallbackType[], defaultExpiryTime: number, sessionID: string, result: number): void { this.push('AGTGetCallbackTypesRESP', types, defaultExpiryTime, sessionID, result); }
  AGTCreateCallbackRESP(sessionID: string, result: number): void { this.push('AGTCreateCallbackRESP', sessionID, result); }
  AGTBlendToInboundRESP(result: number): void { this.push('AGTBlendToInboundRESP', result); }
  AGTBlendToOutboundRESP(result: number): void { this.push('AGTBlendToOutboundRESP', result); }
  // Notifications
  AGTCallNotify(contact: POMContact, sessionID: string): void { this.push('AGTCallNotify', contact, sessionID); }
  AGTCallStateChangedNotify(state: POMCallState): void { this.push('AGTCallStateChangedNotify', state); }
  AGTAutoReleaseLine(wrapup: POMWrapupDetails, sessionID: string): void { this.push('AGTAutoReleaseLine', wrapup, sessionID); }
  AGTDialFailed(wrapup: POMWrapupDetails, reason: POMDialFailReason, sessionID: string): void { this.push('AGTDialFailed', wrapup, reason, sessionID); }
  AGTStateChangedNotify(state: POMAgentState): void { this.push('AGTStateChangedNotify', state); }
  AGTNailupChange(status: POMNailupStatus): void { this.push('AGTNailupChange', status); }
  AGTJobAttached(campaignName: string): void { this.push('AGTJobAttached', campaignName); }
  AGTCapabilitiesChanged(capabilities: POMCapabilities): void { this.push('AGTCapabilitiesChanged', capabilities); }
  AGTAgentLoggedOut(): void { this.push('AGTAgentLoggedOut'); }
  AGTBlendedToInbound(queue: string): void { this.push('AGTBlendedToInbound', queue); }
  AGTBlendedToOutbound(queue: string): void { this.push('AGTBlendedToOutbound', queue); }
  AGTInboundCallNotify(call: InboundCallInfo, sessionID: string): void { this.push('AGTInboundCallNotify', call, sessionID); }
  AGTGetConsultTypesRESP(types: POMDestinationType[], allowFreeForm: boolean, sessionID: string, result: number): void { this.push('AGTGetConsultTypesRESP', types, allowFreeForm, sessionID, result); }
  AGTConsultCallRESP(sessionID: string, result: number): void { this.push('AGTConsultCallRESP', sessionID, result); }
  AGTCompleteTransferRESP(canDispose: boolean, wrapup: POMWrapupDetails | null, sessionID: string, result: number): void { this.push('AGTCompleteTransferRESP', canDispose, wrapup, sessionID, result); }
  AGTCancelConsultRESP(sessionID: string, result: number): void { this.push('AGTCancelConsultRESP', sessionID, result); }
  AGTStartConfRESP(sessionID: string, result: number): void { this.push('AGTStartConfRESP', sessionID, result); }
  AGTEndConfRESP(sessionID: string, result: number): void { this.push('AGTEndConfRESP', sessionID, result); }
  AGTLeaveConfRESP(sessionID: string, result: number, wrapup: POMWrapupDetails | null): void { this.push('AGTLeaveConfRESP', sessionID, result, wrapup); }
  AGTConsultNotify(contact: POMContact, requestingAgentId: string, sessionID: string): void { this.push('AGTConsultNotify', contact, requestingAgentId, sessionID); }
  AGTConsultPending(requestingAgent: string, requestingAgentID: string, requestingCampaign: string, sessionID: string): void { this.push('AGTConsultPending', requestingAgent, requestingAgentID, requestingCampaign, sessionID); }
  AGTPendingConsultComplete(sessionID: string): void { this.push('AGTPendingConsultComplete', sessionID); }
  AGTConsultCancelled(requestingAgentID: string, sessionID: string): void { this.push('AGTConsultCancelled', requestingAgentID, sessionID); }
  AGTEnableCancelConsult(sessionID: string): void { this.push('AGTEnableCancelConsult', sessionID); }
  AGTConsultDialFailed(reason: POMDialFailReason, sessionID: string): void { this.push('AGTConsultDialFailed', reason, sessionID); }
  AGTTransferNotify(contact: POMContact, sessionID: string): void { this.push('AGTTransferNotify', contact, sessionID); }
  AGTConferenceNotify(contact: POMContact, sessionID: string): void { this.push('AGTConferenceNotify', contact, sessionID); }
  AGTConferenceEnded(sessionID: string): void { this.push('AGTConferenceEnded', sessionID); }
  AGTConferenceOwnershipChanged(contact: POMContact, sessionID: string): void { this.push('AGTConferenceOwnershipChanged', contact, sessionID); }
  AGTPreviewCallbackPending(dueTime: number, sessionID: string): void { this.push('AGTPreviewCallbackPending', dueTime, sessionID); }
  POMAvailable(): void { this.push('POMAvailable'); }
  POMNotAvailable(): void { this.push('POMNotAvailable'); }
}

// ── fixtures ──────────────────────────────────────────────────────────────────

/** 18:00 in New York, 15:00 in Los Angeles, 13:00 in Honolulu, 09:00 (next day) in Guam: every demo number may be called. */
const EVENING = Date.UTC(2026, 0, 5, 23, 0, 0);
const NAILUP_DELAY_MS = 1500;
const PASSWORD = 'demo';
const ZONE = 'Default';
const LOCALE = 'en-US';
const TIME_ZONE = 'America/New_York';

/** Every dial is answered by a person after 3 s, who talks for 10 minutes. */
const LIVE_NETWORK = { seed: 7, outcomes: { live: 1 }, ringTime: 3, talk: 600 };
/** Every dial is busy after 2 s. */
const BUSY_NETWORK = { seed: 7, outcomes: { busy: 1 }, busyAfter: 2 };
/** Every predictive dial reaches a person after 3 s (no answering-machine detection), who talks for 20 s. */
const SHORT_TALK_NETWORK = { seed: 7, outcomes: { live: 1 }, ringTime: 3, talk: 20, amd: null };

/** DemoPreview's wrap-up: 60 s, extendable, default code 76 "No Answer". */
const PREVIEW_WRAPUP: POMWrapupDetails = { acwMaxTime: 60, acwExtendable: true, defaultCompCode: '76' };
/** DemoPredictive's wrap-up: 30 s, not extendable, default code 76. */
const PREDICTIVE_WRAPUP: POMWrapupDetails = { acwMaxTime: 30, acwExtendable: false, defaultCompCode: '76' };
const DEMO_COMPLETION_CODES: POMCompletionCode[] = [
  { codeID: '69', codeValue: 'Sale' },
  { codeID: '70', codeValue: 'Not Interested' },
  { codeID: '71', codeValue: 'Callback' },
  { codeID: '72', codeValue: 'NSP' },
  { codeID: '73', codeValue: 'CM_NTC' },
  { codeID: '74', codeValue: 'Wrong Number' },
  { codeID: '75', codeValue: 'Answering Machine' },
  { codeID: '76', codeValue: 'No Answer' },
];

function onlyCapabilities(...enabled: CapabilityName[]): POMCapabilities {
  return Object.fromEntries(CAPABILITY_NAMES.map((n) => [n, enabled.includes(n)])) as POMCapabilities;
}

type HarnessOptions = Parameters<typeof startHarness>[0];

async function withHarness(options: HarnessOptions, run: (h: Harness) => Promise<void>): Promise<void> {
  const h = await startHarness({ contactsPerList: 60, start: EVENING, ...options, dialer: { nailupDelayMs: NAILUP_DELAY_MS, ...options?.dialer } });
  try {
    await run(h);
  } finally {
    await h.close();
  }
}

interface Desk {
  agent: PomAgent;
  rec: Recorder;
}

/** A new agent object with a recording handler, as the CTI server gets before every logon. */
function desk(h: Harness, agentId: string): Desk {
  const rec = new Recorder();
  const agent = h.api.getPOMAgent(agentId, rec);
  rec.agent = agent;
  return { agent, rec };
}

/** The command must be accepted at once (0); then the dialer's queue runs it. */
async function accepted(h: Harness, result: number, what = 'command'): Promise<void> {
  assert.equal(result, 0, `${what} is accepted at once`);
  await h.clock.advance(0);
}

async function logon(h: Harness, agentId: string, extension = `4${agentId}`): Promise<Desk> {
  const d = desk(h, agentId);
  await accepted(h, d.agent.AGTLogon(extension, PASSWORD, false, LOCALE, TIME_ZONE, ZONE), 'AGTLogon');
  assert.deepEqual(d.rec.all('AGTLogonRESP').map((e) => e.args), [[0]], `agent ${agentId} logs on`);
  return d;
}

/** First Ready after logon and the nail-up sequence; a job of the agent's skill must be running. */
async function nailUp(h: Harness, { agent, rec }: Desk): Promise<void> {
  await accepted(h, agent.AGTStateChange('Ready', 0, '', false), 'AGTStateChange(Ready)');
  await accepted(h, agent.AGTAvailableForNailup(), 'AGTAvailableForNailup');
  assert.deepEqual(rec.nailups(), ['PendingNailUp']);
  await accepted(h, agent.AGTReadyForNailup(), 'AGTReadyForNailup');
  await h.clock.advance(NAILUP_DELAY_MS);
  assert.equal(agent.getStatus().nailupStatus, 'NailedUp');
}

/** Advances virtual time until an event of `name` arrives after `from`. */
async function waitFor<K extends EventName>(
  h: Harness, rec: Recorder, name: K, from = 0, maxMs = 60_000, stepMs = 1000,
  where: (e: Recorded<K>) => boolean = () => true,
): Promise<Recorded<K>> {
  const started = h.clock.now();
  for (;;) {
    const i = rec.indexOf(name, from, where);
    if (i >= 0) return rec.events[i] as Recorded<K>;
    if (h.clock.now() - started >= maxMs) assert.fail(`no ${name} within ${maxMs / 1000} s (events: ${rec.names(from).join(', ')})`);
    await h.clock.advance(stepMs);
  }
}

interface Offer extends Desk {
  contact: POMContact;
  sessionID: string;
  jobId: number;
}

/** DemoPreview running, agent logged on and nailed up, a preview contact offered. */
async function previewOffered(h: Harness, agentId = '1001'): Promise<Offer> {
  const { job } = await h.dialer.startJob('DemoPreview');
  const d = await logon(h, agentId);
  await nailUp(h, d);
  const notify = await waitFor(h, d.rec, 'AGTCallNotify');
  const [contact, sessionID] = notify.args;
  return { ...d, contact, sessionID, jobId: job.id };
}

/** A number of the contact that is not on the demo DNC list. */
async function dialableNumber(h: Harness, contact: POMContact): Promise<POMContactNumber> {
  for (const n of contact.contactNumbers) if (!(await h.store.dnc.isListed([h.demo.dncListId], n.number))) return n;
  return assert.fail(`contact ${contact.contactId} has only DNC numbers`);
}

/** Dials the previewed contact on LIVE_NETWORK and waits until the customer talks. */
async function previewTalking(h: Harness): Promise<Offer> {
  const offer = await previewOffered(h);
  const { agent, rec, sessionID } = offer;
  await accepted(h, agent.AGTPreviewDial(await dialableNumber(h, offer.contact), sessionID), 'AGTPreviewDial');
  assert.deepEqual(rec.last('AGTPreviewDialRESP')?.args, [sessionID, 0]);
  await h.clock.advance(3500);
  assert.equal(agent.getStatus().callState, 'Talking');
  return offer;
}

async function attemptOf(h: Harness, jobId: number, contactId: number): Promise<NonNullable<Awaited<ReturnType<Harness['store']['attempts']['findById']>>>> {
  const attempts = (await h.store.attempts.listByJob(jobId)).filter((a) => a.contactId === contactId);
  assert.equal(attempts.length, 1, `one attempt for contact ${contactId}`);
  return attempts[0]!;
}

// ── AGTLogon ─────────────────────────────────────────────────────────────────

void describe('AGTLogon', () => {
  void it('succeeds: RESP 0, NotReady, call state NoState, NotNailedUp, only notReady and ready capable', () => withHarness({}, async (h) => {
    const { agent, rec } = desk(h, '1001');
    assert.equal(agent.AGTLogon('44001', PASSWORD, false, LOCALE, TIME_ZONE, ZONE), 0);
    assert.deepEqual(rec.events, [], 'the outcome comes later, as a callback');
    await h.clock.advance(0);
    assert.deepEqual(rec.all('AGTLogonRESP').map((e) => e.args), [[0]]);
    assert.deepEqual(agent.getStatus(), { agentState: 'NotReady', callState: 'NoState', nailupStatus: 'NotNailedUp' });
    assert.deepEqual(agent.getCapabilities(), onlyCapabilities('notReady', 'ready'));
    assert.deepEqual(rec.last('AGTCapabilitiesChanged')?.args, [onlyCapabilities('notReady', 'ready')]);
    assert.deepEqual(rec.nailups(), [], 'nothing is nailed at logon');
  }));

  void it('refuses an unknown agent with 2', () => withHarness({}, async (h) => {
    const { agent, rec } = desk(h, '9999');
    await accepted(h, agent.AGTLogon('49999', PASSWORD, false, LOCALE, TIME_ZONE, ZONE));
    assert.deepEqual(rec.names(), ['AGTLogonRESP']);
    assert.deepEqual(rec.last('AGTLogonRESP')?.args, [2]);
    assert.equal(agent.AGTStateChange('Ready', 0, '', false), 9002, 'not logged on');
  }));

  void it('refuses a wrong password with 17', () => withHarness({}, async (h) => {
    const { agent, rec } = desk(h, '1001');
    await accepted(h, agent.AGTLogon('44001', 'not-the-password', false, LOCALE, TIME_ZONE, ZONE));
    assert.deepEqual(rec.names(), ['AGTLogonRESP']);
    assert.deepEqual(rec.last('AGTLogonRESP')?.args, [17]);
    assert.equal(agent.AGTStateChange('Ready', 0, '', false), 9002, 'not logged on');
  }));

  void it('refuses an agent without skills with 9', () => withHarness({}, async (h) => {
    const record = await h.store.agents.findByAgentId('1001');
    assert.ok(record);
    await h.store.agents.upsert({ ...record, agentId: '1901', lanId: 'agent1901', skills: [] });
    const { agent, rec } = desk(h, '1901');
    await accepted(h, agent.AGTLogon('41901', PASSWORD, false, LOCALE, TIME_ZONE, ZONE));
    assert.deepEqual(rec.all('AGTLogonRESP').map((e) => e.args), [[9]]);
  }));

  void it('refuses a second logon with 7 and leaves the first session working', () => withHarness({}, async (h) => {
    const first = await logon(h, '1001');
    const second = desk(h, '1001');
    await accepted(h, second.agent.AGTLogon('44001', PASSWORD, false, LOCALE, TIME_ZONE, ZONE));
    assert.deepEqual(second.rec.all('AGTLogonRESP').map((e) => e.args), [[7]]);
    assert.equal(second.agent.AGTStateChange('Ready', 0, '', false), 9002, 'the refused object has no session');
    assert.deepEqual(first.rec.all('AGTAgentLoggedOut'), []);
    await accepted(h, first.agent.AGTStateChange('Ready', 0, '', false));
    assert.deepEqual(first.rec.last('AGTStateChangeRESP')?.args, ['Ready', 0]);
  }));

  void it('isForce=true takes the session over; the old agent object is logged out', () => withHarness({}, async (h) => {
    const first = await logon(h, '1001');
    await accepted(h, first.agent.AGTStateChange('Ready', 0, '', false));
    const second = desk(h, '1001');
    await accepted(h, second.agent.AGTLogon('44001', PASSWORD, true, LOCALE, TIME_ZONE, ZONE));
    assert.deepEqual(second.rec.all('AGTLogonRESP').map((e) => e.args), [[0]]);
    assert.deepEqual(second.agent.getStatus(), { agentState: 'NotReady', callState: 'NoState', nailupStatus: 'NotNailedUp' });
    assert.equal(first.rec.all('AGTAgentLoggedOut').length, 1, 'the old desktop is told it was logged out');
    assert.equal(first.agent.AGTStateChange('NotReady', 1, 'Break', false), 9002, 'the old object has lost its session');
    await accepted(h, second.agent.AGTStateChange('Ready', 0, '', false));
    assert.deepEqual(second.rec.last('AGTStateChangeRESP')?.args, ['Ready', 0]);
  }));

  void it('isForce=true takes over a session that has a preview contact in hand', () => withHarness({}, async (h) => {
    const first = await previewOffered(h);
    assert.equal(first.agent.getStatus().callState, 'Preview');
    const second = desk(h, '1001');
    await accepted(h, second.agent.AGTLogon('44001', PASSWORD, true, LOCALE, TIME_ZONE, ZONE));
    assert.deepEqual(second.rec.all('AGTLogonRESP').map((e) => e.args), [[0]], 'the forced logon succeeds');
    assert.deepEqual(second.agent.getStatus(), { agentState: 'NotReady', callState: 'NoState', nailupStatus: 'NotNailedUp' });
    assert.equal(first.rec.all('AGTAgentLoggedOut').length, 1);
  }));

  void it('refuses an unknown zone with 12', () => withHarness({}, async (h) => {
    const { agent, rec } = desk(h, '1001');
    await accepted(h, agent.AGTLogon('44001', PASSWORD, false, LOCALE, TIME_ZONE, 'Atlantis'));
    assert.deepEqual(rec.all('AGTLogonRESP').map((e) => e.args), [[12]]);
  }));

  void it('refuses an empty locale with 13', () => withHarness({}, async (h) => {
    const { agent, rec } = desk(h, '1001');
    await accepted(h, agent.AGTLogon('44001', PASSWORD, false, '', TIME_ZONE, ZONE));
    assert.deepEqual(rec.all('AGTLogonRESP').map((e) => e.args), [[13]]);
  }));

  void it('refuses an empty or invalid time zone with 15', () => withHarness({}, async (h) => {
    for (const timeZone of ['', 'Mars/Olympus_Mons']) {
      const { agent, rec } = desk(h, '1001');
      await accepted(h, agent.AGTLogon('44001', PASSWORD, false, LOCALE, timeZone, ZONE));
      assert.deepEqual(rec.all('AGTLogonRESP').map((e) => e.args), [[15]], `time zone ${JSON.stringify(timeZone)}`);
    }
  }));

  void it('a command before logon is refused at once with 9002 and has no callback', () => withHarness({}, async (h) => {
    const { agent, rec } = desk(h, '1001');
    assert.equal(agent.AGTStateChange('Ready', 0, '', false), 9002);
    assert.equal(agent.AGTAvailableForNailup(), 9002);
    assert.equal(agent.AGTLogoff(), 9002);
    await h.clock.advance(1000);
    assert.deepEqual(rec.events, []);
  }));
});

// ── AGTStateChange ───────────────────────────────────────────────────────────

/** Disposes the contact in hand: a preview is cancelled first, a live call released. */
async function disposeCall(h: Harness, offer: Offer, code = '70'): Promise<void> {
  const { agent, rec, sessionID } = offer;
  const state = agent.getStatus().callState;
  if (state === 'Preview') await accepted(h, agent.AGTPreviewCancel(sessionID), 'AGTPreviewCancel');
  if (state === 'Talking' || state === 'Held') await accepted(h, agent.AGTReleaseLine(sessionID), 'AGTReleaseLine');
  assert.equal(agent.getStatus().callState, 'Wrapup');
  await accepted(h, agent.AGTWrapupContact({ codeID: code, codeValue: '' }, sessionID), 'AGTWrapupContact');
  assert.deepEqual(rec.last('AGTWrapupContactRESP')?.args, [sessionID, 0]);
}

/** NotReady asked with work in hand: PendingNotReady until the contact is disposed, then NotReady and no new contact. */
async function pendingNotReadyUntilDisposed(h: Harness, offer: Offer): Promise<void> {
  const { agent, rec } = offer;
  const before = rec.mark();
  const callState = agent.getStatus().callState;
  await accepted(h, agent.AGTStateChange('NotReady', 7, 'Break', false), 'AGTStateChange(NotReady)');
  assert.equal(rec.last('AGTStateChangeRESP', before)?.args[1], 0, 'the request is accepted');
  assert.deepEqual(rec.agentStates(before), ['PendingNotReady']);
  assert.deepEqual(agent.getStatus(), { agentState: 'PendingNotReady', callState, nailupStatus: 'NailedUp' }, 'the call goes on');

  const disposing = rec.mark();
  await disposeCall(h, offer);
  assert.deepEqual(rec.agentStates(disposing), ['NotReady'], 'disposition moves the agent to NotReady');
  assert.deepEqual(agent.getStatus(), { agentState: 'NotReady', callState: 'Idle', nailupStatus: 'NailedUp' });
  await h.clock.advance(30_000);
  assert.deepEqual(rec.all('AGTCallNotify', disposing), [], 'no new contact is offered');
  assert.equal(agent.getStatus().callState, 'Idle');
  // The pending request's aux code is now the agent's.
  await accepted(h, agent.AGTStateChange('NotReady', 7, 'Break', false));
  assert.deepEqual(rec.last('AGTStateChangeRESP')?.args, ['NotReady', 63]);
}

void describe('AGTStateChange', () => {
  void it('NotReady → Ready: AGTStateChangedNotify(Ready), only notReady capable, RESP(Ready, 0)', () => withHarness({}, async (h) => {
    const { agent, rec } = await logon(h, '1001');
    const from = rec.mark();
    await accepted(h, agent.AGTStateChange('Ready', 0, '', false));
    assert.deepEqual(rec.names(from), ['AGTStateChangedNotify', 'AGTCapabilitiesChanged', 'AGTStateChangeRESP']);
    assert.deepEqual(rec.all('AGTStateChangedNotify', from).map((e) => e.args), [['Ready']]);
    assert.deepEqual(rec.last('AGTCapabilitiesChanged', from)?.args, [onlyCapabilities('notReady')]);
    assert.deepEqual(rec.last('AGTStateChangeRESP', from)?.args, ['Ready', 0]);
    assert.deepEqual(agent.getCapabilities(), onlyCapabilities('notReady'));
    assert.equal(agent.getStatus().agentState, 'Ready');
  }));

  void it('Ready → Ready is refused with 64 (a change POM does not allow; 63 is for the same aux code)', () => withHarness({}, async (h) => {
    const { agent, rec } = await logon(h, '1001');
    await accepted(h, agent.AGTStateChange('Ready', 0, '', false));
    const from = rec.mark();
    await accepted(h, agent.AGTStateChange('Ready', 0, '', false));
    assert.deepEqual(rec.names(from), ['AGTStateChangeRESP']);
    assert.deepEqual(rec.last('AGTStateChangeRESP', from)?.args, ['Ready', 64]);
    assert.equal(agent.getStatus().agentState, 'Ready');
  }));

  void it('NotReady with the same aux code gives 63; another aux code is accepted', () => withHarness({}, async (h) => {
    const { agent, rec } = await logon(h, '1001');
    let from = rec.mark();
    await accepted(h, agent.AGTStateChange('NotReady', 0, '', false));
    assert.deepEqual(rec.last('AGTStateChangeRESP', from)?.args, ['NotReady', 63], 'logon leaves the agent NotReady with code 0');
    from = rec.mark();
    await accepted(h, agent.AGTStateChange('NotReady', 5, 'Lunch', false));
    assert.deepEqual(rec.last('AGTStateChangeRESP', from)?.args, ['NotReady', 0]);
    assert.equal(agent.getStatus().agentState, 'NotReady');
    from = rec.mark();
    await accepted(h, agent.AGTStateChange('NotReady', 5, 'Lunch', false));
    assert.deepEqual(rec.last('AGTStateChangeRESP', from)?.args, ['NotReady', 63], 'the new code is the current one');
  }));

  void it('PendingNotReady from NotReady is refused with 64', () => withHarness({}, async (h) => {
    const { agent, rec } = await logon(h, '1001');
    const from = rec.mark();
    await accepted(h, agent.AGTStateChange('PendingNotReady', 3, 'Meeting', false));
    assert.deepEqual(rec.names(from), ['AGTStateChangeRESP']);
    assert.deepEqual(rec.last('AGTStateChangeRESP', from)?.args, ['PendingNotReady', 64]);
    assert.equal(agent.getStatus().agentState, 'NotReady');
  }));

  void it('NotReady from Ready while idle is reached at once', () => withHarness({ network: BUSY_NETWORK }, async (h) => {
    await h.dialer.startJob('DemoPredictive');
    const d = await logon(h, '1011');
    await nailUp(h, d);
    assert.deepEqual(d.agent.getStatus(), { agentState: 'Ready', callState: 'Idle', nailupStatus: 'NailedUp' });
    const from = d.rec.mark();
    await accepted(h, d.agent.AGTStateChange('NotReady', 4, 'Coffee', false));
    assert.deepEqual(d.rec.last('AGTStateChangeRESP', from)?.args, ['NotReady', 0]);
    assert.deepEqual(d.rec.agentStates(from), ['NotReady']);
    assert.deepEqual(d.agent.getStatus(), { agentState: 'NotReady', callState: 'Idle', nailupStatus: 'NailedUp' });
  }));

  void it('NotReady while a preview is offered becomes PendingNotReady, then NotReady once disposed', () => withHarness({}, async (h) => {
    const offer = await previewOffered(h);
    assert.equal(offer.agent.getStatus().callState, 'Preview');
    await pendingNotReadyUntilDisposed(h, offer);
  }));

  void it('NotReady while Talking becomes PendingNotReady, then NotReady once disposed', () => withHarness({ network: LIVE_NETWORK }, async (h) => {
    const offer = await previewTalking(h);
    await pendingNotReadyUntilDisposed(h, offer);
  }));

  void it('NotReady in Wrapup becomes PendingNotReady, then NotReady once disposed', () => withHarness({ network: LIVE_NETWORK }, async (h) => {
    const offer = await previewTalking(h);
    await accepted(h, offer.agent.AGTReleaseLine(offer.sessionID));
    assert.equal(offer.agent.getStatus().callState, 'Wrapup');
    await pendingNotReadyUntilDisposed(h, offer);
  }));

  void it('Ready from PendingNotReady cancels it: the agent stays Ready and gets the next contact', () => withHarness({}, async (h) => {
    const offer = await previewOffered(h);
    const { agent, rec } = offer;
    await accepted(h, agent.AGTStateChange('NotReady', 7, 'Break', false));
    assert.equal(agent.getStatus().agentState, 'PendingNotReady');
    const from = rec.mark();
    await accepted(h, agent.AGTStateChange('Ready', 0, '', false));
    assert.deepEqual(rec.last('AGTStateChangeRESP', from)?.args, ['Ready', 0]);
    assert.deepEqual(rec.agentStates(from), ['Ready']);
    assert.deepEqual(agent.getStatus(), { agentState: 'Ready', callState: 'Preview', nailupStatus: 'NailedUp' });
    const disposing = rec.mark();
    await disposeCall(h, offer);
    assert.deepEqual(rec.agentStates(disposing), [], 'no move to NotReady after disposition');
    const next = await waitFor(h, rec, 'AGTCallNotify', disposing, 10_000);
    assert.notEqual(next.args[0].contactId, offer.contact.contactId, 'a new contact');
    assert.equal(agent.getStatus().agentState, 'Ready');
  }));
});

// ── nail-up ──────────────────────────────────────────────────────────────────

void describe('nail-up', () => {
  void it('first Ready: AvailableForNailup → PendingNailUp → ReadyForNailup → NailedUp after the delay, JobAttached, Idle', () => withHarness({}, async (h) => {
    await h.dialer.startJob('DemoPreview');
    const { agent, rec } = await logon(h, '1001');
    await accepted(h, agent.AGTStateChange('Ready', 0, '', false));
    assert.deepEqual(rec.nailups(), [], 'Ready alone does not nail the agent up');
    assert.equal(agent.getStatus().nailupStatus, 'NotNailedUp');

    let from = rec.mark();
    await accepted(h, agent.AGTAvailableForNailup());
    assert.deepEqual(rec.names(from).filter((n) => n === 'AGTAvailableForNailupRESP' || n === 'AGTNailupChange'), ['AGTAvailableForNailupRESP', 'AGTNailupChange']);
    assert.deepEqual(rec.last('AGTAvailableForNailupRESP', from)?.args, [0]);
    assert.deepEqual(rec.nailups(from), ['PendingNailUp']);
    assert.equal(agent.getStatus().nailupStatus, 'PendingNailUp');

    from = rec.mark();
    await accepted(h, agent.AGTReadyForNailup());
    assert.deepEqual(rec.last('AGTReadyForNailupRESP', from)?.args, [0]);
    await h.clock.advance(NAILUP_DELAY_MS - 100);
    assert.deepEqual(rec.nailups(from), [], 'the nail-up call takes the nail-up delay to come up');
    assert.equal(agent.getStatus().nailupStatus, 'PendingNailUp');
    await h.clock.advance(100);
    assert.deepEqual(rec.nailups(from), ['NailedUp']);

    const nailed = rec.indexOf('AGTNailupChange', from);
    const attached = rec.indexOf('AGTJobAttached', from);
    const offered = rec.indexOf('AGTCallNotify', from);
    assert.ok(nailed >= 0 && attached > nailed, 'AGTJobAttached follows NailedUp');
    assert.ok(offered < 0 || offered > attached, 'no contact before the job is attached');
    assert.deepEqual(rec.events[attached]!.args, ['DemoPreview']);
    assert.deepEqual(rec.events[attached]!.status, { agentState: 'Ready', callState: 'Idle', nailupStatus: 'NailedUp' });
    assert.equal(rec.callStates(from)[0], 'Idle', 'the first call state once nailed is Idle');
  }));

  void it('with no job running the agent stays NotNailedUp until a job starts, then gets PendingNailUp', () => withHarness({}, async (h) => {
    const { agent, rec } = await logon(h, '1001');
    await accepted(h, agent.AGTStateChange('Ready', 0, '', false));
    await accepted(h, agent.AGTAvailableForNailup());
    assert.deepEqual(rec.last('AGTAvailableForNailupRESP')?.args, [0]);
    await h.clock.advance(30_000);
    assert.deepEqual(rec.nailups(), []);
    assert.equal(agent.getStatus().nailupStatus, 'NotNailedUp');
    // A job for another skill does not nail this agent.
    await h.dialer.startJob('DemoPredictive');
    await h.clock.advance(5000);
    assert.deepEqual(rec.nailups(), [], 'DemoPredictive needs a skill agent 1001 lacks');

    await h.dialer.startJob('DemoPreview');
    await h.clock.advance(0);
    assert.deepEqual(rec.nailups(), ['PendingNailUp']);
    const from = rec.mark();
    await accepted(h, agent.AGTReadyForNailup());
    await h.clock.advance(NAILUP_DELAY_MS);
    assert.deepEqual(rec.nailups(from), ['NailedUp']);
    assert.deepEqual(rec.all('AGTJobAttached', from).map((e) => e.args), [['DemoPreview']]);
  }));
});

// ── preview ──────────────────────────────────────────────────────────────────

void describe('preview contacts', () => {
  void it('AGTCallNotify carries the POMContact; AGTGetCustomerDetails returns the customer', () => withHarness({}, async (h) => {
    const { agent, rec, contact, sessionID } = await previewOffered(h);
    assert.equal(typeof sessionID, 'string');
    assert.ok(sessionID.length > 0);
    const record = await h.store.contacts.findById(contact.contactId);
    assert.ok(record, 'contactId names a stored contact');
    assert.equal(record.contactListId, h.demo.contactListIds.preview);
    assert.equal(record.state, 'in_progress', 'the contact is held while previewed');
    assert.equal(contact.contactType, 'Preview');
    assert.equal(contact.campaignName, 'DemoPreview');
    assert.equal(contact.skillsetName, 'PreviewOut');
    assert.equal(contact.skillsetId, '15');
    assert.equal(contact.canCancel, true);
    assert.equal(contact.canDial, true);
    assert.equal(contact.timed, false);
    assert.equal(contact.callbackNotes, '');
    assert.equal(contact.defaultNumber, record.phones[0]!.number);
    assert.deepEqual(contact.contactNumbers, record.phones.map((p, i) => ({
      isDefault: i === 0, name: `Phone ${i + 1}`, number: p.number, timezone: p.timezone, state: p.state, wireless: String(p.wireless),
    })));
    assert.deepEqual(agent.getStatus(), { agentState: 'Ready', callState: 'Preview', nailupStatus: 'NailedUp' });
    assert.equal(rec.all('AGTCallNotify').length, 1);

    const from = rec.mark();
    await accepted(h, agent.AGTGetCustomerDetails(sessionID));
    const resp = rec.last('AGTGetCustomerDetailsRESP', from);
    assert.ok(resp);
    const [details, sid, result] = resp.args;
    assert.equal(result, 0);
    assert.equal(sid, sessionID);
    assert.ok(details);
    assert.equal(details.id.value, record.userContactId);
    assert.equal(details.title.value, record.title);
    assert.equal(details.firstname.value, record.firstName);
    assert.equal(details.lastname.value, record.lastName);
    assert.deepEqual(details.phoneFields.map((p) => p.phoneNumber.value), record.phones.map((p) => p.number));
    assert.deepEqual(details.phoneFields.map((p) => p.timezone.value), record.phones.map((p) => p.timezone));
    assert.deepEqual(details.emailFields.map((e) => e.value), record.emails);
    assert.equal(details.addressList[0]?.line1.value, record.address.line1);
    assert.equal(details.addressList[0]?.zipCode.value, record.address.zipCode);
    assert.deepEqual(Object.fromEntries(details.customFields.map((f) => [f.key, f.value])), record.customFields);
  }));

  void it('AGTGetCustomerDetails for a session the agent does not have answers 521', () => withHarness({}, async (h) => {
    const { agent, rec } = await previewOffered(h);
    await accepted(h, agent.AGTGetCustomerDetails('no-such-session'));
    assert.deepEqual(rec.last('AGTGetCustomerDetailsRESP')?.args, [null, 'no-such-session', 521]);
  }));

  void it('dial → Dialing → Talking; hold, unhold, release, completion codes and disposition', () => withHarness({ network: LIVE_NETWORK }, async (h) => {
    const { agent, rec, contact, sessionID, jobId } = await previewOffered(h);
    const number = await dialableNumber(h, contact);
    let from = rec.mark();
    await accepted(h, agent.AGTPreviewDial(number, sessionID));
    assert.deepEqual(rec.last('AGTPreviewDialRESP', from)?.args, [sessionID, 0]);
    assert.deepEqual(rec.callStates(from), ['Dialing']);
    assert.equal(agent.getStatus().callState, 'Dialing');
    await h.clock.advance(3500);
    assert.deepEqual(rec.callStates(from), ['Dialing', 'Talking'], 'the customer answers');
    assert.equal(agent.getStatus().callState, 'Talking');

    from = rec.mark();
    await accepted(h, agent.AGTHoldCall(sessionID));
    assert.deepEqual(rec.last('AGTHoldCallRESP', from)?.args, [sessionID, 0]);
    assert.deepEqual(rec.callStates(from), ['Held']);
    assert.equal(agent.getStatus().callState, 'Held');

    from = rec.mark();
    await accepted(h, agent.AGTHoldCall(sessionID));
    assert.deepEqual(rec.last('AGTHoldCallRESP', from)?.args, [sessionID, 101], 'a held call cannot be held again');
    assert.deepEqual(rec.callStates(from), []);

    from = rec.mark();
    await accepted(h, agent.AGTUnholdCall(sessionID));
    assert.deepEqual(rec.last('AGTUnholdCallRESP', from)?.args, [sessionID, 0]);
    assert.deepEqual(rec.callStates(from), ['Talking']);

    from = rec.mark();
    await accepted(h, agent.AGTUnholdCall(sessionID));
    assert.deepEqual(rec.last('AGTUnholdCallRESP', from)?.args, [sessionID, 123], 'unhold of a call that is not held');
    assert.equal(agent.getStatus().callState, 'Talking');

    from = rec.mark();
    await accepted(h, agent.AGTReleaseLine(sessionID));
    assert.deepEqual(rec.last('AGTReleaseLineRESP', from)?.args, [PREVIEW_WRAPUP, sessionID, 0]);
    assert.deepEqual(rec.callStates(from), ['Wrapup']);
    assert.equal(agent.getStatus().callState, 'Wrapup');

    from = rec.mark();
    await accepted(h, agent.AGTUnholdCall(sessionID));
    assert.deepEqual(rec.last('AGTUnholdCallRESP', from)?.args, [sessionID, 122], 'unhold after the call was released');

    from = rec.mark();
    await accepted(h, agent.AGTGetCompCodes(sessionID));
    assert.deepEqual(rec.last('AGTGetCompCodesRESP', from)?.args, [DEMO_COMPLETION_CODES, sessionID, 0]);

    from = rec.mark();
    await accepted(h, agent.AGTWrapupContact({ codeID: '999', codeValue: 'Made Up' }, sessionID));
    assert.deepEqual(rec.last('AGTWrapupContactRESP', from)?.args, [sessionID, 204]);
    assert.equal(agent.getStatus().callState, 'Wrapup', 'an unknown code disposes nothing');

    from = rec.mark();
    await accepted(h, agent.AGTWrapupContact({ codeID: '69', codeValue: 'Sale' }, sessionID));
    assert.deepEqual(rec.last('AGTWrapupContactRESP', from)?.args, [sessionID, 0]);
    assert.equal(rec.callStates(from)[0], 'Idle');
    const attempt = await attemptOf(h, jobId, contact.contactId);
    assert.equal(attempt.completionCode, '69');
    assert.equal(attempt.result, 'Answer_Human');
    assert.equal(attempt.agentId, '1001');
    assert.equal(attempt.number, number.number);
    assert.ok(attempt.connectedAt !== null && attempt.endedAt !== null);
    assert.equal((await h.store.contacts.findById(contact.contactId))?.lastCompletionCode, '69');
  }));

  void it('a dial that fails gives AGTDialFailed with the wrap-up details, then Wrapup', () => withHarness({ network: BUSY_NETWORK }, async (h) => {
    const { agent, rec, contact, sessionID, jobId } = await previewOffered(h);
    const from = rec.mark();
    await accepted(h, agent.AGTPreviewDial(await dialableNumber(h, contact), sessionID));
    assert.deepEqual(rec.last('AGTPreviewDialRESP', from)?.args, [sessionID, 0]);
    assert.equal(agent.getStatus().callState, 'Dialing');
    await h.clock.advance(2500);
    assert.deepEqual(rec.all('AGTDialFailed', from).map((e) => e.args), [[PREVIEW_WRAPUP, 'Call_Busy', sessionID]]);
    assert.deepEqual(rec.callStates(from), ['Dialing', 'Wrapup']);
    assert.equal(agent.getStatus().callState, 'Wrapup');
    const disposing = rec.mark();
    await accepted(h, agent.AGTWrapupContact({ codeID: '76', codeValue: 'No Answer' }, sessionID));
    assert.deepEqual(rec.last('AGTWrapupContactRESP', disposing)?.args, [sessionID, 0]);
    assert.equal(rec.callStates(disposing)[0], 'Idle');
    const attempt = await attemptOf(h, jobId, contact.contactId);
    assert.equal(attempt.result, 'Call_Busy');
    assert.equal(attempt.completionCode, '76');
  }));

  void it('AGTPreviewCancel answers with the wrap-up details and moves to Wrapup; disposing frees the agent', () => withHarness({}, async (h) => {
    const { agent, rec, contact, sessionID } = await previewOffered(h);
    let from = rec.mark();
    await accepted(h, agent.AGTPreviewCancel(sessionID));
    assert.deepEqual(rec.last('AGTPreviewCancelRESP', from)?.args, [PREVIEW_WRAPUP, sessionID, 0]);
    assert.deepEqual(rec.callStates(from), ['Wrapup']);
    assert.equal(agent.getStatus().callState, 'Wrapup');
    from = rec.mark();
    await accepted(h, agent.AGTWrapupContact({ codeID: '70', codeValue: 'Not Interested' }, sessionID));
    assert.deepEqual(rec.last('AGTWrapupContactRESP', from)?.args, [sessionID, 0]);
    assert.equal(rec.callStates(from)[0], 'Idle');
    const next = await waitFor(h, rec, 'AGTCallNotify', from, 10_000);
    assert.notEqual(next.args[1], sessionID, 'a new session for the next contact');
    assert.notEqual(next.args[0].contactId, contact.contactId);
  }));

  void it('AGTCreateCallback during the call stores a pending callback', () => withHarness({ network: LIVE_NETWORK }, async (h) => {
    const { agent, rec, contact, sessionID } = await previewTalking(h);
    const number = await dialableNumber(h, contact);
    const due = '2026-01-06T15:00:00.000Z';
    const dest: POMCallbackDest | null = null;
    const from = rec.mark();
    await accepted(h, agent.AGTCreateCallback('Agent', dest, due, 'America/New_York', '', number, 'Call back after the meeting', sessionID));
    assert.deepEqual(rec.last('AGTCreateCallbackRESP', from)?.args, [sessionID, 0]);
    const pending = await h.store.callbacks.list({ state: 'pending' });
    assert.equal(pending.length, 1);
    const callback = pending[0]!;
    assert.equal(callback.contactId, contact.contactId);
    assert.equal(callback.campaignId, h.demo.campaigns.preview.id);
    assert.equal(callback.type, 'Agent');
    assert.equal(callback.agentId, '1001');
    assert.equal(callback.dueAt, Date.parse(due));
    assert.equal(callback.number, number.number);
    assert.equal(callback.timezone, 'America/New_York');
    assert.equal(callback.notes, 'Call back after the meeting');
    assert.equal(agent.getStatus().callState, 'Talking', 'the call goes on');
  }));
});

// ── wrap-up timer ────────────────────────────────────────────────────────────

void describe('wrap-up timer', () => {
  void it('a contact not disposed within the campaign wrap-up time is disposed with the default code', () => withHarness({ network: LIVE_NETWORK }, async (h) => {
    const { agent, rec, contact, sessionID, jobId } = await previewTalking(h);
    await accepted(h, agent.AGTReleaseLine(sessionID));
    assert.equal(agent.getStatus().callState, 'Wrapup');
    const from = rec.mark();
    await h.clock.advance(PREVIEW_WRAPUP.acwMaxTime * 1000 - 1000);
    assert.equal(agent.getStatus().callState, 'Wrapup', 'the agent still has time');
    assert.deepEqual(rec.callStates(from), []);
    await h.clock.advance(2000);
    assert.equal(rec.callStates(from)[0], 'Idle', 'disposed when the wrap-up time ran out');
    const attempt = await attemptOf(h, jobId, contact.contactId);
    assert.equal(attempt.completionCode, PREVIEW_WRAPUP.defaultCompCode);
    assert.equal(agent.getStatus().agentState, 'Ready', 'one missed disposition is not a walk-away');
  }));

  void it('walk-away: calls left to the timer are auto-disposed; the desktop\'s NotReady with hasWalkedAway takes the agent out', () => withHarness({ network: SHORT_TALK_NETWORK }, async (h) => {
    const { job } = await h.dialer.startJob('DemoPredictive');
    const d = await logon(h, '1011');
    await nailUp(h, d);
    const { agent, rec } = d;
    const start = rec.mark();
    // Two consecutive calls the agent does nothing with: the customer hangs up, the wrap-up timer disposes.
    const disposedSessions: string[] = [];
    for (let n = 0; n < 2; n++) {
      const hangup = await waitFor(h, rec, 'AGTAutoReleaseLine', rec.mark(), 10 * 60_000);
      assert.deepEqual(hangup.args[0], PREDICTIVE_WRAPUP);
      await waitFor(h, rec, 'AGTCallStateChangedNotify', rec.events.indexOf(hangup), PREDICTIVE_WRAPUP.acwMaxTime * 1000 + 1000, 1000, (e) => e.args[0] === 'Idle');
      disposedSessions.push(hangup.args[1]);
    }
    for (const sessionID of disposedSessions) {
      const contactId = rec.all('AGTCallNotify', start).find((e) => e.args[1] === sessionID)?.args[0].contactId;
      assert.ok(contactId !== undefined, `session ${sessionID} was notified`);
      const attempts = (await h.store.attempts.listByJob(job.id)).filter((a) => a.contactId === contactId && a.agentId === '1011' && a.connectedAt !== null);
      assert.deepEqual(attempts.map((a) => a.completionCode), [PREDICTIVE_WRAPUP.defaultCompCode], `session ${sessionID} disposed with the default code`);
    }
    // The desktop sees two calls without action and moves the agent to NotReady (protocol.md §3).
    const request = rec.mark();
    await accepted(h, agent.AGTStateChange('NotReady', 9, 'Walked away', true));
    assert.equal(rec.last('AGTStateChangeRESP', request)?.args[1], 0);
    // A call that reached the agent meanwhile ends by itself: the customer hangs up, the timer disposes it.
    for (let waited = 0; agent.getStatus().agentState !== 'NotReady' && waited < 5 * 60_000; waited += 1000) await h.clock.advance(1000);
    assert.deepEqual(agent.getStatus(), { agentState: 'NotReady', callState: 'Idle', nailupStatus: 'NailedUp' });
    assert.equal(rec.agentStates(request).at(-1), 'NotReady');
    const after = rec.mark();
    await h.clock.advance(120_000);
    assert.deepEqual(rec.all('AGTCallNotify', after), [], 'a walked-away agent gets no new call');
    assert.equal(agent.getStatus().agentState, 'NotReady');
  }));
});

// ── AGTLogoff ────────────────────────────────────────────────────────────────

void describe('AGTLogoff', () => {
  void it('while Ready is refused with 541', () => withHarness({}, async (h) => {
    const { agent, rec } = await logon(h, '1001');
    await accepted(h, agent.AGTStateChange('Ready', 0, '', false));
    const from = rec.mark();
    await accepted(h, agent.AGTLogoff());
    assert.deepEqual(rec.names(from), ['AGTLogoffRESP']);
    assert.deepEqual(rec.last('AGTLogoffRESP', from)?.args, [541]);
    assert.equal(agent.getStatus().agentState, 'Ready');
  }));

  void it('with a call in hand (PendingNotReady) is refused with 541', () => withHarness({ network: LIVE_NETWORK }, async (h) => {
    const { agent, rec } = await previewTalking(h);
    await accepted(h, agent.AGTStateChange('NotReady', 7, 'Break', false));
    assert.equal(agent.getStatus().agentState, 'PendingNotReady');
    const from = rec.mark();
    await accepted(h, agent.AGTLogoff());
    assert.deepEqual(rec.last('AGTLogoffRESP', from)?.args, [541]);
    assert.deepEqual(rec.all('AGTAgentLoggedOut'), []);
    assert.equal(agent.getStatus().callState, 'Talking');
  }));

  void it('when NotReady and idle: RESP 0, AGTAgentLoggedOut, the nail-up is dropped', () => withHarness({ network: BUSY_NETWORK }, async (h) => {
    await h.dialer.startJob('DemoPredictive');
    const d = await logon(h, '1011');
    await nailUp(h, d);
    const { agent, rec } = d;
    await accepted(h, agent.AGTStateChange('NotReady', 2, 'End of shift', false));
    assert.deepEqual(agent.getStatus(), { agentState: 'NotReady', callState: 'Idle', nailupStatus: 'NailedUp' });
    const from = rec.mark();
    await accepted(h, agent.AGTLogoff());
    assert.deepEqual(rec.last('AGTLogoffRESP', from)?.args, [0]);
    assert.equal(rec.all('AGTAgentLoggedOut', from).length, 1);
    assert.equal(rec.nailups(from).at(-1), 'NotNailedUp', 'the nail-up is dropped');
    assert.equal(agent.AGTStateChange('Ready', 0, '', false), 9002, 'no session any more');
    // The agent may log on again (not "already logged in").
    await logon(h, '1011');
  }));
});

// ── predictive ───────────────────────────────────────────────────────────────

void describe('predictive contacts', () => {
  void it('a connected customer arrives as AGTCallNotify(Predictive) then Talking; a hang-up as AGTAutoReleaseLine', () => withHarness({ contactsPerList: 300 }, async (h) => {
    const { job } = await h.dialer.startJob('DemoPredictive');
    const d = await logon(h, '1011');
    await nailUp(h, d);
    const { agent, rec } = d;
    const start = rec.mark();
    const notify = await waitFor(h, rec, 'AGTCallNotify', start, 30 * 60_000, 1000);
    const [contact, sessionID] = notify.args;
    assert.equal(contact.contactType, 'Predictive');
    assert.equal(contact.campaignName, 'DemoPredictive');
    assert.equal(contact.skillsetName, 'PredictiveOut');
    assert.equal(contact.canCancel, false);
    const at = rec.events.indexOf(notify);
    assert.equal(rec.callStates(at)[0], 'Talking', 'the call state after the notification is Talking');
    assert.equal(agent.getStatus().callState, 'Talking');
    assert.deepEqual(rec.all('AGTDialFailed', start), [], 'the agent hears nothing of unanswered dials');

    const from = rec.mark();
    await accepted(h, agent.AGTGetCustomerDetails(sessionID));
    const details = rec.last('AGTGetCustomerDetailsRESP', from);
    assert.equal(details?.args[2], 0);
    assert.equal(details?.args[0]?.id.value, (await h.store.contacts.findById(contact.contactId))?.userContactId);

    const hangup = await waitFor(h, rec, 'AGTAutoReleaseLine', from, 60 * 60_000, 1000);
    assert.deepEqual(hangup.args, [PREDICTIVE_WRAPUP, sessionID]);
    assert.equal(hangup.status?.callState, 'Wrapup');
    const attempt = await attemptOf(h, job.id, contact.contactId);
    assert.equal(attempt.result, 'Answer_Human');
    assert.equal(attempt.agentId, '1011');
    assert.ok(attempt.connectedAt !== null && attempt.endedAt !== null && attempt.endedAt > attempt.connectedAt);
  }));
});
