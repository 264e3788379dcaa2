import Fastify, { type FastifyInstance } from 'fastify';
import type { Clock } from '../clock/clock.ts';
import type { NailupConfig } from '../config.ts';
import type { Dialer } from '../dialer/dialer.ts';
import type { Store } from '../store/store.ts';
import { NailupError } from '../errors.ts';
import { floorStatus } from './status.ts';
import { statusPage } from './status-page.ts';

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
}

/** The gateway role's HTTP server: the floor status now; the desktop, CTI links and supervisor APIs mount here. */
export async function startHttpServer(deps: HttpDeps): Promise<HttpServer> {
  const app = Fastify({ logger: false });
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof NailupError) return reply.status(error.status).send({ error: error.toJSON() });
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    return reply.status(status).send({ error: { code: status < 500 ? 'VALIDATION_FAILED' : 'INTERNAL', message: error instanceof Error ? error.message : String(error) } });
  });
  app.get('/healthz', async () => ({ ok: true }));
  app.get('/api/v1/status', async () => floorStatus(deps.dialer, deps.store, deps.clock));
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(statusPage()));
  const address = await app.listen({ host: deps.config.host, port: deps.config.port });
  const url = address.replace('[::1]', 'localhost');
  return { app, url, close: () => app.close() };
}
