import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import helmet from '@fastify/helmet';
import type { Clock } from '../clock/clock.ts';
import type { NailupConfig } from '../config.ts';
import type { Dialer } from '../dialer/dialer.ts';
import type { Store } from '../store/store.ts';
import type { Logger } from '../log/logger.ts';
import { NailupError } from '../errors.ts';
import { role, sendError } from '../api/http-helpers.ts';
import { readiness } from './readiness.ts';
import { floorStatus } from './status.ts';
import { FLOOR_SCRIPT_PATH, FLOOR_STYLES_PATH, statusPage, statusPageScript, statusPageStyles } from './status-page.ts';
import type { CtiServer } from '../cti/cti-server.ts';
import { registerCtiRoutes } from '../cti/routes.ts';
import type { TmacServer } from '../tmac/tmac-server.ts';
import { registerTmacRoutes } from '../tmac/routes.ts';
import { serveApp } from './static-files.ts';
import type { SupervisorSide } from '../utilities/supervisor-side.ts';
import { registerSupervisorSide } from '../api/register.ts';
import { POM_BASE_PATH } from '../pom-rest/register.ts';
import { OriginPolicy } from './origin-policy.ts';
import { gateUpgrades, requestGate, tlsFiles } from './transport.ts';
import { securityHeaders } from './security-headers.ts';
import { createMetrics } from './metrics.ts';

export interface HttpServer {
  app: FastifyInstance;
  /** The base URL clients use: https when TLS is on. */
  url: string;
  /**
   * Where nailup's own utilities reach its POM web services: `url`, or with TLS a plain-HTTP listener on
   * 127.0.0.1 that serves only /pom/v1 (a certificate names the server's public name, not 127.0.0.1).
   */
  selfUrl: string;
  close(): Promise<void>;
}

export interface HttpDeps {
  config: Readonly<NailupConfig>;
  store: Store;
  dialer: Dialer;
  clock: Clock;
  cti: CtiServer;
  tmac: TmacServer;
  /** The built web client (web/dist). */
  webDir: string;
  /** The POM web services (/pom/v1) and the supervisor API (/api/v1). */
  supervisor?: SupervisorSide;
  /** Requests (id, path, status, time) and errors with their stack. */
  logger: Logger;
}

/** The gateway role's HTTP server: agent desktop and its API, CTI links A3/A4, floor status. */
export async function startHttpServer(deps: HttpDeps): Promise<HttpServer> {
  const options = deps.config.http;
  const tls = tlsFiles(options);
  const app = Fastify({
    ...(tls ? { https: tls } : {}),
    loggerInstance: deps.logger as FastifyBaseLogger,
    // A client's (or a proxy's) id of the request is kept, so that logs on both sides match.
    requestIdHeader: 'x-request-id',
    // Long or badly encoded path segments get the same 400 as any other bad input.
    routerOptions: { maxParamLength: 10_000 },
    frameworkErrors: (error, request, reply) => {
      const field = request.url.startsWith('/cti/v1/commands/') ? 'command' : 'url';
      void (reply as unknown as FastifyReply).code(400).send({ error: { code: 'VALIDATION_FAILED', message: `${field}: ${error.message}`, field } });
    },
  }) as unknown as FastifyInstance;
  // The Host and Origin allow-lists need the port, known once the server listens (port 0 = any free one).
  let policy: OriginPolicy | null = null;
  const policyOf = (): OriginPolicy => {
    policy ??= OriginPolicy.create(options, { host: deps.config.host, port: (app.server.address() as AddressInfo).port, tls: tls !== null });
    return policy;
  };
  const internalRequests = new WeakSet<IncomingMessage>();
  app.addHook('onRequest', requestGate(policyOf, (raw) => internalRequests.has(raw)));
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
  // Ready for work: the store takes writes and the dialer's queue runs.
  app.get('/readyz', async (_request, reply) => {
    const checks = await readiness(deps.store, deps.dialer);
    return reply.status(checks.ready ? 200 : 503).send(checks);
  });
  // The floor's figures: for supervisors (any role) unless configured public.
  const supervisorOnly = deps.supervisor
    ? role(deps.supervisor.auth, 'supervisor')
    : async (): Promise<void> => { throw new NailupError('UNAUTHORIZED', 'a supervisor login is required'); };
  const statusAccess = options.publicStatus ? {} : { onRequest: supervisorOnly as (request: FastifyRequest) => Promise<void> };
  app.get('/api/v1/status', statusAccess, async () => floorStatus(deps.dialer, deps.store, deps.clock));
  // Prometheus metrics (docs/metrics.md): one registry per server, behind the same guard as the status.
  const metrics = createMetrics({ dialer: deps.dialer, store: deps.store });
  app.addHook('onClose', async () => metrics.close());
  app.get('/metrics', statusAccess, async (_request, reply) => {
    const { contentType, text } = await metrics.scrape();
    return reply.type(contentType).header('cache-control', 'no-store').send(text);
  });
  registerCtiRoutes(app, deps.cti, { apiKey: deps.config.cti.apiKey, metrics });
  registerTmacRoutes(app, deps.tmac);
  if (deps.supervisor) registerSupervisorSide(app, deps.supervisor);
  serveApp(app, '/agent/', deps.webDir);
  serveApp(app, '/supervisor/', join(dirname(deps.webDir), 'supervisor', 'dist'));
  app.get('/floor', async (_request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(statusPage()));
  app.get(FLOOR_SCRIPT_PATH, async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(statusPageScript()));
  app.get(FLOOR_STYLES_PATH, async (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'no-cache').send(statusPageStyles()));
  app.get('/', async (_request, reply) => reply.redirect('/agent/'));
  // A floor of desktops reconnecting at once (after a restart) must not overflow the accept queue:
  // Node's default backlog is 511; the kernel caps this at net.core.somaxconn.
  const address = await app.listen({ host: deps.config.host, port: deps.config.port, backlog: 4096 });
  policyOf();
  const url = address.replace('[::1]', 'localhost').replace('[::]', 'localhost');
  let internal: Server | null = null;
  let selfUrl = url;
  if (tls) {
    internal = createServer((request, response) => {
      if (!(request.url ?? '').startsWith(`${POM_BASE_PATH}/`)) {
        response.writeHead(404).end();
        return;
      }
      internalRequests.add(request);
      app.routing(request, response);
    });
    const server = internal;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port: 0 }, () => resolve());
    });
    selfUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  return {
    app, url, selfUrl,
    async close() {
      if (internal) {
        internal.closeAllConnections();
        await new Promise<void>((resolve) => internal!.close(() => resolve()));
      }
      await app.close();
    },
  };
}
