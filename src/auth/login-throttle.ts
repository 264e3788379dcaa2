/**
 * Login throttling (docs/security.md, "Logins"): exponential back-off per user name and per client
 * address after a few failures.
 *
 * Each key (a user name, or a client address) counts its failures. The first `freeFailures` cost
 * nothing; from then on every failure locks the key out for `lockoutSeconds`, doubling with each
 * further failure up to `maxLockoutSeconds`. A success clears the user name's count (not the
 * address's: one valid account must not open an address for spraying); any count is forgotten once
 * the key has been neither failing nor locked out for `resetAfterMinutes`. Attempts refused while locked out are neither
 * checked nor counted as failures, so a lock-out does not grow by itself.
 *
 * The state lives in memory, in this one process: a restart forgets it, and two nailup processes
 * behind one load balancer each keep their own. It is bounded: at most `maxEntries` keys, forgotten
 * ones swept first, then the least recently failed.
 *
 * Pure: time comes in as `now` (from the caller's Clock), so tests run it on a VirtualClock.
 */
import { createHash } from 'node:crypto';
import { NailupError } from '../errors.ts';

export interface LoginThrottleOptions {
  /** Failures per user name (supervisor user name, LAN ID, agent ID) before the first lock-out. */
  freeFailures: number;
  /** Failures per client address before the first lock-out (spraying many names from one address). */
  addressFreeFailures: number;
  /** The first lock-out; each further failure doubles it. */
  lockoutSeconds: number;
  /** The longest lock-out. */
  maxLockoutSeconds: number;
  /** A key neither failing nor locked out for this long starts again from nothing. */
  resetAfterMinutes: number;
  /** At most this many user names and addresses are remembered. */
  maxEntries: number;
}

export const DEFAULT_LOGIN_THROTTLE: Readonly<LoginThrottleOptions> = Object.freeze({
  freeFailures: 5,
  addressFreeFailures: 20,
  lockoutSeconds: 1,
  maxLockoutSeconds: 900,
  resetAfterMinutes: 60,
  maxEntries: 10_000,
});

/** One login attempt: the name tried and, over HTTP, the client's address. */
export interface LoginAttempt {
  name: string;
  address?: string;
}

/** Why an attempt is refused unchecked. */
export interface Lockout {
  /** Whole seconds until the attempt may be made again (at least 1): the Retry-After header. */
  retryAfterSeconds: number;
  /** Which key is locked out (the longer lock-out when both are). */
  by: 'name' | 'address';
  /**
   * Attempts already refused during this lock-out before this one. Callers audit the first (0) and
   * leave the rest to the count that `fail` and `succeed` return: a flood of refused attempts costs no
   * audit records.
   */
  refusedBefore: number;
}

interface Entry {
  failures: number;
  lastFailureAt: number;
  lockedUntil: number;
  /** Attempts refused during the current lock-out. */
  refused: number;
  /** Attempts refused after the first of their lock-out, since the last `fail` or `succeed` (for the audit). */
  refusedUnreported: number;
}

/** Long names (any string may be sent) are kept as their hash: an entry stays small. */
const MAX_KEY_LENGTH = 128;

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(readonly options: Readonly<LoginThrottleOptions> = DEFAULT_LOGIN_THROTTLE) {}

  /** The lock-out that refuses this attempt, or null when it may be checked. A refusal is counted. */
  check(attempt: LoginAttempt, now: number): Lockout | null {
    let worst: { entry: Entry; by: 'name' | 'address' } | null = null;
    for (const [key, by] of this.keys(attempt)) {
      const entry = this.live(key, now);
      if (entry && entry.lockedUntil > now && (!worst || entry.lockedUntil > worst.entry.lockedUntil)) worst = { entry, by };
    }
    if (!worst) return null;
    const refusedBefore = worst.entry.refused;
    worst.entry.refused += 1;
    // The first refusal of a lock-out is recorded by the caller; the later ones are counted for it.
    if (refusedBefore > 0) worst.entry.refusedUnreported += 1;
    return { retryAfterSeconds: Math.max(1, Math.ceil((worst.entry.lockedUntil - now) / 1000)), by: worst.by, refusedBefore };
  }

  /**
   * A failed attempt (unknown name, wrong password, disabled user): counts for the name and the
   * address. Returns how many attempts were refused unchecked (after the first of a lock-out) since the
   * last report, for the audit.
   */
  fail(attempt: LoginAttempt, now: number): number {
    let refused = 0;
    for (const [key, by] of this.keys(attempt)) {
      const entry = this.live(key, now) ?? { failures: 0, lastFailureAt: now, lockedUntil: 0, refused: 0, refusedUnreported: 0 };
      refused += entry.refusedUnreported;
      entry.refusedUnreported = 0;
      entry.failures += 1;
      entry.lastFailureAt = now;
      const free = by === 'name' ? this.options.freeFailures : this.options.addressFreeFailures;
      if (entry.failures >= free) {
        const seconds = Math.min(this.options.lockoutSeconds * 2 ** Math.min(entry.failures - free, 40), this.options.maxLockoutSeconds);
        entry.lockedUntil = now + seconds * 1000;
        entry.refused = 0;
      }
      // Re-inserted: the map's order is the order of the last failure, oldest first.
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    this.bound(now);
    return refused;
  }

  /** A successful login: the name's count is cleared. Returns the attempts refused unchecked since the last report. */
  succeed(attempt: LoginAttempt, now: number): number {
    let refused = 0;
    for (const [key, by] of this.keys(attempt)) {
      const entry = this.live(key, now);
      if (!entry) continue;
      refused += entry.refusedUnreported;
      entry.refusedUnreported = 0;
      if (by === 'name') this.entries.delete(key);
    }
    return refused;
  }

  /** How many names and addresses are remembered (for tests and the status page). */
  get size(): number {
    return this.entries.size;
  }

  private keys(attempt: LoginAttempt): Array<[string, 'name' | 'address']> {
    const keys: Array<[string, 'name' | 'address']> = [[`name:${normalize(attempt.name)}`, 'name']];
    if (attempt.address !== undefined && attempt.address !== '') keys.push([`address:${normalize(attempt.address)}`, 'address']);
    return keys;
  }

  /** The key's entry unless it has been forgotten. */
  private live(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && this.forgotten(entry, now)) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** No failure and no lock-out for resetAfterMinutes. */
  private forgotten(entry: Entry, now: number): boolean {
    return now - Math.max(entry.lastFailureAt, entry.lockedUntil) >= this.options.resetAfterMinutes * 60_000;
  }

  private bound(now: number): void {
    if (this.entries.size <= this.options.maxEntries) return;
    for (const [key, entry] of this.entries) if (this.forgotten(entry, now)) this.entries.delete(key);
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.options.maxEntries) break;
      this.entries.delete(key);
    }
  }
}

function normalize(value: string): string {
  const v = value.trim().toLowerCase();
  return v.length > MAX_KEY_LENGTH ? `sha256:${createHash('sha256').update(v).digest('hex')}` : v;
}

/** The refusal of a locked-out attempt: HTTP 429 with Retry-After. The same for every name, known or not. */
export function tooManyAttempts(lockout: Lockout, tmacCode?: number): NailupError {
  const s = lockout.retryAfterSeconds;
  return new NailupError('TOO_MANY_ATTEMPTS', `too many failed logins: try again in ${s} second${s === 1 ? '' : 's'}`, undefined, {
    retryAfterSeconds: s, ...(tmacCode === undefined ? {} : { tmacCode }),
  });
}
