/**
 * `npm run cluster`: a whole nailup cluster on this machine, to see how the roles fit together and what a
 * failover looks like (docs/operations.md). It starts, in this order:
 *
 *   PostgreSQL (data/cluster/postgres, kept between runs)   the one store of the cluster
 *   nats-server (data/cluster/nats.conf)                    core NATS, nothing persisted
 *   dialer-1, dialer-2   nailup start --role dialer --demo  one leads, the other stands by
 *   gateway-1, gateway-2 nailup start --role gateway        the HTTP/WebSocket edge
 *
 * Each process writes its output to data/cluster/logs/<name>.log; the console shows a summary and the
 * cluster's events (who leads, who stands by, failover steps, exits and restarts). A dialer or gateway that
 * exits (a deposed leader exits with status 75; a `kill -9` shows a failover) is started again after a
 * second, as a supervisor (systemd) would. Ctrl-C stops every process and PostgreSQL.
 *
 *   npm run cluster [-- --fresh] [--data DIR] [--pg-port N] [--nats-port N]
 *                   [--gateway-ports N,N] [--dialer-ports N,N]
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync, readFileSync, type WriteStream } from 'node:fs';
import { chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAIN = join(ROOT, 'src', 'main.ts');
const HOST = '127.0.0.1';
const DATABASE_NAME = 'nailup';
/** How long a child has to stop after SIGTERM before SIGKILL. */
const STOP_GRACE_MS = 5000;
/** How long the cluster has to become ready (the first run seeds the demo data into PostgreSQL). */
const READY_TIMEOUT_MS = 180_000;
const RESTART_DELAY_MS = 1000;
const INSTALL_HINT = process.getuid?.() === 0 ? 'apt-get install -y postgresql nats-server' : 'sudo apt-get install -y postgresql nats-server';

// ── options ──────────────────────────────────────────────────────────────────

interface Options {
  data: string;
  fresh: boolean;
  /** Ports given on the command line must be free; the defaults fall back to any free port. */
  pgPort: { port: number; fixed: boolean };
  natsPort: { port: number; fixed: boolean };
  gatewayPorts: { ports: [number, number]; fixed: boolean };
  dialerPorts: { ports: [number, number]; fixed: boolean };
}

const USAGE = `usage: npm run cluster [-- OPTIONS]
  --fresh               delete the data directory first (PostgreSQL's data, logs) and start over
  --data DIR            the data directory (default data/cluster)
  --pg-port N           PostgreSQL's port (default 5433, or a free one)
  --nats-port N         NATS's port (default 4222, or a free one)
  --gateway-ports N,N   the two gateways' HTTP ports (default 8080,8083, or free ones)
  --dialer-ports N,N    the two dialers' HTTP ports: probes and metrics (default 8081,8082, or free ones)`;

class UsageError extends Error {}

const FLAGS = {
  fresh: { type: 'boolean', default: false },
  data: { type: 'string' },
  'pg-port': { type: 'string' },
  'nats-port': { type: 'string' },
  'gateway-ports': { type: 'string' },
  'dialer-ports': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function parseOptions(argv: string[]): Options {
  let values: ReturnType<typeof parseArgs<{ args: string[]; options: typeof FLAGS; strict: true }>>['values'];
  try {
    ({ values } = parseArgs({ args: argv, options: FLAGS, strict: true }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const port = (text: string, name: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1 || value > 65535) throw new UsageError(`--${name}: a port from 1 to 65535 (got ${JSON.stringify(text)})`);
    return value;
  };
  const pair = (text: string | undefined, name: string, defaults: [number, number]): { ports: [number, number]; fixed: boolean } => {
    if (text === undefined) return { ports: defaults, fixed: false };
    const parts = text.split(',').map((p) => p.trim());
    if (parts.length !== 2) throw new UsageError(`--${name}: two ports, comma-separated (got ${JSON.stringify(text)})`);
    return { ports: [port(parts[0]!, name), port(parts[1]!, name)], fixed: true };
  };
  const single = (text: string | undefined, name: string, fallback: number): { port: number; fixed: boolean } =>
    (text === undefined ? { port: fallback, fixed: false } : { port: port(text, name), fixed: true });
  return {
    data: resolve(values.data ?? join(ROOT, 'data', 'cluster')),
    fresh: values.fresh === true,
    pgPort: single(values['pg-port'], 'pg-port', 5433),
    natsPort: single(values['nats-port'], 'nats-port', 4222),
    gatewayPorts: pair(values['gateway-ports'], 'gateway-ports', [8080, 8083]),
    dialerPorts: pair(values['dialer-ports'], 'dialer-ports', [8081, 8082]),
  };
}

// ── console ──────────────────────────────────────────────────────────────────

const clock = (): string => new Date().toTimeString().slice(0, 8);
/** A line of the cluster's story on the console, with the time. */
const say = (line: string): void => console.log(`${clock()} ${line}`);

/** A path as the user typed it, relative to the current directory when inside it. */
const shown = (path: string): string => {
  const rel = relative(process.cwd(), path);
  return rel !== '' && !rel.startsWith('..') ? rel : path;
};

// ── ports ────────────────────────────────────────────────────────────────────

function canListen(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(false));
    server.listen(port, HOST, () => server.close(() => resolvePort(true)));
  });
}

function anyFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolvePort(address.port) : reject(new Error('no free port'))));
    });
  });
}

/** Chooses the ports: a given one must be free; a default one that is taken is replaced by a free one. */
class Ports {
  private readonly taken = new Set<number>();

  async pick(wanted: number, fixed: boolean, what: string): Promise<number> {
    if (!this.taken.has(wanted) && (await canListen(wanted))) {
      this.taken.add(wanted);
      return wanted;
    }
    if (fixed) throw new UsageError(`${what}: port ${wanted} is in use (or given twice); choose another`);
    let port = await anyFreePort();
    while (this.taken.has(port)) port = await anyFreePort();
    this.taken.add(port);
    say(`${what}: port ${wanted} is in use; using ${port}`);
    return port;
  }
}

async function waitForPort(port: number, timeoutMs: number, failed: () => string | null): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const why = failed();
    if (why !== null) throw new Error(why);
    const open = await new Promise<boolean>((resolveOpen) => {
      const socket = createConnection({ host: HOST, port }, () => { socket.end(); resolveOpen(true); });
      socket.once('error', () => resolveOpen(false));
    });
    if (open) return;
    await sleep(100);
  }
  throw new Error(`nothing listens on ${HOST}:${port} after ${timeoutMs / 1000} s`);
}

const sleep = (ms: number): Promise<void> => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

// ── binaries ─────────────────────────────────────────────────────────────────

interface Binaries {
  pgBin: string;
  pgVersion: string;
  natsServer: string;
}

/** PostgreSQL 15 (or the newest installed) and nats-server, or a message that says how to install them. */
function findBinaries(): Binaries {
  const missing: string[] = [];
  let pgBin: string | null = null;
  let pgVersion = '';
  const versions = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v)).map(Number).sort((a, b) => b - a)
    : [];
  for (const version of [15, ...versions.filter((v) => v !== 15)]) {
    const bin = `/usr/lib/postgresql/${version}/bin`;
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) {
      pgBin = bin;
      pgVersion = String(version);
      break;
    }
  }
  if (!pgBin) missing.push('PostgreSQL (initdb and pg_ctl in /usr/lib/postgresql/15/bin)');
  const natsServer = ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'].find((path) => existsSync(path)) ?? which('nats-server');
  if (!natsServer) missing.push('nats-server');
  if (missing.length > 0) {
    throw new UsageError(`missing: ${missing.join(' and ')}.\nInstall them (Debian, Ubuntu) with:\n  ${INSTALL_HINT}\nthen run npm run cluster again.`);
  }
  return { pgBin: pgBin!, pgVersion, natsServer: natsServer! };
}

function which(command: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir !== '' && existsSync(join(dir, command))) return join(dir, command);
  }
  return null;
}

// ── PostgreSQL ───────────────────────────────────────────────────────────────

const AS_ROOT = process.getuid?.() === 0;

/** Runs a PostgreSQL program; as root as the `postgres` user, since PostgreSQL refuses to run as root. */
async function asPostgres(command: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  const [file, fileArgs] = AS_ROOT ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  // A directory every user may enter (pg_ctl changes to it; /root would not do).
  return run(file, fileArgs, { cwd: tmpdir(), encoding: 'utf8' });
}

