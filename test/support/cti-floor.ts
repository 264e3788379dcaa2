/**
 * A nailup floor for tests of the CTI links on simulated time: nailup with the demo data (no bots, no
 * simulated inbound traffic) on a VirtualClock, A3 commands over real HTTP, A4 events over real
 * WebSockets (one per extension), the events as protocol.md writes them, and a scripted ACD caller.
 * Shared by the conformance, inbound, blending, consult, transfer and conference tests of test/cti/.
 */
import assert from 'node:assert/strict';
import type { Nailup, StartOptions } from '../../src/app.ts';
import { VirtualClock } from '../../src/clock/virtual-clock.ts';
import { DEMO_PREVIEW_CAMPAIGN } from '../../src/demo/demo-data.ts';
import type { ContactRecord } from '../../src/store/records.ts';
import type { InboundCallEvent, InboundNetworkCall } from '../../src/telephony/inbound.ts';
import { EventCollector, getAgent, named, postCommand, sendCommand, type CtiEvent, type EventPredicate, type HttpReply } from './cti-client.ts';
import { startTestNailup } from './nailup.ts';

/** Monday 5 January 2026, 10:00 in New York. */
export const START = Date.UTC(2026, 0, 5, 15, 0, 0);
export const SESSION = 'tmac-session-1';
export const LIVE_ONLY = { live: 1, machine: 0, busy: 0, invalid: 0, refused: 0 };
export const PASSWORD = 'demo';

/** Every floor still open; `closeAllFloors` (in each file's `after`) closes what a failed test left. */
const openFloors = new Set<Floor>();

export async function closeAllFloors(): Promise<void> {
  await Promise.all([...openFloors].map((f) => f.close()));
}

export interface FloorOptions {
  /**
   * Keep the demo's simulated inbound callers (the conformance tests run the demo floor as it is);
   * without it no caller comes by itself, and a test's callers are ScriptedCallers.
   */
  demoInbound?: boolean;
  /** The simulated time to run on (shared with another floor); by default a new clock at START. */
  clock?: VirtualClock;
  /** POM endpoints beside the floor's own dialer (StartOptions.auxiliaryPoms). */
  auxiliaryPoms?: StartOptions['auxiliaryPoms'];
}

export class Floor {
  private invokeCounter = 100;
  private readonly sockets: EventCollector[] = [];

  private constructor(readonly nailup: Nailup, readonly clock: VirtualClock, readonly url: string) {}

  /**
   * nailup on simulated time at START with config `flags`; every dial is answered by a person, and no
   * caller comes by itself unless `options.demoInbound`.
   */
  static async start(flags: Record<string, unknown> = {}, options: FloorOptions = {}): Promise<Floor> {
    const clock = options.clock ?? new VirtualClock(START);
    const inbound = options.demoInbound ? {} : { 'network.inbound': [] };
    const nailup = await startTestNailup({ 'network.outcomes': LIVE_ONLY, ...inbound, ...flags }, { clock, ...(options.auxiliaryPoms ? { auxiliaryPoms: options.auxiliaryPoms } : {}) });
    const floor = new Floor(nailup, clock, nailup.url);
    openFloors.add(floor);
    return floor;
  }

  async watch(extension?: string): Promise<EventCollector> {
    const socket = await EventCollector.open(this.url, extension === undefined ? {} : { extension });
    this.sockets.push(socket);
    return socket;
  }

  invokeID(): number {
    return ++this.invokeCounter;
  }

  /** Sends a command that must be accepted (HTTP 200, result 0). */
  async accepted(command: string, body: Record<string, unknown>): Promise<void> {
    assert.equal(await sendCommand(this.url, command, body), 0, `${command} ${JSON.stringify(body)} must be accepted`);
  }

  /** Sends a SendGenericCTICommand that must be accepted; returns its invokeID. */
  async generic(commandName: string, data: Record<string, string>): Promise<number> {
    const invokeID = this.invokeID();
    await this.accepted('SendGenericCTICommand', generic(commandName, data, invokeID));
    return invokeID;
  }

  /** Sends a call-control command (Hold, HoldReconnect, DisconnectCall) that must be accepted; returns its invokeID. */
  async callControl(command: string, connectionHandle: string): Promise<number> {
    const invokeID = this.invokeID();
    await this.accepted(command, callBody(connectionHandle, invokeID));
    return invokeID;
  }

  post(command: string, body: unknown): Promise<HttpReply> {
    return postCommand(this.url, command, body);
  }

