/**
 * One simulated desktop of the failover drill, as a TMAC server drives it over the CTI links: commands on
 * A3 (HTTP, keep-alive) to a gateway, events on its own A4 WebSocket (`?extension=`) from a gateway.
 *
 *   SecurityLogin → AgentLogin → SetAgentStateToAutoIn → nail-up → for every contact offered
 *   (OnOutboundCallInitiated): a preview is dialed (DialPOMPreviewCall), a predictive call is already
 *   connected → talk for a moment → DisconnectCall → OnCallWrapUpDataEvent → WrapUpCallContact with a
 *   completion code that closes the contact → its acknowledgement, OnCallWrapUpDone with ResponseStatus 0
 *   and the command's InvokeID, is recorded with the contact's identity → the next contact.
 *
 * Around a failure it does what a desktop does, no more:
 * - a dialer failover: the A4 socket stays open on the gateway; the desktop waits for the new leader to log
 *   its agent on again and nail it up (the events of its extension), then reads its agent (GET
 *   /cti/v1/agents/{agentID}) and carries on from the state it finds;
 * - its gateway killed: the A4 socket closes; the desktop opens A4 on the other gateway with the same
 *   extension, sends its A3 commands there, reads its agent and carries on (no new AgentLogin).
 *
 * Events a gateway could not deliver (a socket that was closed, a leader that died) are made up for by
 * that read of the agent, never by guessing.
 */
import http from 'node:http';
import { WebSocket } from 'ws';
import { Rng } from '../../src/random/rng.ts';

interface A4Event {
  eventName: string;
  extension: string;
  eventData: Record<string, string>;
}

/** GET /cti/v1/agents/{agentID}, as the CTI server answers it. */
export interface AgentView {
  agentID: string;
  extension: string;
  agentState: string;
  callState: string;
  nailedStatus: string;
  call: { ConnectionHandle: string; campaignType: string; campaignName: string; contactID: number } | null;
}

/** An acknowledged wrap-up: the end checks that the store has its disposition. */
export interface WrapUpAck {
  agentID: string;
  contactID: number;
  connectionHandle: string;
  campaignType: string;
  codeID: string;
  offeredAt: number;
  sentAt: number;
  ackedAt: number;
}

/** What every desktop reports to the drill. */
export interface DeskSink {
  ack(ack: WrapUpAck): void;
  error(agentID: string, kind: string, detail: string): void;
  /** A contact's numbers, for a preview whose offer the desktop missed (read from the store). */
  numberOf(contactID: number): Promise<string | undefined>;
}

export type Team = 'preview' | 'predictive';
export type DeskStage = 'new' | 'login' | 'working' | 'failed' | 'stopped';

/** Completion codes of the demo campaigns that close a contact (next state `done`): a contact is dialed once. */
export const CLOSING_CODES = ['69', '70', '72'];

interface Call {
  handle: string;
  contactID: number;
  campaignType: string;
  number: string;
  offeredAt: number;
  dialSent: boolean;
  disconnectSent: boolean;
  wrapSent: boolean;
  ended: boolean;
}

interface PendingWrap {
  invokeID: number;
  call: Call;
  codeID: string;
  sentAt: number;
}

/**
 * The wait for one desktop to come back after a failure: the time it was marked, when it was back, and
 * the first call it handled afterwards (an offer, or a wrap-up acknowledged).
 */
export interface Recovery {
  kind: 'dialer' | 'gateway';
  since: number;
  /** Dialer failover: agent state and nail-up status heard on A4 after `since`. */
  agentState: string;
  nailedStatus: string;
  /** Dialer failover: an event after `since` showed the agent not Ready or not nailed (the new leader logging it on). */
  sawDown: boolean;
  /** Gateway kill: when A4 was open again on another gateway. */
  reconnectedAt: number | null;
  backAt: number | null;
  nextCallAt: number | null;
  /** The first A3 command of the desktop accepted (HTTP 200, result 0) after `since`. */
  acceptedAt: number | null;
  /** Not back in time: logged in again by the drill (a password login), so the run goes on. */
  stuck: boolean;
}