async function postgresIds(): Promise<{ uid: number; gid: number }> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    throw new UsageError(`running as root, PostgreSQL must run as the user "postgres", which does not exist.\nInstall PostgreSQL's package (it creates it): ${INSTALL_HINT}`);
  }
}

interface Postgres {
  url: string;
  port: number;
  dataDir: string;
  pid(): number | null;
}

async function postgresRunning(bin: string, dataDir: string): Promise<boolean> {
  if (!existsSync(join(dataDir, 'PG_VERSION'))) return false;
  try {
    await asPostgres(join(bin, 'pg_ctl'), ['status', '-D', dataDir]);
    return true;
  } catch {
    return false;
  }
}

async function stopPostgres(bin: string, dataDir: string): Promise<void> {
  if (!(await postgresRunning(bin, dataDir))) return;
  await asPostgres(join(bin, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '30']).catch(async () => {
    await asPostgres(join(bin, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'immediate', '-w']).catch(() => {});
  });
}

async function startPostgres(binaries: Binaries, data: string, port: number, logDir: string): Promise<Postgres> {
  const { pgBin } = binaries;
  const dataDir = join(data, 'postgres');
  const logFile = join(logDir, 'postgres.log');
  const ids = AS_ROOT ? await postgresIds() : null;
  // pg_ctl writes the server's log as the postgres user: the file (of this run) is made here and given to it.
  await writeFile(logFile, '');
  if (ids) await chown(logFile, ids.uid, ids.gid);

  if (existsSync(join(dataDir, 'PG_VERSION'))) {
    const version = readFileSync(join(dataDir, 'PG_VERSION'), 'utf8').trim();
    if (version !== binaries.pgVersion) {
      throw new UsageError(`${shown(dataDir)} holds a PostgreSQL ${version} cluster, but PostgreSQL ${binaries.pgVersion} is installed: run with --fresh to start over`);
    }
  } else {
    say(`PostgreSQL: creating a cluster in ${shown(dataDir)} (first run)`);
    await rm(dataDir, { recursive: true, force: true });
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    if (ids) {
      await chown(dataDir, ids.uid, ids.gid);
      try {
        await run('runuser', ['-u', 'postgres', '--', 'test', '-w', dataDir]);
      } catch {
        throw new UsageError(`the postgres user cannot write ${dataDir} (a folder on its path is closed to other users): choose another with --data`);
      }
    }
    await asPostgres(join(pgBin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']);
  }

  const serverOptions = [
    `-p ${port}`, `-c listen_addresses='${HOST}'`,
    // TCP only: no socket in /var/run/postgresql, which may be missing or another cluster's.
    "-c unix_socket_directories=''",
  ].join(' ');
  try {
    await asPostgres(join(pgBin, 'pg_ctl'), ['start', '-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', serverOptions]);
  } catch (error) {
    const log = (await readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-15).join('\n');
    throw new Error(`PostgreSQL did not start: ${(error as Error).message.trim()}\n--- ${shown(logFile)} (end) ---\n${log}`, { cause: error });
  }
  const postgres: Postgres = {
    url: `postgres://postgres@${HOST}:${port}/${DATABASE_NAME}`,
    port,
    dataDir,
    pid() {
      try {
        return Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]) || null;
      } catch {
        return null;
      }
    },
  };
  await createDatabase(port);
  return postgres;
}