  /** Waits for the dialer to finish its queued work and for every socket to receive what was sent. */
  async settle(): Promise<void> {
    await this.nailup.dialer.whenIdle();
    await Promise.all(this.sockets.map((s) => s.flush()));
  }

  async advance(ms: number): Promise<void> {
    await this.clock.advance(ms);
    await this.settle();
  }

  /** Moves simulated time in steps until `socket` has an event (after its cursor) that matches; returns it. */
  async advanceUntil(socket: EventCollector, predicate: EventPredicate, maxMs = 20 * 60_000, stepMs = 1000): Promise<CtiEvent> {
    await this.settle();
    for (let elapsed = 0; !socket.has(predicate); elapsed += stepMs) {
      if (elapsed >= maxMs) throw new Error(`no matching event within ${maxMs / 1000} s of simulated time; since the cursor: ${JSON.stringify(socket.all().slice(-5))}`);
      await this.advance(stepMs);
    }
    return socket.next(predicate);
  }

  /** The agent as GET /cti/v1/agents/{agentID} shows it (must be logged in). */
  async view(agentID: string): Promise<AgentViewBody> {
    const reply = await getAgent(this.url, agentID);
    assert.equal(reply.status, 200, `${agentID} is logged in: ${JSON.stringify(reply.body)}`);
    return reply.body as AgentViewBody;
  }

  /** AgentLogin: SetAgentStateDone, then NotReady with no call. */
  async login(agentID: string, extension: string, socket: EventCollector): Promise<void> {
    const invokeID = this.invokeID();
    await this.accepted('AgentLogin', { extension, agentID, agentPassword: PASSWORD, invokeID });
    await expectNext(socket, done('SetAgentStateDone', extension, invokeID));
    await expectNext(socket, agentState(extension, agentID, 'NotReady', 'NoState', 0, 'NotNailedUp'));
  }

  /** The first SetAgentStateToManualIn: Ready, then the nail-up (PendingNailUp, NailedUp 1.5 s later). */
  async readyAndNailed(agentID: string, extension: string, socket: EventCollector): Promise<void> {
    const invokeID = this.invokeID();
    await this.accepted('SetAgentStateToManualIn', stateBody(agentID, invokeID));
    await expectNext(socket, agentState(extension, agentID, 'Ready', 'NoState', 0, 'NotNailedUp'));
    await expectNext(socket, done('SetAgentStateToManualInDone', extension, invokeID));
    await expectNext(socket, nailupStatus(extension, agentID, 'PendingNailUp'));
    await this.advance(1500);
    await expectNext(socket, nailupStatus(extension, agentID, 'NailedUp'));
    await expectNext(socket, agentState(extension, agentID, 'Ready', 'Idle', 0, 'NailedUp'));
  }

  /**
   * Takes the preview contact just offered to the agent (OnOutboundCallInitiated), dials its default
   * number (one inside its calling window) and waits until the customer answers.
   */
  async dialOffered(agentID: string, extension: string, socket: EventCollector): Promise<PreviewCall> {
    const initiated = await socket.next(named('OnOutboundCallInitiated'));
    const handle = initiated.eventData.ConnectionHandle!;
    const contact = JSON.parse(initiated.eventData.JSONData!) as { ContactID: number; DefaultNumber: string };
    await socket.next(named('OnOutboundCallUUIData', { ConnectionHandle: handle }));
    await this.generic('DialPOMPreviewCall', { connectionHandle: handle, numberToDial: contact.DefaultNumber, custName: 'Customer' });
    await expectNext(socket, agentState(extension, agentID, 'Ready', 'Dialing', 0, 'NailedUp'));
    const talking = await this.advanceUntil(socket, named('OnAgentStateChanged'), 60_000);
    assert.deepStrictEqual(talking, agentState(extension, agentID, 'Ready', 'Talking', 0, 'NailedUp'));
    return { handle, contactID: contact.ContactID, contactJson: initiated.eventData.JSONData! };
  }

  async close(): Promise<void> {
    if (!openFloors.delete(this)) return;
    await Promise.all(this.sockets.map((s) => s.close()));
    await this.nailup.close();
  }
}

export interface PreviewCall {
  handle: string;
  contactID: number;
  /** OnOutboundCallInitiated's JSONData: the contact as the consulted agent sees it too. */
  contactJson: string;
}

export interface AgentViewBody {
  agentID: string;
  extension: string;
  agentState: string;
  callState: string;
  nailedStatus: string;
  reasonCode: number;
  capabilities: Record<string, boolean>;
  call: { ConnectionHandle: string; campaignType: string; campaignName: string; contactID: number } | null;
}

// ── preview contacts ───────────────────────────────────────────────────────────

