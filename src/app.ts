import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock } from './clock/clock.ts';
import { RealClock } from './clock/real-clock.ts';
import { VirtualClock } from './clock/virtual-clock.ts';
import type { NailupConfig } from './config.ts';
import { Dialer } from './dialer/dialer.ts';
import { EmbeddedAgentApi } from './dialer/embedded-agent-api.ts';
import { stateBeforeRecovery } from './dialer/crash-recovery.ts';
import { lockFloor } from './store/floor-lock.ts';
import { startDemoFloor, type DemoFloor } from './demo/demo-floor.ts';
import { seedDemo } from './demo/demo-data.ts';
import { isPostgresUrl, openStore, sqlitePath } from './store/open-store.ts';
import type { Store } from './store/store.ts';
import type { CtiLoginRecord } from './store/records.ts';
import { SimulatedNetwork } from './telephony/simulated-network.ts';
import { SimulatedInboundTraffic } from './telephony/inbound-traffic.ts';
import { DEMO_INBOUND_TRAFFIC } from './demo/demo-inbound.ts';
import { startHttpServer, type HttpServer } from './http/server.ts';
import { CtiServer } from './cti/cti-server.ts';
import { LocatedAgentApi } from './pom/located-agent-api.ts';
import type { PomAgentApi } from './pom/agent-api.ts';
import { EmbeddedAcd } from './acd/embedded-acd.ts';
import { TmacServer } from './tmac/tmac-server.ts';
import { InProcessCtiLink } from './tmac/cti-link.ts';
import { fileURLToPath } from 'node:url';
import { createSupervisorSide, type SupervisorSide } from './utilities/supervisor-side.ts';
import { createLogger, type Logger } from './log/logger.ts';
import type { ClusterFigures } from './http/metrics.ts';
import { ReportRollupScheduler } from './reports/rollups/rollup-scheduler.ts';

/** Every role of nailup in one process: store, dialer, simulated network, HTTP. */
export interface Nailup {
  config: Readonly<NailupConfig>;
  store: Store;
  clock: Clock;
  dialer: Dialer;
  agentApi: EmbeddedAgentApi;
  /** The inbound queues (link A5's role) and the callers the simulated network sends them. */
  acd: EmbeddedAcd;
  inboundTraffic: SimulatedInboundTraffic;
  cti: CtiServer;
  tmac: TmacServer;
  /** POM web services, supervisor utilities, imports. */
  supervisor: SupervisorSide;
  http: HttpServer;
  demo: DemoFloor | null;
  /** The base URL the HTTP server listens on. */
  url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  logger?: Logger;
  /**
   * A dialer that has just taken the lead of a cluster (src/cluster/dialer-role.ts): its writes carry the
   * epoch (fencing), the desktop sessions the last leader left are resumed, and the metrics and readiness
   * probe tell its place.
   */
  leader?: {
    epoch: number;
    figures: ClusterFigures;
    /** Called once the CTI and TMAC servers exist, before the resumes: the leader publishes their events from then on. */
    publish(parts: { cti: CtiServer; tmac: TmacServer }): void;
  };
  /**
   * Further POM endpoints beside the embedded dialer (the auxiliary EPM's, then any more: `cti.pamAddresses`
   * in the same order): the CTI server logs each agent on where its location preference says, and on the
   * other when that one is unreachable (src/pom/located-agent-api.ts).
   */
  auxiliaryPoms?: PomAgentApi[];
}

