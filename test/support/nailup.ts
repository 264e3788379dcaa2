/** A running nailup for HTTP tests (demo data, no bots, store in memory) and small clients of its APIs. */
import type { Clock } from '../../src/clock/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { startNailup, type Nailup, type StartOptions } from '../../src/app.ts';
import type { Logger } from '../../src/log/logger.ts';

export async function startTestNailup(flags: Record<string, unknown> = {}, options: { clock?: Clock; logger?: Logger; auxiliaryPoms?: StartOptions['auxiliaryPoms'] } = {}): Promise<Nailup> {
  const config = loadConfig({
    flags: {
      port: 0, database: ':memory:', logLevel: 'silent', 'demo.enabled': true, 'demo.bots': 0, 'demo.contactsPerList': 200,
      'utilities.purgeRetryDelayMs': 20, ...flags,
    },
  });
  return startNailup(config, options);
}

/** A JSON reply body: the assertions of each test check its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Reply<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** A JSON client of one base URL, with a bearer token or Basic credentials. */
export class Client {
  constructor(readonly base: string, private readonly auth: { bearer?: string; basic?: [string, string] } = {}) {}

  /** The Authorization header this client sends. */
  get authorization(): string {
    return this.headers().authorization ?? '';
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const h: Record<string, string> = { ...extra };
    if (this.auth.bearer) h.authorization = `Bearer ${this.auth.bearer}`;
    if (this.auth.basic) h.authorization = `Basic ${Buffer.from(this.auth.basic.join(':')).toString('base64')}`;
    return h;
  }

  async request<T = Json>(method: string, path: string, body?: unknown): Promise<Reply<T>> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: this.headers(body === undefined ? {} : { 'content-type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as T, headers: response.headers };
  }

  get<T = Json>(path: string): Promise<Reply<T>> {
    return this.request<T>('GET', path);
  }

  post<T = Json>(path: string, body?: unknown): Promise<Reply<T>> {
    return this.request<T>('POST', path, body);
  }

  async csv<T = Json>(path: string, text: string | AsyncIterable<Uint8Array>): Promise<Reply<T>> {
    const response = await fetch(`${this.base}${path}`, {
      method: 'POST', headers: this.headers({ 'content-type': 'text/csv' }), body: text as BodyInit, ...(typeof text === 'string' ? {} : { duplex: 'half' }),
    } as RequestInit);
    const raw = await response.text();
    return { status: response.status, body: (raw === '' ? undefined : JSON.parse(raw)) as T, headers: response.headers };
  }
}

/** Logs in to the supervisor API and returns a client carrying the token. */
export async function loginAs(nailup: Nailup, username: string, password = 'demo'): Promise<Client> {
  const reply = await new Client(`${nailup.url}/api/v1`).post<{ token: string }>('/auth/login', { username, password });
  if (reply.status !== 200) throw new Error(`login ${username}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return new Client(`${nailup.url}/api/v1`, { bearer: reply.body.token });
}

export const pomClient = (nailup: Nailup): Client => new Client(`${nailup.url}/pom/v1`);
