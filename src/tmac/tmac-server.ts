import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../clock/clock.ts';
import type { Store } from '../store/store.ts';
import type { AgentRecord, TmacSessionRecord } from '../store/records.ts';
import type { TmacEvent } from '../cti/tmac-events.ts';
import { NailupError, conflict, validationError } from '../errors.ts';
import { ResultCode, resultMessage } from '../pom/result-codes.ts';
import { AuditLog } from '../audit/audit-log.ts';
import { DEFAULT_LOGIN_THROTTLE, LoginThrottle, tooManyAttempts, type LoginThrottleOptions } from '../auth/login-throttle.ts';
import { verifyDummyPassword } from '../store/password.ts';
import type { CtiLink } from './cti-link.ts';
import type { TmacOptions } from './desktop-config.ts';
import { DesktopSession, END_REASONS, type DesktopMessage, type EndReason } from './desktop-session.ts';
import { applyAgentView, type DesktopState } from './desktop-state.ts';
import { prefillSalesScreen } from './sales-prefill.ts';
import { ConsultWatch } from './consult-watch.ts';
import { CALLBACK_TYPES, ctiCommandFor, notesCommandFor, str } from './desktop-commands.ts';
import { saveSalesRecord } from './sales-records.ts';
import { SessionSweep } from './session-sweep.ts';

export { zonedTimeToEpoch } from './desktop-commands.ts';

/** How long the TMAC server waits for the CTI server's answer to a login step. */
const LOGIN_STEP_TIMEOUT_MS = 10_000;
/** How many desktop sessions a new leader resumes at once. */
const RESUME_BATCH = 50;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

