/**
 * The dial-rate benchmark: how many call attempts an hour one process of nailup's dialer makes with
 * every attempt and state change stored on disk.
 *
 *   npm run bench:dial-rate -- [--agents N] [--minutes M] [--lines L] [--talk S] [--wrap S]
 *                              [--database postgres://…] [--profile] [--json]
 *
 * One replication of the pacing benchmark (bench/pacing/replication.ts: the real dialer, campaign
 * manager, job runner, pacer and store on the virtual clock, against the simulated network and
 * agents) with its store in a SQLite file in a temp dir, or in an empty PostgreSQL database. The
 * virtual clock runs as fast as the process can: attempts per hour of wall time is the dialer's
 * rate. `--profile` adds where the CPU goes (profile.ts) and each SQL statement's time. See
 * bench/README.md.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runReplication } from '../pacing/replication.ts';
import { ProcessTree, findPostmaster } from '../cti-load/server.ts';
import { auditStore, prepareEmptyDatabase, type StoredFigures } from './audit.ts';
import { dialRateScenario, parseOptions, USAGE, type DialRateOptions } from './options.ts';
import { Profiler, summarize, type ProfileSummary } from './profile.ts';
import { StatementTimer, type StatementFigure } from './statements.ts';
import { SupplyMeter } from './supply-meter.ts';

/** The aim: attempts per hour of wall time on a 2-core machine. */
const AIM_PER_HOUR = 1_000_000;

export interface DialRateReport {
  database: 'sqlite' | 'postgres';
  floor: { agents: number; linesPerAgent: number; talkSeconds: number; wrapSeconds: number; minutes: number; seed: number };
  /** Attempts the dialer made and stored over the run (the tail after the simulated minutes included). */
  attempts: number;
  wallSeconds: number;
  attemptsPerWallHour: number;
  virtualHours: number;
  /** What the floor asked for: attempts per simulated hour. */
  attemptsPerVirtualHour: number;
  aimMet: boolean;
  cpu: {
    /** This process (user + system) per attempt: the dialer, the store's driver, the simulation. */
    processMsPerAttempt: number;
    /** The share of it in the kernel (system time: the database file's writes, sockets). */
    systemShare: number;
    /** Of which the contact supply's list top-ups (bench only, measured apart). */
    contactSupplyMsPerAttempt: number;
    /** The process without the contact supply. */
    dialerProcessMsPerAttempt: number;
    /** The PostgreSQL server's processes per attempt (null: SQLite, or a server not on this machine). */
    postgresMsPerAttempt: number | null;
  };
  connects: number;
  stored: StoredFigures;
  /** With --profile: where the process's CPU goes, and each statement's time (PostgreSQL: its round trip). */
  profile: (ProfileSummary & { statements: StatementFigure[] }) | null;
  machine: { cpus: number; model: string; node: string; loadAverageAtStart: number };
}

/** The PostgreSQL server's process tree, when it runs on this machine. */
function postgresTree(url: string): ProcessTree | null {
  const parsed = new URL(url);
  if (!['127.0.0.1', 'localhost', '::1', '[::1]', ''].includes(parsed.hostname)) return null;
  const postmaster = findPostmaster(Number(parsed.port || 5432));
  return postmaster === null ? null : new ProcessTree('postgres', postmaster);
}

export async function runDialRate(o: DialRateOptions): Promise<DialRateReport> {
  const scenario = dialRateScenario(o);
  const dir = o.database === undefined ? await mkdtemp(join(tmpdir(), 'nailup-dial-rate-')) : undefined;
  const url = o.database ?? join(dir!, 'dial-rate.db');
  const loadAverageAtStart = loadavg()[0]!;
  try {
    if (o.database !== undefined) await prepareEmptyDatabase(url);
    const postgres = o.database !== undefined ? postgresTree(url) : null;
    const supply = new SupplyMeter();
    const statements = o.profile ? new StatementTimer() : null;
    if (o.database === undefined) statements?.watchSqlite();
    else statements?.watchPostgres();
    const profiler = o.profile ? new Profiler() : null;
    supply.start();
    await profiler?.start();

    const postgresCpuBefore = postgres?.cpuSeconds() ?? 0;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    let result;
    let profile;
    try {
      result = await runReplication(scenario, { kind: 'nailup' }, 0, url);
    } finally {
      profile = await profiler?.stop();
      statements?.stop();
      supply.stop();
    }
    const wallSeconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const postgresCpuMs = postgres ? (postgres.cpuSeconds() - postgresCpuBefore) * 1000 : null;

    const stored = await auditStore(url, scenario.duration * 1000, result.dials);
    const attempts = stored.attempts;
    const per = (ms: number): number => (attempts > 0 ? ms / attempts : 0);
    const processMs = (cpu.user + cpu.system) / 1000;
    const supplyMs = supply.cpuMicros / 1000;
    // The tail: the replication follows the last answers for connectWithin + 30 simulated seconds.
    const virtualHours = (scenario.duration + scenario.connectWithin + 30) / 3600;
    const attemptsPerWallHour = attempts / wallSeconds * 3600;
    const core = cpus();
    return {
      database: o.database === undefined ? 'sqlite' : 'postgres',
      floor: { agents: o.agents, linesPerAgent: o.lines, talkSeconds: o.talk, wrapSeconds: o.wrap, minutes: o.minutes, seed: o.seed },
      attempts,
      wallSeconds,
      attemptsPerWallHour,
      virtualHours,
      attemptsPerVirtualHour: attempts / virtualHours,
      aimMet: attemptsPerWallHour >= AIM_PER_HOUR,
      cpu: {
        processMsPerAttempt: per(processMs),
        systemShare: processMs > 0 ? cpu.system / 1000 / processMs : 0,
        contactSupplyMsPerAttempt: per(supplyMs),
        dialerProcessMsPerAttempt: per(processMs - supplyMs),
        postgresMsPerAttempt: postgresCpuMs === null ? null : per(postgresCpuMs),
      },
      connects: result.connects,
      stored,
      profile: profile ? { ...summarize(profile, attempts, supply.intervals), statements: statements!.top(attempts) } : null,
      machine: { cpus: core.length, model: core[0]?.model ?? '?', node: process.version, loadAverageAtStart },
    };
  } finally {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  }
}

