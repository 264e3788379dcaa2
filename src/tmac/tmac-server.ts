import { createHash, randomBytes } from 'node:crypto';
import type { Clock, TimerHandle } from '../clock/clock.ts';
import type { Store } from '../store/store.ts';
import type { TmacSessionRecord } from '../store/records.ts';
import type { TmacEvent } from '../cti/tmac-events.ts';
import { NailupError, validationError, conflict } from '../errors.ts';
import { ResultCode, resultMessage } from '../pom/result-codes.ts';
import { AuditLog } from '../audit/audit-log.ts';
import { DEFAULT_LOGIN_THROTTLE, LoginThrottle, tooManyAttempts, type LoginThrottleOptions } from '../auth/login-throttle.ts';
import { verifyDummyPassword } from '../store/password.ts';
import type { CtiLink } from './cti-link.ts';
import type { TmacOptions } from './desktop-config.ts';
import { DesktopSession, type DesktopMessage } from './desktop-session.ts';
import { applyAgentView, type DesktopState } from './desktop-state.ts';
import { prefillSalesScreen } from './sales-prefill.ts';

const SWEEP_MS = 5000;
/** The events after which describeConsult fills in names and the customer card. */
const CONSULT_EVENTS = new Set(['OnConsultCallInitiated', 'OnConsultNotify', 'OnConsultPending', 'OnTransferNotify', 'OnConferenceNotify']);
/**
 * While a consult is going the capabilities change without an A4 event (the consulted party answers,
 * a waiting consult connects): the TMAC server reads them this often until the consult is over.
 */
const CONSULT_POLL_MS = 1000;
/** How long the TMAC server waits for the CTI server's answer to a login step. */
const LOGIN_STEP_TIMEOUT_MS = 10_000;
/** How many desktop sessions a new leader resumes at once. */
const RESUME_BATCH = 50;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

const loginFailed = (tmacCode: number, message: string): NailupError => new NailupError('LOGIN_FAILED', message, undefined, { tmacCode });
/** The one answer for an unknown LAN ID, a wrong password and a disabled agent. */
const authenticationFailed = (): NailupError => loginFailed(-ResultCode.AuthenticationFailed, resultMessage(ResultCode.AuthenticationFailed));
const refused = (tmacCode: number): NailupError => new NailupError('CONFLICT', `${resultMessage(tmacCode)} (${tmacCode})`, undefined, { tmacCode });

/**
 * The TMAC server: agent sessions for the web client. Logs agents in and out through the CTI server
 * (A3/A4), keeps each desktop's state from the A4 events, turns clicks into CTI commands, records what
 * every agent did, and times idle sessions out.
 */
export class TmacServer {
  private readonly sessions = new Map<string, DesktopSession>();
  /** Failed desktop logins per LAN ID and per client address; in memory, this process only (login-throttle.ts). */
  readonly loginThrottle: LoginThrottle;
  private readonly audit: AuditLog;
  private invokeCounter = 0;
  private sweepTimer: TimerHandle | null = null;

  constructor(
    private readonly cti: CtiLink,
    private readonly store: Store,
    private readonly clock: Clock,
    readonly options: TmacOptions,
    /** Throttling of failed logins (config `logins`); the defaults when absent. */
    logins: LoginThrottleOptions = DEFAULT_LOGIN_THROTTLE,
  ) {
    this.loginThrottle = new LoginThrottle(logins);
    this.audit = new AuditLog(store, clock);
  }

  /**
   * Sessions a previous run left open: ended (one process: their desktops' sockets died with it), or with
   * `resume` (a dialer that takes over the lead) resumed: each agent logged on again as it was, Ready or in
   * Aux with its reason, so that the desktop comes back without a new login.
   */
  async start(options: { resume?: boolean } = {}): Promise<void> {
    const open = await this.store.tmacSessions.open();
    if (options.resume) {
      for (let i = 0; i < open.length; i += RESUME_BATCH) await Promise.all(open.slice(i, i + RESUME_BATCH).map((row) => this.resume(row)));
    } else {
      for (const row of open) await this.store.tmacSessions.end(row.tokenHash, this.clock.now(), 'server restarted');
    }
    this.scheduleSweep();
  }

