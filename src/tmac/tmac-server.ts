import type { Clock } from '../clock/clock.ts';
import type { Store } from '../store/store.ts';
import type { TmacSessionRecord } from '../store/records.ts';
import type { TmacEvent } from '../cti/tmac-events.ts';
import { NailupError, conflict } from '../errors.ts';
import { AuditLog } from '../audit/audit-log.ts';
import { DEFAULT_LOGIN_THROTTLE, LoginThrottle, type LoginThrottleOptions } from '../auth/login-throttle.ts';
import type { CtiLink } from './cti-link.ts';
import type { TmacOptions } from './desktop-config.ts';
import { DesktopSession, END_REASONS, type DesktopMessage, type EndReason } from './desktop-session.ts';
import type { DesktopState } from './desktop-state.ts';
import { applyAgentView } from './desktop-state-events.ts';
import { prefillSalesScreen } from './sales-prefill.ts';
import { ConsultWatch } from './consult-watch.ts';
import { CALLBACK_TYPES, ctiCommandFor, notesCommandFor } from './desktop-commands.ts';
import { saveSalesRecord } from './sales-records.ts';
import { SessionSweep } from './session-sweep.ts';
import { SessionRegistry } from './session-registry.ts';
import { DesktopLogin, emptyState } from './desktop-login.ts';
import { DesktopLogout, auditLogout, refused } from './desktop-logout.ts';

export { zonedTimeToEpoch } from './desktop-commands.ts';
export { hashToken } from './session-registry.ts';

/** How many desktop sessions a new leader resumes at once. */
const RESUME_BATCH = 50;

/**
 * The TMAC server: agent sessions for the web client. Logs agents in and out through the CTI server
 * (A3/A4), keeps each desktop's state from the A4 events, turns clicks into CTI commands, records what
 * every agent did, and times idle sessions out.
 */
export class TmacServer {
  /** The live sessions by token (session-registry.ts). */
  private readonly sessions: SessionRegistry;
  /** Every message to every desktop, with its session's token hash: a gateway's desktops get theirs this way. */
  readonly broadcast: SessionRegistry['broadcast'];
  /** Failed desktop logins per LAN ID and per client address; in memory, this process only (login-throttle.ts). */
  readonly loginThrottle: LoginThrottle;
  private readonly audit: AuditLog;
  /** Logins and takeovers (desktop-login.ts). */
  private readonly desktopLogin: DesktopLogin;
  /** Logouts and the end of sessions (desktop-logout.ts). */
  private readonly desktopLogout: DesktopLogout;
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
    this.sessions = new SessionRegistry({ store, clock, options, follow: (session) => cti.subscribe(session.extension, (event) => this.onEvent(session, event)) });
    this.broadcast = this.sessions.broadcast;
    const { audit, sessions } = this;
    this.desktopLogin = new DesktopLogin({
      cti, store, clock, options, audit, loginThrottle: this.loginThrottle, sessions,
      nextInvokeID: () => this.nextInvokeID(), record: (...args) => this.record(...args), refresh: (session) => this.refresh(session),
    });
    this.desktopLogout = new DesktopLogout({ cti, store, clock, options, audit, sessions, nextInvokeID: () => this.nextInvokeID(), record: (...args) => this.record(...args) });
    this.sweep = new SessionSweep({
      clock, options, sessions: () => sessions.values(), logout: (session, reason) => this.logout(session, reason), end: (session, reason) => this.desktopLogout.end(session, reason),
    });
    this.consults = new ConsultWatch({ store, clock, sessions: () => sessions.values(), refresh: (session) => this.refresh(session) });
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
    this.sessions.updateExpiry(session);
    this.sessions.track(session);
    try {
      await this.desktopLogin.step(session, 'SecurityLogin', { extension: row.extension }, 'SecurityLoginDone');
      await this.desktopLogin.step(session, 'MonitorDevice', { sessionID: session.ctiSessionID, extension: row.extension }, 'MonitorDeviceDone');
    } catch (error) {
      session.unsubscribe();
      await this.endRow(row, 'resumeFailed');
      await this.record(agent.agentId, 'resume', { extension: row.extension, error: (error as Error).message }, error instanceof NailupError ? (error.tmacCode ?? -1) : -1);
      return;
    }
    this.sessions.add(session);
    await this.refresh(session);
    session.push();
    await this.record(agent.agentId, 'resume', { extension: row.extension, state: session.state.agentState }, 0);
  }

  /** A session's row that has no live session to end: ended in the store, and audited. */
  private async endRow(row: TmacSessionRecord, reason: EndReason): Promise<void> {
    await this.store.tmacSessions.end(row.tokenHash, this.clock.now(), END_REASONS[reason]);
    await auditLogout(this.audit, row.lanId, row.agentId, row.extension, reason);
  }

  /** The state of a live session, for a gateway that opens its desktop's socket (session-registry.ts). */
  attach(tokenHash: string): DesktopState {
    return this.sessions.attach(tokenHash);
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

  /** Logs an agent in from the desktop, or takes its live session over (desktop-login.ts). */
  login(body: unknown, client: { address?: string } = {}): Promise<{ token: string; session: DesktopSession }> {
    return this.desktopLogin.login(body, client);
  }

  logout(session: DesktopSession, reason: EndReason = 'agent'): Promise<void> {
    return this.desktopLogout.logout(session, reason);
  }

  /** A supervisor logs the agent out; resolves with how many desktop sessions ended (desktop-logout.ts). */
  logoutBySupervisor(agentId: string, by: string, logoff: () => Promise<void>): Promise<number> {
    return this.desktopLogout.logoutBySupervisor(agentId, by, logoff);
  }

  // ── sessions ─────────────────────────────────────────────────────────────

  /** The live session of a bearer token; 401 when there is none or it has expired (session-registry.ts). */
  authenticate(token: string | undefined): DesktopSession {
    return this.sessions.authenticate(token);
  }

  /** A request from the agent: the idle clock starts again (session-registry.ts). */
  touch(session: DesktopSession): Promise<void> {
    return this.sessions.touch(session);
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
      void this.desktopLogout.end(session, as?.reason ?? 'dialer', as?.by);
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

