import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from '../clock/clock.ts';
import type { NailupConfig } from '../config.ts';
import type { Dialer } from '../dialer/dialer.ts';
import type { Store } from '../store/store.ts';
import type { Logger } from '../log/logger.ts';
import { NailupError } from '../errors.ts';
import { role } from '../api/http-helpers.ts';
import { readiness } from './readiness.ts';
import { floorStatus } from './status.ts';
import type { CtiServer } from '../cti/cti-server.ts';
import { registerCtiRoutes } from '../cti/routes.ts';
import type { TmacServer } from '../tmac/tmac-server.ts';
import { registerTmacRoutes } from '../tmac/routes.ts';
import type { SupervisorSide } from '../utilities/supervisor-side.ts';
import { registerSupervisorSide } from '../api/register.ts';
import { POM_BASE_PATH } from '../pom-rest/register.ts';
import { createBaseApp, servePages } from './base-app.ts';
import { InProcessCtiLink } from '../tmac/cti-link.ts';
import { createMetrics, type ClusterFigures } from './metrics.ts';

export interface HttpServer {
  app: FastifyInstance;
  /** The base URL clients use: https when TLS is on. */
  url: string;
  /**
   * Where nailup's own utilities reach its POM web services: `url`, or with TLS a plain-HTTP listener on
   * 127.0.0.1 that serves only /pom/v1 (a certificate names the server's public name, not 127.0.0.1).
   */
  selfUrl: string;
  /** Marks requests as nailup's own: they skip the Host and Origin checks (a gateway's relay). */
  trust(isTrusted: (request: IncomingMessage) => boolean): void;
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
  /** On a leading dialer: its place in the cluster, for the metrics and the readiness probe. */
  cluster?: ClusterFigures;
}

/** The HTTP server of role `all` and of the leading dialer: every route, the pages, the CTI links. */
export async function startHttpServer(deps: HttpDeps): Promise<HttpServer> {
  const base = await createBaseApp(deps.config, deps.logger);
  const { app, tls } = base;
  const internalRequests = new WeakSet<IncomingMessage>();
  base.trust((raw) => internalRequests.has(raw));
  // Ready for work: the store takes writes and the dialer's queue runs.
  app.get('/readyz', async (_request, reply) => {
    const checks = await readiness(deps.store, deps.dialer, deps.cluster);
    return reply.status(checks.ready ? 200 : 503).send(checks);
  });
  // The floor's figures: for supervisors (any role) unless configured public.
  const supervisorOnly = deps.supervisor
    ? role(deps.supervisor.auth, 'supervisor')
    : async (): Promise<void> => { throw new NailupError('UNAUTHORIZED', 'a supervisor login is required'); };
  const statusAccess = deps.config.http.publicStatus ? {} : { onRequest: supervisorOnly as (request: FastifyRequest) => Promise<void> };
  app.get('/api/v1/status', statusAccess, async () => floorStatus(deps.dialer, deps.store, deps.clock));
  // Prometheus metrics (docs/metrics.md): one registry per server, behind the same guard as the status.
  const metrics = createMetrics({ floor: { dialer: deps.dialer, store: deps.store, clock: deps.clock }, ...(deps.cluster ? { cluster: deps.cluster } : {}) });
  app.addHook('onClose', async () => metrics.close());
  app.get('/metrics', statusAccess, async (_request, reply) => {
    const { contentType, text } = await metrics.scrape();
    return reply.type(contentType).header('cache-control', 'no-store').send(text);
  });
  registerCtiRoutes(app, new InProcessCtiLink(deps.cti), { apiKey: deps.config.cti.apiKey, metrics });
  registerTmacRoutes(app, deps.tmac);
  if (deps.supervisor) registerSupervisorSide(app, deps.supervisor);
  servePages(app, deps.webDir);
  const url = await base.listen();
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
    app, url, selfUrl, trust: base.trust,
    async close() {
      if (internal) {
        internal.closeAllConnections();
        await new Promise<void>((resolve) => internal!.close(() => resolve()));
      }
      await app.close();
    },
  };
}
