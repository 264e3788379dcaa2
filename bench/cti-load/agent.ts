/**
 * One simulated agent desktop, as a TMAC server drives it: commands over A3 (HTTP, keep-alive), events
 * over its own A4 WebSocket (`?extension=`). It logs in, goes Ready, and works every contact offered:
 * DialPOMPreviewCall (preview), Hold, HoldReconnect, DisconnectCall, WrapUpCallContact with the first
 * completion code; then the next contact; every few calls a short break (SetAgentStateToAux during
 * wrap-up, SetAgentStateToAutoIn once Not-Ready). On stop it goes Not-Ready, finishes the call in hand
 * and logs out. With a pace (`--call-every`, pace.ts) it holds each preview until its next slot before
 * dialing it, instead of dialing at once.
 */
import http from 'node:http';
import { WebSocket } from 'ws';
import type { Recorder } from './metrics.ts';
import { nextDialAt, type Pace } from './pace.ts';

interface A4Event {
  eventName: string;
  extension: string;
  eventData: Record<string, string>;
}

/** A command waiting for the event that completes it. */
interface Pending {
  label: string;
  /** Already reported as overdue; a late event still completes it. */
  overdue?: boolean;
  /** When the HTTP reply came (accepted); undefined while it has not. */
  acceptedAt?: number;
  /** The event echoing the invokeID; null: completed by the agent itself (DialPOMPreviewCall). */
  doneEvent: string | null;
  sentAt: number;
  timeoutMs: number;
  onDone?: () => void;
  /** On a refusal (HTTP status ≠ 200, result ≠ 0) or a failure event. */
  onFail?: () => void;
}

interface CallInHand {
  handle: string;
  holdSent: boolean;
  /** The call is over (customer hung up, dial failed, or released): no more call control. */
  ended: boolean;
  wrapSent: boolean;
}

/** How long a command's completion event may take before it counts as an error (logins longer: the dialer checks passwords with scrypt, one at a time). */
const DONE_TIMEOUT_MS = 10_000;
const SETUP_TIMEOUT_MS = 300_000;

/** Aux reason codes: a break between calls, and the end of the shift. */
const BREAK_REASON = 2;
const STOP_REASON = 1;
/** Paced agents dial the preview they hold at the stop within this long (by their phase), not all at once. */
const STOP_SPREAD_MS = 10_000;
/**
 * A keep-alive connection idle this long is closed by the client: before the server's keep-alive timeout
 * (Fastify's default, 72 s) closes it, so that a command is never written on a connection the server is
 * closing at that moment (the request then fails with "socket hang up"). Paced agents idle up to their
 * period between calls, and every agent idles through the logins of the others at setup.
 */
export const A3_IDLE_CLOSE_MS = 65_000;

let nextInvokeID = 1;

/**
 * The A3 side of every agent. By default each agent has its own keep-alive connection, opened at its
 * SecurityLogin, as a desktop's session would; with `sharedPool` all agents share one unbounded
 * keep-alive pool, which opens a new connection whenever every open one is busy.
 */
export class A3Client {
  private readonly shared: http.Agent | null;
  private readonly perAgent = new Map<string, http.Agent>();
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Set by close(): replies that fail from then on are the run's end, not the server's doing. */
  closed = false;

  constructor(private readonly baseUrl: string, sharedPool: boolean) {
    this.shared = sharedPool ? new http.Agent({ keepAlive: true, maxSockets: Infinity, timeout: A3_IDLE_CLOSE_MS }) : null;
  }

  private agentFor(key: string): http.Agent {
    if (this.shared) return this.shared;
    let agent = this.perAgent.get(key);
    if (!agent) this.perAgent.set(key, (agent = new http.Agent({ keepAlive: true, maxSockets: 1, timeout: A3_IDLE_CLOSE_MS })));
    return agent;
  }

  post(key: string, command: string, body: Record<string, unknown>): Promise<{ status: number; text: string }> {
    const reply = this.request(this.agentFor(key), command, body);
    this.inFlight.add(reply);
    void reply.then(() => this.inFlight.delete(reply));
    return reply;
  }

