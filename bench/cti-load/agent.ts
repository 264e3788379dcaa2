/**
 * One simulated agent desktop, as a TMAC server drives it: commands over A3 (HTTP, keep-alive), events
 * over its own A4 WebSocket (`?extension=`). It logs in, goes Ready, and works every contact offered:
 * DialPOMPreviewCall (preview), Hold, HoldReconnect, DisconnectCall, WrapUpCallContact with the first
 * completion code; then the next contact; every few calls a short break (SetAgentStateToAux during
 * wrap-up, SetAgentStateToAutoIn once Not-Ready). On stop it goes Not-Ready, finishes the call in hand and logs out.
 */
import http from 'node:http';
import { WebSocket } from 'ws';
import type { Recorder } from './metrics.ts';

interface A4Event {
  eventName: string;
  extension: string;
  eventData: Record<string, string>;
}

/** A command waiting for the event that completes it. */
interface Pending {
  label: string;
  /** The event echoing the invokeID; null: completed by the agent itself (DialPOMPreviewCall). */
  doneEvent: string | null;
  sentAt: number;
  timeoutMs: number;
  onDone?: () => void;
}

interface CallInHand {
  handle: string;
  campaignType: string;
  holdSent: boolean;
  unholdSent: boolean;
  disconnectSent: boolean;
  /** The call is over (customer hung up, dial failed, or released): no more call control. */
  ended: boolean;
  wrapSent: boolean;
}

/** Done events of commands completed inside one agent's flow (setup and stop wait longer: logins are serialised by scrypt). */
const DONE_TIMEOUT_MS = 10_000;
const SETUP_TIMEOUT_MS = 300_000;

/** Aux reason codes: a break between calls, and the end of the shift. */
const BREAK_REASON = 2;
const STOP_REASON = 1;

let nextInvokeID = 1;

export class A3Client {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

  constructor(private readonly baseUrl: string) {}