const DONE_TIMEOUT_MS = 15_000;
const LOGIN_TIMEOUT_MS = 300_000;
const RECONNECT_EVERY_MS = 100;

let nextInvokeID = 1;

export interface DeskOptions {
  agentID: string;
  extension: string;
  password: string;
  team: Team;
  /** Base URLs of the gateways, `http://host:port`; the desktop starts on `gateway`. */
  gateways: string[];
  gateway: number;
  /** How long the agent talks before DisconnectCall, and stays in wrap-up before WrapUpCallContact. */
  talkMs: number;
  wrapMs: number;
  seed: number;
  sink: DeskSink;
}

export class Desk {
  stage: DeskStage = 'new';
  agentState = '';
  callState = '';
  nailedStatus = '';
  gateway: number;
  offers = 0;
  acks = 0;
  recovery: Recovery | null = null;
  loggedOutByServer = false;
  private ws: WebSocket | null = null;
  private pool: http.Agent;
  private closing = false;
  private call: Call | null = null;
  private readonly wraps = new Map<number, PendingWrap>();
  /** Commands waiting for their Done event (logins, state changes), by invokeID. */
  private readonly waiting = new Map<number, { event: string; resolve: (ok: boolean) => void; timer: NodeJS.Timeout }>();
  private readonly rng: Rng;
  private readonly sessionID: string;
  private readonly timers = new Set<NodeJS.Timeout>();
  private autoInSent = false;
  private resyncing = false;
  private firstOffer: (() => void) | null = null;
  readonly firstOfferReceived: Promise<void>;
  private backListener: (() => void) | null = null;
  /** The contacts of the last calls offered, by connection handle. */
  private readonly offeredCalls = new Map<string, { contactID: number; campaignType: string; offeredAt: number }>();
  /** The last events and commands, for the error samples. */
  private readonly trace: string[] = [];

  constructor(private readonly o: DeskOptions) {
    this.gateway = o.gateway;
    this.pool = this.newPool();
    this.rng = new Rng(o.seed);
    this.sessionID = `drill-${o.agentID}`;
    this.firstOfferReceived = new Promise((resolve) => (this.firstOffer = resolve));
  }

  get agentID(): string {
    return this.o.agentID;
  }

  get team(): Team {
    return this.o.team;
  }

  private get base(): string {
    return this.o.gateways[this.gateway]!;
  }

  private newPool(): http.Agent {
    return new http.Agent({ keepAlive: true, maxSockets: 2 });
  }

  // ── life ──────────────────────────────────────────────────────────────────

  /** A4 open, SecurityLogin, AgentLogin with the password; false if any failed. */
  async login(): Promise<boolean> {
    this.stage = 'login';
    try {
      await this.connect(this.gateway);
    } catch (error) {
      this.o.sink.error(this.agentID, 'A4 connect failed', (error as Error).message);
      this.stage = 'failed';
      return false;
    }
    const ok = await this.logOn();
    if (!ok) this.stage = 'failed';
    return ok;
  }

  private async logOn(): Promise<boolean> {
    return await this.step('SecurityLogin', { extension: this.o.extension }, 'SecurityLoginDone', LOGIN_TIMEOUT_MS)
      && await this.step('AgentLogin', { extension: this.o.extension, agentID: this.agentID, agentPassword: this.o.password }, 'SetAgentStateDone', LOGIN_TIMEOUT_MS);
  }

  /** SetAgentStateToAutoIn: the first Ready nails the agent up and contacts follow. */
  async ready(): Promise<void> {
    if (this.stage !== 'login') return;
    const ok = await this.step('SetAgentStateToAutoIn', this.stateParams(3), 'SetAgentStateToAutoInDone', DONE_TIMEOUT_MS);
    this.stage = ok ? 'working' : 'failed';
  }