  /** Every message to every desktop, with its session's token hash: a gateway's desktops get theirs this way. */
  readonly broadcast = new Set<(tokenHash: string, message: DesktopMessage) => void>();

  private track(session: DesktopSession): void {
    session.listeners.add((message) => {
      for (const listener of this.broadcast) listener(session.tokenHash, message);
    });
    session.unsubscribe = this.cti.subscribe(session.extension, (event) => this.onEvent(session, event));
  }

  /** A session whose agent the CTI server has logged on again (CtiServer.resumeLogins) is the desktop's again. */
  private async resume(row: TmacSessionRecord): Promise<void> {
    const now = this.clock.now();
    const agent = await this.store.agents.findByAgentId(row.agentId);
    const view = agent && (await this.cti.agentView(agent.agentId));
    if (!agent || !agent.enabled || row.expiresAt <= now || view?.extension !== row.extension) {
      await this.store.tmacSessions.end(row.tokenHash, now, 'server restarted');
      return;
    }
    const session = new DesktopSession(row.tokenHash, agent, row.extension, row.createdAt, row.lastSeenAt, row.expiresAt, emptyState(agent.agentId, agent.lanId, agent.name, row.extension, now));
    this.updateExpiry(session);
    this.track(session);
    try {
      await this.loginStep(session, 'SecurityLogin', { extension: row.extension }, 'SecurityLoginDone');
      await this.loginStep(session, 'MonitorDevice', { sessionID: session.ctiSessionID, extension: row.extension }, 'MonitorDeviceDone');
    } catch (error) {
      session.unsubscribe();
      await this.store.tmacSessions.end(row.tokenHash, this.clock.now(), 'could not be resumed after a failover');
      await this.record(agent.agentId, 'resume', { extension: row.extension, error: (error as Error).message }, error instanceof NailupError ? (error.tmacCode ?? -1) : -1);
      return;
    }
    this.sessions.set(row.tokenHash, session);
    await this.refresh(session);
    session.push();
    await this.record(agent.agentId, 'resume', { extension: row.extension, state: session.state.agentState }, 0);
  }

  /** The state of a live session, for a gateway that opens its desktop's socket; 401 when it has ended. */
  attach(tokenHash: string): DesktopState {
    const session = this.sessions.get(tokenHash);
    if (!session || session.ended) throw new NailupError('SESSION_EXPIRED', 'the session has expired or does not exist; log in again', 'token');
    return session.state;
  }

  stop(): void {
    this.sweepTimer?.cancel();
    for (const session of this.sessions.values()) {
      session.unsubscribe();
      session.consultPoll?.cancel();
      session.consultPoll = null;
    }
  }

  desktopConfig(): Record<string, unknown> {
    const o = this.options;
    return {
      reasonCodes: o.reasonCodes,
      callbackTypes: ['Agent', 'Campaign', 'StrictAgent'],
      salesScreens: o.salesScreens.map((s) => ({ id: s.id, name: s.name, fields: s.fields.map(({ source: _source, ...f }) => f) })),
      session: { idleTimeoutSeconds: o.idleTimeoutSeconds, lifetimeSeconds: o.lifetimeSeconds, warnBeforeSeconds: o.warnBeforeSeconds },
    };
  }

  private nextInvokeID(): number {
    this.invokeCounter = (this.invokeCounter % 2_000_000_000) + 1;
    return this.invokeCounter;
  }

  // ── login and logout ─────────────────────────────────────────────────────