  /** Waits for the answers still on their way (a Done event may come before its HTTP reply). */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.inFlight.size > 0 && Date.now() < deadline) {
      await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((r) => setTimeout(r, deadline - Date.now()))]);
    }
  }

  private request(agent: http.Agent, command: string, body: Record<string, unknown>): Promise<{ status: number; text: string }> {
    const payload = JSON.stringify(body);
    return new Promise((resolve) => {
      const request = http.request(`${this.baseUrl}/cti/v1/commands/${command}`, {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', (error) => resolve({ status: 0, text: error.message }));
      });
      request.on('error', (error) => resolve({ status: 0, text: error.message }));
      request.end(payload);
    });
  }

  close(): void {
    this.closed = true;
    this.shared?.destroy();
    for (const agent of this.perAgent.values()) agent.destroy();
  }
}

export type AgentStage = 'new' | 'login' | 'working' | 'stopping' | 'loggedOut' | 'failed';

export interface LoadAgentOptions {
  /** Dial each preview no sooner than its slot (pace.ts); absent: at once, back-to-back cycles. */
  pace?: Pace;
}

export class LoadAgent {
  stage: AgentStage = 'new';
  agentState = '';
  callState = '';
  nailedStatus = '';
  cycles = 0;
  offers = 0;
  private ws: WebSocket | null = null;
  private readonly sessionID: string;
  private readonly pending = new Map<number, Pending>();
  private call: CallInHand | null = null;
  private auxDone = false;
  /** Why the agent is not Ready while working: its own break, or the server's doing (walk-away). */
  private pause: 'none' | 'break' | 'forced' = 'none';
  private autoInPending = false;
  private closing = false;
  private logoutSent = false;
  private dialInvokeID = 0;
  private firstOffer: (() => void) | null = null;
  private readonly pace: Pace | null;
  /** Set by release(): the start of the pace's first period; until then previews wait. */
  private paceOrigin: number | null = null;
  private lastDialAt: number | null = null;
  /** The dial of the preview in hand, waiting for its slot. */
  private heldDial: (() => void) | null = null;
  private dialTimer: NodeJS.Timeout | null = null;
  /** Resolves on the first contact offered after Ready. */
  readonly firstOfferReceived: Promise<void>;
  private finished: (() => void) | null = null;
  readonly loggedOut: Promise<void>;

  constructor(
    readonly agentID: string,
    readonly extension: string,
    private readonly password: string,
    private readonly wsUrl: string,
    private readonly a3: A3Client,
    private readonly recorder: Recorder,
    /** Every this many calls the agent takes a break (Aux, then AutoIn); 0: never. */
    private readonly breakEvery: number,
    options: LoadAgentOptions = {},
  ) {
    this.pace = options.pace ?? null;
    this.sessionID = `load-${agentID}`;
    this.firstOfferReceived = new Promise((resolve) => (this.firstOffer = resolve));
    this.loggedOut = new Promise((resolve) => (this.finished = resolve));
  }

  /** Connects A4, then SecurityLogin → AgentLogin; false (and closed) if either failed. */
  async login(): Promise<boolean> {
    this.stage = 'login';
    try {
      await this.connect();
    } catch (error) {
      this.recorder.error(this.agentID, 'A4 connect failed', (error as Error).message);
      this.stage = 'failed';
      return false;
    }
    const ok = await this.step('SecurityLogin', { extension: this.extension }, 'SecurityLoginDone')
      && await this.step('AgentLogin', { extension: this.extension, agentID: this.agentID, agentPassword: this.password }, 'SetAgentStateDone');
    if (!ok) {
      this.stage = 'failed';
      this.close();
    }
    return ok;
  }