  /** Closes the sockets; the agent stays logged on (the cluster is stopped next). */
  stop(): void {
    this.stage = 'stopped';
    this.closing = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const w of this.waiting.values()) clearTimeout(w.timer);
    this.waiting.clear();
    if (this.ws && this.ws.readyState !== WebSocket.CLOSED) this.ws.terminate();
    this.pool.destroy();
  }

  // ── failures ──────────────────────────────────────────────────────────────

  /** The leading dialer was killed at `at`: wait for the new leader to log this agent on and nail it up. */
  markDialerFailover(at: number): Promise<void> {
    this.recovery = { kind: 'dialer', since: at, agentState: '', nailedStatus: '', sawDown: false, reconnectedAt: null, backAt: null, nextCallAt: null, acceptedAt: null, stuck: false };
    return new Promise((resolve) => (this.backListener = resolve));
  }

  /** This desktop's gateway was killed at `at`: its socket closes and it moves to another gateway. */
  markGatewayKill(at: number): Promise<void> {
    this.recovery = { kind: 'gateway', since: at, agentState: '', nailedStatus: '', sawDown: false, reconnectedAt: null, backAt: null, nextCallAt: null, acceptedAt: null, stuck: false };
    return new Promise((resolve) => (this.backListener = resolve));
  }

  /** Not back in time: read the agent; log it on again with its password if the server has none, else go Ready. */
  async rescue(): Promise<void> {
    if (!this.recovery || this.recovery.backAt !== null) return;
    this.recovery.stuck = true;
    this.backListener?.();
    this.backListener = null;
    if (this.ws?.readyState !== WebSocket.OPEN) return;
    const readAt = Date.now();
    const view = await this.readAgent();
    if (view === null) {
      this.call = null;
      this.autoInSent = false;
      if (await this.logOn()) await this.step('SetAgentStateToAutoIn', this.stateParams(3), 'SetAgentStateToAutoInDone', DONE_TIMEOUT_MS);
      return;
    }
    if (view !== undefined) await this.resync(view, readAt);
  }

  private back(at: number): void {
    const r = this.recovery;
    if (!r || r.backAt !== null) return;
    r.backAt = at;
    this.backListener?.();
    this.backListener = null;
  }

  private calledAgain(at: number): void {
    const r = this.recovery;
    if (r && r.backAt !== null && r.nextCallAt === null && at >= r.backAt) r.nextCallAt = at;
  }

  // ── A4 ────────────────────────────────────────────────────────────────────

  private connect(gateway: number): Promise<void> {
    const wsUrl = `${this.o.gateways[gateway]!.replace(/^http/, 'ws')}/cti/v1/events?extension=${encodeURIComponent(this.o.extension)}`;
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(wsUrl);
      let opened = false;
      ws.once('open', () => {
        opened = true;
        this.ws = ws;
        resolve();
      });
      ws.on('error', (error) => {
        if (!opened) reject(error);
      });
      ws.on('message', (data: Buffer) => this.onMessage(data));
      ws.on('close', () => {
        if (opened && this.ws === ws && !this.closing) void this.moveGateway();
      });
    });
  }

  /** The socket closed under the desktop: A4 and A3 to the next gateway that takes the socket, then a read of the agent. */
  private async moveGateway(): Promise<void> {
    const from = this.gateway;
    this.pool.destroy();
    for (let i = 1; !this.closing; i++) {
      const next = (from + i) % this.o.gateways.length;
      try {
        await this.connect(next);
        this.gateway = next;
        this.pool = this.newPool();
        break;
      } catch {
        await this.sleep(RECONNECT_EVERY_MS);
      }
    }
    if (this.closing) return;
    const now = Date.now();
    if (this.recovery?.kind === 'gateway' && this.recovery.reconnectedAt === null) this.recovery.reconnectedAt = now;
    else this.o.sink.error(this.agentID, 'A4 socket closed by the server', `moved from gateway ${from + 1} to ${this.gateway + 1}`);
    const readAt = Date.now();
    const view = await this.readAgent();
    if (view === null) {
      this.o.sink.error(this.agentID, 'agent not logged in after moving gateway', '');
      return;
    }
    if (view === undefined) return;
    this.agentState = view.agentState;
    this.callState = view.callState;
    this.nailedStatus = view.nailedStatus;
    if (this.recovery?.kind === 'gateway' && view.agentState === 'Ready' && view.nailedStatus === 'NailedUp') this.back(Date.now());
    await this.resync(view, readAt);
  }

  private note(line: string): void {
    this.trace.push(`${Date.now() % 100_000} ${line}`);
    if (this.trace.length > 12) this.trace.shift();
  }

  private onMessage(data: Buffer): void {
    const at = Date.now();
    let event: A4Event;
    try {
      event = JSON.parse(data.toString('utf8')) as A4Event;
    } catch {
      this.o.sink.error(this.agentID, 'A4 event is not JSON', data.toString('utf8').slice(0, 200));
      return;
    }
    const d = event.eventData ?? {};
    this.note(`${event.eventName} ${d.ConnectionHandle ?? ''} ${d.AgentState ?? ''}/${d.CallState ?? ''}/${d.NailedStatus ?? ''} ${d.InvokeID ?? ''}`);
    const invokeID = d.InvokeID ? Number(d.InvokeID) : NaN;
    const waiting = Number.isNaN(invokeID) ? undefined : this.waiting.get(invokeID);
    if (waiting) {
      const failed = event.eventName === 'CSTAUniversalFailureEvent' || (d.ErrorCode !== undefined && d.ErrorCode !== '0')
        || (d.ResponseStatus !== undefined && d.ResponseStatus !== '0');
      if (failed || event.eventName === waiting.event) {
        this.waiting.delete(invokeID);
        clearTimeout(waiting.timer);
        if (failed) this.o.sink.error(this.agentID, `${waiting.event} failed: ${d.ErrorCode ?? d.ResponseStatus ?? ''}`, d.ErrorInfo ?? '');
        waiting.resolve(!failed);
      }
    }

    switch (event.eventName) {
      case 'OnAgentStateChanged':
        this.agentState = d.AgentState ?? this.agentState;
        this.callState = d.CallState ?? this.callState;
        this.nailedStatus = d.NailedStatus ?? this.nailedStatus;
        this.heard(at, d.AgentState, d.NailedStatus);
        if (this.call && this.callState === 'Talking') this.talk(this.call);
        this.maybeReady();
        return;
      case 'OnNailupStatusChanged':
        this.nailedStatus = d.NailedStatus ?? this.nailedStatus;
        this.heard(at, undefined, d.NailedStatus);
        return;
      case 'OnAgentLoggedOut':
        this.loggedOutByServer = true;
        this.o.sink.error(this.agentID, 'agent logged out by the server', '');
        return;
      case 'OnOutboundCallInitiated':
        this.offered(d, at);
        return;
      case 'OnCallDisconnected':
        if (this.call && this.call.handle === d.ConnectionHandle) this.call.ended = true;
        return;
      case 'OnCallWrapUpDataEvent':
        this.wrapUpData(d);
        return;
      case 'OnCallWrapUpDone':
        this.wrapUpDone(d, at);
        return;
      case 'CSTAUniversalFailureEvent': {
        const wrap = this.wraps.get(invokeID);
        if (wrap) {
          this.wraps.delete(invokeID);
          this.o.sink.error(this.agentID, `WrapUpCallContact failed: ${d.ErrorCode ?? ''}`, `${d.ErrorInfo ?? ''}; ${this.trace.join(' | ')}`);
        }
        return;
      }
      default:
        return;
    }
  }

  /** A dialer failover is over for this desktop once the new leader has it Ready and nailed up. */
  private heard(at: number, agentState: string | undefined, nailedStatus: string | undefined): void {
    const r = this.recovery;
    if (!r || r.kind !== 'dialer' || r.backAt !== null || at < r.since) return;
    if (agentState !== undefined) r.agentState = agentState;
    if (nailedStatus !== undefined) r.nailedStatus = nailedStatus;
    // Events of the dead leader may still arrive just after the kill: back needs the new leader's logon first.
    if ((r.agentState !== '' && r.agentState !== 'Ready') || (r.nailedStatus !== '' && r.nailedStatus !== 'NailedUp')) r.sawDown = true;
    if (r.sawDown && r.agentState === 'Ready' && r.nailedStatus === 'NailedUp') {
      this.back(at);
      // Whatever call the desktop had died with the old leader: read what the new one has.
      void this.readAgent().then((view) => (view ? this.resync(view, at) : undefined));
    }
  }

  /** Moved to Not-Ready by the server (walk-away): Ready again, as a person would. Not while a failover is pending. */
  private maybeReady(): void {
    if (this.stage !== 'working' || this.autoInSent || this.call !== null) return;
    if (this.recovery && this.recovery.backAt === null) return;
    if (this.agentState !== 'NotReady') return;
    this.autoInSent = true;
    this.o.sink.error(this.agentID, 'moved to NotReady by the server', `call state ${this.callState}`);
    void this.step('SetAgentStateToAutoIn', this.stateParams(3), 'SetAgentStateToAutoInDone', DONE_TIMEOUT_MS).then(() => (this.autoInSent = false));
  }

  // ── calls ─────────────────────────────────────────────────────────────────

  private offered(d: Record<string, string>, at: number): void {
    this.offers++;
    this.firstOffer?.();
    this.firstOffer = null;
    this.calledAgain(at);
    let contactID = 0;
    let number = '';
    try {
      const contact = JSON.parse(d.JSONData ?? '{}') as { ContactID?: number; DefaultNumber?: string; ContactNumbers?: Array<{ Number: string }> };
      contactID = Number(contact.ContactID ?? 0);
      number = contact.DefaultNumber || contact.ContactNumbers?.[0]?.Number || '';
    } catch {
      this.o.sink.error(this.agentID, 'OnOutboundCallInitiated JSONData is not JSON', (d.JSONData ?? '').slice(0, 200));
    }
    const call: Call = {
      handle: d.ConnectionHandle ?? '', contactID, campaignType: d.campaignType ?? '', number, offeredAt: at,
      dialSent: false, disconnectSent: false, wrapSent: false, ended: false,
    };
    this.call = call;
    this.offeredCalls.set(call.handle, { contactID, campaignType: call.campaignType, offeredAt: at });
    if (this.offeredCalls.size > 20) this.offeredCalls.delete(this.offeredCalls.keys().next().value!);
    if (call.campaignType === 'Preview' || call.campaignType === 'Callback') this.dial(call);
    // A predictive call reaches the agent connected: its Talking state comes with it.
    else if (this.callState === 'Talking') this.talk(call);
  }

  private dial(call: Call): void {
    if (call.dialSent) return;
    call.dialSent = true;
    const jsonData = JSON.stringify({ connectionHandle: call.handle, numberToDial: call.number, custName: '' });
    // Not accepted: a later read of the agent (after a failure) may send it again.
    void this.command('SendGenericCTICommand', { commandName: 'DialPOMPreviewCall', jsonData }, 'DialPOMPreviewCall', nextInvokeID++, () => this.call === call).then((ok) => {
      if (!ok) call.dialSent = false;
    });
  }

  /** Talks for a moment, then hangs up (unless the call ended or changed meanwhile). */
  private talk(call: Call): void {
    if (call.disconnectSent || call.ended) return;
    call.disconnectSent = true;
    this.later(this.o.talkMs, () => {
      if (this.call !== call || call.ended) return;
      void this.command('DisconnectCall', { sessionID: this.sessionID, connectionHandle: call.handle, userUserInfo: '' }, 'DisconnectCall', nextInvokeID++, () => this.call === call && !call.ended).then((ok) => {
        if (!ok) call.disconnectSent = false;
      });
    });
  }

  private wrapUpData(d: Record<string, string>): void {
    const handle = d.ConnectionHandle ?? '';
    let codes: Array<{ codeID: string; codeValue: string }> = [];
    try {
      codes = JSON.parse(d.JSONData ?? '[]') as Array<{ codeID: string; codeValue: string }>;
    } catch {
      codes = [];
    }
    const closing = codes.filter((c) => CLOSING_CODES.includes(c.codeID));
    const code = closing.length > 0 ? this.rng.pick(closing) : codes[0];
    if (!code) {
      this.o.sink.error(this.agentID, 'OnCallWrapUpDataEvent without completion codes', '');
      return;
    }
    let call = this.call;
    if (!call || call.handle !== handle) {
      this.o.sink.error(this.agentID, 'wrap-up data for a call the desktop did not have in hand', `${handle}; ${this.trace.join(' | ')}`);
      const known = this.offeredCalls.get(handle);
      call = {
        handle, contactID: known?.contactID ?? 0, campaignType: known?.campaignType ?? d.campaignType ?? '', number: '', offeredAt: known?.offeredAt ?? Date.now(),
        dialSent: true, disconnectSent: true, wrapSent: false, ended: true,
      };
      this.call = call;
    }
    call.ended = true;
    this.wrap(call, code);
  }

  private wrap(call: Call, code: { codeID: string; codeValue: string }): void {
    if (call.wrapSent) return;
    call.wrapSent = true;
    this.later(this.o.wrapMs, () => {
      if (this.call !== call) return;
      const invokeID = nextInvokeID++;
      this.wraps.set(invokeID, { invokeID, call, codeID: code.codeID, sentAt: Date.now() });
      const jsonData = JSON.stringify({ connectionHandle: call.handle, pCode: code.codeID, pValue: code.codeValue });
      void this.command('SendGenericCTICommand', { commandName: 'WrapUpCallContact', jsonData }, 'WrapUpCallContact', invokeID, () => this.call === call && this.wraps.has(invokeID)).then((ok) => {
        if (ok) return;
        this.wraps.delete(invokeID);
        call.wrapSent = false;
      });
    });
  }

  private wrapUpDone(d: Record<string, string>, at: number): void {
    const invokeID = Number(d.InvokeID);
    const wrap = this.wraps.get(invokeID);
    if (!wrap) return;
    this.wraps.delete(invokeID);
    if (d.ResponseStatus !== '0') return;
    this.acks++;
    this.calledAgain(at);
    const { call } = wrap;
    this.o.sink.ack({
      agentID: this.agentID, contactID: call.contactID, connectionHandle: call.handle, campaignType: call.campaignType,
      codeID: wrap.codeID, offeredAt: call.offeredAt, sentAt: wrap.sentAt, ackedAt: at,
    });
    if (this.call === call) this.call = null;
    this.maybeReady();
  }

  /**
   * Carries on from the agent as the server has it: a preview to dial, a call to hang up, a wrap-up to
   * send; no call: wait for the next offer; Not-Ready: Ready again.
   */
  private async resync(view: AgentView, readAt: number): Promise<void> {
    if (this.resyncing || this.closing) return;
    // A call offered since the read began is newer than the view: the events lead.
    if (this.call && this.call.offeredAt >= readAt) return;
    this.resyncing = true;
    try {
      this.agentState = view.agentState;
      this.callState = view.callState;
      this.nailedStatus = view.nailedStatus;
      const seen = view.call;
      if (!seen) {
        this.call = null;
        this.maybeReady();
        return;
      }
      let call = this.call;
      if (!call || call.handle !== seen.ConnectionHandle) {
        call = {
          handle: seen.ConnectionHandle, contactID: seen.contactID, campaignType: seen.campaignType, number: '', offeredAt: this.offeredCalls.get(seen.ConnectionHandle)?.offeredAt ?? Date.now(),
          dialSent: false, disconnectSent: false, wrapSent: false, ended: false,
        };
        this.call = call;
      }
      switch (view.callState) {
        case 'Preview':
          if (!call.number) call.number = (await this.o.sink.numberOf(call.contactID)) ?? '';
          this.dial(call);
          return;
        case 'Talking':
        case 'Held':
          this.talk(call);
          return;
        case 'Wrapup':
          call.ended = true;
          this.wrap(call, { codeID: CLOSING_CODES[1]!, codeValue: 'Not Interested' });
          return;
        default:
          return;
      }
    } finally {
      this.resyncing = false;
    }
  }

  // ── A3 ────────────────────────────────────────────────────────────────────

  private stateParams(agentState: number): Record<string, unknown> {
    return { sessionID: this.sessionID, agentID: this.agentID, agentState, queue: '' };
  }

  /** GET /cti/v1/agents/{agentID}: the view; null when the agent is not logged in (404); undefined when no answer. */
  async readAgent(): Promise<AgentView | null | undefined> {
    const reply = await this.request('GET', `/cti/v1/agents/${encodeURIComponent(this.agentID)}`, undefined);
    if (reply.status === 404) return null;
    if (reply.status !== 200) return undefined;
    try {
      return JSON.parse(reply.text) as AgentView;
    } catch {
      return undefined;
    }
  }

  /** Sends a command and waits for its Done event; false on a refusal, a failure event or no event in time. */
  private step(command: string, params: Record<string, unknown>, doneEvent: string, timeoutMs: number): Promise<boolean> {
    const invokeID = nextInvokeID++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(invokeID);
        this.o.sink.error(this.agentID, `no ${doneEvent} for ${command} within ${timeoutMs / 1000} s`, '');
        resolve(false);
      }, timeoutMs);
      this.waiting.set(invokeID, { event: doneEvent, resolve, timer });
      void this.command(command, params, command, invokeID).then((ok) => {
        const w = this.waiting.get(invokeID);
        if (ok || !w) return;
        this.waiting.delete(invokeID);
        clearTimeout(w.timer);
        resolve(false);
      });
    });
  }

  /**
   * POSTs one A3 command; true when accepted (HTTP 200, result 0). `retry`: on -9999 (no dialer answered:
   * none leads, or the leader was too slow) the command is sent again, with the same invokeID, every
   * 250 ms while `retry()` holds, for up to 60 s, as a CTI client does.
   */
  private async command(command: string, params: Record<string, unknown>, label: string, invokeID = nextInvokeID++, retry?: () => boolean): Promise<boolean> {
    const deadline = Date.now() + 60_000;
    for (let attempt = 1; ; attempt++) {
      this.note(`> ${label} ${invokeID}`);
      const reply = await this.request('POST', `/cti/v1/commands/${command}`, { ...params, invokeID });
      this.note(`< ${label} ${invokeID} ${reply.status} ${reply.text.slice(0, 40)}`);
      if (this.closing) return false;
      let result: unknown;
      try {
        result = (JSON.parse(reply.text) as { result?: unknown }).result;
      } catch {
        result = undefined;
      }
      if (reply.status === 200 && result === 0) {
        if (this.recovery && this.recovery.acceptedAt === null) this.recovery.acceptedAt = Date.now();
        return true;
      }
      // While a failover or a gateway move is on, refusals are expected: the desktop reads its agent afterwards.
      const during = (this.recovery !== null && this.recovery.backAt === null) || reply.status === 0 ? ' during a failure' : '';
      const canRetry = reply.status === 200 && result === -9999 && retry !== undefined && Date.now() < deadline;
      if (canRetry && attempt === 1) this.o.sink.error(this.agentID, `${label} answered -9999${during}: sent again until accepted`, '');
      if (canRetry && retry()) {
        await this.sleep(250);
        if (retry()) continue;
        return false;
      }
      if (!canRetry) this.o.sink.error(this.agentID, `${label} ${reply.status === 200 ? `refused (result ${String(result)})` : `HTTP ${reply.status}`}${during}`, reply.text.slice(0, 200));
      return false;
    }
  }

  private request(method: 'GET' | 'POST', path: string, body: unknown): Promise<{ status: number; text: string }> {
    const payload = body === undefined ? '' : JSON.stringify(body);
    return new Promise((resolve) => {
      const request = http.request(`${this.base}${path}`, {
        method,
        agent: this.pool,
        headers: body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', (error) => resolve({ status: 0, text: error.message }));
      });
      request.setTimeout(30_000, () => request.destroy(new Error('no answer within 30 s')));
      request.on('error', (error) => resolve({ status: 0, text: error.message }));
      request.end(payload);
    });
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closing) run();
    }, ms);
    this.timers.add(timer);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.later(ms, resolve));
  }

  /** What the desktop is doing, for one that did not come back. */
  describe(): string {
    const r = this.recovery;
    return `${this.agentID} (gateway ${this.gateway + 1}): ${this.stage}, ${this.agentState || '-'}/${this.callState || '-'}/${this.nailedStatus || '-'}`
      + `${this.call ? `, call ${this.call.handle}` : ''}${r ? `, heard since the failure: ${r.agentState || '-'}/${r.nailedStatus || '-'}` : ''}`;
  }
}