  /**
   * Logs an agent in from the desktop at `client.address`. An unknown LAN ID gets the wrong password's
   * answer (-17) after the same work (a dummy scrypt verification: the dialer verifies a known agent's);
   * while the LAN ID or the address is locked out after failures, 429 TOO_MANY_ATTEMPTS (-17), unchecked.
   * Every attempt is audited (docs/security.md, "Logins").
   */
  async login(body: unknown, client: { address?: string } = {}): Promise<{ token: string; session: DesktopSession }> {
    const address = client.address ?? '';
    const typed = (typeof body === 'object' && body !== null && typeof (body as { lanId?: unknown }).lanId === 'string' ? (body as { lanId: string }).lanId.trim() : '').slice(0, 128);
    const audit = (outcome: 'ok' | 'failed', details: Record<string, unknown>, refused = 0): Promise<unknown> => this.audit.record({ username: typed || '(none)', role: 'agent' }, {
      action: 'desktopLogin', target: typed, outcome, ...(refused > 0 ? { counts: { refusedWhileLockedOut: refused } } : {}), details: { address, ...details },
    });
    let fields: ReturnType<typeof loginFields>;
    try {
      fields = loginFields(body);
    } catch (error) {
      await audit('failed', { reason: 'invalid', error: (error as Error).message });
      throw error;
    }
    const { lanId, extension, password } = fields;
    const attempt = { name: lanId, address };
    const lockout = this.loginThrottle.check(attempt, this.clock.now());
    if (lockout) {
      const error = tooManyAttempts(lockout, -ResultCode.AuthenticationFailed);
      // Audited once per lock-out; the attempts refused after it are counted on the next record of the name.
      if (lockout.refusedBefore === 0) await audit('failed', { reason: 'throttled', extension, lockedOutBy: lockout.by, retryAfterSeconds: lockout.retryAfterSeconds });
      throw error;
    }
    const agent = await this.store.agents.findByLanId(lanId);
    if (!agent) {
      // The same work, time and answer as a known agent's wrong password.
      verifyDummyPassword(password);
      const refused = this.loginThrottle.fail(attempt, this.clock.now());
      await audit('failed', { reason: 'unknownUser', extension, tmacCode: -ResultCode.AuthenticationFailed }, refused);
      throw authenticationFailed();
    }
    const now = this.clock.now();
    const token = randomBytes(24).toString('base64url');
    const tokenHash = hashToken(token);
    const state = emptyState(agent.agentId, agent.lanId, agent.name, extension, now);
    const session = new DesktopSession(tokenHash, agent, extension, now, now, now + this.options.lifetimeSeconds * 1000, state);
    this.updateExpiry(session);
    this.track(session);
    try {
      await this.loginStep(session, 'SecurityLogin', { extension }, 'SecurityLoginDone');
      await this.loginStep(session, 'AgentLogin', { extension, agentID: agent.agentId, agentPassword: password }, 'SetAgentStateDone');
      await this.loginStep(session, 'MonitorDevice', { sessionID: session.ctiSessionID, extension }, 'MonitorDeviceDone');
    } catch (error) {
      session.unsubscribe();
      const tmacCode = error instanceof NailupError ? (error.tmacCode ?? -1) : -1;
      await this.record(agent.agentId, 'login', { lanId, extension }, tmacCode);
      // -17: a wrong password or a disabled agent (-2 cannot come for a LAN ID the store knows; if it did, it is answered as -17).
      if (tmacCode === -ResultCode.AuthenticationFailed || tmacCode === -ResultCode.NotRegistered) {
        const refused = this.loginThrottle.fail(attempt, this.clock.now());
        await audit('failed', { reason: agent.enabled ? 'wrongPassword' : 'disabled', extension, agentId: agent.agentId, tmacCode: -ResultCode.AuthenticationFailed }, refused);
        throw authenticationFailed();
      }
      // Refused after the password was right (already logged in, no POM link…): not a failed password.
      await audit('failed', { reason: 'refused', extension, agentId: agent.agentId, tmacCode, error: (error as Error).message });
      throw error;
    }
    await this.store.tmacSessions.create({ tokenHash, agentId: agent.agentId, lanId, extension, createdAt: now, lastSeenAt: now, expiresAt: session.expiresAt });
    this.sessions.set(tokenHash, session);
    await this.refresh(session);
    await this.record(agent.agentId, 'login', { lanId, extension }, 0);
    const refused = this.loginThrottle.succeed(attempt, this.clock.now());
    await audit('ok', { extension, agentId: agent.agentId }, refused);
    return { token, session };
  }

