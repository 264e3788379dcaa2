/**
 * Logins of supervisors and administrators for the supervisor API (/api/v1). Agents are not users
 * here: their logins are refused. A login gives a bearer token; the store keeps only its SHA-256.
 * An administrator may do everything a supervisor may, and manage users and read the audit log.
 * Failed logins are throttled per user name and per client address, and every login is audited
 * (docs/security.md, "Logins").
 */
import { createHash, randomBytes } from 'node:crypto';
import { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock/clock.ts';
import { NailupError, validationError } from '../errors.ts';
import { hashPassword, verifyDummyPassword, verifyPassword } from '../store/password.ts';
import { DEFAULT_LOGIN_THROTTLE, LoginThrottle, tooManyAttempts, type LoginThrottleOptions } from './login-throttle.ts';
import type { SupervisorRole, SupervisorUserRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';

export interface Principal {
  username: string;
  name: string;
  role: SupervisorRole;
  tokenHash: string;
  /** When the session ends unless extended. */
  expiresAt: number;
}

/** The session as the pages see it: who, and how long is left, counted on the server's clock. */
export interface SessionView {
  username: string;
  name: string;
  role: SupervisorRole;
  expiresAt: string;
  expiresInSeconds: number;
  /** The pages offer to extend the session once this little is left. */
  warnBeforeSeconds: number;
}

export const ROLES: readonly SupervisorRole[] = ['supervisor', 'administrator'];

const RANK: Record<SupervisorRole, number> = { supervisor: 1, administrator: 2 };
/** Touching a session on every request would write on every request: once a minute is enough. */
const TOUCH_EVERY_MS = 60_000;

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A user as the API shows them: without the password hash, created at an ISO time. */
export interface PublicUser extends Omit<SupervisorUserRecord, 'passwordHash' | 'createdAt'> {
  createdAt: string;
}

export function publicUser(u: SupervisorUserRecord): PublicUser {
  return { username: u.username, name: u.name, role: u.role, disabled: u.disabled, createdAt: new Date(u.createdAt).toISOString() };
}

export interface SupervisorAuthOptions {
  sessionHours: number;
  sessionWarningMinutes: number;
  /** Throttling of failed logins (config `logins`); the defaults when absent. */
  logins?: LoginThrottleOptions;
}

/** Why a login was refused, as the audit log records it (the client is told only "failed"). */
export type LoginFailureReason = 'invalid' | 'unknownUser' | 'disabled' | 'wrongPassword' | 'throttled';

/** The longest user name the audit log takes as it was typed. */
const AUDIT_NAME_LENGTH = 128;

export class SupervisorAuth {
  /** Failed logins per user name and per client address; in memory, this process only (login-throttle.ts). */
  readonly throttle: LoginThrottle;
  private readonly audit: AuditLog;

  constructor(private readonly store: Store, private readonly clock: Clock, private readonly options: SupervisorAuthOptions) {
    this.throttle = new LoginThrottle(options.logins ?? DEFAULT_LOGIN_THROTTLE);
    this.audit = new AuditLog(store, clock);
  }

  /**
   * A login from `client.address` (the HTTP client). One answer, after the same work (one scrypt
   * verification), for an unknown user, an agent, a disabled user and a wrong password; 429
   * TOO_MANY_ATTEMPTS, unchecked, while the name or the address is locked out. Every attempt is
   * audited, without the password.
   */
  async login(body: unknown, client: { address?: string } = {}): Promise<{ token: string; user: PublicUser; expiresAt: string }> {
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const typed = typeof b.username === 'string' ? b.username.slice(0, AUDIT_NAME_LENGTH) : '';
    const address = client.address ?? '';
    const refuse = async (reason: LoginFailureReason, error: NailupError, role = '', details: Record<string, unknown> = {}, refused = 0): Promise<never> => {
      await this.audit.record({ username: typed || '(none)', role }, {
        action: 'login', target: typed, outcome: 'failed',
        ...(refused > 0 ? { counts: { refusedWhileLockedOut: refused } } : {}),
        details: { reason, address, error: error.message, ...details },
      });
      throw error;
    };
    if (typeof b.username !== 'string' || b.username === '') return refuse('invalid', validationError('username', 'is required'));
    if (typeof b.password !== 'string' || b.password === '') return refuse('invalid', validationError('password', 'is required'));
    const attempt = { name: b.username, address };
    const lockout = this.throttle.check(attempt, this.clock.now());
    if (lockout) {
      // Audited once per lock-out; the attempts refused after it are counted on the next record of the name.
      if (lockout.refusedBefore > 0) throw tooManyAttempts(lockout);
      return refuse('throttled', tooManyAttempts(lockout), '', { lockedOutBy: lockout.by, retryAfterSeconds: lockout.retryAfterSeconds });
    }
    const user = await this.store.supervisors.findUser(b.username);
    // Verified in every case, against a dummy hash when there is no user: the same work and time.
    const passwordOk = user ? verifyPassword(b.password, user.passwordHash) : verifyDummyPassword(b.password);
    if (!user || user.disabled || !passwordOk) {
      const reason: LoginFailureReason = !user ? 'unknownUser' : !passwordOk ? 'wrongPassword' : 'disabled';
      const refused = this.throttle.fail(attempt, this.clock.now());
      // One answer for an unknown user, an agent, a disabled user and a wrong password.
      return refuse(reason, new NailupError('LOGIN_FAILED', 'unknown supervisor or administrator, or wrong password'), user?.role ?? '', {}, refused);
    }
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const refused = this.throttle.succeed(attempt, now);
    const expiresAt = now + this.options.sessionHours * 3600_000;
    await this.store.supervisors.createSession({ tokenHash: sha256(token), username: user.username, role: user.role, createdAt: now, lastSeenAt: now, expiresAt });
    await this.audit.record({ username: user.username, role: user.role }, {
      action: 'login', target: user.username, outcome: 'ok', ...(refused > 0 ? { counts: { refusedWhileLockedOut: refused } } : {}), details: { address },
    });
    return { token, user: publicUser(user), expiresAt: new Date(expiresAt).toISOString() };
  }

  /** The user of a bearer token, if the session is open and the user may still log in. */
  async authenticate(token: string | undefined): Promise<Principal> {
    if (!token) throw new NailupError('UNAUTHORIZED', 'log in as a supervisor or administrator: Authorization: Bearer <token> is required');
    const tokenHash = sha256(token);
    const session = await this.store.supervisors.findSession(tokenHash);
    if (!session) throw new NailupError('UNAUTHORIZED', 'the token is not a supervisor session');
    const now = this.clock.now();
    if (session.endedAt !== null || session.expiresAt <= now) throw new NailupError('SESSION_EXPIRED', 'the session has ended: log in again');
    const user = await this.store.supervisors.findUser(session.username);
    if (!user || user.disabled) throw new NailupError('SESSION_EXPIRED', 'the user is disabled');
    if (now - session.lastSeenAt >= TOUCH_EVERY_MS) await this.store.supervisors.touchSession(tokenHash, now);
    return { username: user.username, name: user.name, role: user.role, tokenHash, expiresAt: session.expiresAt };
  }

  /**
   * The session manager: the session lasts `sessionHours` again from now. An ended or expired
   * session cannot be extended (SESSION_EXPIRED): its user logs in again.
   */
  async extend(principal: Principal): Promise<Principal> {
    const now = this.clock.now();
    const expiresAt = now + this.options.sessionHours * 3600_000;
    if (!(await this.store.supervisors.extendSession(principal.tokenHash, now, expiresAt))) {
      throw new NailupError('SESSION_EXPIRED', 'the session has ended: log in again');
    }
    return { ...principal, expiresAt };
  }

  view(principal: Principal): SessionView {
    return {
      username: principal.username, name: principal.name, role: principal.role,
      expiresAt: new Date(principal.expiresAt).toISOString(),
      expiresInSeconds: Math.max(0, Math.floor((principal.expiresAt - this.clock.now()) / 1000)),
      warnBeforeSeconds: this.options.sessionWarningMinutes * 60,
    };
  }

  async logout(principal: Principal): Promise<void> {
    await this.store.supervisors.endSession(principal.tokenHash, this.clock.now());
  }

  /** Throws FORBIDDEN unless the principal holds `role` (or a higher one). */
  static require(principal: Principal, role: SupervisorRole): void {
    if (RANK[principal.role] < RANK[role]) throw new NailupError('FORBIDDEN', `this needs the ${role} role; ${principal.username} is a ${principal.role}`);
  }

  async createUser(body: unknown): Promise<SupervisorUserRecord> {
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const username = b.username;
    if (typeof username !== 'string' || !/^[\w.\-@]{1,64}$/.test(username)) throw validationError('username', 'must be 1 to 64 letters, digits, "_", "-", "." or "@"');
    const role = b.role;
    if (typeof role !== 'string' || !ROLES.includes(role as SupervisorRole)) throw validationError('role', `must be one of ${ROLES.join(', ')}`);
    const password = b.password;
    if (typeof password !== 'string' || password.length < 8) throw validationError('password', 'must be at least 8 characters');
    const name = typeof b.name === 'string' && b.name.trim() !== '' ? b.name.trim() : username;
    if (await this.store.supervisors.findUser(username)) throw new NailupError('CONFLICT', `user ${username} exists already`);
    if (await this.store.agents.findByLanId(username)) throw new NailupError('CONFLICT', `${username} is an agent's login name`);
    const user: SupervisorUserRecord = { username, name, role: role as SupervisorRole, passwordHash: hashPassword(password), createdAt: this.clock.now(), disabled: false };
    await this.store.supervisors.upsertUser(user);
    return user;
  }

  async updateUser(username: string, body: unknown): Promise<SupervisorUserRecord> {
    const user = await this.store.supervisors.findUser(username);
    if (!user) throw new NailupError('NOT_FOUND', `user ${username} not found`);
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const next = { ...user };
    if (b.disabled !== undefined) {
      if (typeof b.disabled !== 'boolean') throw validationError('disabled', 'must be true or false');
      next.disabled = b.disabled;
    }
    if (b.role !== undefined) {
      if (typeof b.role !== 'string' || !ROLES.includes(b.role as SupervisorRole)) throw validationError('role', `must be one of ${ROLES.join(', ')}`);
      next.role = b.role as SupervisorRole;
    }
    if (b.password !== undefined) {
      if (typeof b.password !== 'string' || b.password.length < 8) throw validationError('password', 'must be at least 8 characters');
      next.passwordHash = hashPassword(b.password);
    }
    if (b.name !== undefined) {
      if (typeof b.name !== 'string' || b.name.trim() === '') throw validationError('name', 'must be a non-empty string');
      next.name = b.name.trim();
    }
    await this.store.supervisors.upsertUser(next);
    // A changed role, password or a disabled user: the open sessions end.
    if (next.disabled || next.role !== user.role || next.passwordHash !== user.passwordHash) await this.store.supervisors.endSessionsOf(username, this.clock.now());
    return next;
  }
}
