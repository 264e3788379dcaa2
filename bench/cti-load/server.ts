/**
 * nailup under test, in its own process (`node --import tsx src/main.ts start --config …`), so its CPU
 * and memory are read from /proc without the load generator in them; and the same figures for other
 * processes of the run (PostgreSQL's process tree, nats-server).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface ServerOptions {
  repoRoot: string;
  /** A directory of the run: the config file goes there. */
  dir: string;
  database: string;
  /** Merged over nailup's defaults (config keys `dialer`, `network`). */
  dialer: Record<string, unknown>;
  network: Record<string, unknown>;
  startTimeoutMs?: number;
  /** A role of a cluster (config key `cluster`: role, natsUrl, instance…); absent: every role in one process. */
  cluster?: Record<string, unknown>;
  /** The HTTP port; default 0 (any: read from the start-up banner). A dialer prints no URL: give it one. */
  port?: number;
  /** The process's name in the results (`nailup`, `dialer`, `gateway-1`…); also the config file's. */
  name?: string;
}

/** What the benchmark reads of a process of the run, from /proc. */
export interface WatchedProcess {
  readonly name: string;
  readonly pid: number;
  /** User + system CPU seconds so far. */
  cpuSeconds(): number;
  /** Resident set now and its peak, in MB. */
  memory(): { rssMb: number; peakMb: number };
}

