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
  exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private stopping = false;
  /** True if the process ended before it was told to. */
  crashed = false;

  private constructor(private readonly child: ChildProcess, readonly url: string, readonly stderr: StderrLog) {
    child.on('exit', (code, signal) => {
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
      demo: { enabled: false },
      dialer: options.dialer,
      network: options.network,
    }, null, 2));
    // Only the config file decides: no NAILUP_* variable of the caller's shell leaks in.
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('NAILUP')));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'start', '--config', configPath], {
      cwd: options.repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'],
    });
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
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const match = /Floor status:\s+(http:\/\/\S+?)\/?$/.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`nailup exited at start (code ${code}, signal ${signal}): ${stderr.lines.join('\n')}`));
      });
    });
    const server = new ServerProcess(child, url, stderr);
    const health = await fetch(`${url}/healthz`);
    if (!health.ok) throw new Error(`nailup /healthz answered ${health.status}`);
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