const loginFailed = (tmacCode: number, message: string): NailupError => new NailupError('LOGIN_FAILED', message, undefined, { tmacCode });
/** The one answer for an unknown LAN ID, a wrong password and a disabled agent. */
const authenticationFailed = (): NailupError => loginFailed(-ResultCode.AuthenticationFailed, resultMessage(ResultCode.AuthenticationFailed));
const refused = (tmacCode: number): NailupError => new NailupError('CONFLICT', `${resultMessage(tmacCode)} (${tmacCode})`, undefined, { tmacCode });
const takeOverRefused = (message: string, field?: string): NailupError =>
  new NailupError('TAKEOVER_REFUSED', message, field, { tmacCode: -ResultCode.AlreadyLoggedIn });

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
  /** Names, customer card and capabilities while a consult goes on (consult-watch.ts). */
  private readonly consults: ConsultWatch;
  private invokeCounter = 0;
  /** Idle and lifetime expiry (session-sweep.ts). */
  private readonly sweep: SessionSweep;

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
    this.sweep = new SessionSweep({
      clock, options, sessions: () => this.sessions.values(), logout: (session, reason) => this.logout(session, reason), end: (session, reason) => this.end(session, reason),
    });
    this.consults = new ConsultWatch({ store, clock, sessions: () => this.sessions.values(), refresh: (session) => this.refresh(session) });
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
      for (const row of open) await this.endRow(row, 'serverRestarted');
    }
    this.sweep.start();
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
      await this.endRow(row, 'serverRestarted');
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
      await this.endRow(row, 'resumeFailed');
      await this.record(agent.agentId, 'resume', { extension: row.extension, error: (error as Error).message }, error instanceof NailupError ? (error.tmacCode ?? -1) : -1);
      return;
    }
    this.sessions.set(row.tokenHash, session);
    await this.refresh(session);
    session.push();
    await this.record(agent.agentId, 'resume', { extension: row.extension, state: session.state.agentState }, 0);
  }

  /** A session's row that has no live session to end: ended in the store, and audited. */
  private async endRow(row: TmacSessionRecord, reason: EndReason): Promise<void> {
    await this.store.tmacSessions.end(row.tokenHash, this.clock.now(), END_REASONS[reason]);
    await this.auditLogout(row.lanId, row.agentId, row.extension, reason);
  }

  /** The state of a live session, for a gateway that opens its desktop's socket; 401 when it has ended. */
  attach(tokenHash: string): DesktopState {
    const session = this.sessions.get(tokenHash);
    if (!session || session.ended) throw new NailupError('SESSION_EXPIRED', 'the session has expired or does not exist; log in again', 'token');
    return session.state;
  }

  stop(): void {
    this.sweep.stop();
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
      callbackTypes: CALLBACK_TYPES,
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
   *
   * With `takeOver: true`, a login the dialer refuses with -7 (already logged in: it answers so only once the
   * password is verified, logon-checks.ts) takes over the agent's live desktop session on this server at the
   * same extension (takeOver below); without it, -7 as ever.
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
    const { lanId, extension, password, takeOver } = fields;
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
      if (takeOver && tmacCode === -ResultCode.AlreadyLoggedIn) return this.takeOver(agent, extension, address, attempt);
      // -17: a wrong password or a disabled agent (-2 cannot come for a LAN ID the store knows; if it did, it is answered as -17).
      if (tmacCode === -ResultCode.AuthenticationFailed || tmacCode === -ResultCode.NotRegistered) {
        const refused = this.loginThrottle.fail(attempt, this.clock.now());
        await audit('failed', { reason: agent.enabled ? 'wrongPassword' : 'disabled', extension, agentId: agent.agentId, tmacCode: -ResultCode.AuthenticationFailed, ...(takeOver ? { takeOver } : {}) }, refused);
        throw authenticationFailed();
      }
      // Refused after the password was right (already logged in, no POM link…): not a failed password.
      await audit('failed', { reason: 'refused', extension, agentId: agent.agentId, tmacCode, error: (error as Error).message, ...(takeOver ? { takeOver } : {}) });
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

  /**
   * The agent logs in again while its desktop session here lives on (a closed tab, another PC): the
   * password was verified by the dialer (its -7), so the live session gets a new token and stays as it
   * is — Ready, on a call, in wrap-up — like a reload. The old token ends: its requests get 401, its
   * sockets `{"type":"loggedOut","reason":"taken over"}`. The session's lifetime starts again (the
   * password was given). Refused (409 TAKEOVER_REFUSED, -7) at another extension than the session's, and
   * when the agent is logged on but not at a desktop of this server. Audited: desktopTakeOver, and the old
   * window's desktopLogout (takenOver).
   */
  private async takeOver(agent: AgentRecord, extension: string, address: string, attempt: { name: string; address: string }): Promise<{ token: string; session: DesktopSession }> {
    const actor = { username: agent.lanId, role: 'agent' };
    const refuse = async (reason: string, error: NailupError): Promise<never> => {
      await this.audit.record(actor, { action: 'desktopTakeOver', target: agent.lanId, outcome: 'failed', details: { address, extension, agentId: agent.agentId, reason, error: error.message } });
      throw error;
    };
    const session = [...this.sessions.values()].find((s) => s.agentID === agent.agentId && !s.ended && !s.loggingOut);
    if (!session) return refuse('noDesktopSession', takeOverRefused('Agent is already logged in, but not at a desktop of this server: a supervisor can log the agent out'));
    if (session.extension !== extension) {
      return refuse('otherExtension', takeOverRefused(`Agent is already logged in at extension ${session.extension}: log in with extension ${session.extension} to continue that session here`, 'extension'));
    }
    const now = this.clock.now();
    const oldHash = session.tokenHash;
    const token = randomBytes(24).toString('base64url');
    const tokenHash = hashToken(token);
    const expiresAt = now + this.options.lifetimeSeconds * 1000;
    await this.store.tmacSessions.create({ tokenHash, agentId: agent.agentId, lanId: agent.lanId, extension, createdAt: now, lastSeenAt: now, expiresAt });
    if (session.ended || session.loggingOut) {
      // Logged out while the row was written: nothing left to take over.
      await this.store.tmacSessions.end(tokenHash, this.clock.now(), END_REASONS[session.endingAs?.reason ?? 'dialer']);
      return refuse('sessionEnded', takeOverRefused('The session ended meanwhile: log in again'));
    }
    // In one step, nothing awaited: from here on the old token is refused and the new one is the session's.
    this.sessions.delete(oldHash);
    session.tokenHash = tokenHash;
    session.lastSeenAt = now;
    session.expiresAt = expiresAt;
    session.warned = false;
    session.expiredAs = null;
    this.updateExpiry(session);
    this.sessions.set(tokenHash, session);
    const last: DesktopMessage = { type: 'loggedOut', reason: END_REASONS.takenOver };
    session.retire(oldHash, last);
    for (const listener of this.broadcast) listener(oldHash, last);
    await this.store.tmacSessions.end(oldHash, now, END_REASONS.takenOver);
    await this.record(agent.agentId, 'takeOver', { lanId: agent.lanId, extension }, 0);
    await this.auditLogout(agent.lanId, agent.agentId, extension, 'takenOver', { address });
    const refusedBefore = this.loginThrottle.succeed(attempt, this.clock.now());
    await this.audit.record(actor, {
      action: 'desktopTakeOver', target: agent.lanId, outcome: 'ok', ...(refusedBefore > 0 ? { counts: { refusedWhileLockedOut: refusedBefore } } : {}),
      details: { address, extension, agentId: agent.agentId, sessionStartedAt: new Date(session.createdAt).toISOString() },
    });
    await this.refresh(session);
    session.push();
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

  async logout(session: DesktopSession, reason: EndReason = 'agent'): Promise<void> {
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

  /** Ends the desktop session (once: a second end waits for the first); `by`: the supervisor who logged the agent out. */
  private end(session: DesktopSession, reason: EndReason, by?: string): Promise<void> {
    session.ending ??= this.finish(session, reason, by);
    return session.ending;
  }

  private async finish(session: DesktopSession, reason: EndReason, by: string | undefined): Promise<void> {
    const text = END_REASONS[reason];
    session.ended = true;
    session.unsubscribe();
    session.consultPoll?.cancel();
    session.consultPoll = null;
    this.sessions.delete(session.tokenHash);
    await this.store.tmacSessions.end(session.tokenHash, this.clock.now(), text);
    await this.record(session.agentID, 'logout', { reason: text }, 0);
    await this.auditLogout(session.agent.lanId, session.agentID, session.extension, reason, by === undefined ? {} : { by });
    session.send({ type: 'loggedOut', reason: text });
  }

  /** A desktop logout in the audit log, beside the logins (desktopLogin): why, and for whom. */
  private async auditLogout(lanId: string, agentId: string, extension: string, reason: EndReason, more: Record<string, unknown> = {}): Promise<void> {
    await this.audit.record({ username: lanId, role: 'agent' }, { action: 'desktopLogout', target: lanId, outcome: 'ok', details: { reason, agentId, extension, ...more } });
  }

  /**
   * A supervisor logs the agent out: `logoff` (the caller's forced logoff at the dialer) ends the agent's
   * desktop sessions here, with the reason "logged out by a supervisor" rather than the dialer's. Resolves
   * once they have ended, with how many there were.
   */
  async logoutBySupervisor(agentId: string, by: string, logoff: () => Promise<void>): Promise<number> {
    const sessions = [...this.sessions.values()].filter((s) => s.agentID === agentId && !s.ended);
    for (const session of sessions) session.endingAs = { reason: 'supervisor', by };
    try {
      await logoff();
    } catch (error) {
      for (const session of sessions) session.endingAs = null;
      throw error;
    }
    await Promise.all(sessions.map((session) => this.end(session, 'supervisor', by)));
    return sessions.length;
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
    // Back at the desktop: an idle expiry waiting for the contact to end no longer applies (a lifetime one does).
    if (session.expiredAs === 'idleTimeout') session.expiredAs = null;
    this.updateExpiry(session);
    await this.store.tmacSessions.touch(session.tokenHash, session.lastSeenAt);
  }

  private updateExpiry(session: DesktopSession): void {
    session.state.session = { expiresAt: session.expiresAt, idleExpiresAt: session.lastSeenAt + this.options.idleTimeoutSeconds * 1000 };
  }

  async state(session: DesktopSession): Promise<DesktopState> {
    await this.refresh(session);
    return session.state;
  }

  private onEvent(session: DesktopSession, event: TmacEvent): void {
    session.receive(event, this.clock.now(), () => void this.refresh(session).then(() => session.push()));
    this.consults.onEvent(session, event);
    if (event.eventName === 'OnAgentLoggedOut' && event.eventData.AgentID === session.agentID && !session.loggingOut && this.sessions.has(session.tokenHash)) {
      const as = session.endingAs;
      void this.end(session, as?.reason ?? 'dialer', as?.by);
    }
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
      await saveSalesRecord({ store: this.store, clock: this.clock, salesScreens: this.options.salesScreens, record: (...args) => this.record(...args) }, session, input);
      return;
    }
    const [command, params] = ctiCommandFor(session, name, input, { reasonCodes: this.options.reasonCodes, now: () => this.clock.now() });
    const notes = name === 'wrapup' ? notesCommandFor(session, input) : null;
    // Notes first, kept with the call's attempt; refused, they stop the wrap-up so that the agent can try again.
    const noted = notes ? await this.sendToCti(session, ...notes) : 0;
    const result = noted === 0 ? await this.sendToCti(session, command, params) : noted;
    await this.record(session.agentID, name, input, result);
    if (result !== 0) throw refused(result);
  }

  private async sendToCti(session: DesktopSession, command: string, params: Record<string, unknown>): Promise<number> {
    const invokeID = this.nextInvokeID();
    session.sent(invokeID);
    return this.cti.execute(command, { ...params, invokeID });
  }

  prefill(session: DesktopSession, screenId: string): Record<string, string> {
    const screen = this.options.salesScreens.find((s) => s.id === screenId);
    if (!screen) throw new NailupError('NOT_FOUND', `no sales screen ${screenId}`, 'screenId');
    return prefillSalesScreen(screen, session.state.call?.customer ?? null);
  }

  private async record(agentId: string, action: string, details: Record<string, unknown>, result: number): Promise<void> {
    const { password: _password, ...safe } = details;
    await this.store.agentActions.insert({ agentId, at: this.clock.now(), action, details: safe, result });
  }

  /** A socket of the desktop: the session's messages while it holds the token it was opened with. */
  subscribe(session: DesktopSession, listener: (message: DesktopMessage) => void): () => void {
    return session.addSocket(listener);
  }
}


function loginFields(body: unknown): { lanId: string; extension: string; password: string; takeOver: boolean } {
  const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const fields = { lanId: str(input, 'lanId'), extension: str(input, 'extension'), password: str(input, 'password') };
  const takeOver = input.takeOver;
  if (takeOver !== undefined && typeof takeOver !== 'boolean') throw validationError('takeOver', 'must be true or false');
  return { ...fields, takeOver: takeOver === true };
}

function emptyState(agentID: string, lanId: string, name: string, extension: string, now: number): DesktopState {
  return {
    agent: { agentID, lanId, name, extension },
    agentState: 'NotReady', callState: 'NoState', nailedStatus: 'NotNailedUp', reasonCode: 0, stateSince: now,
    blend: 'outbound', blendQueue: null, blendSince: 0, capabilities: {}, call: null, consultDestinations: null, consult: null, consultsWaiting: [], nailingLostAt: null, pomUnavailableAt: null,
    session: { expiresAt: 0, idleExpiresAt: 0 }, lastError: null,
  };
}