/**
 * Leaves `count` contacts of the preview list dialable now (each with a number inside its calling
 * window and none on the DNC list) and moves every other one to two days later: the preview job runs
 * on, but an agent beyond the first `count` gets no contact and stays Ready and Idle. Call it before
 * any agent is Ready (the job fetches its contacts when an agent first needs one).
 */
export async function keepDialablePreviews(floor: Floor, count: number): Promise<ContactRecord[]> {
  const store = floor.nailup.store;
  const campaign = await store.campaigns.findByName(DEMO_PREVIEW_CAMPAIGN);
  assert.ok(campaign, DEMO_PREVIEW_CAMPAIGN);
  const now = floor.clock.now();
  const ready = await store.contacts.nextDialable(campaign.contactListId, now + 60_000, 1000, 1000);
  const kept: ContactRecord[] = [];
  for (const contact of ready) {
    const fits = kept.length < count && contact.phones.length > 0 && contact.phones.some((p) => localHour(p.timezone, now) >= 9 && localHour(p.timezone, now) < 20)
      && !(await anyListed(floor, campaign.dncListIds, contact.phones.map((p) => p.number)));
    if (fits) kept.push(contact);
    else await store.contacts.release(contact.id, now + 2 * 24 * 3600_000);
  }
  assert.equal(kept.length, count, `${count} dialable preview contacts`);
  return kept;
}

