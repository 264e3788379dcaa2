import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

// Interactive-login strength; cheap enough for demo seeding of a few dozen agents.
const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64. */
export function hashPassword(plain: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(plain, salt, KEY_LENGTH, { N, r: R, p: P });
  return ['scrypt', N, R, P, salt.toString('base64'), hash.toString('base64')].join('$');
}

let verifications = 0;

export function verifyPassword(plain: string, stored: string): boolean {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  // A hash that cannot be read takes as long to refuse as a wrong password.
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return verifyDummyPassword(plain);
  verifications += 1;
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(plain, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return timingSafeEqual(actual, expected);
}

/**
 * A hash of the same parameters (and key length) as `hashPassword`'s that no password matches (its
 * "hash" is all zeros). A login of an unknown user verifies against it, so that it does the same work
 * and takes as long as a known user's with a wrong password: the time does not tell who exists.
 */
const DUMMY_HASH = ['scrypt', N, R, P, Buffer.alloc(16, 0x5a).toString('base64'), Buffer.alloc(KEY_LENGTH).toString('base64')].join('$');

/** The work of one `verifyPassword`, for a user who does not exist (or has no usable hash). Always false. */
export function verifyDummyPassword(plain: string): false {
  verifyPassword(plain, DUMMY_HASH);
  return false;
}

/** How many scrypt verifications this process has run (the dummy ones too): tests count them. */
export function passwordVerifications(): number {
  return verifications;
}
