/**
 * A cluster for tests: a throwaway PostgreSQL and nats-server, dialer processes (in this process, or as
 * child processes that can be killed with SIGKILL) and gateways, with the demo floor (no bots).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadConfig, type NailupConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log/logger.ts';
import { startDialerRole, type DialerRole } from '../../src/cluster/dialer-role.ts';
import { startGateway, type Gateway } from '../../src/cluster/gateway.ts';
import { startPostgres, type TestPostgres } from './postgres.ts';
import { startNats, type TestNats } from './nats.ts';
import { freePort } from './ports.ts';
import { openStore } from '../../src/store/open-store.ts';
import { seedDemo } from '../../src/demo/demo-data.ts';
import { DEMO_PREDICTIVE_CAMPAIGN, DEMO_PREVIEW_CAMPAIGN } from '../../src/demo/demo-names.ts';
import { everyDay } from '../../src/dialer/compliance/calling-window.ts';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

/** The flags every process of a test cluster shares: fast heartbeats, the demo floor without bots. */
export function clusterFlags(pg: TestPostgres, nats: TestNats, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    database: pg.url, 'cluster.natsUrl': nats.url, port: 0, logLevel: 'silent',
    'cluster.heartbeatMs': 200, 'cluster.leaderTimeoutMs': 1000, 'cluster.lockPollMs': 100, 'cluster.requestTimeoutMs': 3000,
    'demo.enabled': true, 'demo.bots': 0, 'demo.contactsPerList': 200, ...extra,
  };
}

export class TestCluster {
  readonly dialers: DialerRole[] = [];
  readonly gateways: Gateway[] = [];
  readonly children: ChildProcess[] = [];

  private constructor(readonly pg: TestPostgres, readonly nats: TestNats) {}

  static async start(): Promise<TestCluster> {
    const [pg, nats] = await Promise.all([startPostgres(), startNats()]);
    return new TestCluster(pg, nats);
  }

  config(role: 'dialer' | 'gateway', extra: Record<string, unknown> = {}): Readonly<NailupConfig> {
    return loadConfig({ flags: clusterFlags(this.pg, this.nats, { 'cluster.role': role, ...extra }) });
  }

  /** A dialer in this process; `leading` resolves once it leads. */
  async dialer(extra: Record<string, unknown> = {}, onDeposed: (reason: string) => void = () => {}): Promise<DialerRole> {
    const config = this.config('dialer', extra);
    const role = await startDialerRole(config, { logger: createLogger(config.logLevel, 'dialer'), onDeposed });
    this.dialers.push(role);
    return role;
  }

  async gateway(extra: Record<string, unknown> = {}): Promise<Gateway> {
    const config = this.config('gateway', extra);
    const gateway = await startGateway(config, createLogger(config.logLevel, 'gateway'));
    this.gateways.push(gateway);
    return gateway;
  }

  /** A dialer in a child process (`nailup start --role dialer`), to be killed with SIGKILL; its port. */
  async spawnDialer(instance: string, extra: Record<string, unknown> = {}): Promise<{ child: ChildProcess; port: number }> {
    const port = await freePort();
    const flags = clusterFlags(this.pg, this.nats, { 'cluster.role': 'dialer', 'cluster.instance': instance, port, ...extra });
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const [key, value] of Object.entries(flags)) env[`NAILUP__${key.split('.').join('__')}`] = typeof value === 'object' ? JSON.stringify(value) : String(value);
    // NAILUP_TEST_CLUSTER_LOGS=1 shows the child's JSON logs (at info) on this process's output.
    const showLogs = process.env.NAILUP_TEST_CLUSTER_LOGS === '1';
    if (showLogs) env.NAILUP__logLevel = 'info';
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'start'], { env, stdio: ['ignore', showLogs ? 'inherit' : 'ignore', 'inherit'] });
    this.children.push(child);
    return { child, port };
  }

  async stop(): Promise<void> {
    for (const child of this.children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const gateway of this.gateways) await gateway.close().catch(() => {});
    for (const dialer of this.dialers) await dialer.close().catch(() => {});
    await this.nats.stop();
    await this.pg.stop();
  }
}

/**
 * Seeds the demo data with a calling window of the whole day, so that its contacts are dialable whatever
 * the time the tests run at; the dialers then find the demo campaigns in place.
 */
export async function seedDemoAllDay(database: string, contactsPerList = 200): Promise<void> {
  const store = await openStore(database);
  try {
    await seedDemo(store, { now: Date.now(), contactsPerList, seed: 1, botAgents: 0 });
    for (const name of [DEMO_PREVIEW_CAMPAIGN, DEMO_PREDICTIVE_CAMPAIGN]) {
      const campaign = await store.campaigns.findByName(name);
      if (!campaign) throw new Error(`demo campaign ${name} not seeded`);
      await store.campaigns.update({ ...campaign, callingWindow: { hours: everyDay('00:00', '24:00') } });
    }
  } finally {
    await store.close();
  }
}

/** Polls `check` every 50 ms until it returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`);
}