/** The hour (0–23) at `at` in the time zone. */
export function localHour(timeZone: string, at: number): number {
  return Number(new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23' }).format(at));
}

async function anyListed(floor: Floor, dncListIds: number[], numbers: string[]): Promise<boolean> {
  for (const number of numbers) if (await floor.nailup.store.dnc.isListed(dncListIds, number)) return true;
  return false;
}

/** The attempt of the contact (there is one). */
export async function attemptOf(floor: Floor, contactID: number): Promise<{ agentId: string | null; completionCode: string | null; result: string | null; endedAt: number | null }> {
  const attempts = (await floor.nailup.store.attempts.listBetween(START, floor.clock.now() + 1)).filter((a) => a.contactId === contactID);
  assert.equal(attempts.length, 1, `one attempt of contact ${contactID}`);
  return attempts[0]!;
}

// ── a scripted ACD caller ──────────────────────────────────────────────────────

/** An InboundNetworkCall the test drives: it waits until connected, and hangs up only when told to. */
export class ScriptedCaller implements InboundNetworkCall {
  readonly arrivedAt: number;
  private listener: ((event: InboundCallEvent) => void) | null = null;
  /** What the ACD and the agent desk did to the call, in order. */
  readonly log: string[] = [];

  constructor(readonly id: string, readonly callingNumber: string, readonly queue: string, clock: { now(): number }) {
    this.arrivedAt = clock.now();
  }

  onEvent(listener: (event: InboundCallEvent) => void): void {
    this.listener = listener;
  }

  playMusic(): void {
    this.log.push('music');
  }

  announce(): void {
    this.log.push('announcement');
  }

  connect(): void {
    this.log.push('connect');
  }

  hangup(): void {
    this.log.push('hangup');
    this.listener = null;
  }

  /** The caller hangs up. */
  hangUpNow(): void {
    const listener = this.listener;
    this.listener = null;
    listener?.({ type: 'remoteHangup' });
  }
}

// ── the events as protocol.md writes them ──────────────────────────────────────

export const ev = (eventName: string, extension: string, eventData: Record<string, string>): CtiEvent => ({ eventName, extension, eventData });

/** SecurityLoginDone, SetAgentStateDone, SetAgentStateTo…Done, …: {"ErrorInfo","ResponseStatus","Extension","InvokeID","ErrorCode"}. */
export const done = (eventName: string, extension: string, invokeID: number, code = 0, info = ''): CtiEvent =>
  ev(eventName, extension, { ErrorInfo: info, ResponseStatus: String(code), Extension: extension, InvokeID: String(invokeID), ErrorCode: String(code) });

/** HoldCallDone, HoldReconnectDone, DisconnectCallDone, …, ConsultPOMCallDone: {"ResponseStatus":"0","Extension","InvokeID"}. */
export const callDone = (eventName: string, extension: string, invokeID: number): CtiEvent =>
  ev(eventName, extension, { ResponseStatus: '0', Extension: extension, InvokeID: String(invokeID) });

/** {"ResponseStatus":"-1","ErrorCode":"-<errorCode>","ErrorInfo","Extension","InvokeID"}. */
export const failure = (extension: string, invokeID: number, code: number, info: string): CtiEvent =>
  ev('CSTAUniversalFailureEvent', extension, { ResponseStatus: '-1', ErrorCode: String(code), ErrorInfo: info, Extension: extension, InvokeID: String(invokeID) });

export const agentState = (extension: string, agentID: string, state: string, callState: string, reasonCode: number, nailed: string): CtiEvent =>
  ev('OnAgentStateChanged', extension, { Extension: extension, AgentID: agentID, AgentState: state, CallState: callState, ReasonCode: String(reasonCode), NailedStatus: nailed });

export const nailupStatus = (extension: string, agentID: string, status: string): CtiEvent =>
  ev('OnNailupStatusChanged', extension, { Extension: extension, AgentID: agentID, NailedStatus: status });

export const wrapUpDone = (extension: string, invokeID: number, handle: string): CtiEvent =>
  ev('OnCallWrapUpDone', extension, { ResponseStatus: '0', Extension: extension, InvokeID: String(invokeID), ConnectionHandle: handle });

export function stateBody(agentID: string, invokeID: number, reasonCode?: number): Record<string, unknown> {
  return { sessionID: SESSION, agentID, agentState: 0, invokeID, queue: '', ...(reasonCode === undefined ? {} : { reasonCode }) };
}

export const callBody = (connectionHandle: string, invokeID: number): Record<string, unknown> => ({ sessionID: SESSION, connectionHandle, invokeID });

export const generic = (commandName: string, data: Record<string, string>, invokeID: number): Record<string, unknown> =>
  ({ commandName, jsonData: JSON.stringify(data), invokeID });

/**
 * Waits for the next event of `expected`'s name and extension (and InvokeID, if it has one) and compares
 * it whole; with `exactText`, its text too (where protocol.md writes the event out: the spec's text,
 * key order included).
 */
export async function expectNext(socket: EventCollector, expected: CtiEvent, options: { exactText?: boolean } = {}): Promise<CtiEvent> {
  const invokeID = expected.eventData.InvokeID;
  const actual = await socket.next((e) => e.eventName === expected.eventName && e.extension === expected.extension && (invokeID === undefined || e.eventData.InvokeID === invokeID));
  assert.deepStrictEqual(actual, expected);
  if (options.exactText) assert.equal(socket.textOf(actual), JSON.stringify(expected));
  return actual;
}

/**
 * After the floor settled: the events `socket` received since `mark` are exactly these, in this order.
 * Moves the cursor of `next` past them.
 */
export function assertEventsSince(socket: EventCollector, mark: number, expected: CtiEvent[], what = ''): void {
  assert.deepStrictEqual(socket.since(mark), expected, what);
  socket.skipAll();
}

/** HTTP 400 with {"error":{"code":"VALIDATION_FAILED","message":…,"field":…}} naming `field`. */
export function assertValidationError(reply: HttpReply, field: string, what = ''): void {
  const context = `${what ? `${what}: ` : ''}${reply.status} ${JSON.stringify(reply.body)}`;
  assert.equal(reply.status, 400, context);
  const error = (reply.body as { error?: Record<string, unknown> }).error;
  assert.ok(error, context);
  assert.equal(error.code, 'VALIDATION_FAILED', context);
  assert.equal(error.field, field, context);
  assert.ok(typeof error.message === 'string' && error.message.length > 0, context);
}

/** The capability flags `names` of the agent, as the agent view shows them. */
export async function capabilitiesOf(floor: Floor, agentID: string, names: readonly string[]): Promise<Record<string, boolean>> {
  const { capabilities } = await floor.view(agentID);
  return Object.fromEntries(names.map((n) => [n, capabilities[n]!]));
}

// ── two preview agents for consult, transfer and conference ────────────────────

export const A1 = { agentID: '1001', extension: '44001' } as const;
export const A2 = { agentID: '1002', extension: '44002' } as const;

/** Consults ring at once and customers talk ten minutes, so nothing ends before the test says so. */
export const CONSULT_FLAGS = { 'network.ringTime': 4, 'network.talk': 600 } as const;

export interface TwoAgents {
  floor: Floor;
  s1: EventCollector;
  s2: EventCollector;
  /** Agent 1's customer: the only preview contact dialable. */
  call: PreviewCall;
  /** The preview campaign's completion codes, as OnCallWrapUpDataEvent's JSONData. */
  codesJson: string;
}

/**
 * Two agents of the Preview team over A3: agent 1 gets the only dialable preview contact, dials it and
 * talks to the customer; agent 2 is Ready, nailed up and idle (there is nothing for it to dial).
 */
export async function twoPreviewAgents(flags: Record<string, unknown> = {}): Promise<TwoAgents> {
  const floor = await Floor.start({ ...CONSULT_FLAGS, ...flags });
  await keepDialablePreviews(floor, 1);
  const s1 = await floor.watch(A1.extension);
  const s2 = await floor.watch(A2.extension);
  const campaign = await floor.nailup.store.campaigns.findByName(DEMO_PREVIEW_CAMPAIGN);
  assert.ok(campaign);
  const codesJson = JSON.stringify(campaign.completionCodes.map((c) => ({ codeID: c.codeID, codeValue: c.codeValue })));

  await floor.login(A1.agentID, A1.extension, s1);
  await floor.readyAndNailed(A1.agentID, A1.extension, s1);
  await expectNext(s1, agentState(A1.extension, A1.agentID, 'Ready', 'Preview', 0, 'NailedUp'));
  await floor.login(A2.agentID, A2.extension, s2);
  await floor.readyAndNailed(A2.agentID, A2.extension, s2);
  const call = await floor.dialOffered(A1.agentID, A1.extension, s1);
  await floor.settle();
  assert.ok(!s2.all().some(named('OnOutboundCallInitiated')), 'agent 2 has no contact of its own');
  const view2 = await floor.view(A2.agentID);
  assert.deepStrictEqual([view2.agentState, view2.callState, view2.nailedStatus, view2.call], ['Ready', 'Idle', 'NailedUp', null]);
  return { floor, s1, s2, call, codesJson };
}

/** OnCallWrapUpDataEvent of a preview call. */
export function previewWrapUpData(extension: string, handle: string, codesJson: string): CtiEvent {
  return ev('OnCallWrapUpDataEvent', extension, {
    Device: extension, ConnectionHandle: handle, UCID: handle, campaignType: 'Preview', WrapupTime: '60', DefaultCompletionCode: '76', JSONData: codesJson,
  });
}

/**
 * Agent 1 consults agent 2, who is free: the customer is held (Consult), ConsultPOMCallDone and
 * OnConsultCallInitiated at 1; agent 2 is Talking on the consult's handle and gets OnConsultNotify with
 * the contact. Returns the consult's handle.
 */
export async function consultAgent2(t: TwoAgents): Promise<string> {
  const { floor, s1, s2, call } = t;
  await floor.settle();
  const [m1, m2] = [s1.mark(), s2.mark()];
  const invokeID = await floor.generic('ConsultPOMCall', { connectionHandle: call.handle, destinationType: 'Agent', destination: A2.agentID });
  const initiated = await s1.next(named('OnConsultCallInitiated'));
  const consultHandle = initiated.eventData.ConsultHandle!;
  assert.ok(consultHandle && consultHandle !== call.handle, 'the consult has a handle of its own');
  await floor.settle();
  assertEventsSince(s1, m1, [
    agentState(A1.extension, A1.agentID, 'Ready', 'Consult', 0, 'NailedUp'),
    callDone('ConsultPOMCallDone', A1.extension, invokeID),
    ev('OnConsultCallInitiated', A1.extension, { ConnectionHandle: call.handle, ConsultHandle: consultHandle, DestinationType: 'Agent', Destination: A2.agentID }),
  ], 'at agent 1');
  assertEventsSince(s2, m2, [
    agentState(A2.extension, A2.agentID, 'Ready', 'Talking', 0, 'NailedUp'),
    ev('OnConsultNotify', A2.extension, { ConnectionHandle: consultHandle, RequestingAgentID: A1.agentID, Device: A2.extension, JSONData: call.contactJson }),
  ], 'at agent 2');
  return consultHandle;
}

/**
 * Makes one more preview contact dialable now (one keepDialablePreviews moved to later, with a number
 * inside its calling window and none on the DNC list). The job finds it at its next look at the list.
 */
export async function releaseOnePreview(floor: Floor): Promise<ContactRecord> {
  const store = floor.nailup.store;
  const campaign = await store.campaigns.findByName(DEMO_PREVIEW_CAMPAIGN);
  assert.ok(campaign);
  const now = floor.clock.now();
  for (const contact of await store.contacts.nextDialable(campaign.contactListId, now + 3 * 24 * 3600_000, 1000, 1000)) {
    if (contact.nextAttemptAt <= now) continue;
    if (!contact.phones.some((p) => localHour(p.timezone, now) >= 9 && localHour(p.timezone, now) < 20)) continue;
    if (await anyListed(floor, campaign.dncListIds, contact.phones.map((p) => p.number))) continue;
    await store.contacts.release(contact.id, now);
    return contact;
  }
  throw new Error('no preview contact to make dialable');
}