  post(command: string, body: Record<string, unknown>): Promise<{ status: number; text: string }> {
    const payload = JSON.stringify(body);
    return new Promise((resolve) => {
      const request = http.request(`${this.baseUrl}/cti/v1/commands/${command}`, {
        method: 'POST',
        agent: this.agent,
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
    this.agent.destroy();
  }
}

export type AgentStage = 'new' | 'login' | 'working' | 'stopping' | 'loggedOut' | 'failed';

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
  private onBreak = false;
  private logoutSent = false;
  private dialInvokeID = 0;
  private readonly failures = new Map<number, (() => void) | undefined>();
  private firstOffer: (() => void) | null = null;
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
  ) {
    this.sessionID = `load-${agentID}`;
    this.firstOfferReceived = new Promise((resolve) => (this.firstOffer = resolve));
    this.loggedOut = new Promise((resolve) => (this.finished = resolve));
  }

  /** Connects A4, then SecurityLogin → AgentLogin → SetAgentStateToAutoIn; resolves when Ready is confirmed. */
  async start(): Promise<void> {
    this.stage = 'login';
    await this.connect();
    const ok = await this.step('SecurityLogin', { extension: this.extension }, 'SecurityLoginDone')
      && await this.step('AgentLogin', { extension: this.extension, agentID: this.agentID, agentPassword: this.password }, 'SetAgentStateDone')
      && await this.step('SetAgentStateToAutoIn', { sessionID: this.sessionID, agentID: this.agentID, agentState: 3, queue: '' }, 'SetAgentStateToAutoInDone');
    this.stage = ok ? 'working' : 'failed';
    if (!ok) this.close();
  }

  /** Not-Ready (pending while a call is in hand), then AgentLogout and SecurityLogout once idle. */
  stop(): Promise<void> {
    if (this.stage !== 'working') {
      this.close();
      return this.loggedOut;
    }
    this.stage = 'stopping';
    this.send('SetAgentStateToAux', { sessionID: this.sessionID, agentID: this.agentID, agentState: 2, queue: '', reasonCode: STOP_REASON }, 'SetAgentStateToAuxDone', () => {
      this.auxDone = true;
      this.maybeLogout();
    });
    return this.loggedOut;
  }

  /** Commands still waiting for their event past their time: reported once, then forgotten. */
  expire(now: number): void {
    for (const [invokeID, p] of this.pending) {
      if (now - p.sentAt < p.timeoutMs) continue;
      this.pending.delete(invokeID);
      this.recorder.error(this.agentID, `no ${p.doneEvent ?? 'call-state'} event for ${p.label}`, `invokeID ${invokeID} sent ${Math.round(now - p.sentAt)} ms ago; agent ${this.agentState}/${this.callState}`);
    }
  }

  close(): void {
    if (this.ws && this.ws.readyState !== WebSocket.CLOSED) this.ws.terminate();
    this.finished?.();
  }

  /** What the agent was doing, for agents that did not log out. */
  describe(): string {
    const waiting = [...this.pending.values()].map((p) => p.label).join(',');
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
        if (this.stage === 'working' || this.stage === 'stopping') this.recorder.error(this.agentID, 'A4 WebSocket closed by the server', this.describe());
      });
    });
  }

  private step(command: string, params: Record<string, unknown>, doneEvent: string): Promise<boolean> {
    return new Promise((resolve) => this.send(command, params, doneEvent, () => resolve(true), () => resolve(false), SETUP_TIMEOUT_MS));
  }

  /**
   * Sends a command with a fresh invokeID. `onDone` runs on its success event; `onFail` on a refusal
   * (HTTP status, result ≠ 0) or a failure event.
   */
  private send(
    command: string, params: Record<string, unknown>, doneEvent: string | null, onDone?: () => void, onFail?: () => void,
    timeoutMs = DONE_TIMEOUT_MS, label = command,
  ): number {
    const invokeID = nextInvokeID++;
    const sentAt = performance.now();
    const entry: Pending = { label, doneEvent, sentAt, timeoutMs, ...(onDone ? { onDone } : {}) };
    this.pending.set(invokeID, entry);
    this.failures.set(invokeID, onFail);
    this.recorder.commandsSent++;
    void this.a3.post(command, { ...params, invokeID }).then(({ status, text }) => {
      const at = performance.now();
      let result: unknown;
      try {
        result = (JSON.parse(text) as { result?: unknown }).result;
      } catch {
        result = undefined;
      }
      if (status === 200 && result === 0) {
        this.recorder.commandCompleted(at);
        return;
      }
      this.pending.delete(invokeID);
      this.recorder.error(this.agentID, status === 200 ? `${label} refused (result ${String(result)})` : `${label} HTTP ${status}`, text.slice(0, 200));
      this.fail(invokeID);
    });
    return invokeID;
  }

  private fail(invokeID: number): void {
    const onFail = this.failures.get(invokeID);
    this.failures.delete(invokeID);
    onFail?.();
  }

  private complete(invokeID: number, at: number): void {
    const p = this.pending.get(invokeID);
    if (!p) return;
    this.pending.delete(invokeID);
    this.failures.delete(invokeID);
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
        this.pending.delete(invokeID);
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
        if (this.onBreak && !this.call && this.agentState === 'NotReady' && this.stage === 'working') {
          this.onBreak = false;
          this.send('SetAgentStateToAutoIn', { sessionID: this.sessionID, agentID: this.agentID, agentState: 3, queue: '' }, 'SetAgentStateToAutoInDone');
        }
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

  private onOffer(d: Record<string, string>): void {
    this.offers++;
    this.firstOffer?.();
    this.firstOffer = null;
    const handle = d.ConnectionHandle ?? '';
    if (this.call && !this.call.wrapSent) this.recorder.error(this.agentID, 'new call offered before the last was wrapped up', `${this.call.handle} → ${handle}`);
    this.call = { handle, campaignType: d.campaignType ?? '', holdSent: false, unholdSent: false, disconnectSent: false, ended: false, wrapSent: false };
    if (d.campaignType !== 'Preview' && d.campaignType !== 'Callback') return;
    let number = '';
    try {
      const contact = JSON.parse(d.JSONData ?? '{}') as { DefaultNumber?: string; ContactNumbers?: Array<{ Number: string }> };
      number = contact.DefaultNumber || contact.ContactNumbers?.[0]?.Number || '';
    } catch {
      this.recorder.error(this.agentID, 'OnOutboundCallInitiated JSONData is not JSON', (d.JSONData ?? '').slice(0, 200));
    }
    const jsonData = JSON.stringify({ connectionHandle: handle, numberToDial: number, custName: '' });
    this.dialInvokeID = this.send('SendGenericCTICommand', { commandName: 'DialPOMPreviewCall', jsonData }, null, undefined, () => {
      this.dialInvokeID = 0;
    }, DONE_TIMEOUT_MS, 'DialPOMPreviewCall');
  }

  private hold(): void {
    const call = this.call!;
    call.holdSent = true;
    const params = { sessionID: this.sessionID, connectionHandle: call.handle };
    this.send('Hold', params, 'HoldCallDone', () => {
      if (call.ended || this.call !== call) return;
      call.unholdSent = true;
      this.send('HoldReconnect', params, 'HoldReconnectDone', () => {
        if (call.ended || this.call !== call) return;
        call.disconnectSent = true;
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
    if (this.breakEvery > 0 && this.stage === 'working' && (this.cycles + 1) % this.breakEvery === 0) {
      // A short break: Not-Ready while in wrap-up (pending until the contact is disposed), Ready again at once.
      this.onBreak = true;
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
