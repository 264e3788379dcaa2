/**
 * The servers of a run, behind one interface: either nailup in one process on SQLite (`--gateways 0`), or
 * a cluster (`--gateways G`): a throwaway PostgreSQL and nats-server (the tests' own, test/support/), one
 * dialer process (`nailup start --role dialer`, which takes the lease and runs the floor) and G gateway
 * processes (`--role gateway`, links A3/A4 relayed to the dialer over NATS). Every process is watched from
 * /proc on its own.
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startPostgres, type TestPostgres } from '../../test/support/postgres.ts';
import { startNats, type TestNats } from '../../test/support/nats.ts';
import { freePort } from '../../test/support/ports.ts';
import { seedBenchDatabase } from './seed.ts';
import { ProcessTree, ServerProcess, childrenNamed, findPostmaster, type StderrLog, type WatchedProcess } from './server.ts';

export interface FloorOptions {
  repoRoot: string;
  /** A directory of the run: config files, the SQLite database. */
  dir: string;
  /** 0: one process on SQLite; G ≥ 1: PostgreSQL, NATS, a dialer and G gateways. */
  gateways: number;
  agents: number;
  contacts: number;
  dialer: Record<string, unknown>;
  network: Record<string, unknown>;
}

const LEADER_TIMEOUT_MS = 120_000;

export class Floor {
  /** Floors started and not yet stopped, so an interrupted run can stop PostgreSQL and NATS too. */
  static readonly running = new Set<Floor>();

  private constructor(
    /** Where the agents connect: the one process, or each gateway (agents round-robin over them). */
    readonly urls: string[],
    /** The nailup processes: `nailup`, or `dialer`, `gateway-1`…. */
    readonly servers: ServerProcess[],
    /** Every process of the run, nailup's first, then PostgreSQL and nats-server when found. */
    readonly processes: WatchedProcess[],
    private readonly pg: TestPostgres | null,
    private readonly nats: TestNats | null,
  ) {}

  /** The process doing the floor's work: the one process, or the dialer. */
  get main(): ServerProcess {
    return this.servers[0]!;
  }

  get crashed(): boolean {
    return this.servers.some((s) => s.crashed);
  }

  /** The first nailup process that ended by itself, for the report. */
  get crash(): { name: string; code: number | null; signal: NodeJS.Signals | null } | null {
    const s = this.servers.find((x) => x.crashed);
    return s?.exit ? { name: s.name, ...s.exit } : null;
  }

  /** Stderr of every nailup process, each line named by its process when there are several. */
  get stderr(): StderrLog {
    if (this.servers.length === 1) return this.main.stderr;
    return {
      count: this.servers.reduce((n, s) => n + s.stderr.count, 0),
      lines: this.servers.flatMap((s) => s.stderr.lines.map((l) => `${s.name}: ${l}`)),
    };
  }

  static async start(options: FloorOptions): Promise<Floor> {
    if (options.gateways === 0) {
      const database = join(options.dir, 'nailup.db');
      await seedBenchDatabase({ database, agents: options.agents, contacts: options.contacts, now: Date.now() });
      const server = await ServerProcess.start({ repoRoot: options.repoRoot, dir: options.dir, database, dialer: options.dialer, network: options.network });
      return Floor.started(new Floor([server.url], [server], [server], null, null));
    }
    const [pg, nats] = await Promise.all([startPostgres(), startNats()]);
    const servers: ServerProcess[] = [];
    try {
      await seedBenchDatabase({ database: pg.url, agents: options.agents, contacts: options.contacts, now: Date.now() });
      // The cluster's defaults otherwise (heartbeat, timeouts), as an operator would run it.
      const cluster = { natsUrl: nats.url };
      const common = { repoRoot: options.repoRoot, dir: options.dir, database: pg.url, dialer: options.dialer, network: options.network };
      servers.push(await ServerProcess.start({
        ...common, name: 'dialer', port: await freePort(), cluster: { ...cluster, role: 'dialer', instance: 'dialer' },
      }));
      for (let i = 1; i <= options.gateways; i++) {
        servers.push(await ServerProcess.start({ ...common, name: `gateway-${i}`, cluster: { ...cluster, role: 'gateway', instance: `gateway-${i}` } }));
      }
      const gateways = servers.slice(1);
      // Ready once every gateway hears the leader's heartbeat (the dialer has resumed the job by then).
      const deadline = Date.now() + LEADER_TIMEOUT_MS;
      for (const gateway of gateways) {
        while (!(await ready(gateway.url))) {
          if (servers.some((s) => s.crashed)) throw new Error(`${servers.find((s) => s.crashed)!.name} exited at start: ${servers.flatMap((s) => s.stderr.lines).join('\n')}`);
          if (Date.now() > deadline) throw new Error(`${gateway.name} saw no leading dialer within ${LEADER_TIMEOUT_MS / 1000} s`);
          await sleep(100);
        }
      }
      const processes: WatchedProcess[] = [...servers];
      const postmaster = findPostmaster(Number(new URL(pg.url).port));
      if (postmaster !== null) processes.push(new ProcessTree('postgres', postmaster));
      const natsPid = childrenNamed(process.pid, 'nats-server')[0];
      if (natsPid !== undefined) processes.push(new ProcessTree('nats-server', natsPid));
      return Floor.started(new Floor(gateways.map((g) => g.url), servers, processes, pg, nats));
    } catch (error) {
      for (const server of servers) await server.stop();
      await nats.stop();
      await pg.stop();
      throw error;
    }
  }

  private static started(floor: Floor): Floor {
    Floor.running.add(floor);
    return floor;
  }

  /** Gateways first (they hold the sockets), then the dialer, NATS and PostgreSQL. */
  async stop(): Promise<void> {
    for (const server of [...this.servers].reverse()) await server.stop();
    await this.nats?.stop();
    await this.pg?.stop();
    Floor.running.delete(this);
  }

  /** On an interrupt: nailup's processes killed, NATS and PostgreSQL stopped. */
  async kill(): Promise<void> {
    for (const server of this.servers) server.kill();
    await this.nats?.stop().catch(() => {});
    await this.pg?.stop().catch(() => {});
  }
}

async function ready(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/readyz`);
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}