const n0 = (x: number): string => Math.round(x).toLocaleString('en-US');
const ms3 = (x: number): string => x.toFixed(3);

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function formatReport(r: DialRateReport): string {
  const s = r.stored;
  const lines = [
    `dial rate, ${r.database === 'sqlite' ? 'SQLite file' : 'PostgreSQL'}: ${r.floor.agents} agents, ${r.floor.linesPerAgent} lines each, talk ${r.floor.talkSeconds} s, wrap-up ${r.floor.wrapSeconds} s, ${r.floor.minutes} simulated minutes`,
    `attempts               ${n0(r.attempts)} in ${r.wallSeconds.toFixed(1)} s of wall time (${r.virtualHours.toFixed(3)} simulated hours: ${n0(r.attemptsPerVirtualHour)} asked per simulated hour)`,
    `attempts per wall hour ${n0(r.attemptsPerWallHour)} (aim ${n0(AIM_PER_HOUR)}: ${r.aimMet ? 'met' : 'not met'})`,
    `CPU per attempt        ${ms3(r.cpu.processMsPerAttempt)} ms this process (${(100 * r.cpu.systemShare).toFixed(0)}% system), of which ${ms3(r.cpu.contactSupplyMsPerAttempt)} ms the contact supply (bench only)` +
      (r.cpu.postgresMsPerAttempt === null ? '' : `; PostgreSQL ${ms3(r.cpu.postgresMsPerAttempt)} ms`),
    `stored                 ${n0(s.attempts)} attempt rows (${n0(s.ended)} ended, ${n0(s.open)} in hand at the stop); ${n0(s.historyRows)} agent state history rows (${s.historyRowsPerAttempt.toFixed(2)} per attempt); ${n0(r.connects)} connects`,
    `every attempt stored   ${s.allStored ? 'yes' : 'NO'}: ${n0(s.dialsInWindow)} calls on the network in the simulated minutes, ${n0(s.attemptsInWindow)} attempt rows dialed in them`,
  ];
  if (r.attemptsPerVirtualHour < AIM_PER_HOUR) lines.push(`note: the floor asked for fewer than ${n0(AIM_PER_HOUR)} attempts per simulated hour: raise --agents or --lines`);
  const p = r.profile;
  if (p) {
    lines.push('', `where the CPU goes (sampled: ${n0(p.busyMs)} ms busy, ${n0(p.idleMs)} ms idle waiting for I/O)`);
    lines.push(table(['category', 'ms', 'ms/attempt', 'share'], p.categories.map((c) => [c.category, n0(c.ms), ms3(c.msPerAttempt), `${(100 * c.share).toFixed(1)}%`])));
    lines.push('', table(['costliest functions (self time)', 'category', 'ms/attempt'], p.hotspots.map((h) => [h.where, h.category, ms3(h.msPerAttempt)])));
    const timed = r.database === 'sqlite' ? 'time in SQLite' : 'round trip to PostgreSQL';
    lines.push('', table([`statements (${timed})`, 'count', 'ms', 'ms/attempt'], p.statements.map((st) => [st.sql, n0(st.count), n0(st.ms), ms3(st.msPerAttempt)])));
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  if (o === 'help') {
    console.log(USAGE);
    return;
  }
  const report = await runDialRate(o);
  console.log(o.json ? JSON.stringify(report, null, 2) : formatReport(report));
  if (!report.stored.allStored) process.exitCode = 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
