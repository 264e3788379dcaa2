/**
 * The gateway role: the HTTP and WebSocket edge of a cluster. It holds no call state: links A3/A4 and the
 * desktop's socket go to the leading dialer over NATS, the supervisor API, POM web services and desktop
 * API are relayed to it, and the pages are served from files. Any number run behind a load balancer.
 */
import { fileURLToPath } from 'node:url';
import type { FastifyRequest } from 'fastify';
import type { NailupConfig } from '../config.ts';
import { NailupError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import { createBaseApp, servePages } from '../http/base-app.ts';
import { createMetrics } from '../http/metrics.ts';
import { registerCtiRoutes } from '../cti/routes.ts';
import { ClusterBus } from './bus.ts';
import { BusCtiLink } from './bus-cti-link.ts';
import { registerDesktopSockets } from './desktop-sockets.ts';
import { defaultInstance } from './leadership.ts';
import { LeaderWatch } from './leader-watch.ts';
import { PomAvailability } from './pom-availability.ts';
import { registerRelay } from './relayed-http.ts';
import { SUBJECTS } from './subjects.ts';

export interface Gateway {
  url: string;
  instance: string;
  leader: LeaderWatch;
  close(): Promise<void>;
}

const WEB_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

export async function startGateway(config: Readonly<NailupConfig>, logger: Logger): Promise<Gateway> {
  const { cluster } = config;
  const instance = cluster.instance || defaultInstance();
  const log = logger.child({ instance });
  const bus = await ClusterBus.connect(cluster.natsUrl, `nailup gateway ${instance}`, log);
  const leader = new LeaderWatch(bus, cluster.leaderTimeoutMs, log);
  const base = await createBaseApp(config, log);
  const { app } = base;

  // Ready to serve: NATS is up and a dialer leads (a load balancer sends nobody to a gateway that cannot relay).
  app.get('/readyz', async (_request, reply) => {
    const nats = bus.connected ? 'ok' : 'disconnected';
    const silence = leader.silenceMs();
    const lead = leader.leader ? `epoch ${leader.leader.epoch} (${leader.leader.instance})` : `none for ${Number.isFinite(silence) ? `${Math.round(silence)} ms` : 'ever'}`;
    const ready = nats === 'ok' && leader.leader !== null;
    return reply.status(ready ? 200 : 503).send({ ready, checks: { nats, leader: lead } });
  });

  const metrics = createMetrics({ cluster: { role: 'gateway', instance, epoch: () => leader.epoch, natsConnected: () => bus.connected } });
  app.addHook('onClose', async () => metrics.close());
  // The same access as the floor status: public when configured, else a supervisor's token, checked by the leader.
  const supervisorOnly = async (request: FastifyRequest): Promise<void> => {
    const authorization = request.headers.authorization ?? '';
    if (authorization === '') throw new NailupError('UNAUTHORIZED', 'a supervisor login is required');
    const status = await relayGet(bus, '/api/v1/auth/me', authorization, cluster.requestTimeoutMs);
    if (status === null) throw new NailupError('LEADER_UNAVAILABLE', 'no dialer leads the cluster right now to check the login; try again');
    if (status !== 200) throw new NailupError('UNAUTHORIZED', 'a supervisor login is required');
  };
  app.get('/metrics', config.http.publicStatus ? {} : { onRequest: supervisorOnly }, async (_request, reply) => {
    const { contentType, text } = await metrics.scrape();
    return reply.type(contentType).header('cache-control', 'no-store').send(text);
  });

  const availability = new PomAvailability();
  leader.listen(availability);
  registerCtiRoutes(app, new BusCtiLink(bus, cluster.requestTimeoutMs, availability), { apiKey: config.cti.apiKey, metrics });
  registerDesktopSockets(app, bus, leader, cluster.requestTimeoutMs, log);
  await registerRelay(app, bus, cluster.requestTimeoutMs);
  servePages(app, WEB_DIR);
  const url = await base.listen();
  log.info({ url }, 'gateway listening');
  return {
    url, instance, leader,
    async close() {
      await app.close();
      leader.close();
      await bus.close();
    },
  };
}

/** The status of a GET relayed to the leader with the given Authorization; null when none answers. */
async function relayGet(bus: ClusterBus, url: string, authorization: string, timeoutMs: number): Promise<number | null> {
  try {
    const answer = (await bus.request(SUBJECTS.http, { method: 'GET', url, headers: { authorization }, body: '', remoteAddress: '127.0.0.1' }, timeoutMs)) as { status?: number };
    return answer.status ?? null;
  } catch {
    return null;
  }
}
