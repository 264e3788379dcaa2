import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock/clock.ts';
import type { Store } from '../store/store.ts';
import type { AgentRecord } from '../store/records.ts';
import { NailupError, validationError } from '../errors.ts';
import { ResultCode, resultMessage } from '../pom/result-codes.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { tooManyAttempts, type LoginThrottle } from '../auth/login-throttle.ts';
import { verifyDummyPassword } from '../store/password.ts';
import type { CtiLink } from './cti-link.ts';
import type { TmacOptions } from './desktop-config.ts';
import { DesktopSession, END_REASONS } from './desktop-session.ts';
import type { DesktopState } from './desktop-state.ts';
import { str } from './desktop-commands.ts';
import { ctiStep } from './cti-step.ts';
import { auditLogout } from './desktop-logout.ts';
import { hashToken, type SessionRegistry } from './session-registry.ts';

const loginFailed = (tmacCode: number, message: string): NailupError => new NailupError('LOGIN_FAILED', message, undefined, { tmacCode });
/** The one answer for an unknown LAN ID, a wrong password and a disabled agent. */
const authenticationFailed = (): NailupError => loginFailed(-ResultCode.AuthenticationFailed, resultMessage(ResultCode.AuthenticationFailed));
const takeOverRefused = (message: string, field?: string): NailupError =>
  new NailupError('TAKEOVER_REFUSED', message, field, { tmacCode: -ResultCode.AlreadyLoggedIn });

/** What logging in needs of the TMAC server. */
export interface DesktopLoginHost {
  readonly cti: Pick<CtiLink, 'execute'>;
  readonly store: Store;
  readonly clock: Clock;
  readonly options: TmacOptions;
  readonly audit: AuditLog;
  readonly loginThrottle: LoginThrottle;
  readonly sessions: Pick<SessionRegistry, 'values' | 'add' | 'track' | 'updateExpiry' | 'rekey'>;
  nextInvokeID(): number;
  /** An entry of the agent's actions. */
  record(agentId: string, action: string, details: Record<string, unknown>, result: number): Promise<void>;
  /** Reads the session's capabilities and states from the CTI server again. */
  refresh(session: DesktopSession): Promise<void>;
}