export async function startNailup(config: Readonly<NailupConfig>, options: StartOptions = {}): Promise<Nailup> {
  const clock = options.clock ?? new RealClock();
  const logger = options.logger ?? createLogger(config.logLevel);
  if (!isPostgresUrl(config.database) && sqlitePath(config.database) !== ':memory:') {
    mkdirSync(dirname(sqlitePath(config.database)), { recursive: true });
  }
  // A cluster's leader holds the lease already.
  const floorLock = options.leader ? null : await lockFloor(config.database, (error) => logger.error({ err: error }, 'the floor\'s lease on the database was lost: another nailup could now start on it'));
  const store = await openStore(config.database, options.leader ? { epoch: options.leader.epoch } : {}).catch(async (error: unknown) => {
    await floorLock?.release();
    throw error;
  });
  const network = new SimulatedNetwork(clock, config.network);
  const dialer = new Dialer({ store, clock, network, options: config.dialer, log: logger, logins: config.logins });
  // On simulated time, store writes finish before the clock moves on.
  if (clock instanceof VirtualClock) clock.addSettler(() => dialer.whenIdle());
  const agentApi = new EmbeddedAgentApi(dialer);
  await agentApi.init([], false);
  // A new leader keeps, for the agents it logs on again, the wrap-ups they had in progress.
  const logins = options.leader ? await store.ctiLogins.list() : [];
  await dialer.recover(new Set(logins.map((login) => login.agentId)));

  const summary = config.demo.enabled
    ? await seedDemo(store, { now: clock.now(), contactsPerList: config.demo.contactsPerList, seed: config.demo.seed, botAgents: config.demo.bots })
    : null;
  // The ACD routes in the dialer's queue; callers come from the simulated network's inbound traffic.
  const acd = new EmbeddedAcd({ clock, queue: dialer.queue, desk: dialer.inboundDesk, calls: store.inboundCalls, log: logger });
  await dialer.useAcd(acd);
  const profiles = config.network.inbound ?? (summary ? [DEMO_INBOUND_TRAFFIC] : []);
  const inboundTraffic = new SimulatedInboundTraffic(clock, profiles, config.network.seed, (call) => acd.arrive(call));
  inboundTraffic.start();
  let demo: DemoFloor | null = null;
  if (summary) demo = await startDemoFloor({ dialer, agentApi, clock, summary, config });

  const pom = options.auxiliaryPoms?.length ? locatedPoms(agentApi, options.auxiliaryPoms, store, config, logger) : agentApi;
  const cti = new CtiServer(pom, acd, {
    ...config.pom, ...config.cti, walkAwayReasonCode: config.dialer.walkAwayReasonCode, reasonCodes: config.tmac.reasonCodes,
  }, { logins: store.ctiLogins, now: () => clock.now(), onError: (error) => logger.error({ err: error }, 'a CTI login could not be recorded') });
  await cti.start();
  const tmac = new TmacServer(new InProcessCtiLink(cti), store, clock, config.tmac, config.logins);
  options.leader?.publish({ cti, tmac });
  if (options.leader) {
    await resumeFloor({ store, clock, dialer, cti, tmac, logger }, logins);
  } else {
    await store.ctiLogins.clear();
    await tmac.start();
  }
  const webDir = fileURLToPath(new URL('../web/dist', import.meta.url));
  const supervisor = createSupervisorSide({ config, store, dialer, clock, log: logger });
  // A scheduled export finishes (and sets its next run) before simulated time moves on.
  if (clock instanceof VirtualClock) clock.addSettler(() => supervisor.exports.whenIdle());
  const http = await startHttpServer({ config, store, dialer, clock, cti, tmac, webDir, supervisor, logger, ...(options.leader ? { cluster: options.leader.figures } : {}) });
  supervisor.setSelfUrl(http.selfUrl);
  await supervisor.start();
  // The OCM Report Scheduler runs beside the dialer: in a cluster only the leader gets here.
  const rollups = startRollups(store, clock, config, logger);
  return {
    config, store, clock, dialer, agentApi, acd, inboundTraffic, cti, tmac, supervisor, http, demo, url: http.url,
    async close() {
      demo?.stop();
      inboundTraffic.stop();
      tmac.stop();
      await supervisor.stop();
      rollups.stop();
      await rollups.whenIdle();
      await http.close();
      await cti.stop();
      await dialer.shutdown();
      await store.close();
      await floorLock?.release();
    },
  };
}

/** The embedded dialer as the primary POM and the others after it, each agent on the one its profile prefers. */
function locatedPoms(primary: PomAgentApi, others: PomAgentApi[], store: Store, config: Readonly<NailupConfig>, logger: Logger): LocatedAgentApi {
  return new LocatedAgentApi([primary, ...others], {
    preferenceOf: async (agentId) => (await store.agents.findByAgentId(agentId))?.locationPreference ?? 'primary',
    retryMs: config.cti.linkRetrySeconds * 1000,
    onReachability: (index, address, reachable) => {
      const where = { endpoint: index === 0 ? 'primary' : index === 1 ? 'auxiliary' : `#${index + 1}`, address: address ? `${address.ipAddress}:${address.port}` : null };
      if (reachable) logger.info(where, 'POM endpoint reachable: it takes logons again');
      else logger.warn(where, 'POM endpoint unreachable: its agents are logged on to another');
    },
  });
}

/** The report rollups, brought up to date now and every few minutes; each run that rolled something up is logged. */
function startRollups(store: Store, clock: Clock, config: Readonly<NailupConfig>, logger: Logger): ReportRollupScheduler {
  const rollups = new ReportRollupScheduler({
    store, clock, intervalMinutes: config.reports.rollupIntervalMinutes, elapsed: () => performance.now(),
    onRun: (results) => {
      const runs = results.map((r) => ({ source: r.source, hourRanges: r.ranges.length, watermark: new Date(r.watermark).toISOString(), ms: Math.round(r.ms) }));
      const level = results.some((r) => r.ranges.length > 0) ? 'info' : 'debug';
      logger[level]({ step: 'report rollups', runs }, 'report rollups brought up to date');
    },
    onError: (error) => logger.error({ err: error }, 'the report rollups could not be brought up to date; the reports read the raw records past the watermark meanwhile'),
  });
  // On simulated time a run finishes before the clock moves on.
  if (clock instanceof VirtualClock) clock.addSettler(() => rollups.whenIdle());
  rollups.start();
  return rollups;
}

/**
 * A new leader's resume of the last leader's agents: logged on again, their desktop sessions attached, their
 * wrap-ups in progress back in their hands, then each back in the state it had.
 */
async function resumeFloor(parts: { store: Store; clock: Clock; dialer: Dialer; cti: CtiServer; tmac: TmacServer; logger: Logger }, logins: readonly CtiLoginRecord[]): Promise<void> {
  const { store, clock, dialer, cti, tmac, logger } = parts;
  const started = Date.now();
  const wanted = await Promise.all(logins.map(async (login) => ({ ...login, wanted: await stateBeforeRecovery(store, login.agentId, clock.now()) })));
  const resumed = await cti.resumeLogins(wanted);
  await tmac.start({ resume: true });
  const wrapups = await dialer.resumeLeftWrapups();
  await cti.restoreStates(resumed);
  logger.info({ step: 'agents resumed', resumed: resumed.length, failed: logins.length - resumed.length, wrapupsRestored: wrapups.restored, wrapupsDisposed: wrapups.disposed, ms: Date.now() - started },
    'failover: the last leader\'s agents logged on again');
}