  /** Sends one CTI command and waits for its Done event; a failure becomes a 401 with the spec's code and message. */
  private async loginStep(session: DesktopSession, command: string, body: Record<string, unknown>, doneEvent: string): Promise<void> {
    const invokeID = String(this.nextInvokeID());
    session.sent(Number(invokeID));
    const done = session.waitFor((e) => e.eventName === doneEvent && e.eventData.InvokeID === invokeID, LOGIN_STEP_TIMEOUT_MS);
    const result = await this.cti.execute(command, { ...body, invokeID: Number(invokeID) });
    if (result !== 0) throw loginFailed(result, resultMessage(result));
    const event = await done;
    if (!event) throw loginFailed(-9999, 'The CTI server did not answer');
    const code = Number(event.eventData.ErrorCode ?? 0);
    if (code !== 0) throw loginFailed(code, event.eventData.ErrorInfo ?? resultMessage(code));
  }

  async logout(session: DesktopSession, reason = 'logged out'): Promise<void> {
    const { agentID, extension } = session;
    session.loggingOut = true;
    try {
      await this.logoutSteps(session, agentID, extension);
    } finally {
      session.loggingOut = false;
    }
    await this.end(session, reason);
  }

  private async logoutSteps(session: DesktopSession, agentID: string, extension: string): Promise<void> {
    if (session.state.agentState !== 'NotReady') {
      const aux = this.options.reasonCodes[0]?.code ?? 0;
      await this.commandAndWait(session, 'SetAgentStateToAux', { sessionID: session.ctiSessionID, agentID, agentState: 0, queue: '', reasonCode: aux }, 'SetAgentStateToAuxDone');
    }
    const code = await this.commandAndWait(session, 'AgentLogout', { sessionID: session.ctiSessionID, agentID, queue: '', reasonCode: 0 }, 'SetAgentStateDone');
    if (code !== 0) throw refused(code);
    await this.commandAndWait(session, 'SecurityLogout', { extension }, 'SecurityLogoutDone');
  }

  private async commandAndWait(session: DesktopSession, command: string, body: Record<string, unknown>, doneEvent: string): Promise<number> {
    const invokeID = this.nextInvokeID();
    session.sent(invokeID);
    const done = session.waitFor((e) => e.eventName === doneEvent && e.eventData.InvokeID === String(invokeID), LOGIN_STEP_TIMEOUT_MS);
    const result = await this.cti.execute(command, { ...body, invokeID });
    if (result !== 0) return result;
    const event = await done;
    return event ? Number(event.eventData.ErrorCode ?? 0) : -9999;
  }

  private async end(session: DesktopSession, reason: string): Promise<void> {
    if (session.ended) return;
    session.ended = true;
    session.unsubscribe();
    session.consultPoll?.cancel();
    session.consultPoll = null;
    this.sessions.delete(session.tokenHash);
    await this.store.tmacSessions.end(session.tokenHash, this.clock.now(), reason);
    await this.record(session.agentID, 'logout', { reason }, 0);
    session.send({ type: 'loggedOut', reason });
  }

  // ── sessions ─────────────────────────────────────────────────────────────

  /** The live session of a bearer token; 401 when there is none or it has expired. */
  authenticate(token: string | undefined): DesktopSession {
    const session = token ? this.sessions.get(hashToken(token)) : undefined;
    if (!session || session.ended) throw new NailupError('SESSION_EXPIRED', 'the session has expired or does not exist; log in again', 'token');
    return session;
  }

  /** A request from the agent: the idle clock starts again. */
  async touch(session: DesktopSession): Promise<void> {
    session.lastSeenAt = this.clock.now();
    session.warned = false;
    this.updateExpiry(session);
    await this.store.tmacSessions.touch(session.tokenHash, session.lastSeenAt);
  }