  /** SetAgentStateToAutoIn: the first Ready nails the agent up and contacts follow. */
  async ready(): Promise<void> {
    if (this.stage !== 'login') return;
    const ok = await this.step('SetAgentStateToAutoIn', { sessionID: this.sessionID, agentID: this.agentID, agentState: 3, queue: '' }, 'SetAgentStateToAutoInDone');
    this.stage = ok ? 'working' : 'failed';
  }

  /** Paced agents: the pace starts at `origin`; the first slot is `phase` of a period later. No-op back-to-back. */
  release(origin: number): void {
    if (!this.pace || this.paceOrigin !== null) return;
    this.paceOrigin = origin;
    this.scheduleDial();
  }

  /**
   * Not-Ready (pending while a call is in hand), then AgentLogout and SecurityLogout once idle. A paced
   * agent dials the preview it holds within `heldDialSpreadMs` (at its phase of it), so that a large floor
   * does not dial every held preview in the same instant.
   */
  stop(heldDialSpreadMs = STOP_SPREAD_MS): Promise<void> {
    if (this.stage !== 'working') {
      this.close();
      return this.loggedOut;
    }
    this.stage = 'stopping';
    const aux = (): void => {
      this.auxDone = true;
      this.maybeLogout();
    };
    this.send('SetAgentStateToAux', { sessionID: this.sessionID, agentID: this.agentID, agentState: 2, queue: '', reasonCode: STOP_REASON }, 'SetAgentStateToAuxDone', aux, aux);
    if (this.pace && this.heldDial) {
      if (this.dialTimer) clearTimeout(this.dialTimer);
      this.dialTimer = setTimeout(() => this.dialHeldNow(), this.pace.phase * heldDialSpreadMs);
    }
    return this.loggedOut;
  }

  /** Commands waiting for their event past their time are reported once; a late event still completes them. */
  expire(now: number): void {
    for (const [invokeID, p] of this.pending) {
      if (p.overdue || now - p.sentAt < p.timeoutMs) continue;
      p.overdue = true;
      const what = p.acceptedAt === undefined ? 'no HTTP reply' : `no ${p.doneEvent ?? 'call-state'} event`;
      this.recorder.error(this.agentID, `${what} for ${p.label} within ${p.timeoutMs / 1000} s`, this.pendingDetail(invokeID, p, now));
    }
  }

  /** At the end of the run: commands still unanswered, unless reported as overdue already. */
  reportUnanswered(): void {
    const now = performance.now();
    for (const [invokeID, p] of this.pending) {
      if (p.overdue) continue;
      const what = p.acceptedAt === undefined ? 'no HTTP reply' : `no ${p.doneEvent ?? 'call-state'} event`;
      this.recorder.error(this.agentID, `${what} for ${p.label} by the end of the run`, this.pendingDetail(invokeID, p, now));
    }
    this.pending.clear();
  }

  private pendingDetail(invokeID: number, p: Pending, now: number): string {
    const http = p.acceptedAt === undefined ? 'no HTTP reply' : `HTTP 200 after ${Math.round(p.acceptedAt - p.sentAt)} ms`;
    return `invokeID ${invokeID} sent ${Math.round(now - p.sentAt)} ms ago, ${http}; agent ${this.agentState}/${this.callState}${this.call ? ` call ${this.call.handle}` : ''}`;
  }

  close(): void {
    this.closing = true;
    if (this.dialTimer) clearTimeout(this.dialTimer);
    this.dialTimer = null;
    this.heldDial = null;
    if (this.ws && this.ws.readyState !== WebSocket.CLOSED) this.ws.terminate();
    this.finished?.();
  }

  /** What the agent was doing, for agents that did not log out. */
  describe(): string {
    const waiting = [...this.pending.values()].map((p) => `${p.label}${p.acceptedAt === undefined ? ' (no HTTP reply)' : ''}`).join(', ');
    return `${this.agentID}: stage ${this.stage}, ${this.agentState || '-'}/${this.callState || '-'}/${this.nailedStatus || '-'}`
      + `${this.call ? `, call ${this.call.handle}${this.call.ended ? ' ended' : ''}` : ''}${waiting ? `, waiting for ${waiting}` : ''}`;
  }

