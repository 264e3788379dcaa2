/**
 * Who may use links A3 and A4 (docs/cti.md, "Access"): with `cti.apiKey`, whoever presents the key (the
 * header `x-api-key`, or, on A4 from a browser, the first message); without it, local clients only.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Whether `given` is the key, in time that does not depend on where they differ: the SHA-256 digests
 * (equal lengths, whatever the inputs) are compared with timingSafeEqual.
 */
export function keyMatches(given: string | undefined, key: string): boolean {
  if (given === undefined || key === '') return false;
  return timingSafeEqual(digest(given), digest(key));
}

const isLoopback = (address: string | undefined): boolean =>
  !!address && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));

/** Headers a reverse proxy adds: a request relayed by a proxy on this machine is not a local client. */
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip'] as const;

/** A client on this machine talking to us directly (not through a proxy that says it relays someone else). */
export function isLocalClient(address: string | undefined, headers: IncomingHttpHeaders): boolean {
  return isLoopback(address) && PROXY_HEADERS.every((h) => headers[h] === undefined);
}

/** The `x-api-key` header, if sent once. */
export function headerKey(headers: IncomingHttpHeaders): string | undefined {
  const value = headers['x-api-key'];
  return typeof value === 'string' ? value : undefined;
}

export const KEY_IN_URL_MESSAGE = 'apiKey: the CTI key may not be sent in the URL (it ends up in logs and histories); send it in the x-api-key header';
