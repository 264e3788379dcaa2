/**
 * Every error nailup reports to a user, with a stable code. HTTP handlers and event emitters map them
 * through `httpStatusOf`; anything else is an internal error.
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNAUTHORIZED'
  | 'LOGIN_FAILED'
  | 'SESSION_EXPIRED'
  | 'FORBIDDEN'
  /** Too many failed logins: locked out for a while (HTTP 429 with Retry-After; docs/security.md). */
  | 'TOO_MANY_ATTEMPTS'
  /** A server nailup depends on (POM's web services, the SFTP drop) failed or could not be reached. */
  | 'UPSTREAM_FAILED'
  /** No dialer leads the cluster now (a failover takes a few seconds): try again (HTTP 503 with Retry-After). */
  | 'LEADER_UNAVAILABLE'
  /** The agent is not logged on (a supervisor's logout of an agent who is not on the floor): HTTP 409. */
  | 'NOT_LOGGED_ON'
  /**
   * A desktop login with `takeOver` that cannot take the agent's session over (it is at another extension,
   * or not at a desktop of this server): HTTP 409, with the tmacCode -7 of the login it follows.
   */
  | 'TAKEOVER_REFUSED'
  /** Another nailup runs its floor on this SQLite file (src/store/floor-lock.ts): nailup does not start. */
  | 'DATABASE_IN_USE'
  | 'INTERNAL';

const STATUS: Record<ErrorCode, number> = {
  CONFIG_INVALID: 500,
  VALIDATION_FAILED: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAUTHORIZED: 401,
  LOGIN_FAILED: 401,
  SESSION_EXPIRED: 401,
  FORBIDDEN: 403,
  TOO_MANY_ATTEMPTS: 429,
  UPSTREAM_FAILED: 502,
  LEADER_UNAVAILABLE: 503,
  NOT_LOGGED_ON: 409,
  TAKEOVER_REFUSED: 409,
  DATABASE_IN_USE: 409,
  INTERNAL: 500,
};

export class NailupError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The input field or config key at fault, when there is one. */
    readonly field?: string,
    options?: { cause?: unknown; tmacCode?: number; retryAfterSeconds?: number },
  ) {
    super(message, options);
    this.name = 'NailupError';
    this.tmacCode = options?.tmacCode;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }

  /** The TMAC result code behind the error (a negated POM code), when there is one. */
  readonly tmacCode: number | undefined;
  /** When to try again, in whole seconds (TOO_MANY_ATTEMPTS): the reply's Retry-After header. */
  readonly retryAfterSeconds: number | undefined;

  get status(): number {
    return STATUS[this.code];
  }

  toJSON(): { code: ErrorCode; message: string; field?: string; tmacCode?: number; retryAfterSeconds?: number } {
    return {
      code: this.code,
      message: this.message,
      ...(this.field === undefined ? {} : { field: this.field }),
      ...(this.tmacCode === undefined ? {} : { tmacCode: this.tmacCode }),
      ...(this.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: this.retryAfterSeconds }),
    };
  }
}

export const configError = (key: string, message: string): NailupError =>
  new NailupError('CONFIG_INVALID', `config ${key}: ${message}`, key);
export const validationError = (field: string, message: string): NailupError =>
  new NailupError('VALIDATION_FAILED', `${field}: ${message}`, field);
export const notFound = (what: string): NailupError => new NailupError('NOT_FOUND', `${what} not found`);
export const conflict = (message: string): NailupError => new NailupError('CONFLICT', message);

export function httpStatusOf(error: unknown): number {
  return error instanceof NailupError ? error.status : 500;
}
