/** LoginThrottle on its own (time as numbers), the dummy password hash, and the `logins` config section. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LOGIN_THROTTLE, LoginThrottle, tooManyAttempts, type LoginThrottleOptions } from '../../src/auth/login-throttle.ts';
import { loadConfig } from '../../src/config.ts';
import { NailupError } from '../../src/errors.ts';
import { hashPassword, passwordVerifications, verifyDummyPassword, verifyPassword } from '../../src/store/password.ts';

const T0 = Date.UTC(2026, 0, 5, 15, 0, 0);
const throttle = (options: Partial<LoginThrottleOptions> = {}): LoginThrottle => new LoginThrottle({ ...DEFAULT_LOGIN_THROTTLE, ...options });

describe('LoginThrottle', () => {
  it('5 free failures, then lock-outs of 1, 2, 4… s up to the maximum', () => {
    const t = throttle({ maxLockoutSeconds: 20 });
    const a = { name: 'sam', address: '10.0.0.1' };
    let now = T0;
    for (let i = 0; i < 4; i++) {
      t.fail(a, now);
      assert.equal(t.check(a, now), null);
    }
    const seen: number[] = [];
    for (let i = 0; i < 8; i++) {
      t.fail(a, now);
      const lockout = t.check(a, now)!;
      assert.equal(lockout.by, 'name');
      seen.push(lockout.retryAfterSeconds);
      now += lockout.retryAfterSeconds * 1000;
      assert.equal(t.check(a, now), null, 'free again once the lock-out ends');
    }
    assert.deepEqual(seen, [1, 2, 4, 8, 16, 20, 20, 20]);
  });

  it('Retry-After rounds up to whole seconds, at least 1', () => {
    const t = throttle({ freeFailures: 1, lockoutSeconds: 3 });
    t.fail({ name: 'x' }, T0);
    assert.equal(t.check({ name: 'x' }, T0 + 1)!.retryAfterSeconds, 3);
    assert.equal(t.check({ name: 'x' }, T0 + 2001)!.retryAfterSeconds, 1);
    assert.equal(t.check({ name: 'x' }, T0 + 2999)!.retryAfterSeconds, 1);
    assert.equal(t.check({ name: 'x' }, T0 + 3000), null);
  });

  it('a success clears the name\'s count but not the address\'s', () => {
    const t = throttle({ freeFailures: 2, addressFreeFailures: 3 });
    t.fail({ name: 'a', address: 'ip' }, T0);
    t.fail({ name: 'b', address: 'ip' }, T0);
    t.succeed({ name: 'a', address: 'ip' }, T0);
    t.fail({ name: 'a', address: 'ip' }, T0);
    assert.deepEqual(t.check({ name: 'c', address: 'ip' }, T0), { retryAfterSeconds: 1, by: 'address', refusedBefore: 0 }, 'the third failure from the address');
    assert.equal(t.check({ name: 'a' }, T0), null, 'a\'s one failure since its success is free');
    assert.equal(t.check({ name: 'c', address: 'elsewhere' }, T0), null);
  });

  it('forgets a key neither failing nor locked out for the quiet period', () => {
    const t = throttle({ freeFailures: 1, lockoutSeconds: 3600, maxLockoutSeconds: 7200, resetAfterMinutes: 30 });
    t.fail({ name: 'x' }, T0);
    assert.ok(t.check({ name: 'x' }, T0 + 40 * 60_000), 'still locked after the quiet period');
    assert.equal(t.check({ name: 'x' }, T0 + 3600_000), null);
    t.fail({ name: 'x' }, T0 + 3600_000);
    assert.equal(t.check({ name: 'x' }, T0 + 3600_000)!.retryAfterSeconds, 7200, 'the count went on');
    t.fail({ name: 'y' }, T0);
    assert.equal(t.check({ name: 'y' }, T0 + 3600_000 + 30 * 60_000), null);
    t.fail({ name: 'y' }, T0 + 3600_000 + 30 * 60_000);
    assert.equal(t.check({ name: 'y' }, T0 + 3600_000 + 30 * 60_000)!.retryAfterSeconds, 3600, 'counted from nothing');
  });

  it('names and addresses are compared trimmed and in lower case; long ones kept as a hash', () => {
    const t = throttle({ freeFailures: 1 });
    t.fail({ name: ' Supervisor ' }, T0);
    assert.ok(t.check({ name: 'supervisor' }, T0));
    const long = 'n'.repeat(100_000);
    t.fail({ name: long }, T0);
    assert.ok(t.check({ name: long.toUpperCase() }, T0));
    assert.equal(t.check({ name: `${long}x` }, T0), null);
  });

  it('counts the refusals after the first of a lock-out, reported once by the next failure or success', () => {
    const t = throttle({ freeFailures: 1 });
    t.fail({ name: 'x' }, T0);
    assert.deepEqual([0, 1, 2].map(() => t.check({ name: 'x' }, T0)!.refusedBefore), [0, 1, 2]);
    assert.equal(t.fail({ name: 'x' }, T0 + 1000), 2);
    assert.equal(t.check({ name: 'x' }, T0 + 1000)!.refusedBefore, 0, 'a new lock-out');
    t.check({ name: 'x' }, T0 + 1000);
    assert.equal(t.succeed({ name: 'x' }, T0 + 5000), 1);
    assert.equal(t.succeed({ name: 'x' }, T0 + 5000), 0);
  });

  it('stays bounded: forgotten keys go first, then the least recently failed', () => {
    const t = throttle({ freeFailures: 1, maxEntries: 100, lockoutSeconds: 1, maxLockoutSeconds: 1, resetAfterMinutes: 1 });
    for (let i = 0; i < 100; i++) t.fail({ name: `old-${i}` }, T0);
    for (let i = 0; i < 50; i++) t.fail({ name: `new-${i}` }, T0 + 120_000);
    assert.equal(t.size, 50, 'the forgotten ones swept');
    for (let i = 0; i < 100; i++) t.fail({ name: `newer-${i}` }, T0 + 130_000);
    assert.equal(t.size, 100);
    assert.equal(t.check({ name: 'new-0' }, T0 + 130_000), null, 'the least recently failed evicted');
    assert.ok(t.check({ name: 'newer-99' }, T0 + 130_000));
  });

  it('refuses with 429 TOO_MANY_ATTEMPTS, the seconds in the body', () => {
    const error = tooManyAttempts({ retryAfterSeconds: 2, by: 'address', refusedBefore: 0 }, -17);
    assert.ok(error instanceof NailupError);
    assert.equal(error.status, 429);
    assert.deepEqual(error.toJSON(), { code: 'TOO_MANY_ATTEMPTS', message: 'too many failed logins: try again in 2 seconds', tmacCode: -17, retryAfterSeconds: 2 });
  });
});

describe('the dummy password hash', () => {
  it('matches no password, costs one scrypt verification like a real hash, and so does an unreadable hash', () => {
    const real = hashPassword('secret');
    const before = passwordVerifications();
    assert.equal(verifyPassword('secret', real), true);
    assert.equal(verifyDummyPassword('secret'), false);
    assert.equal(verifyDummyPassword(''), false);
    assert.equal(verifyPassword('secret', 'not-a-hash'), false);
    assert.equal(passwordVerifications() - before, 4);
  });
});

describe('config: logins', () => {
  it('defaults: 5 failures per name, 20 per address, 1 s doubling to 15 min, forgotten after an hour', () => {
    assert.deepEqual({ ...loadConfig().logins }, { freeFailures: 5, addressFreeFailures: 20, lockoutSeconds: 1, maxLockoutSeconds: 900, resetAfterMinutes: 60, maxEntries: 10_000 });
    assert.equal(loadConfig({ env: { NAILUP__logins__freeFailures: '10' } }).logins.freeFailures, 10);
  });

  it('refuses bad values naming the key', () => {
    const rejects = (flags: Record<string, unknown>, key: string, words: RegExp): void => {
      assert.throws(() => loadConfig({ flags }), (error: unknown) => {
        assert.ok(error instanceof NailupError);
        assert.equal(error.field, key);
        assert.match(error.message, words);
        return true;
      });
    };
    rejects({ 'logins.freeFailures': 0 }, 'logins.freeFailures', /whole number from 1/);
    rejects({ 'logins.lockoutSeconds': 1.5 }, 'logins.lockoutSeconds', /whole number/);
    rejects({ 'logins.lockoutSeconds': 60, 'logins.maxLockoutSeconds': 30 }, 'logins.maxLockoutSeconds', /at least logins.lockoutSeconds/);
    rejects({ 'logins.resetAfterMinutes': 0 }, 'logins.resetAfterMinutes', /whole number from 1/);
    rejects({ 'logins.lockoutMinutes': 1 }, 'logins.lockoutMinutes', /unknown key; allowed: freeFailures/);
  });
});