const clockTicks = ((): number => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** What the server wrote on stderr: the first lines, and how many there were. */
export interface StderrLog {
  lines: string[];
  count: number;
}

export class ServerProcess {
  /** Servers started and not yet stopped, so an interrupted run can kill them. */
  static readonly running = new Set<ChildProcess>();
  exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private stopping = false;
  /** True if the process ended before it was told to. */
  crashed = false;

  private constructor(private readonly child: ChildProcess, readonly url: string, readonly stderr: StderrLog, readonly name: string) {
    child.on('exit', (code, signal) => {
      ServerProcess.running.delete(child);
      this.exit = { code, signal };
      if (!this.stopping) this.crashed = true;
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  static async start(options: ServerOptions): Promise<ServerProcess> {
    const name = options.name ?? 'nailup';
    const configPath = join(options.dir, `${name}.json`);
    writeFileSync(configPath, JSON.stringify({
      host: '127.0.0.1',
      port: options.port ?? 0,
      database: options.database,
      // Request lines off: the benchmark measures the CTI links, not the logging of each request.
      logLevel: 'warn',
      demo: { enabled: false },
      dialer: options.dialer,
      network: options.network,
      ...(options.cluster ? { cluster: options.cluster } : {}),
    }, null, 2));
    // Only the config file decides: no NAILUP_* variable of the caller's shell leaks in.
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('NAILUP')));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'start', '--config', configPath], {
      cwd: options.repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'],
    });
    ServerProcess.running.add(child);
    child.once('exit', () => ServerProcess.running.delete(child));
    const stderr: StderrLog = { lines: [], count: 0 };
    createInterface({ input: child.stderr! }).on('line', (line) => {
      stderr.count++;
      if (stderr.lines.length < 50) stderr.lines.push(line);
    });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`nailup did not start within ${(options.startTimeoutMs ?? 60_000) / 1000} s: ${stderr.lines.join('\n')}`));
      }, options.startTimeoutMs ?? 60_000);
      // The start-up banner names the server's URLs; the first one gives the address it listens on. A
      // dialer's names none: it is up when it says it is running (it leads or stands by), on its port.
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const match = /https?:\/\/[^\s/]+/.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(new URL(match[0]).origin);
        } else if (options.port && /^nailup .* is running/.test(line)) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${options.port}`);
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`nailup exited at start (code ${code}, signal ${signal}): ${stderr.lines.join('\n')}`));
      });
    });
    const server = new ServerProcess(child, url, stderr, name);
    // A dialer's port changes hands when it takes the lead (its standby's probes close, the floor opens):
    // the cluster is ready when its gateways say so.
    if (options.port) return server;
    try {
      const health = await fetch(`${url}/healthz`);
      if (!health.ok) throw new Error(`nailup /healthz answered ${health.status}`);
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  /** User + system CPU seconds of the process so far (every thread). */
  cpuSeconds(): number {
    return processCpuSeconds(this.pid);
  }

  /** Resident set now (VmRSS) and its peak over the process's life (VmHWM), in MB. */
  memory(): { rssMb: number; peakMb: number } {
    return processMemory(this.pid);
  }

  /** SIGKILL at once (an interrupted run). */
  kill(): void {
    this.stopping = true;
    if (!this.exit) this.child.kill('SIGKILL');
  }

  /** SIGTERM (nailup closes its HTTP server, dialer and store), SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    if (this.exit) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}

/** CPU seconds the whole machine has been busy (every core, every process), from /proc/stat. */
export function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n').find((l) => l.startsWith('cpu '));
  if (!line) return 0;
  // user nice system idle iowait irq softirq steal …: everything but idle and iowait is busy.
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
  return (user + nice + system + irq + softirq + steal) / clockTicks;
}

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces): [0] is state (field 3). */
function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** User + system CPU seconds of one process so far (every thread); with `reaped`, also of its children that have exited. */
export function processCpuSeconds(pid: number, reaped = false): number {
  const f = statFields(pid);
  // utime 14, stime 15, cutime 16, cstime 17.
  const own = Number(f[11]) + Number(f[12]);
  return (reaped ? own + Number(f[13]) + Number(f[14]) : own) / clockTicks;
}

/** VmRSS and VmHWM of one process, in MB (0 when it is gone). */
export function processMemory(pid: number): { rssMb: number; peakMb: number } {
  let status = '';
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return { rssMb: 0, peakMb: 0 };
  }
  const kb = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** Proportional set size (shared pages split among the processes that map them), in MB; null if unreadable. */
function processPssMb(pid: number): number | null {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = /^Pss:\s+(\d+) kB/m.exec(rollup)?.[1];
    return kb === undefined ? null : Number(kb) / 1024;
  } catch {
    return null;
  }
}

/** Every process now: pid, parent, command name. */
function processTable(): Array<{ pid: number; ppid: number; comm: string }> {
  const table: Array<{ pid: number; ppid: number; comm: string }> = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      table.push({ pid: Number(entry), ppid: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]), comm });
    } catch {
      // Gone meanwhile.
    }
  }
  return table;
}

/** The pids of a process and all its descendants, now. */
function treeOf(root: number): number[] {
  const table = processTable();
  const pids = [root];
  for (let i = 0; i < pids.length; i++) for (const p of table) if (p.ppid === pids[i]) pids.push(p.pid);
  return pids;
}

/**
 * A process and its children as one (PostgreSQL: the postmaster and its backends). CPU: the root's own
 * and reaped children's, plus every live descendant's; memory: the sum of their proportional set sizes
 * (shared buffers counted once), VmRSS where that is unreadable. Peak: the largest sum seen by memory().
 */
export class ProcessTree implements WatchedProcess {
  private peak = 0;

  constructor(readonly name: string, readonly pid: number) {}

  cpuSeconds(): number {
    let total = 0;
    for (const pid of treeOf(this.pid)) {
      try {
        total += processCpuSeconds(pid, true);
      } catch {
        // Exited since the table was read: its time is in its parent's reaped figure.
      }
    }
    return total;
  }

  memory(): { rssMb: number; peakMb: number } {
    let total = 0;
    for (const pid of treeOf(this.pid)) total += processPssMb(pid) ?? processMemory(pid).rssMb;
    this.peak = Math.max(this.peak, total);
    return { rssMb: total, peakMb: this.peak };
  }
}

/** The PostgreSQL server listening on `port` (its postmaster: `postgres … -p PORT …`), or null. */
export function findPostmaster(port: number): number | null {
  for (const p of processTable()) {
    if (p.comm !== 'postgres') continue;
    try {
      const args = readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (new RegExp(`(^|\\s)-p\\s*${port}(\\s|$)`).test(args)) return p.pid;
    } catch {
      // Gone meanwhile.
    }
  }
  return null;
}

/** The children of `parent` running `comm` now (nats-server started by this process). */
export function childrenNamed(parent: number, comm: string): number[] {
  return processTable().filter((p) => p.ppid === parent && p.comm === comm).map((p) => p.pid);
}
