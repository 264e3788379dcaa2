/**
 * What every HTTP server of nailup has, whichever role runs it (all, dialer, gateway): TLS, the Host and
 * Origin checks on requests and upgrades, security headers, request ids, errors as the API's JSON, the
 * liveness probe; and the pages served as files. Routes are added by the role.
 */
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import helmet from '@fastify/helmet';
import type { NailupConfig } from '../config.ts';
import type { Logger } from '../log/logger.ts';
import { sendError } from '../api/http-helpers.ts';
import { FLOOR_SCRIPT_PATH, FLOOR_STYLES_PATH, statusPage, statusPageScript, statusPageStyles } from './status-page.ts';
import { serveApp } from './static-files.ts';
import { OriginPolicy } from './origin-policy.ts';
import { gateUpgrades, requestGate, tlsFiles } from './transport.ts';
import { securityHeaders } from './security-headers.ts';

export interface BaseApp {
  app: FastifyInstance;
  tls: { cert: Buffer; key: Buffer } | null;
  /** Marks a request as nailup's own (its internal listener, a gateway's relay): it skips the Host/Origin checks. */
  trust(isTrusted: (request: IncomingMessage) => boolean): void;
  /** Listens on the configured host and port; resolves with the base URL clients use. */
  listen(): Promise<string>;
}

export async function createBaseApp(config: Readonly<NailupConfig>, logger: Logger): Promise<BaseApp> {
  const options = config.http;
  const tls = tlsFiles(options);
  const app = Fastify({
    ...(tls ? { https: tls } : {}),
    loggerInstance: logger as FastifyBaseLogger,
    // A client's (or a proxy's) id of the request is kept, so that logs on both sides match.
    requestIdHeader: 'x-request-id',
    // Long or badly encoded path segments get the same 400 as any other bad input.
    routerOptions: { maxParamLength: 10_000 },
    frameworkErrors: (error, request, reply) => {
      const field = request.url.startsWith('/cti/v1/commands/') ? 'command' : 'url';
      void (reply as unknown as FastifyReply).code(400).send({ error: { code: 'VALIDATION_FAILED', message: `${field}: ${error.message}`, field } });
    },
  }) as unknown as FastifyInstance;
  // A POST with a JSON content type and no body (curl -H 'content-type: application/json' -X POST …, a
  // command that takes no parameters) is a request without a body, not an error.
  const json = app.getDefaultJsonParser('error', 'ignore');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text === '') return done(null, undefined);
    void json(request, text, done);
  });
  // The Host and Origin allow-lists need the port, known once the server listens (port 0 = any free one).
  let policy: OriginPolicy | null = null;
  const policyOf = (): OriginPolicy => {
    policy ??= OriginPolicy.create(options, { host: config.host, port: (app.server.address() as AddressInfo).port, tls: tls !== null });
    return policy;
  };
  const trusted: Array<(request: IncomingMessage) => boolean> = [];
  app.addHook('onRequest', requestGate(policyOf, (raw) => trusted.some((isTrusted) => isTrusted(raw))));
  const sockets = gateUpgrades(app.server, policyOf);
  // Before the server closes (it waits for every connection): the WebSockets are ended, or it would wait forever.
  app.addHook('preClose', async () => sockets.destroyAll());
  await app.register(helmet, securityHeaders({ tls: tls !== null }));
  app.setErrorHandler((error, request, reply) => sendError(error, request, reply));
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // The process answers: for a load balancer's liveness probe.
  app.get('/healthz', async () => ({ ok: true }));
  return {
    app,
    tls,
    trust: (isTrusted) => trusted.push(isTrusted),
    async listen() {
      // A floor of desktops reconnecting at once (after a restart) must not overflow the accept queue:
      // Node's default backlog is 511; the kernel caps this at net.core.somaxconn.
      const address = await app.listen({ host: config.host, port: config.port, backlog: 4096 });
      policyOf();
      return address.replace('[::1]', 'localhost').replace('[::]', 'localhost');
    },
  };
}

/** The agent desktop, the supervisor pages and the floor status page, from the built web clients in `webDir`'s folder. */
export function servePages(app: FastifyInstance, webDir: string): void {
  serveApp(app, '/agent/', webDir);
  serveApp(app, '/supervisor/', join(dirname(webDir), 'supervisor', 'dist'));
  app.get('/floor', async (_request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(statusPage()));
  app.get(FLOOR_SCRIPT_PATH, async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(statusPageScript()));
  app.get(FLOOR_STYLES_PATH, async (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'no-cache').send(statusPageStyles()));
  app.get('/', async (_request, reply) => reply.redirect('/agent/'));
}