/** The cluster's database, made on the first run. */
async function createDatabase(port: number): Promise<void> {
  const client = new pg.Client({ host: HOST, port, user: 'postgres', database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE_NAME]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE_NAME}`);
  } finally {
    await client.end();
  }
}

// ── processes ────────────────────────────────────────────────────────────────

type Kind = 'dialer' | 'gateway' | 'nats';

interface Managed {
  name: string;
  kind: Kind;
  port: number;
  /** The command line of each (re)start. */
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  log: WriteStream;
  child: ChildProcess | null;
  startedAt: number;
  restartTimer: NodeJS.Timeout | null;
  restartDelayMs: number;
  /** What the console last said of it: leading, standing by. */
  status: string;
  /** The first line this run wrote that was not a JSON log line: a crash's message. */
  firstPlainLine: string | null;
  /** Called with each line of output (the start-up waits on them). */
  onLine: ((line: string) => void) | null;
}

interface LogLine {
  level?: number;
  msg?: string;
  step?: string;
  epoch?: number;
  reason?: string;
  ms?: number;
  leader?: string;
  pid?: number;
}

const alive = (child: ChildProcess | null): child is ChildProcess => child !== null && child.exitCode === null && child.signalCode === null;

class Cluster {
  readonly processes: Managed[] = [];
  postgres: Postgres | null = null;
  stopping = false;
  /** The leading dialer as its logs tell (step "serving"), until it exits. */
  leader: Managed | null = null;
  leaderEpoch = 0;
  ready = false;

  constructor(readonly data: string, readonly logDir: string, readonly pgBin: string) {}

  get pidsFile(): string {
    return join(this.data, 'pids.json');
  }

  add(spec: Pick<Managed, 'name' | 'kind' | 'port' | 'command' | 'args' | 'env'>): Managed {
    const log = createWriteStream(join(this.logDir, `${spec.name}.log`), { flags: 'w' });
    const managed: Managed = { ...spec, log, child: null, startedAt: 0, restartTimer: null, restartDelayMs: RESTART_DELAY_MS, status: '', firstPlainLine: null, onLine: null };
    this.processes.push(managed);
    return managed;
  }

  start(managed: Managed): void {
    managed.restartTimer = null;
    // Its own process group: a Ctrl-C at the terminal reaches this script only, which stops them in order.
    const child = spawn(managed.command, managed.args, { cwd: ROOT, env: managed.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    managed.child = child;
    managed.startedAt = Date.now();
    managed.status = managed.kind === 'dialer' ? 'starting' : '';
    managed.firstPlainLine = null;
    managed.log.write(`--- ${managed.name} started (pid ${child.pid ?? '?'}) at ${new Date().toISOString()} ---\n`);
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        managed.log.write(`${line}\n`);
        if (stream === child.stderr && managed.firstPlainLine === null && line.trim() !== '' && !line.startsWith('{')) managed.firstPlainLine = line.trim();
        this.noteLine(managed, line);
        managed.onLine?.(line);
      });
    }
    child.once('error', (error) => {
      say(`${managed.name}: could not start: ${error.message}`);
    });
    // 'close': the process has exited and its output is read to the end (a crash's message included).
    child.once('close', (code, signal) => this.exited(managed, child, code, signal));
    void this.writePids();
  }

  /** The console's story: failover steps, leadership, errors. */
  private noteLine(managed: Managed, line: string): void {
    if (!line.startsWith('{')) return;
    let entry: LogLine;
    try {
      entry = JSON.parse(line) as LogLine;
    } catch {
      return;
    }
    const pid = managed.child?.pid ?? entry.pid ?? '?';
    const who = `${managed.name} (pid ${pid})`;
    if (entry.step === 'lease won') {
      managed.status = `taking the lead (epoch ${entry.epoch ?? '?'})`;
      say(`${who} won the lease: epoch ${entry.epoch ?? '?'}; recovering the floor`);
    } else if (entry.step === 'serving') {
      this.leader = managed;
      this.leaderEpoch = entry.epoch ?? 0;
      managed.status = `leading (epoch ${this.leaderEpoch})`;
      const others = this.processes.filter((p) => p.kind === 'dialer' && p !== managed);
      for (const other of others) if (other.status.startsWith('leading')) other.status = 'deposed';
      say(`${who} leads the cluster (epoch ${this.leaderEpoch}), serving ${entry.ms === undefined ? '' : `${entry.ms} ms after winning the lease`}`.trimEnd());
      if (this.ready) say(`  try a failover: kill -9 ${pid}`);
    } else if (entry.step === 'deposed') {
      managed.status = 'deposed';
      say(`${who} lost the lease and stops: ${entry.reason ?? ''}`);
    } else if (entry.msg?.startsWith('standing by')) {
      managed.status = 'standing by';
      say(`${who} stands by`);
    } else if (entry.msg?.startsWith('the leading dialer is silent')) {
      say(`${managed.name}: the leading dialer is silent; its desktops are told the link is reconnecting`);
    } else if (entry.msg === 'a dialer leads') {
      say(`${managed.name}: follows ${entry.leader ?? '?'} (epoch ${entry.epoch ?? '?'})`);
    } else if ((entry.level ?? 0) >= 50 && entry.msg) {
      say(`${who} ${entry.level === 60 ? 'fatal' : 'error'}: ${entry.msg} (see ${shown(join(this.logDir, `${managed.name}.log`))})`);
    }
  }

  private exited(managed: Managed, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (managed.child !== child) return;
    if (this.leader === managed) this.leader = null;
    managed.status = 'exited';
    const how = signal !== null
      ? `was killed (${signal})`
      : code === 75 ? 'exited with status 75 (deposed)' : `exited with status ${code}${managed.firstPlainLine ? ` (${managed.firstPlainLine.slice(0, 160)})` : ''}`;
    managed.log.write(`--- ${managed.name} (pid ${child.pid ?? '?'}) ${how} at ${new Date().toISOString()} ---\n`);
    if (this.stopping) return;
    if (managed.kind === 'nats') {
      say(`nats-server (pid ${child.pid ?? '?'}) ${how}; see ${shown(join(this.logDir, 'nats.log'))}. Stopping the cluster.`);
      void this.stop(1);
      return;
    }
    // A process that dies at once again and again (a port taken, a bad setting) is retried less and less often.
    if (Date.now() - managed.startedAt >= 10_000) managed.restartDelayMs = RESTART_DELAY_MS;
    const delay = managed.restartDelayMs;
    managed.restartDelayMs = Math.min(delay * 2, 30_000);
    say(`${managed.name} (pid ${child.pid ?? '?'}) ${how}; starting it again in ${delay / 1000} s (log: ${shown(join(this.logDir, `${managed.name}.log`))})`);
    managed.restartTimer = setTimeout(() => {
      if (this.stopping) return;
      this.start(managed);
      say(`${managed.name} started again (pid ${managed.child?.pid ?? '?'})`);
    }, delay);
  }

  /** What the test and the next run read: which processes this run started. */
  async writePids(): Promise<void> {
    if (this.stopping) return;
    const children: Record<string, number> = {};
    for (const p of this.processes) if (alive(p.child) && p.child.pid !== undefined) children[p.name] = p.child.pid;
    const pids = { script: process.pid, postgres: this.postgres?.pid() ?? null, postgresData: this.postgres?.dataDir ?? null, children };
    await writeFile(this.pidsFile, `${JSON.stringify(pids, null, 2)}\n`).catch(() => {});
  }

  /**
   * Stops everything: the gateways and the standing-by dialers first, then the leader (so that no standby
   * takes the lead while the cluster stops), then NATS and PostgreSQL. SIGTERM, then SIGKILL after a grace.
   */
  async stop(status: number): Promise<never> {
    if (this.stopping) {
      // A second Ctrl-C: no more waiting.
      for (const p of this.processes) if (alive(p.child)) p.child.kill('SIGKILL');
      return new Promise<never>(() => {});
    }
    this.stopping = true;
    say('stopping the cluster…');
    for (const p of this.processes) if (p.restartTimer) clearTimeout(p.restartTimer);
    const nodes = this.processes.filter((p) => p.kind !== 'nats');
    const leader = this.leader;
    await Promise.all(nodes.filter((p) => p !== leader).map((p) => this.terminate(p)));
    if (leader) await this.terminate(leader);
    await Promise.all(this.processes.filter((p) => p.kind === 'nats').map((p) => this.terminate(p)));
    // Also when a signal came while PostgreSQL was starting (this.postgres not set yet).
    const pgData = join(this.data, 'postgres');
    if (await postgresRunning(this.pgBin, pgData)) {
      say('stopping PostgreSQL (pg_ctl stop -m fast)');
      await stopPostgres(this.pgBin, pgData);
    }
    await rm(this.pidsFile, { force: true });
    await Promise.all(this.processes.map((p) => new Promise<void>((resolveEnd) => p.log.end(() => resolveEnd()))));
    say(status === 0 ? 'stopped' : 'stopped (after a failure)');
    process.exit(status);
  }

  private terminate(managed: Managed): Promise<void> {
    const child = managed.child;
    if (!alive(child)) return Promise.resolve();
    return new Promise((resolveStop) => {
      const killer = setTimeout(() => {
        say(`${managed.name} (pid ${child.pid ?? '?'}) did not stop within ${STOP_GRACE_MS / 1000} s: SIGKILL`);
        child.kill('SIGKILL');
      }, STOP_GRACE_MS);
      child.once('exit', () => {
        clearTimeout(killer);
        resolveStop();
      });
      child.kill('SIGTERM');
    });
  }

  /** If this script dies unexpectedly: its children do not outlive it. */
  killAllNow(): void {
    for (const p of this.processes) if (alive(p.child)) p.child.kill('SIGKILL');
  }
}

// ── leftovers of a run that was killed ───────────────────────────────────────

function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie (its parent gone, nobody to reap it) has stopped all the same.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/**
 * A previous run of this script that was killed (SIGKILL, a closed terminal) may have left its processes:
 * they are stopped, those that are still what the run started (nats-server, nailup) and only those.
 */
async function stopLeftovers(pidsFile: string): Promise<void> {
  let pids: { script?: number; children?: Record<string, number> };
  try {
    pids = JSON.parse(await readFile(pidsFile, 'utf8')) as typeof pids;
  } catch {
    return;
  }
  if (pids.script !== undefined && pids.script !== process.pid && isRunning(pids.script) && commandLineOf(pids.script).includes('cluster.ts')) {
    throw new UsageError(`another npm run cluster runs on this data directory (pid ${pids.script}): stop it first (Ctrl-C there, or kill ${pids.script})`);
  }
  for (const [name, pid] of Object.entries(pids.children ?? {})) {
    const command = commandLineOf(pid);
    if (!isRunning(pid) || !(command.includes('nats-server') || command.includes('src/main.ts'))) continue;
    say(`stopping ${name} (pid ${pid}), left running by an earlier run`);
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  await rm(pidsFile, { force: true });
}

// ── web pages ────────────────────────────────────────────────────────────────

/** The desktop and the supervisor pages are served from their builds; built here on a fresh clone. */
async function ensureWebBuild(logDir: string): Promise<void> {
  const built = ['web/dist/index.html', 'web/supervisor/dist/index.html'].every((file) => existsSync(join(ROOT, file)));
  if (built) return;
  const logFile = join(logDir, 'build-web.log');
  say(`building the web pages (npm run build:web; log: ${shown(logFile)})`);
  const child = spawn('npm', ['run', 'build:web'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(logFile);
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const code = await new Promise<number | null>((resolveBuild) => {
    child.once('exit', (status) => resolveBuild(status));
    child.once('error', () => resolveBuild(-1));
  });
  if (code !== 0) {
    const tail = (await readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-20).join('\n');
    throw new Error(`building the web pages failed (status ${code}):\n${tail}`);
  }
}

// ── readiness ────────────────────────────────────────────────────────────────

/** Waits until a gateway answers /readyz with 200 (NATS up, a leader heard); the leader it names. */
async function waitForReady(cluster: Cluster, gateways: Managed[]): Promise<string> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    for (const gateway of gateways) {
      try {
        const response = await fetch(`http://${HOST}:${gateway.port}/readyz`, { signal: AbortSignal.timeout(2000) });
        const body = (await response.json()) as { checks?: { leader?: string } };
        if (response.status === 200) return body.checks?.leader ?? '';
      } catch {
        // not listening yet
      }
    }
    if (cluster.stopping) return new Promise<string>(() => {});
    await sleep(250);
  }
  throw new Error(`no gateway was ready within ${READY_TIMEOUT_MS / 1000} s: see the logs in ${shown(cluster.logDir)}`);
}