  private updateExpiry(session: DesktopSession): void {
    session.state.session = { expiresAt: session.expiresAt, idleExpiresAt: session.lastSeenAt + this.options.idleTimeoutSeconds * 1000 };
  }

  private scheduleSweep(): void {
    this.sweepTimer = this.clock.setTimer(SWEEP_MS, () => {
      this.scheduleSweep();
      void this.sweep();
    });
  }

  /** Warns desktops whose session is about to expire, and ends the expired ones. */
  private async sweep(): Promise<void> {
    const now = this.clock.now();
    for (const session of [...this.sessions.values()]) {
      const deadline = Math.min(session.expiresAt, session.state.session.idleExpiresAt);
      if (now >= deadline) {
        await this.expire(session);
      } else if (!session.warned && now >= deadline - this.options.warnBeforeSeconds * 1000) {
        session.warned = true;
        session.send({ type: 'sessionWarning', expiresAt: deadline });
      }
    }
  }

  private async expire(session: DesktopSession): Promise<void> {
    try {
      await this.logout(session, 'session expired');
    } catch {
      // On a call the agent cannot log out yet: the desktop session ends, the agent goes Not-Ready.
      await this.end(session, 'session expired');
    }
  }

  async state(session: DesktopSession): Promise<DesktopState> {
    await this.refresh(session);
    return session.state;
  }

  private onEvent(session: DesktopSession, event: TmacEvent): void {
    session.receive(event, this.clock.now(), () => void this.refresh(session).then(() => session.push()));
    if (CONSULT_EVENTS.has(event.eventName)) void this.describeConsult(session).catch(() => {});
    if (consultGoing(session.state)) this.watchConsult(session);
    if (event.eventName === 'OnAgentLoggedOut' && event.eventData.AgentID === session.agentID && !session.loggingOut && this.sessions.has(session.tokenHash)) {
      void this.end(session, 'logged out by the dialer');
    }
  }

  /**
   * Fills in what the consult events do not carry: the other agent's name, and at the destination the
   * customer card (the contact's JSONData has no name), taken from the requesting agent's desktop when it
   * shows the same contact and the CTI server has sent no OnOutboundCallUUIData for the consult leg.
   */
  private async describeConsult(session: DesktopSession): Promise<void> {
    const { consult, call } = session.state;
    let changed = false;
    if (consult && consult.requestingAgentName === '' && consult.requestingAgentID !== '') {
      const name = consult.requestingAgentID === session.agentID ? session.agent.name : (await this.store.agents.findByAgentId(consult.requestingAgentID))?.name;
      if (name) {
        consult.requestingAgentName = name;
        changed = true;
      }
    }
    if (consult && consult.destinationName === '' && consult.type === 'Agent' && consult.destination !== '') {
      const name = (await this.store.agents.findByAgentId(consult.destination))?.name;
      if (name) {
        consult.destinationName = name;
        changed = true;
      }
    }
    for (const waiting of session.state.consultsWaiting) {
      if (waiting.requestingAgentName !== '' || waiting.requestingAgentID === '') continue;
      const name = (await this.store.agents.findByAgentId(waiting.requestingAgentID))?.name;
      if (name) {
        waiting.requestingAgentName = name;
        changed = true;
      }
    }
    const from = consult?.role === 'destination' ? consult.requestingAgentID : call?.transferredFrom;
    if (call && call.customer === null && from) {
      const contactID = call.contact.ContactID;
      const source = [...this.sessions.values()].find((s) => s !== session && s.agentID === from && s.state.call?.customer && contactID !== undefined && s.state.call.contact.ContactID === contactID);
      const customer = source?.state.call?.customer;
      if (customer) {
        call.customer = structuredClone(customer);
        changed = true;
      }
    }
    if (changed) session.push();
  }

