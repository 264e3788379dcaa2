/**
 * HTTP requests a gateway relays to the leading dialer over NATS: the supervisor API, the POM web
 * services and the desktop's API run where the floor's state is. The gateway checks Host and Origin
 * itself; the leader runs the request through its own routes (Fastify's inject), marked as relayed by a
 * secret header only it knows, so its Host check does not refuse the gateway's name.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NailupError } from '../errors.ts';
import { BusUnavailable, type ClusterBus } from './bus.ts';
import { SUBJECTS } from './subjects.ts';

export interface RelayedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** The body, base64. */
  body: string;
  /** The client's address as the gateway saw it (login throttling and the audit log use it). */
  remoteAddress: string;
}

export interface RelayedReply {
  status: number;
  headers: Record<string, string | string[]>;
  /** The body, base64. */
  body: string;
}

const RELAY_HEADER = 'x-nailup-relay';
/** Headers of one connection, not of the request: never relayed. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'content-length', 'proxy-connection', 'te', 'trailer', RELAY_HEADER]);

/** What the gateway relays: every path under these prefixes (the desktop's event socket stays on the gateway). */
export const RELAYED_PREFIXES = ['/api/', '/pom/', '/tmac/v1/'] as const;

const leaderUnavailable = (): NailupError => new NailupError('LEADER_UNAVAILABLE', 'no dialer leads the cluster right now (a failover takes a few seconds); try again');

// ── the leader's side ────────────────────────────────────────────────────────

/** Runs relayed requests through `app`; `isRelayed` tells its Host check which requests those are. */
export function relayReceiver(app: FastifyInstance): { isRelayed(request: IncomingMessage): boolean; run(request: RelayedRequest): Promise<RelayedReply> } {
  const secret = randomBytes(24).toString('base64url');
  const expected = Buffer.from(secret);
  return {
    isRelayed(request) {
      const given = request.headers[RELAY_HEADER];
      return typeof given === 'string' && given.length === secret.length && timingSafeEqual(Buffer.from(given), expected);
    },
    async run(request) {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) if (!HOP_BY_HOP.has(name)) headers[name] = value;
      const reply = await app.inject({
        method: request.method as 'GET',
        url: request.url,
        headers: { ...headers, [RELAY_HEADER]: secret },
        payload: Buffer.from(request.body, 'base64'),
        remoteAddress: request.remoteAddress,
      });
      const replyHeaders: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(reply.headers)) {
        if (value === undefined || HOP_BY_HOP.has(name)) continue;
        replyHeaders[name] = Array.isArray(value) ? value.map(String) : String(value);
      }
      return { status: reply.statusCode, headers: replyHeaders, body: reply.rawPayload.toString('base64') };
    },
  };
}

// ── the gateway's side ───────────────────────────────────────────────────────

/**
 * Relays every request under RELAYED_PREFIXES to the leader; 503 LEADER_UNAVAILABLE (Retry-After) while
 * none leads; 400 for a body larger than a NATS message may carry.
 */
export async function registerRelay(app: FastifyInstance, bus: ClusterBus, timeoutMs: number): Promise<void> {
  // Headroom for the JSON envelope and base64 (4/3).
  const bodyLimit = Math.floor((bus.connection.info?.max_payload ?? 1024 * 1024) * 0.74) - 16 * 1024;
  await app.register(async (scope) => {
    // The body goes on as bytes, whatever its type (JSON, CSV, multipart).
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body));
    const relay = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (value === undefined || HOP_BY_HOP.has(name)) continue;
        headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      const body = Buffer.isBuffer(request.body) ? request.body.toString('base64') : '';
      const relayed: RelayedRequest = { method: request.method, url: request.url, headers, body, remoteAddress: request.ip };
      let answer: RelayedReply | { error: unknown };
      try {
        answer = (await bus.request(SUBJECTS.http, relayed, timeoutMs)) as RelayedReply | { error: unknown };
      } catch (error) {
        if (error instanceof BusUnavailable) throw leaderUnavailable();
        throw error;
      }
      if ('error' in answer) throw leaderUnavailable();
      for (const [name, value] of Object.entries(answer.headers)) void reply.header(name, value);
      return reply.status(answer.status).send(Buffer.from(answer.body, 'base64'));
    };
    for (const prefix of RELAYED_PREFIXES) scope.all(`${prefix}*`, relay);
  });
}