/** Waits until a dialer has brought the schema up to date and runs (it says so), exits, or the time is up. */
function startedUp(dialer: Managed, timeoutMs: number): Promise<void> {
  return new Promise((resolveStarted) => {
    const child = dialer.child;
    const done = (): void => {
      clearTimeout(timer);
      dialer.onLine = null;
      child?.off('exit', done);
      resolveStarted();
    };
    const timer = setTimeout(done, timeoutMs);
    dialer.onLine = (line) => { if (line.startsWith(`nailup dialer ${dialer.name} is running`)) done(); };
    child?.once('exit', done);
  });
}

// ── main ─────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const binaries = findBinaries();
  const { data } = options;
  const logDir = join(data, 'logs');
  if (options.fresh) {
    await stopLeftovers(join(data, 'pids.json'));
    await stopPostgres(binaries.pgBin, join(data, 'postgres'));
    say(`--fresh: deleting ${shown(data)}`);
    await rm(data, { recursive: true, force: true });
  }
  await mkdir(logDir, { recursive: true });
  const cluster = new Cluster(data, logDir, binaries.pgBin);
  await stopLeftovers(cluster.pidsFile);
  // PostgreSQL left running by a killed run: stopped, to start again on the port chosen now.
  if (await postgresRunning(binaries.pgBin, join(data, 'postgres'))) {
    say('stopping PostgreSQL, left running by an earlier run');
    await stopPostgres(binaries.pgBin, join(data, 'postgres'));
  }

  let signalled = false;
  const onSignal = (): void => {
    signalled = true;
    void cluster.stop(0);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  process.on('exit', () => {
    if (cluster.stopping) return;
    cluster.killAllNow();
    if (cluster.postgres) {
      try {
        execFileSync(AS_ROOT ? 'runuser' : join(binaries.pgBin, 'pg_ctl'), [...(AS_ROOT ? ['-u', 'postgres', '--', join(binaries.pgBin, 'pg_ctl')] : []), 'stop', '-D', cluster.postgres.dataDir, '-m', 'fast', '-w'], { cwd: tmpdir(), stdio: 'ignore' });
      } catch {
        // best effort
      }
    }
  });

  try {
    await ensureWebBuild(logDir);
    const ports = new Ports();
    const pgPort = await ports.pick(options.pgPort.port, options.pgPort.fixed, 'PostgreSQL');
    const natsPort = await ports.pick(options.natsPort.port, options.natsPort.fixed, 'NATS');
    const gatewayPorts = [
      await ports.pick(options.gatewayPorts.ports[0], options.gatewayPorts.fixed, 'gateway-1'),
      await ports.pick(options.gatewayPorts.ports[1], options.gatewayPorts.fixed, 'gateway-2'),
    ];
    const dialerPorts = [
      await ports.pick(options.dialerPorts.ports[0], options.dialerPorts.fixed, 'dialer-1'),
      await ports.pick(options.dialerPorts.ports[1], options.dialerPorts.fixed, 'dialer-2'),
    ];

    say(`PostgreSQL ${binaries.pgVersion}: starting on port ${pgPort}`);
    cluster.postgres = await startPostgres(binaries, data, pgPort, logDir);
    if (signalled) return;

    const natsConf = join(data, 'nats.conf');
    await writeFile(natsConf, `# Written by npm run cluster. Core NATS only: nothing is stored.\nlisten: ${HOST}:${natsPort}\n# Relayed HTTP bodies (uploads) travel in one message.\nmax_payload: 8MB\n`);
    const nats = cluster.add({ name: 'nats', kind: 'nats', port: natsPort, command: binaries.natsServer, args: ['-c', natsConf], env: process.env });
    say(`NATS: starting on port ${natsPort}`);
    cluster.start(nats);
    await waitForPort(natsPort, 15_000, () => (alive(nats.child) ? null : `nats-server exited: see ${shown(join(logDir, 'nats.log'))}`));
    if (signalled) return;

    const natsUrl = `nats://${HOST}:${natsPort}`;
    const env: NodeJS.ProcessEnv = { ...process.env, NAILUP_DATABASE: cluster.postgres.url };
    // The metrics and the floor status without a login: this cluster listens on 127.0.0.1 only.
    env.NAILUP__http__publicStatus ??= 'true';
    const nailup = (role: 'dialer' | 'gateway', name: string, port: number): Managed => cluster.add({
      name, kind: role, port, command: process.execPath,
      args: ['--import', 'tsx', MAIN, 'start', '--role', role, '--instance', name, '--host', HOST, '--port', String(port), '--nats', natsUrl, ...(role === 'dialer' ? ['--demo'] : [])],
      env,
    });
    const dialers = [nailup('dialer', 'dialer-1', dialerPorts[0]!), nailup('dialer', 'dialer-2', dialerPorts[1]!)];
    const gateways = [nailup('gateway', 'gateway-1', gatewayPorts[0]!), nailup('gateway', 'gateway-2', gatewayPorts[1]!)];
    // dialer-1 first: it brings the schema up to date (and so leads on a first run); then the others.
    say('starting dialer-1, gateway-1, gateway-2; then dialer-2 (one dialer leads, the other stands by)');
    for (const p of [dialers[0]!, ...gateways]) cluster.start(p);
    await startedUp(dialers[0]!, 60_000);
    if (signalled) return;
    cluster.start(dialers[1]!);

    const leaderText = await waitForReady(cluster, gateways);
    // And the other dialer says it stands by, for the summary to tell each one's place.
    const deadline = Date.now() + 30_000;
    while (dialers.some((d) => d.status === 'starting') && Date.now() < deadline && !signalled) await sleep(100);
    if (signalled) return;
    cluster.ready = true;
    // The leader as a gateway names it, should its log not have told (a quieter log level).
    if (!cluster.leader) {
      const named = dialers.find((d) => leaderText.includes(`(${d.name})`));
      if (named) {
        cluster.leader = named;
        named.status = `leading (${leaderText.replace(/ \(.*\)$/, '')})`;
      }
    }
    await cluster.writePids();
    printSummary(cluster, gateways, dialers, nats, natsUrl);
  } catch (error) {
    if (signalled) return;
    console.error(`\nnpm run cluster: ${error instanceof Error ? error.message : String(error)}`);
    await cluster.stop(1);
  }
}