  /** Reads the agent's view every CONSULT_POLL_MS while a consult is going; pushes the state when it changed. */
  private watchConsult(session: DesktopSession): void {
    if (session.consultPoll || session.ended) return;
    session.consultPoll = this.clock.setTimer(CONSULT_POLL_MS, () => {
      void (async () => {
        const before = JSON.stringify([session.state.callState, session.state.capabilities, session.state.consult?.state]);
        try {
          await this.refresh(session);
        } catch {
          // The next tick tries again.
        }
        session.consultPoll = null;
        if (session.ended) return;
        if (JSON.stringify([session.state.callState, session.state.capabilities, session.state.consult?.state]) !== before) session.push();
        if (consultGoing(session.state)) this.watchConsult(session);
      })();
    });
  }

  /** Capabilities and states as the CTI server has them now. */
  private async refresh(session: DesktopSession): Promise<void> {
    const view = await this.cti.agentView(session.agentID);
    if (view) applyAgentView(session.state, view);
  }

  // ── commands ─────────────────────────────────────────────────────────────

  async command(session: DesktopSession, name: string, body: unknown): Promise<void> {
    const input = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
    await this.touch(session);
    if (name === 'extendSession') {
      if (session.expiresAt - this.clock.now() <= this.options.warnBeforeSeconds * 1000) throw conflict('the session has reached its maximum lifetime; log in again');
      session.push();
      return;
    }
    if (name === 'logout') {
      await this.logout(session);
      return;
    }
    if (name === 'salesRecord') {
      await this.saveSalesRecord(session, input);
      return;
    }
    const [command, params] = this.ctiCommandFor(session, name, input);
    const invokeID = this.nextInvokeID();
    session.sent(invokeID);
    const result = await this.cti.execute(command, { ...params, invokeID });
    await this.record(session.agentID, name, input, result);
    if (result !== 0) throw refused(result);
  }

  /** The CTI command (and its parameters) for a desktop command. */
  private ctiCommandFor(session: DesktopSession, name: string, input: Record<string, unknown>): [string, Record<string, unknown>] {
    const base = { sessionID: session.ctiSessionID, agentID: session.agentID };
    const handle = (): string => {
      const call = session.state.call;
      if (!call) throw validationError('call', 'there is no call on the desktop');
      return call.connectionHandle;
    };
    const generic = (commandName: string, data: Record<string, string>): [string, Record<string, unknown>] =>
      ['SendGenericCTICommand', { commandName, jsonData: JSON.stringify(data) }];
    switch (name) {
      case 'ready':
        return ['SetAgentStateToManualIn', { ...base, agentState: 3, queue: '' }];
      case 'notReady': {
        const reasonCode = input.reasonCode;
        if (typeof reasonCode !== 'number' || !this.options.reasonCodes.some((r) => r.code === reasonCode)) {
          throw validationError('reasonCode', `must be one of ${this.options.reasonCodes.map((r) => r.code).join(', ')}`);
        }
        return ['SetAgentStateToAux', { ...base, agentState: 0, queue: '', reasonCode }];
      }
      case 'dial': {
        const number = str(input, 'number');
        const c = session.state.call?.customer;
        return generic('DialPOMPreviewCall', { connectionHandle: handle(), numberToDial: number, custName: c ? `${c.firstName} ${c.lastName}`.trim() : '' });
      }
      case 'cancelPreview':
        return generic('CancelPOMPreviewCall', { connectionHandle: handle() });
      case 'extendWrapup':
        return generic('ExtendPOMWrapup', { connectionHandle: handle() });
      case 'redial':
        return generic('RedialPOMCall', { connectionHandle: handle(), numberToDial: str(input, 'number') });
      case 'hold':
        return ['Hold', { sessionID: base.sessionID, connectionHandle: handle() }];
      case 'unhold':
        return ['HoldReconnect', { sessionID: base.sessionID, connectionHandle: handle() }];
      case 'disconnect':
        return ['DisconnectCall', { sessionID: base.sessionID, connectionHandle: handle() }];
      case 'wrapup': {
        const codeID = str(input, 'codeID');
        const code = session.state.call?.wrapup?.codes.find((c) => c.codeID === codeID);
        if (input.notes !== undefined && typeof input.notes !== 'string') throw validationError('notes', 'must be a string');
        return generic('WrapUpCallContact', { connectionHandle: handle(), pCode: codeID, pValue: code?.codeValue ?? '' });
      }
      case 'callback': {
        const type = str(input, 'type');
        if (!['Agent', 'Campaign', 'StrictAgent'].includes(type)) throw validationError('type', 'must be Agent, Campaign or StrictAgent');
        const date = str(input, 'date');
        const time = str(input, 'time');
        const timeZone = str(input, 'timeZone');
        const at = zonedTimeToEpoch(date, time, timeZone);
        if (at <= this.clock.now()) throw validationError('time', 'the callback must be in the future');
        const notes = typeof input.notes === 'string' ? input.notes : '';
        return generic('CreatePOMCallback', {
          connectionHandle: handle(), callbackType: type, callbackTime: new Date(at).toISOString(), callbackTimezone: timeZone, number: str(input, 'number'), notes,
        });
      }
      case 'consultDestinations': {
        const type = str(input, 'type');
        if (type !== 'Agent' && type !== 'External') throw validationError('type', 'must be Agent or External');
        return generic('GetConsultDestinationAgentsList', { connectionHandle: handle(), consultType: type });
      }
      case 'consult': {
        const type = str(input, 'type');
        if (type !== 'Agent' && type !== 'External') throw validationError('type', 'must be Agent or External');
        const destination = consultDestination(type, str(input, 'destination'), session.agentID);
        return generic('ConsultPOMCall', { connectionHandle: handle(), destinationType: type, destination });
      }
      case 'transfer':
        return generic('TransferPOMCall', { connectionHandle: handle() });
      case 'conference':
        return generic('ConferencePOMCall', { connectionHandle: handle() });
      case 'cancelConsult':
        return generic('CancelPOMConsult', { connectionHandle: handle() });
      case 'leaveConference':
        return generic('LeavePOMConference', { connectionHandle: handle() });
      case 'endConference':
        return generic('EndPOMConference', { connectionHandle: handle() });
      default:
        throw validationError('command', `unknown desktop command ${JSON.stringify(name)}`);
    }
  }

