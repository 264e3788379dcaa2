/**
 * The dialer role: a process that stands by until it wins the lease, then runs the floor (dialer, ACD,
 * CTI and TMAC servers, supervisor side) on PostgreSQL under its epoch and serves the gateways over NATS.
 *
 * Failover, as the new leader sees it (docs/operations.md): the lease is won the moment the old leader's
 * connection drops; the epoch goes up, so the old leader's writes are refused from now on; the store's
 * state is put right (calls in flight end with result Unknown and wait their retry interval, wrap-ups are
 * disposed, claimed contacts go back); jobs resume; the desktop sessions are resumed, each agent logged on
 * and nailed again in the state it had; then the heartbeat tells the gateways, whose desktops read their
 * state again. A leader that loses its lease stops at once: a supervisor (systemd, the cluster script)
 * starts it again, as a standby.
 */
import type { NailupConfig } from '../config.ts';
import { startNailup, type Nailup } from '../app.ts';
import type { Logger } from '../log/logger.ts';
import { openDatabase } from '../store/open-store.ts';
import { migrateToLatest } from '../store/migrate.ts';
import { createBaseApp } from '../http/base-app.ts';
import { createMetrics, type ClusterFigures } from '../http/metrics.ts';
import { ClusterBus } from './bus.ts';
import { defaultInstance, Leadership } from './leadership.ts';
import { publishFloor, serveAsLeader } from './leader-services.ts';
import { SUBJECTS } from './subjects.ts';

export interface DialerRole {
  instance: string;
  leadership: Leadership;
  /** Resolves with the floor once this process leads. */
  leading: Promise<Nailup>;
  close(): Promise<void>;
}

export interface DialerRoleOptions {
  logger: Logger;
  /** What happens when the lease is lost while leading; by default the process exits (status 75). */
  onDeposed?: (reason: string) => void;
}

export async function startDialerRole(config: Readonly<NailupConfig>, options: DialerRoleOptions): Promise<DialerRole> {
  const { cluster } = config;
  const instance = cluster.instance || defaultInstance();
  let log = options.logger.child({ instance });
  const bus = await ClusterBus.connect(cluster.natsUrl, `nailup dialer ${instance}`, log);
  // The schema first, unfenced, so that the lease's table exists; migrations are safe to run concurrently.
  const { db } = await openDatabase(config.database);
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  const leadership = new Leadership({ databaseUrl: config.database, instance, lockPollMs: cluster.lockPollMs, heartbeatMs: cluster.heartbeatMs, log });
  const figures: ClusterFigures = { role: 'dialer', instance, epoch: () => (leadership.state === 'leading' ? leadership.epoch : 0), natsConnected: () => bus.connected };
  const standby = await startStandbyHttp(config, log, figures);
  let nailup: Nailup | null = null;
  const stops: Array<() => void> = [];
  let closing = false;

  const lead = async (): Promise<Nailup> => {
    const epoch = await leadership.acquire();
    if (closing) throw new Error('the dialer is closing');
    const wonAt = Date.now();
    log = log.child({ epoch });
    log.info({ step: 'lease won' }, 'failover: this dialer leads');
    // The gateways learn at once that the last leader is gone, before the resume's first A4 event.
    bus.publish(SUBJECTS.takingOver, { epoch, instance });
    leadership.onLost((reason) => {
      log.fatal({ step: 'deposed', reason }, 'failover: the lease is lost; this dialer stops');
      if (options.onDeposed) options.onDeposed(reason);
      else process.exit(75);
    });
    await standby.close();
    const publish = (parts: Parameters<typeof publishFloor>[1]): void => { stops.push(publishFloor(bus, parts)); };
    nailup = await startNailup(config, { logger: log, leader: { epoch, figures, publish } });
    log.info({ step: 'floor resumed', ms: Date.now() - wonAt }, 'failover: store recovered, jobs and desktop sessions resumed');
    if (closing) throw new Error('the dialer is closing');
    stops.push(serveAsLeader(bus, nailup, { epoch, instance, url: nailup.url }, cluster.heartbeatMs));
    log.info({ step: 'serving', url: nailup.url, ms: Date.now() - wonAt }, 'failover: serving the gateways');
    return nailup;
  };
  const leading = lead();
  // A lost race at shutdown is not an error; anything else is the caller's (leading rejects).
  leading.catch((error: unknown) => { if (!closing) log.error({ err: error }, 'the dialer could not take the lead'); });

  return {
    instance, leadership, leading,
    async close() {
      closing = true;
      for (const stop of stops) stop();
      await standby.close();
      // A standby stops waiting for the lease; a floor still starting is closed once it has started.
      if (leadership.state !== 'leading') await leadership.release();
      await leading.then((floor) => floor.close(), () => nailup?.close());
      await leadership.release();
      await bus.close();
    },
  };
}

/** A standby's probes and metrics, on the port the floor takes once this process leads. */
async function startStandbyHttp(config: Readonly<NailupConfig>, log: Logger, figures: ClusterFigures): Promise<{ close(): Promise<void> }> {
  const base = await createBaseApp(config, log);
  const { app } = base;
  app.get('/readyz', async (_request, reply) => {
    const nats = figures.natsConnected() ? 'ok' : 'disconnected';
    // A standby is ready when it could take over: it reaches NATS (and PostgreSQL, polled by the lease).
    return reply.status(nats === 'ok' ? 200 : 503).send({ ready: nats === 'ok', checks: { nats, leader: 'standing by' } });
  });
  const metrics = createMetrics({ cluster: figures });
  app.get('/metrics', async (_request, reply) => {
    const { contentType, text } = await metrics.scrape();
    return reply.type(contentType).header('cache-control', 'no-store').send(text);
  });
  await base.listen();
  let closed = false;
  return {
    async close() {
      if (closed) return;
      closed = true;
      metrics.close();
      await app.close();
    },
  };
}
