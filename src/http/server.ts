import { dirname, join } from 'node:path';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Clock } from '../clock/clock.ts';
import type { NailupConfig } from '../config.ts';
import type { Dialer } from '../dialer/dialer.ts';
import type { Store } from '../store/store.ts';
import type { Logger } from '../log/logger.ts';
import { sendError } from '../api/http-helpers.ts';
import { readiness } from './readiness.ts';
import { floorStatus } from './status.ts';
import { statusPage } from './status-page.ts';
import type { CtiServer } from '../cti/cti-server.ts';
import { registerCtiRoutes } from '../cti/routes.ts';
import type { TmacServer } from '../tmac/tmac-server.ts';
import { registerTmacRoutes } from '../tmac/routes.ts';
import { serveApp } from './static-files.ts';
import type { SupervisorSide } from '../utilities/supervisor-side.ts';
import { registerSupervisorSide } from '../api/register.ts';

export interface HttpServer {
  app: FastifyInstance;
  url: string;
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
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    // A client's (or a proxy's) id of the request is kept, so that logs on both sides match.
    requestIdHeader: 'x-request-id',
    // Long or badly encoded path segments get the same 400 as any other bad input.
    routerOptions: { maxParamLength: 10_000 },
    frameworkErrors: (error, request, reply) => {
      const field = request.url.startsWith('/cti/v1/commands/') ? 'command' : 'url';
      void (reply as unknown as FastifyReply).code(400).send({ error: { code: 'VALIDATION_FAILED', message: `${field}: ${error.message}`, field } });
    },
  });
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
  app.get('/api/v1/status', async () => floorStatus(deps.dialer, deps.store, deps.clock));
  registerCtiRoutes(app, deps.cti, { apiKey: deps.config.cti.apiKey });
  registerTmacRoutes(app, deps.tmac);
  if (deps.supervisor) registerSupervisorSide(app, deps.supervisor);
  serveApp(app, '/agent/', deps.webDir);
  serveApp(app, '/supervisor/', join(dirname(deps.webDir), 'supervisor', 'dist'));
  app.get('/floor', async (_request, reply) => reply.type('text/html; charset=utf-8').send(statusPage()));
  app.get('/', async (_request, reply) => reply.redirect('/agent/'));
  // A floor of desktops reconnecting at once (after a restart) must not overflow the accept queue:
  // Node's default backlog is 511; the kernel caps this at net.core.somaxconn.
  const address = await app.listen({ host: deps.config.host, port: deps.config.port, backlog: 4096 });
  const url = address.replace('[::1]', 'localhost');
  return { app, url, close: () => app.close() };
}