  prefill(session: DesktopSession, screenId: string): Record<string, string> {
    const screen = this.options.salesScreens.find((s) => s.id === screenId);
    if (!screen) throw new NailupError('NOT_FOUND', `no sales screen ${screenId}`, 'screenId');
    return prefillSalesScreen(screen, session.state.call?.customer ?? null);
  }

  private async saveSalesRecord(session: DesktopSession, input: Record<string, unknown>): Promise<void> {
    const screenId = str(input, 'screenId');
    const screen = this.options.salesScreens.find((s) => s.id === screenId);
    if (!screen) throw validationError('screenId', `no sales screen ${screenId}`);
    const call = session.state.call;
    if (!call) throw validationError('call', 'there is no call on the desktop');
    const raw = input.fields;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw validationError('fields', 'must be an object of field values');
    const fields: Record<string, string> = {};
    for (const field of screen.fields) {
      const value = (raw as Record<string, unknown>)[field.key];
      if (value !== undefined && typeof value !== 'string') throw validationError(`fields.${field.key}`, 'must be a string');
      const text = (value ?? '').trim();
      if (field.required && text === '') throw validationError(`fields.${field.key}`, `${field.label} is required`);
      if (field.type === 'number' && text !== '' && !Number.isFinite(Number(text))) throw validationError(`fields.${field.key}`, `${field.label} must be a number`);
      if (field.type === 'select' && text !== '' && !field.options?.includes(text)) throw validationError(`fields.${field.key}`, `${field.label} must be one of ${field.options?.join(', ')}`);
      fields[field.key] = text;
    }
    const contactId = typeof call.contact.ContactID === 'number' ? call.contact.ContactID : null;
    await this.store.salesRecords.insert({
      agentId: session.agentID, at: this.clock.now(), screenId, connectionHandle: call.connectionHandle, campaignName: call.campaignName, contactId, fields,
    });
    await this.record(session.agentID, 'salesRecord', { screenId, connectionHandle: call.connectionHandle }, 0);
    call.salesRecordSaved = true;
    session.push();
  }