  private connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${this.wsUrl}?extension=${encodeURIComponent(this.extension)}`);
      this.ws = ws;
      let opened = false;
      ws.once('open', () => {
        opened = true;
        resolve();
      });
      ws.on('error', (error) => {
        if (!opened) reject(error);
        else this.recorder.error(this.agentID, 'A4 WebSocket error', error.message);
      });
      ws.on('message', (data: Buffer) => this.onMessage(data));
      ws.on('close', () => {
        if (!this.closing) this.recorder.error(this.agentID, 'A4 WebSocket closed by the server', this.describe());
      });
    });
  }

  private step(command: string, params: Record<string, unknown>, doneEvent: string): Promise<boolean> {
    return new Promise((resolve) => this.send(command, params, doneEvent, () => resolve(true), () => resolve(false), SETUP_TIMEOUT_MS));
  }

  /** Sends a command with a fresh invokeID; `onDone` runs on its completion event, `onFail` on a refusal or failure event. */
  private send(
    command: string, params: Record<string, unknown>, doneEvent: string | null, onDone?: () => void, onFail?: () => void,
    timeoutMs = DONE_TIMEOUT_MS, label = command,
  ): number {
    const invokeID = nextInvokeID++;
    const sentAt = performance.now();
    const entry: Pending = { label, doneEvent, sentAt, timeoutMs, ...(onDone ? { onDone } : {}), ...(onFail ? { onFail } : {}) };
    this.pending.set(invokeID, entry);
    this.recorder.commandsSent++;
    void this.a3.post(this.agentID, command, { ...params, invokeID }).then(({ status, text }) => {
      if (this.a3.closed) return;
      const at = performance.now();
      let result: unknown;
      try {
        result = (JSON.parse(text) as { result?: unknown }).result;
      } catch {
        result = undefined;
      }
      if (status === 200 && result === 0) {
        entry.acceptedAt = at;
        this.recorder.commandCompleted(at);
        return;
      }
      this.recorder.error(this.agentID, status === 200 ? `${label} refused (result ${String(result)})` : `${label} HTTP ${status}`, text.slice(0, 200));
      this.fail(invokeID);
    });
    return invokeID;
  }

  /** Forgets the command and runs its failure callback, unless its event completed it already. */
  private fail(invokeID: number): void {
    const p = this.pending.get(invokeID);
    if (!p) return;
    this.pending.delete(invokeID);
    p.onFail?.();
  }

  private complete(invokeID: number, at: number): void {
    const p = this.pending.get(invokeID);
    if (!p) return;
    this.pending.delete(invokeID);
    this.recorder.latency(p.label, p.sentAt, at);
    p.onDone?.();
  }

  private onMessage(data: Buffer): void {
    const at = performance.now();
    this.recorder.eventReceived(at);
    let event: A4Event;
    try {
      event = JSON.parse(data.toString('utf8')) as A4Event;
    } catch {
      this.recorder.error(this.agentID, 'A4 event is not JSON', data.toString('utf8').slice(0, 200));
      return;
    }
    const d = event.eventData ?? {};
    if (event.extension !== this.extension) this.recorder.error(this.agentID, 'A4 event for another extension', `${event.eventName} for ${event.extension}`);

    // Events answering a command of ours.
    const invokeID = d.InvokeID ? Number(d.InvokeID) : NaN;
    const p = Number.isNaN(invokeID) ? undefined : this.pending.get(invokeID);
    if (p) {
      const failed = event.eventName === 'CSTAUniversalFailureEvent' || (d.ErrorCode !== undefined && d.ErrorCode !== '0')
        || (d.ResponseStatus !== undefined && d.ResponseStatus !== '0');
      if (failed) {
        this.recorder.error(this.agentID, `${p.label} failed: ${event.eventName} ${d.ErrorCode ?? d.ResponseStatus ?? ''}`.trim(), `${d.ErrorInfo ?? ''} (agent ${this.agentState}/${this.callState})`);
        this.fail(invokeID);
      } else if (p.doneEvent === event.eventName) {
        this.complete(invokeID, at);
      } else {
        this.recorder.error(this.agentID, `${p.label} answered by ${event.eventName}`, JSON.stringify(d).slice(0, 200));
      }
    }

    switch (event.eventName) {
      case 'OnAgentStateChanged':
        this.agentState = d.AgentState ?? this.agentState;
        this.callState = d.CallState ?? this.callState;
        this.nailedStatus = d.NailedStatus ?? this.nailedStatus;
        // DialPOMPreviewCall has no Done event: the call state leaving Preview completes it.
        if (this.dialInvokeID && this.callState !== 'Preview') {
          this.complete(this.dialInvokeID, at);
          this.dialInvokeID = 0;
        }
        if (this.call && !this.call.ended && !this.call.holdSent && this.callState === 'Talking') this.hold();
        this.stateChanged(d);
        this.maybeLogout();
        return;
      case 'OnNailupStatusChanged':
        this.nailedStatus = d.NailedStatus ?? this.nailedStatus;
        return;
      case 'OnOutboundCallInitiated':
        this.onOffer(d);
        return;
      case 'OnCallDisconnected':
        if (this.call && this.call.handle === d.ConnectionHandle) this.call.ended = true;
        if (this.dialInvokeID) {
          this.complete(this.dialInvokeID, at);
          this.dialInvokeID = 0;
        }
        return;
      case 'OnCallWrapUpDataEvent':
        this.wrapUp(d);
        return;
      case 'OnCallWrapUpDone':
        if (this.call && this.call.handle === d.ConnectionHandle) {
          this.call = null;
          this.cycles++;
          this.recorder.cycleCompleted(at);
        }
        this.maybeLogout();
        return;
      default:
        return;
    }
  }

  /** Back to Ready after a break, or after the server moved the agent to Not-Ready on its own (walk-away). */
  private stateChanged(d: Record<string, string>): void {
    if (this.stage !== 'working' || this.autoInPending) return;
    if (this.agentState !== 'NotReady' && this.agentState !== 'PendingNotReady') return;
    if (this.pause === 'none') {
      this.pause = 'forced';
      this.recorder.error(this.agentID, `server moved the agent to ${this.agentState} (reason ${d.ReasonCode ?? '?'})`, `call state ${this.callState}`);
    }
    if (this.call || this.agentState !== 'NotReady') return;
    const resumed = (): void => {
      this.autoInPending = false;
      this.pause = 'none';
    };
    this.autoInPending = true;
    this.send('SetAgentStateToAutoIn', { sessionID: this.sessionID, agentID: this.agentID, agentState: 3, queue: '' }, 'SetAgentStateToAutoInDone', resumed, resumed);
  }

  private onOffer(d: Record<string, string>): void {
    this.offers++;
    this.firstOffer?.();
    this.firstOffer = null;
    const handle = d.ConnectionHandle ?? '';
    if (this.call && !this.call.wrapSent) this.recorder.error(this.agentID, 'new call offered before the last was wrapped up', `${this.call.handle} → ${handle}`);
    this.call = { handle, holdSent: false, ended: false, wrapSent: false };
    if (d.campaignType !== 'Preview' && d.campaignType !== 'Callback') return;
    let number = '';
    try {
      const contact = JSON.parse(d.JSONData ?? '{}') as { DefaultNumber?: string; ContactNumbers?: Array<{ Number: string }> };
      number = contact.DefaultNumber || contact.ContactNumbers?.[0]?.Number || '';
    } catch {
      this.recorder.error(this.agentID, 'OnOutboundCallInitiated JSONData is not JSON', (d.JSONData ?? '').slice(0, 200));
    }
    const jsonData = JSON.stringify({ connectionHandle: handle, numberToDial: number, custName: '' });
    const dial = (): void => {
      this.lastDialAt = performance.now();
      this.dialInvokeID = this.send('SendGenericCTICommand', { commandName: 'DialPOMPreviewCall', jsonData }, null, undefined, () => {
        this.dialInvokeID = 0;
      }, DONE_TIMEOUT_MS, 'DialPOMPreviewCall');
    };
    if (!this.pace || this.stage === 'stopping') {
      dial();
      return;
    }
    this.heldDial = dial;
    this.scheduleDial();
  }

  /** Paced: dials the preview in hand at its slot (once released). */
  private scheduleDial(): void {
    if (!this.pace || this.paceOrigin === null || !this.heldDial || this.dialTimer) return;
    const now = performance.now();
    const at = nextDialAt(this.pace, this.paceOrigin, this.lastDialAt, now);
    this.dialTimer = setTimeout(() => {
      this.dialTimer = null;
      this.dialHeldNow();
    }, at - now);
  }

  private dialHeldNow(): void {
    if (this.dialTimer) clearTimeout(this.dialTimer);
    this.dialTimer = null;
    const dial = this.heldDial;
    this.heldDial = null;
    dial?.();
  }

  private hold(): void {
    const call = this.call!;
    call.holdSent = true;
    const params = { sessionID: this.sessionID, connectionHandle: call.handle };
    this.send('Hold', params, 'HoldCallDone', () => {
      if (call.ended || this.call !== call) return;
      this.send('HoldReconnect', params, 'HoldReconnectDone', () => {
        if (call.ended || this.call !== call) return;
        this.send('DisconnectCall', { ...params, userUserInfo: '' }, 'DisconnectCallDone', () => {
          call.ended = true;
        });
      });
    });
  }

  private wrapUp(d: Record<string, string>): void {
    const call = this.call;
    if (!call || call.handle !== d.ConnectionHandle) {
      this.recorder.error(this.agentID, 'wrap-up data for an unknown call', `${d.ConnectionHandle} (in hand: ${call?.handle ?? 'none'})`);
      return;
    }
    call.ended = true;
    let code: { codeID: string; codeValue: string } | undefined;
    try {
      code = (JSON.parse(d.JSONData ?? '[]') as Array<{ codeID: string; codeValue: string }>)[0];
    } catch {
      code = undefined;
    }
    if (!code) {
      this.recorder.error(this.agentID, 'OnCallWrapUpDataEvent without completion codes', (d.JSONData ?? '').slice(0, 200));
      return;
    }
    call.wrapSent = true;
    const jsonData = JSON.stringify({ connectionHandle: call.handle, pCode: code.codeID, pValue: code.codeValue });
    const wrap = (): void => {
      this.send('SendGenericCTICommand', { commandName: 'WrapUpCallContact', jsonData }, 'OnCallWrapUpDone', undefined, undefined, DONE_TIMEOUT_MS, 'WrapUpCallContact');
    };
    if (this.breakEvery > 0 && this.stage === 'working' && this.pause === 'none' && !this.autoInPending && (this.cycles + 1) % this.breakEvery === 0) {
      // A short break: Not-Ready while in wrap-up (pending until the contact is disposed), Ready again at once.
      this.pause = 'break';
      this.send('SetAgentStateToAux', { sessionID: this.sessionID, agentID: this.agentID, agentState: 2, queue: '', reasonCode: BREAK_REASON }, 'SetAgentStateToAuxDone', wrap, wrap);
    } else {
      wrap();
    }
  }

  private maybeLogout(): void {
    if (this.stage !== 'stopping' || !this.auxDone || this.logoutSent || this.call || this.agentState !== 'NotReady') return;
    if (this.callState !== 'Idle' && this.callState !== 'NoState') return;
    this.logoutSent = true;
    const done = (): void => {
      this.stage = 'loggedOut';
      this.close();
    };
    this.send('AgentLogout', { sessionID: this.sessionID, agentID: this.agentID, queue: '', reasonCode: 0 }, 'SetAgentStateDone', () => {
      this.send('SecurityLogout', { extension: this.extension }, 'SecurityLogoutDone', done, done);
    }, () => this.close());
  }
}
