/** TLS and the checks every request and WebSocket upgrade passes before any route (docs/security.md). */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { configError } from '../errors.ts';
import type { HttpOptions } from './http-options.ts';
import type { OriginPolicy } from './origin-policy.ts';

/** The certificate and key of `http.tlsCert` / `http.tlsKey`, or null for plain HTTP. */
export function tlsFiles(options: HttpOptions): { cert: Buffer; key: Buffer } | null {
  if (options.tlsCert === '' || options.tlsKey === '') return null;
  const read = (key: string, file: string): Buffer => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw configError(key, `cannot read ${file}: ${(error as Error).message}`);
    }
  };
  return { cert: read('http.tlsCert', options.tlsCert), key: read('http.tlsKey', options.tlsKey) };
}

/** Why a request is refused: its HTTP status and the API's error body. */
export interface Refusal {
  status: number;
  body: { error: { code: string; message: string; field: string } };
}

/** Probes of a load balancer or orchestrator, which may use any name: they reveal nothing. */
const PROBES = new Set(['/healthz', '/readyz']);

/** Whether a request may go on to its route: its Host is one of ours, and its Origin (if any) allowed. */
export function checkRequest(policyOf: () => OriginPolicy, request: IncomingMessage): Refusal | null {
  const policy = policyOf();
  const path = (request.url ?? '/').split('?')[0]!;
  if (PROBES.has(path)) return null;
  const host = request.headers.host;
  if (!policy.allowsHost(host)) {
    return {
      status: 421,
      body: {
        error: {
          code: 'HOST_NOT_ALLOWED',
          message: `host: ${host === undefined ? 'the request has no Host header' : `${JSON.stringify(host)} is not a name of this server`}; allowed: ${policy.describeHosts()} (set http.allowedHosts)`,
          field: 'host',
        },
      },
    };
  }
  const origin = request.headers.origin;
  if (origin !== undefined && !policy.allowsOrigin(origin)) {
    return {
      status: 403,
      body: { error: { code: 'ORIGIN_NOT_ALLOWED', message: `origin: pages of ${JSON.stringify(origin)} may not use this server (set http.allowedOrigins)`, field: 'origin' } },
    };
  }
  return null;
}

/** The onRequest hook of `checkRequest`. Requests of nailup's own internal listener are its own: they pass. */
export function requestGate(policy: () => OriginPolicy, isInternal: (request: IncomingMessage) => boolean) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (isInternal(request.raw)) return;
    const refusal = checkRequest(policy, request.raw);
    if (refusal) await reply.status(refusal.status).send(refusal.body);
  };
}

const REASONS: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 421: 'Misdirected Request', 503: 'Service Unavailable',
};

/** Answers a WebSocket upgrade with an HTTP error and closes the connection. */
export function refuseUpgrade(socket: Duplex, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
}

/**
 * Puts `checkRequest` in front of every `upgrade` listener of the server (the desktop's and A4's
 * sockets): a refused upgrade reaches none of them. Returns what ends the upgraded connections: the
 * server's close waits for every connection, and sockets do not end by themselves.
 */
export function gateUpgrades(server: Server, policy: () => OriginPolicy): { destroyAll(): void } {
  const upgraded = new Set<Duplex>();
  const emit = server.emit;
  server.emit = function gatedEmit(this: Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'upgrade') {
      const [request, socket] = args as [IncomingMessage, Duplex];
      const refusal = checkRequest(policy, request);
      if (refusal) {
        refuseUpgrade(socket, refusal.status, refusal.body);
        return true;
      }
      upgraded.add(socket);
      socket.once('close', () => upgraded.delete(socket));
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as Server['emit'];
  return {
    destroyAll() {
      for (const socket of upgraded) socket.destroy();
      upgraded.clear();
    },
  };
}
