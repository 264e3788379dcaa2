/**
 * The drill's cluster: every dialer and gateway is a child process, `node --import tsx src/main.ts start
 * --role dialer|gateway --instance NAME --port N --config FILE`, on the throwaway PostgreSQL and
 * nats-server of test/support. Each process writes its output to `<dir>/logs/<instance>.log`. The drill
 * finds the leader from the heartbeat the leader publishes on NATS (`nailup.leader`) and from the
 * `leadership` table, and kills processes with SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, writeFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { connect, type NatsConnection } from 'nats';
import pg from 'pg';
import { freePort } from '../../test/support/ports.ts';

export interface ClusterTimers {
  heartbeatMs: number;
  leaderTimeoutMs: number;
  lockPollMs: number;
  requestTimeoutMs: number;
}

export interface ClusterSettings {
  repoRoot: string;
  dir: string;
  database: string;
  natsUrl: string;
  timers: ClusterTimers;
  network: Record<string, unknown>;
  dialer: Record<string, unknown>;
}

/** A failover step a dialer logged (docs/operations.md, "Logs"). */
export interface StepLog {
  step: string;
  epoch?: number;
  ms?: number;
  /** `agents resumed`: how many agents the new leader logged on again, and how many it could not. */
  resumed?: number;
  failed?: number;
  at: number;
}

export class NodeProcess {
  exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  readonly steps: StepLog[] = [];
  private readonly exited: Promise<void>;

  constructor(readonly instance: string, readonly role: 'dialer' | 'gateway', readonly port: number, readonly child: ChildProcess, log: WriteStream) {
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => {
      this.exit = { code, signal };
      resolve();
    }));
    child.stderr?.pipe(log, { end: false });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      log.write(`${line}\n`);
      if (!line.includes('"step"')) return;
      try {
        const entry = JSON.parse(line) as { step?: string; epoch?: number; ms?: number; resumed?: number; failed?: number; time?: number | string };
        if (!entry.step) return;
        const step: StepLog = { step: entry.step, at: entry.time === undefined ? Date.now() : new Date(entry.time).getTime() };
        for (const key of ['epoch', 'ms', 'resumed', 'failed'] as const) if (typeof entry[key] === 'number') step[key] = entry[key];
        this.steps.push(step);
      } catch {
        // not a JSON line
      }
    });
    this.exited.then(() => log.end(), () => log.end());
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.exit === null;
  }

  kill9(): Promise<void> {
    if (this.exit) return Promise.resolve();
    this.child.kill('SIGKILL');
    return this.exited;
  }

  /** SIGTERM (a clean stop: a leader gives its lease up), SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.exit) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** GET /readyz answers 200. */
  async ready(): Promise<boolean> {
    try {
      const response = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      return response.status === 200;
    } catch {
      return false;
    }
  }
}

export interface Heartbeat {
  epoch: number;
  instance: string;
  url: string;
}

export class DrillCluster {
  readonly dialers: NodeProcess[] = [];
  readonly gateways: NodeProcess[] = [];
  /** The first time each epoch's heartbeat was heard (ms since 1970). */
  readonly epochHeardAt = new Map<number, number>();
  leader: Heartbeat | null = null;
  private readonly configFile: string;
  private readonly all = new Set<NodeProcess>();
  private dialerCount = 0;

  private constructor(private readonly settings: ClusterSettings, private readonly nats: NatsConnection, private readonly pool: pg.Pool) {
    this.configFile = join(settings.dir, 'nailup.json');
    writeFileSync(this.configFile, JSON.stringify({
      host: '127.0.0.1',
      database: settings.database,
      // Dialers at info log their failover steps; the gateways' request lines would only cost CPU.
      logLevel: 'info',
      demo: { enabled: false },
      dialer: settings.dialer,
      network: settings.network,
      cluster: { natsUrl: settings.natsUrl, ...settings.timers },
    }, null, 2));
    const decoder = new TextDecoder();
    const subscription = nats.subscribe('nailup.leader');
    void (async () => {
      for await (const message of subscription) {
        const beat = JSON.parse(decoder.decode(message.data)) as Heartbeat;
        if (!this.epochHeardAt.has(beat.epoch)) this.epochHeardAt.set(beat.epoch, Date.now());
        if (!this.leader || beat.epoch >= this.leader.epoch) this.leader = beat;
      }
    })();
  }

  static async start(settings: ClusterSettings): Promise<DrillCluster> {
    const nats = await connect({ servers: settings.natsUrl, name: 'nailup failover drill' });
    const pool = new pg.Pool({ connectionString: settings.database, max: 2 });
    return new DrillCluster(settings, nats, pool);
  }

  /** Starts a dialer `dialer-N` on a free port; it stands by or leads. */
  async startDialer(): Promise<NodeProcess> {
    this.dialerCount++;
    const node = this.spawn(`dialer-${this.dialerCount}`, 'dialer', await freePort());
    this.dialers.push(node);
    return node;
  }

  /** Starts a gateway (again) on the given port. */
  startGateway(instance: string, port: number): NodeProcess {
    const node = this.spawn(instance, 'gateway', port);
    const i = this.gateways.findIndex((g) => g.instance === instance);
    if (i >= 0) this.gateways[i] = node;
    else this.gateways.push(node);
    return node;
  }

  private spawn(instance: string, role: 'dialer' | 'gateway', port: number): NodeProcess {
    // Only the config file and the flags decide: no NAILUP_* variable of the caller's shell leaks in.
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('NAILUP')));
    if (role === 'gateway') env.NAILUP_LOG_LEVEL = 'warn';
    const child = spawn(process.execPath, [
      '--import', 'tsx', 'src/main.ts', 'start', '--role', role, '--instance', instance, '--port', String(port), '--config', this.configFile,
    ], { cwd: this.settings.repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const log = createWriteStream(join(this.settings.dir, 'logs', `${instance}.log`), { flags: 'a' });
    const node = new NodeProcess(instance, role, port, child, log);
    this.all.add(node);
    return node;
  }

  /** The dialer process that leads now, by the latest heartbeat; checked against the leadership table. */
  async leadingDialer(): Promise<{ node: NodeProcess; epoch: number } | null> {
    const { rows } = await this.pool.query<{ holder: string; epoch: string }>('SELECT holder, epoch FROM leadership');
    const row = rows[0];
    if (!row || !this.leader || this.leader.instance !== row.holder || this.leader.epoch !== Number(row.epoch)) return null;
    const node = this.dialers.find((d) => d.instance === row.holder && d.running);
    return node ? { node, epoch: Number(row.epoch) } : null;
  }

  /** The epoch in the leadership table and when it was won (ms since 1970). */
  async leadership(): Promise<{ epoch: number; holder: string; since: number } | null> {
    const { rows } = await this.pool.query<{ holder: string; epoch: string; since: string }>('SELECT holder, epoch, since FROM leadership');
    const row = rows[0];
    return row ? { epoch: Number(row.epoch), holder: row.holder, since: Number(row.since) } : null;
  }

  runningDialers(): NodeProcess[] {
    return this.dialers.filter((d) => d.running);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.all].map((node) => node.stop()));
    await this.nats.close().catch(() => {});
    await this.pool.end().catch(() => {});
  }
}