function printSummary(cluster: Cluster, gateways: Managed[], dialers: Managed[], nats: Managed, natsUrl: string): void {
  const pid = (p: Managed): string => String(p.child?.pid ?? '-').padEnd(8);
  const lines: string[] = ['', 'nailup cluster is running', ''];
  for (const gateway of gateways) {
    const url = `http://${HOST}:${gateway.port}`;
    lines.push(`  ${gateway.name.padEnd(11)} pid ${pid(gateway)} Agent desktop:  ${url}/agent/`);
    lines.push(`${' '.repeat(26)}Supervisor:     ${url}/supervisor/`);
    lines.push(`${' '.repeat(26)}Floor status:   ${url}/floor`);
    lines.push(`${' '.repeat(26)}CTI links:      ${url}/cti/v1/commands/{Command} (A3), ${url}/cti/v1/events (A4)`);
  }
  for (const dialer of dialers) {
    lines.push(`  ${dialer.name.padEnd(11)} pid ${pid(dialer)} ${(dialer.status || 'standing by').padEnd(20)} metrics: http://${HOST}:${dialer.port}/metrics`);
  }
  lines.push(`  ${'NATS'.padEnd(11)} pid ${pid(nats)} ${natsUrl}`);
  const pg = cluster.postgres!;
  lines.push(`  ${'PostgreSQL'.padEnd(11)} pid ${String(pg.pid() ?? '-').padEnd(8)} ${pg.url} (data in ${shown(pg.dataDir)}, kept between runs)`);
  lines.push('');
  lines.push(`  Logs: ${shown(cluster.logDir)}/<name>.log (JSON lines); this console shows the cluster's events.`);
  lines.push('  Demo: log in on the desktop as agent1001, extension 44001, password demo (agents 1001-1020);');
  lines.push('        the supervisor pages as supervisor / demo. The demo floor dials at any hour.');
  lines.push('  Metrics and the floor status are public on this local cluster (http.publicStatus).');
  const leader = cluster.leader;
  if (leader?.child?.pid !== undefined) {
    lines.push(`  Try a failover: kill -9 ${leader.child.pid}   (${leader.name}, the leader; the other dialer takes over, and this`);
    lines.push('        script starts the killed one again as a standby)');
  }
  lines.push('  Ctrl-C stops everything (npm run cluster -- --fresh starts over with new data).');
  lines.push('');
  console.log(lines.join('\n'));
  console.log('ready');
}

main().catch((error: unknown) => {
  console.error(`npm run cluster: ${error instanceof UsageError ? error.message : error instanceof Error ? error.stack : String(error)}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