  private async record(agentId: string, action: string, details: Record<string, unknown>, result: number): Promise<void> {
    const { password: _password, ...safe } = details;
    await this.store.agentActions.insert({ agentId, at: this.clock.now(), action, details: safe, result });
  }

  subscribe(session: DesktopSession, listener: (message: DesktopMessage) => void): () => void {
    session.listeners.add(listener);
    return () => session.listeners.delete(listener);
  }
}

/** A consult (or a conference) is going on this desktop, or one waits for the agent. */
const consultGoing = (state: DesktopState): boolean =>
  (state.consult !== null && state.consult.state !== 'ended') || state.consultsWaiting.length > 0;

/** An agent ID, or a phone number typed by the agent: `+`, digits and the usual separators, sent as `+` and digits. */
function consultDestination(type: 'Agent' | 'External', value: string, ownAgentID: string): string {
  if (value.length > 64) throw validationError('destination', 'is too long (64 characters at most)');
  if (type === 'Agent') {
    if (!/^[A-Za-z0-9._-]+$/.test(value)) throw validationError('destination', 'must be an agent ID');
    if (value === ownAgentID) throw validationError('destination', 'cannot consult yourself');
    return value;
  }
  if (!/^\+?[0-9][0-9 ().-]*$/.test(value)) throw validationError('destination', 'must be a phone number (digits, optionally a leading +)');
  const number = value.replace(/[ ().-]/g, '');
  if (number.replace('+', '').length < 3 || number.length > 20) throw validationError('destination', 'must be a phone number of 3 to 19 digits');
  return number;
}

function loginFields(body: unknown): { lanId: string; extension: string; password: string } {
  const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  return { lanId: str(input, 'lanId'), extension: str(input, 'extension'), password: str(input, 'password') };
}

function str(input: Record<string, unknown>, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value.trim() === '') throw validationError(field, 'is required (a non-empty string)');
  return value.trim();
}

function emptyState(agentID: string, lanId: string, name: string, extension: string, now: number): DesktopState {
  return {
    agent: { agentID, lanId, name, extension },
    agentState: 'NotReady', callState: 'NoState', nailedStatus: 'NotNailedUp', reasonCode: 0, stateSince: now,
    blend: 'outbound', blendQueue: null, blendSince: 0, capabilities: {}, call: null, consultDestinations: null, consult: null, consultsWaiting: [],
    session: { expiresAt: 0, idleExpiresAt: 0 }, lastError: null,
  };
}

/** "2026-01-06" + "14:30" in an IANA time zone → epoch ms. */
export function zonedTimeToEpoch(date: string, time: string, timeZone: string): number {
  const dm = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!dm) throw validationError('date', 'must be YYYY-MM-DD');
  const tm = /^(\d{2}):(\d{2})$/.exec(time);
  if (!tm) throw validationError('time', 'must be HH:MM');
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  } catch {
    throw validationError('timeZone', `${timeZone} is not an IANA time zone`);
  }
  const asUtc = Date.UTC(Number(dm[1]), Number(dm[2]) - 1, Number(dm[3]), Number(tm[1]), Number(tm[2]));
  if (!Number.isFinite(asUtc) || Number(dm[2]) > 12 || Number(dm[3]) > 31 || Number(tm[1]) > 23 || Number(tm[2]) > 59) throw validationError('date', 'is not a real date and time');
  // The zone's offset at that instant, applied twice to settle across a DST change.
  let guess = asUtc;
  for (let i = 0; i < 2; i++) {
    const parts = Object.fromEntries(formatter.formatToParts(guess).map((p) => [p.type, p.value]));
    const shown = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
    guess += asUtc - shown;
  }
  return guess;
}