/** Agents logging in at a desktop through the CTI server, and taking their live desktop session over. */
export class DesktopLogin {
  constructor(private readonly host: DesktopLoginHost) {}

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
    const { store, clock, loginThrottle, sessions } = this.host;
    const address = client.address ?? '';
    const typed = (typeof body === 'object' && body !== null && typeof (body as { lanId?: unknown }).lanId === 'string' ? (body as { lanId: string }).lanId.trim() : '').slice(0, 128);
    const audit = (outcome: 'ok' | 'failed', details: Record<string, unknown>, refused = 0): Promise<unknown> => this.host.audit.record({ username: typed || '(none)', role: 'agent' }, {
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
    const lockout = loginThrottle.check(attempt, clock.now());
    if (lockout) {
      const error = tooManyAttempts(lockout, -ResultCode.AuthenticationFailed);
      // Audited once per lock-out; the attempts refused after it are counted on the next record of the name.
      if (lockout.refusedBefore === 0) await audit('failed', { reason: 'throttled', extension, lockedOutBy: lockout.by, retryAfterSeconds: lockout.retryAfterSeconds });
      throw error;
    }
    const agent = await store.agents.findByLanId(lanId);
    if (!agent) {
      // The same work, time and answer as a known agent's wrong password.
      verifyDummyPassword(password);
      const refused = loginThrottle.fail(attempt, clock.now());
      await audit('failed', { reason: 'unknownUser', extension, tmacCode: -ResultCode.AuthenticationFailed }, refused);
      throw authenticationFailed();
    }
    const now = clock.now();
    const token = randomBytes(24).toString('base64url');
    const tokenHash = hashToken(token);
    const state = emptyState(agent.agentId, agent.lanId, agent.name, extension, now);
    const session = new DesktopSession(tokenHash, agent, extension, now, now, now + this.host.options.lifetimeSeconds * 1000, state);
    sessions.updateExpiry(session);
    sessions.track(session);
    try {
      await this.step(session, 'SecurityLogin', { extension }, 'SecurityLoginDone');
      await this.step(session, 'AgentLogin', { extension, agentID: agent.agentId, agentPassword: password }, 'SetAgentStateDone');
      await this.step(session, 'MonitorDevice', { sessionID: session.ctiSessionID, extension }, 'MonitorDeviceDone');
    } catch (error) {
      session.unsubscribe();
      const tmacCode = error instanceof NailupError ? (error.tmacCode ?? -1) : -1;
      await this.host.record(agent.agentId, 'login', { lanId, extension }, tmacCode);
      if (takeOver && tmacCode === -ResultCode.AlreadyLoggedIn) return this.takeOver(agent, extension, address, attempt);
      // -17: a wrong password or a disabled agent (-2 cannot come for a LAN ID the store knows; if it did, it is answered as -17).
      if (tmacCode === -ResultCode.AuthenticationFailed || tmacCode === -ResultCode.NotRegistered) {
        const refused = loginThrottle.fail(attempt, clock.now());
        await audit('failed', { reason: agent.enabled ? 'wrongPassword' : 'disabled', extension, agentId: agent.agentId, tmacCode: -ResultCode.AuthenticationFailed, ...(takeOver ? { takeOver } : {}) }, refused);
        throw authenticationFailed();
      }
      // Refused after the password was right (already logged in, no POM link…): not a failed password.
      await audit('failed', { reason: 'refused', extension, agentId: agent.agentId, tmacCode, error: (error as Error).message, ...(takeOver ? { takeOver } : {}) });
      throw error;
    }
    await store.tmacSessions.create({ tokenHash, agentId: agent.agentId, lanId, extension, createdAt: now, lastSeenAt: now, expiresAt: session.expiresAt });
    sessions.add(session);
    await this.host.refresh(session);
    await this.host.record(agent.agentId, 'login', { lanId, extension }, 0);
    const refused = loginThrottle.succeed(attempt, clock.now());
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
    const { store, clock, sessions } = this.host;
    const actor = { username: agent.lanId, role: 'agent' };
    const refuse = async (reason: string, error: NailupError): Promise<never> => {
      await this.host.audit.record(actor, { action: 'desktopTakeOver', target: agent.lanId, outcome: 'failed', details: { address, extension, agentId: agent.agentId, reason, error: error.message } });
      throw error;
    };
    const session = [...sessions.values()].find((s) => s.agentID === agent.agentId && !s.ended && !s.loggingOut);
    if (!session) return refuse('noDesktopSession', takeOverRefused('Agent is already logged in, but not at a desktop of this server: a supervisor can log the agent out'));
    if (session.extension !== extension) {
      return refuse('otherExtension', takeOverRefused(`Agent is already logged in at extension ${session.extension}: log in with extension ${session.extension} to continue that session here`, 'extension'));
    }
    const now = clock.now();
    const oldHash = session.tokenHash;
    const token = randomBytes(24).toString('base64url');
    const tokenHash = hashToken(token);
    const expiresAt = now + this.host.options.lifetimeSeconds * 1000;
    await store.tmacSessions.create({ tokenHash, agentId: agent.agentId, lanId: agent.lanId, extension, createdAt: now, lastSeenAt: now, expiresAt });
    if (session.ended || session.loggingOut) {
      // Logged out while the row was written: nothing left to take over.
      await store.tmacSessions.end(tokenHash, clock.now(), END_REASONS[session.endingAs?.reason ?? 'dialer']);
      return refuse('sessionEnded', takeOverRefused('The session ended meanwhile: log in again'));
    }
    // In one step, nothing awaited: from here on the old token is refused and the new one is the session's.
    session.lastSeenAt = now;
    session.expiresAt = expiresAt;
    session.warned = false;
    session.expiredAs = null;
    sessions.updateExpiry(session);
    sessions.rekey(session, oldHash, tokenHash, { type: 'loggedOut', reason: END_REASONS.takenOver });
    await store.tmacSessions.end(oldHash, now, END_REASONS.takenOver);
    await this.host.record(agent.agentId, 'takeOver', { lanId: agent.lanId, extension }, 0);
    await auditLogout(this.host.audit, agent.lanId, agent.agentId, extension, 'takenOver', { address });
    const refusedBefore = this.host.loginThrottle.succeed(attempt, clock.now());
    await this.host.audit.record(actor, {
      action: 'desktopTakeOver', target: agent.lanId, outcome: 'ok', ...(refusedBefore > 0 ? { counts: { refusedWhileLockedOut: refusedBefore } } : {}),
      details: { address, extension, agentId: agent.agentId, sessionStartedAt: new Date(session.createdAt).toISOString() },
    });
    await this.host.refresh(session);
    session.push();
    return { token, session };
  }

  /** Sends one CTI command and waits for its Done event; a failure becomes a 401 with the spec's code and message. */
  async step(session: DesktopSession, command: string, body: Record<string, unknown>, doneEvent: string): Promise<void> {
    const { code, info } = await ctiStep(this.host.cti, this.host.nextInvokeID(), session, command, body, doneEvent);
    if (code !== 0) throw loginFailed(code, info ?? resultMessage(code));
  }

}

function loginFields(body: unknown): { lanId: string; extension: string; password: string; takeOver: boolean } {
  const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const fields = { lanId: str(input, 'lanId'), extension: str(input, 'extension'), password: str(input, 'password') };
  const takeOver = input.takeOver;
  if (takeOver !== undefined && typeof takeOver !== 'boolean') throw validationError('takeOver', 'must be true or false');
  return { ...fields, takeOver: takeOver === true };
}

/** The state of a desktop session that has just begun, before the CTI server's view of the agent. */
export function emptyState(agentID: string, lanId: string, name: string, extension: string, now: number): DesktopState {
  return {
    agent: { agentID, lanId, name, extension },
    agentState: 'NotReady', callState: 'NoState', nailedStatus: 'NotNailedUp', reasonCode: 0, stateSince: now,
    blend: 'outbound', blendQueue: null, blendSince: 0, capabilities: {}, call: null, consultDestinations: null, consult: null, consultsWaiting: [], nailingLostAt: null, pomUnavailableAt: null,
    session: { expiresAt: 0, idleExpiresAt: 0 }, lastError: null,
  };
}
