/**
 * nailup under test, in its own process (`node --import tsx src/main.ts start --config …`), so its CPU
 * and memory are read from /proc without the load generator in them.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
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

  private constructor(private readonly child: ChildProcess, readonly url: string, readonly stderr: StderrLog) {
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
    const configPath = join(options.dir, 'nailup.json');
    writeFileSync(configPath, JSON.stringify({
      host: '127.0.0.1',
      port: 0,
      database: options.database,
      // Request lines off: the benchmark measures the CTI links, not the logging of each request.
      logLevel: 'warn',
      demo: { enabled: false },
      dialer: options.dialer,
      network: options.network,
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
      // The start-up banner names the server's URLs; the first one gives the address it listens on.
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const match = /https?:\/\/[^\s/]+/.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(new URL(match[0]).origin);
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`nailup exited at start (code ${code}, signal ${signal}): ${stderr.lines.join('\n')}`));
      });
    });
    const server = new ServerProcess(child, url, stderr);
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
    const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks;
  }

  /** Resident set now (VmRSS) and its peak over the process's life (VmHWM), in MB. */
  memory(): { rssMb: number; peakMb: number } {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
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
