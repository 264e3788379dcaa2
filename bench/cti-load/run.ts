/**
 * CTI load test: N simulated agent desktops over A3 (HTTP commands) and A4 (WebSocket events) against a
 * nailup server in its own process, working preview contacts of the embedded dialer through full call
 * cycles. Prints commands per second, event latency (command sent → its completion event) p50/p99/max,
 * call cycles, errors, and the server's CPU and memory. With `--gateways G` the server is a cluster
 * (PostgreSQL, NATS, a dialer, G gateways; cluster.ts) and every process is measured on its own; with
 * `--call-every S` each agent starts a call cycle at most every S seconds (pace.ts).
 *
 *   npm run bench:cti-load -- [--agents N] [--duration SECONDS] [--json] [--sweep] [--max-agents N] [--break-every K]
 *                             [--gateways G] [--call-every S] [--p99-limit MS] [--sweep-steps N,N,…]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { A3Client, LoadAgent } from './agent.ts';
import {
  Recorder, perCore, round, serverTotals, summarize, sweepSteps, sweepVerdict,
  type CommandLatency, type ErrorSample, type LatencySummary, type PerCore, type Phase, type ProcessFigures,
} from './metrics.ts';
import { Floor } from './cluster.ts';
import { contactsPerList, paceOf } from './pace.ts';
import { BENCH_PASSWORD, benchAgents } from './seed.ts';
import { ServerProcess, machineBusySeconds } from './server.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The simulated network and dialer of the run: every dial answered after 1 s, so calls cycle in real time. */
const NETWORK = { outcomes: { live: 1 }, ringTime: 1, talk: 2, patience: 5, amd: null, seed: 1 };
const DIALER = { nailupDelayMs: 100 };
/** Logins in flight at once (the dialer checks each password with scrypt, one at a time). */
const LOGIN_CONCURRENCY = 16;
const READY_CONCURRENCY = 64;
const FIRST_OFFER_TIMEOUT_MS = 30_000;
const WARM_UP_MS = 3_000;
const STOP_TIMEOUT_MS = 30_000;
/** Paced runs: at the stop, the previews held are dialed at about this rate at most (see stopSpreadMs). */
const STOP_DIALS_PER_SECOND = 100;
const LOOP_DELAY_RESOLUTION_MS = 10;
const HEALTH_PROBE_MS = 200;
const SWEEP_START = [10, 25, 50, 100];
const P99_LIMIT_MS = 100;
const RSS_SAMPLE_MS = 250;
/** DialPOMPreviewCall has no Done event; its row is timed to the call state leaving Preview and kept out of the headline. */
const NO_DONE_EVENT = new Set(['DialPOMPreviewCall']);

export interface RunResult {
  agents: number;
  /** 0: one process on SQLite; G: a dialer and G gateways on PostgreSQL and NATS. */
  gateways: number;
  /** Each agent starts a call cycle at most this often; null: back-to-back. */
  callEverySeconds: number | null;
  measuredSeconds: number;
  commands: number;
  commandsPerSecond: number;
  cycles: number;
  cyclesPerSecond: number;
  eventsPerSecond: number;
  latencyMs: LatencySummary;
  byCommand: CommandLatency[];
  errors: { total: number; byPhase: Record<Phase, number>; byKind: Record<string, number>; samples: ErrorSample[] };
  /** Every process of the server side together (with gateways: dialer, gateways, PostgreSQL, nats-server). */
  serverCpuPercent: number;
  /** Summed over the server's processes; peakOfProcess: nailup's processes' VmHWM (start-up included). */
  serverRssMb: { peakDuringMeasurement: number; atEnd: number; peakOfProcess: number };
  /** Each process of the server side. */
  processes: ProcessFigures[];
  /** Figures per core of server CPU used. */
  perCore: PerCore;
  generatorCpuPercent: number;
  generatorEventLoopDelayP99Ms: number;
  /** CPU the rest of the machine used meanwhile (other processes), in % of one core. */
  otherCpuPercent: number;
  agentsReady: number;
  agentsWithoutCycle: number;
  agentsLoggedOut: number;
  notLoggedOut: string[];
  serverCrashed: boolean;
  serverStderr: { lines: number; first: string[] };
  setupSeconds: number;
  /** GET /healthz every 200 ms during the measurement, on its own connection (with gateways: the dialer's). */
  healthzMs: LatencySummary;
  /** Connections the kernel dropped because a listen queue was full, machine-wide, during the run. */
  listenOverflows: number;
  sharedPool: boolean;
}

async function forEachLimited<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await run(items[next++]!);
  }));
}

function log(message: string): void {
  process.stderr.write(`[cti-load] ${message}\n`);
}

interface RunOptions {
  agents: number;
  durationSeconds: number;
  breakEvery: number;
  sharedPool: boolean;
  gateways: number;
  callEverySeconds: number | null;
}

/** GET /healthz on its own keep-alive connection, one at a time: how long the server takes to answer anything. */
class HealthProbe {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private readonly times: number[] = [];
  private timer: NodeJS.Timeout | null = null;
  private sentAt = 0;

  constructor(private readonly url: string) {}

  start(everyMs: number): void {
    this.timer = setInterval(() => {
      if (this.sentAt) return;
      this.sentAt = performance.now();
      const request = http.get(`${this.url}/healthz`, { agent: this.agent }, (response) => {
        response.resume();
        response.on('end', () => {
          this.times.push(performance.now() - this.sentAt);
          this.sentAt = 0;
        });
      });
      request.on('error', () => {
        this.sentAt = 0;
      });
    }, everyMs);
  }

  /** The answers' times, and a request still unanswered counted with its time so far. */
  stop(): LatencySummary {
    if (this.timer) clearInterval(this.timer);
    if (this.sentAt) this.times.push(performance.now() - this.sentAt);
    this.agent.destroy();
    return summarize(this.times);
  }
}

/** Machine-wide count of connections dropped because a listen queue was full (TcpExt ListenOverflows). */
function listenOverflows(): number {
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n').filter((l) => l.startsWith('TcpExt:'));
    const names = lines[0]?.split(/\s+/) ?? [];
    const values = lines[1]?.split(/\s+/) ?? [];
    return Number(values[names.indexOf('ListenOverflows')] ?? 0);
  } catch {
    return 0;
  }
}

async function runOnce(options: RunOptions): Promise<RunResult> {
  const { agents: agentCount, durationSeconds, breakEvery, gateways, callEverySeconds } = options;
  const dir = mkdtempSync(join(tmpdir(), 'nailup-cti-load-'));
  runDirs.add(dir);
  const contacts = contactsPerList(agentCount, durationSeconds, callEverySeconds);
  const setupStart = performance.now();
  const shape = `${gateways === 0 ? 'one process' : `${gateways} gateway${gateways === 1 ? '' : 's'}`}, ${callEverySeconds === null ? 'back-to-back' : `a call every ${callEverySeconds} s`}`;
  log(`${agentCount} agents (${shape}): seeding ${contacts} contacts per demo list${gateways === 0 ? ` in ${dir}` : ' into PostgreSQL'}`);
  const overflows0 = listenOverflows();
  let floor: Floor;
  try {
    floor = await Floor.start({ repoRoot: REPO_ROOT, dir, gateways, agents: agentCount, contacts, dialer: DIALER, network: NETWORK });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    runDirs.delete(dir);
    throw error;
  }
  log(floor.processes.map((p) => `${p.name} pid ${p.pid}`).join(', ') + `; agents connect to ${floor.urls.join(', ')}`);

  const recorder = new Recorder();
  const a3s = floor.urls.map((url) => new A3Client(url, options.sharedPool));
  const probes = floor.servers.map((server) => new HealthProbe(server.url));
  let healthz: LatencySummary[] = probes.map(() => summarize([]));
  const agents = benchAgents(agentCount).map((a, i) => {
    const g = i % floor.urls.length;
    const wsUrl = `${floor.urls[g]!.replace(/^http/, 'ws')}/cti/v1/events`;
    const pace = callEverySeconds === null ? {} : { pace: paceOf(callEverySeconds, i, agentCount) };
    return new LoadAgent(a.agentID, a.extension, BENCH_PASSWORD, wsUrl, a3s[g]!, recorder, breakEvery, pace);
  });
  const expiry = setInterval(() => {
    const now = performance.now();
    for (const agent of agents) agent.expire(now);
  }, 1000);

  const spreadMs = Math.max(10_000, Math.ceil((agentCount / STOP_DIALS_PER_SECOND) * 1000));
  const stopTimeoutMs = STOP_TIMEOUT_MS + (callEverySeconds === null ? 0 : spreadMs);
  const zero = { peakDuringMeasurement: 0, atEnd: 0 };
  let figures: ProcessFigures[] = floor.processes.map((p) => ({ name: p.name, pid: p.pid, cpuPercent: 0, rssMb: zero }));
  let windowStats = { seconds: 0, generatorCpu: 0, otherCpu: 0, loopDelayP99: 0 };
  let peakOfProcess = 0;
  const notLoggedOut: string[] = [];
  let setupSeconds = 0;
  try {
    // Setup: every agent logs in, a few at a time; then all go Ready, so no call runs beside the logins.
    await forEachLimited(agents, LOGIN_CONCURRENCY, async (agent) => {
      if (!floor.crashed) await agent.login();
    });
    log(`${agents.filter((a) => a.stage === 'login').length}/${agents.length} agents logged in after ${round((performance.now() - setupStart) / 1000)} s; going Ready`);
    await forEachLimited(agents, READY_CONCURRENCY, (agent) => agent.ready());
    const ready = agents.filter((a) => a.stage === 'working');
    log(`${ready.length}/${agents.length} agents Ready after ${round((performance.now() - setupStart) / 1000)} s; waiting for their first contacts`);
    await Promise.race([Promise.all(ready.map((a) => a.firstOfferReceived)), sleep(FIRST_OFFER_TIMEOUT_MS)]);
    for (const agent of ready) {
      if (agent.offers === 0) recorder.error(agent.agentID, 'no contact offered within 30 s of Ready', agent.describe());
    }
    // Paced agents hold their first preview until now: their first calls spread over the first period.
    const origin = performance.now();
    for (const agent of agents) agent.release(origin);
    await sleep(WARM_UP_MS);
    if (floor.crashed) throw new Error(`${floor.crash?.name ?? 'nailup'} exited during setup`);

    // Measurement.
    const cpu0 = floor.processes.map((p) => p.cpuSeconds());
    const gen0 = process.cpuUsage();
    const machine0 = machineBusySeconds();
    const loopDelay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
    loopDelay.enable();
    const peakRss = floor.processes.map((p) => p.memory().rssMb);
    const rssSampler = setInterval(() => {
      if (floor.crashed) return;
      floor.processes.forEach((p, i) => {
        peakRss[i] = Math.max(peakRss[i]!, p.memory().rssMb);
      });
    }, RSS_SAMPLE_MS);
    for (const probe of probes) probe.start(HEALTH_PROBE_MS);
    const t0 = performance.now();
    recorder.startWindow(t0);
    setupSeconds = (t0 - setupStart) / 1000;
    log(`measuring for ${durationSeconds} s`);
    const end = t0 + durationSeconds * 1000;
    while (performance.now() < end && !floor.crashed) await sleep(Math.min(1000, end - performance.now()));
    const t1 = performance.now();
    recorder.endWindow(t1);
    healthz = probes.map((probe) => probe.stop());
    clearInterval(rssSampler);
    loopDelay.disable();
    const gen = process.cpuUsage(gen0);
    const seconds = (t1 - t0) / 1000;
    windowStats.seconds = seconds;
    if (!floor.crashed) {
      figures = floor.processes.map((p, i) => {
        const memory = p.memory();
        return {
          name: p.name,
          pid: p.pid,
          cpuPercent: round(((p.cpuSeconds() - cpu0[i]!) / seconds) * 100),
          rssMb: { peakDuringMeasurement: round(Math.max(peakRss[i]!, memory.rssMb)), atEnd: round(memory.rssMb) },
          ...(i < probes.length ? { healthzMs: healthz[i]! } : {}),
        };
      });
      const serverCpu = serverTotals(figures).cpuPercent;
      const generatorCpu = ((gen.user + gen.system) / 1e6 / seconds) * 100;
      windowStats = {
        seconds,
        generatorCpu,
        otherCpu: Math.max(0, ((machineBusySeconds() - machine0) / seconds) * 100 - serverCpu - generatorCpu),
        // The histogram holds whole sampling intervals: the delay is what exceeds the resolution.
        loopDelayP99: Math.max(0, loopDelay.percentile(99) / 1e6 - LOOP_DELAY_RESOLUTION_MS),
      };
    }

    // Stop: Not-Ready, finish the call in hand, log out. Paced agents stop at most STOP_DIALS_PER_SECOND
    // a second, in the order of their phases, and dial the preview they hold at once: a burst of N
    // commands would make the calls of the first race the customers' hang-ups.
    log('stopping: agents go Not-Ready, wrap up and log out');
    const stopping = callEverySeconds === null
      ? agents.map((a) => a.stop())
      : agents.map(async (a, i) => {
        await sleep(((i + 0.5) / agentCount) * spreadMs);
        await a.stop(0);
      });
    await Promise.race([Promise.all(stopping), sleep(stopTimeoutMs)]);
  } finally {
    clearInterval(expiry);
    for (const agent of agents) {
      if (agent.stage === 'loggedOut' || agent.stage === 'failed') continue;
      notLoggedOut.push(agent.describe());
      recorder.error(agent.agentID, `not logged out within ${stopTimeoutMs / 1000} s of stop`, agent.describe());
    }
    await Promise.all(a3s.map((a3) => a3.drain(5_000)));
    for (const a3 of a3s) a3.close();
    for (const agent of agents) agent.reportUnanswered();
    for (const agent of agents) agent.close();
    for (const server of floor.servers) if (!server.exit) peakOfProcess += server.memory().peakMb;
    await floor.stop();
    rmSync(dir, { recursive: true, force: true });
    runDirs.delete(dir);
  }
  const overflows = listenOverflows() - overflows0;

  const crash = floor.crash;
  if (crash) recorder.error('-', `${crash.name === 'nailup' ? 'nailup' : `nailup ${crash.name}`} exited by itself`, `code ${crash.code}, signal ${crash.signal}`);
  const { all, byCommand } = recorder.latencySummary((command) => !NO_DONE_EVENT.has(command));
  const s = windowStats.seconds || 1;
  const totals = serverTotals(figures);
  const commandsPerSecond = round(recorder.commandsCompleted / s);
  const cyclesPerSecond = round(recorder.cycles / s);
  return {
    agents: agentCount,
    gateways,
    callEverySeconds,
    measuredSeconds: round(windowStats.seconds, 2),
    commands: recorder.commandsCompleted,
    commandsPerSecond,
    cycles: recorder.cycles,
    cyclesPerSecond,
    eventsPerSecond: round(recorder.events / s),
    latencyMs: all,
    byCommand,
    errors: recorder.errorSummary(),
    serverCpuPercent: totals.cpuPercent,
    serverRssMb: { peakDuringMeasurement: totals.rssPeakMb, atEnd: totals.rssAtEndMb, peakOfProcess: round(peakOfProcess) },
    processes: figures,
    perCore: perCore(agentCount, commandsPerSecond, cyclesPerSecond, totals.cpuPercent),
    generatorCpuPercent: round(windowStats.generatorCpu),
    generatorEventLoopDelayP99Ms: round(windowStats.loopDelayP99),
    otherCpuPercent: round(windowStats.otherCpu),
    agentsReady: agents.filter((a) => a.stage !== 'failed').length,
    agentsWithoutCycle: agents.filter((a) => a.cycles === 0).length,
    agentsLoggedOut: agents.filter((a) => a.stage === 'loggedOut').length,
    notLoggedOut: notLoggedOut.slice(0, 10),
    serverCrashed: floor.crashed,
    serverStderr: { lines: floor.stderr.count, first: floor.stderr.lines.slice(0, 10) },
    setupSeconds: round(setupSeconds),
    healthzMs: healthz[0] ?? summarize([]),
    listenOverflows: overflows,
    sharedPool: options.sharedPool,
  };
}

// ── output ──────────────────────────────────────────────────────────────────

function table(headers: string[], rows: Array<Array<string | number>>, rightFrom = 1): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => r.map((c, i) => (i >= rightFrom ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join('\n');
}

function machine(): string {
  return `${availableParallelism()} cores, ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}`;
}

function commandTable(rows: CommandLatency[]): string {
  return table(['command (phase)', 'count', 'p50 ms', 'p99 ms', 'max ms'],
    rows.map((c) => [`${c.command}${NO_DONE_EVENT.has(c.command) ? ' (→ call state)' : ''} (${c.phase})`, c.count, c.p50, c.p99, c.max]));
}

function shapeOf(r: { gateways: number; callEverySeconds: number | null }): string {
  const server = r.gateways === 0 ? 'one process on SQLite' : `a dialer and ${r.gateways} gateway${r.gateways === 1 ? '' : 's'} on PostgreSQL and NATS`;
  return `${server}, ${r.callEverySeconds === null ? 'back-to-back calls' : `a call per agent every ${r.callEverySeconds} s at most`}`;
}

function processTable(r: RunResult): string {
  const totals = serverTotals(r.processes);
  return table(['process', 'pid', 'CPU %', 'RSS peak MB', 'RSS end MB', 'healthz p99 ms'], [
    ...r.processes.map((p) => [p.name, p.pid, p.cpuPercent, p.rssMb.peakDuringMeasurement, p.rssMb.atEnd, p.healthzMs ? p.healthzMs.p99 : '-']),
    ['sum', '', totals.cpuPercent, totals.rssPeakMb, totals.rssAtEndMb, ''],
  ]);
}

function formatRun(r: RunResult): string {
  const l = r.latencyMs;
  const summary: Array<[string, string]> = [
    ['agents Ready / logged out', `${r.agentsReady} / ${r.agentsLoggedOut} of ${r.agents}`],
    ['measured', `${r.measuredSeconds} s (after ${r.setupSeconds} s of setup and warm-up)`],
    ['commands completed', `${r.commands} (${r.commandsPerSecond} per second)`],
    ['call cycles completed', `${r.cycles} (${r.cyclesPerSecond} per second); agents without one: ${r.agentsWithoutCycle}`],
    ['A4 events received', `${r.eventsPerSecond} per second`],
    ['latency command → Done event', `p50 ${l.p50} ms, p99 ${l.p99} ms, max ${l.max} ms (${l.count} commands)`],
    ['errors', r.errors.total === 0 ? '0' : `${r.errors.total} (setup ${r.errors.byPhase.setup}, measurement ${r.errors.byPhase.measure}, stop ${r.errors.byPhase.stop})`],
    ['server CPU', `${r.serverCpuPercent} % of one core${r.processes.length > 1 ? ' (every process of the server side, see below)' : ''}`],
    ['server RSS', `peak ${r.serverRssMb.peakDuringMeasurement} MB while measuring, ${r.serverRssMb.atEnd} MB at the end, ${r.serverRssMb.peakOfProcess} MB peak of ${r.processes.length > 1 ? "nailup's processes" : 'the process'}`],
    ['per core of server CPU', `${r.perCore.desktopsPerCore} desktops, ${r.perCore.commandsPerSecondPerCore} commands/s, ${r.perCore.cyclesPerSecondPerCore} call cycles/s (${r.perCore.coresUsed} cores used)`],
    [`${r.gateways === 0 ? 'server' : 'dialer'} /healthz`, `p50 ${r.healthzMs.p50} ms, p99 ${r.healthzMs.p99} ms, max ${r.healthzMs.max} ms (every ${HEALTH_PROBE_MS} ms while measuring)`],
    ['load generator', `${r.generatorCpuPercent} % of one core, event-loop delay p99 ${r.generatorEventLoopDelayP99Ms} ms; ${r.sharedPool ? 'one shared HTTP pool' : 'one HTTP connection per agent'}`],
    ['TCP listen overflows', `${r.listenOverflows} (machine-wide, during the run)`],
    ['other processes', `${r.otherCpuPercent} % of one core (of ${availableParallelism() * 100} %)`],
  ];
  const out = [
    `nailup CTI load: ${r.agents} agents, ${shapeOf(r)} (machine: ${machine()})`,
    '',
    table(['figure', 'value'], summary.map(([k, v]) => [k, v]), 2),
    '',
    ...(r.processes.length > 1 ? [processTable(r), ''] : []),
    commandTable(r.byCommand),
  ];
  if (r.errors.total > 0) {
    out.push('', table(['error', 'count'], Object.entries(r.errors.byKind).map(([k, v]) => [k, v])));
    out.push('', 'first errors:', ...r.errors.samples.slice(0, 10).map((e) => `  [${e.phase}] agent ${e.agentID}: ${e.kind}: ${e.detail}`));
  }
  if (r.notLoggedOut.length > 0) out.push('', 'agents not logged out:', ...r.notLoggedOut.map((a) => `  ${a}`));
  if (r.serverStderr.lines > 0) out.push('', `server stderr (${r.serverStderr.lines} lines):`, ...r.serverStderr.first.map((x) => `  ${x}`));
  if (r.serverCrashed) out.push('', 'nailup exited by itself during the run');
  return out.join('\n');
}

function sweepRow(r: RunResult): Array<string | number> {
  return [
    r.agents, r.commandsPerSecond, r.cyclesPerSecond, r.latencyMs.p50, r.latencyMs.p99, r.latencyMs.max, r.errors.total,
    r.serverCpuPercent, r.serverRssMb.peakDuringMeasurement, r.healthzMs.p99, r.generatorCpuPercent, r.generatorEventLoopDelayP99Ms, r.otherCpuPercent,
    r.perCore.desktopsPerCore, r.perCore.commandsPerSecondPerCore,
  ];
}

const SWEEP_HEADERS = [
  'agents', 'cmd/s', 'cycles/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'server CPU %', 'server RSS MB', 'healthz p99 ms',
  'generator CPU %', 'generator lag p99 ms', 'other CPU %', 'desktops/core', 'cmd/s/core',
];

/** With gateways: each step's CPU per process (dialer, gateways together, PostgreSQL, nats-server). */
function processSweepRow(r: RunResult): Array<string | number> {
  const cpu = (name: string): number => round(r.processes.filter((p) => p.name === name || (name === 'gateways' && p.name.startsWith('gateway-'))).reduce((n, p) => n + p.cpuPercent, 0));
  const busiest = r.processes.filter((p) => p.name.startsWith('gateway-')).reduce((m, p) => Math.max(m, p.cpuPercent), 0);
  return [r.agents, cpu('dialer'), cpu('gateways'), busiest, cpu('postgres'), cpu('nats-server'), r.serverCpuPercent, r.healthzMs.p99];
}
const PROCESS_SWEEP_HEADERS = ['agents', 'dialer CPU %', 'gateways CPU %', 'busiest gateway %', 'postgres CPU %', 'nats CPU %', 'sum CPU %', 'dialer healthz p99 ms'];

// ── main ────────────────────────────────────────────────────────────────────

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number (got ${value})`);
  return n;
}

function positiveNumber(value: string | undefined, name: string): number | null {
  if (value === undefined) return null;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number (got ${value})`);
  return n;
}

function intList(value: string | undefined, name: string): number[] | undefined {
  if (value === undefined) return undefined;
  return value.split(',').map((v) => {
    const n = positiveInt(v.trim(), name, 0);
    if (n < 1) throw new Error(`--${name}: every step must be at least 1 (got ${v})`);
    return n;
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      agents: { type: 'string' },
      duration: { type: 'string' },
      json: { type: 'boolean', default: false },
      sweep: { type: 'boolean', default: false },
      'max-agents': { type: 'string' },
      'break-every': { type: 'string' },
      'shared-pool': { type: 'boolean', default: false },
      gateways: { type: 'string' },
      'call-every': { type: 'string' },
      'p99-limit': { type: 'string' },
      'sweep-steps': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write([
      'npm run bench:cti-load -- [options]',
      '  --agents N        simulated agents (default 50)',
      '  --duration S      seconds of measurement (default 30)',
      '  --json            print one JSON object instead of tables',
      `  --sweep           N = ${SWEEP_START.join(', ')}, then doubling, until p99 >= the limit or errors; reports the largest N under it`,
      '  --max-agents N    where the sweep stops at the latest (default 3200)',
      '  --sweep-steps L   the sweep\'s N, comma-separated (e.g. 500,1000,2000), instead of the doubling',
      `  --p99-limit MS    the sweep's limit on the command → event p99 (default ${P99_LIMIT_MS})`,
      '  --break-every K   every K calls an agent takes a break: SetAgentStateToAux, SetAgentStateToAutoIn (default 10, 0: never)',
      '  --shared-pool     all agents share one unbounded keep-alive HTTP pool (default: one connection per agent)',
      '  --gateways G      0: one nailup process on SQLite (default); G >= 1: PostgreSQL, NATS, a dialer and G gateways',
      '                    (agents round-robin over the gateways)',
      '  --call-every S    each agent starts a call cycle at most every S seconds, holding its preview until then',
      '                    (default: back-to-back cycles)',
      '',
    ].join('\n'));
    return;
  }
  const agents = positiveInt(values.agents, 'agents', 50);
  const duration = positiveInt(values.duration, 'duration', 30);
  const maxAgents = positiveInt(values['max-agents'], 'max-agents', 3200);
  const breakEvery = positiveInt(values['break-every'], 'break-every', 10);
  const sharedPool = values['shared-pool'];
  const gateways = positiveInt(values.gateways, 'gateways', 0);
  const callEverySeconds = positiveNumber(values['call-every'], 'call-every');
  const p99Limit = positiveNumber(values['p99-limit'], 'p99-limit') ?? P99_LIMIT_MS;
  const steps = intList(values['sweep-steps'], 'sweep-steps');
  if (agents < 1 || duration < 1) throw new Error('--agents and --duration must be at least 1');
  if (steps && !values.sweep) throw new Error('--sweep-steps goes with --sweep');
  if (callEverySeconds !== null && duration < callEverySeconds) {
    log(`note: --duration ${duration} s is shorter than --call-every ${callEverySeconds} s: only some agents call inside the window (their slots are spread over the period)`);
  }
  const base = { durationSeconds: duration, breakEvery, sharedPool, gateways, callEverySeconds };

  if (!values.sweep) {
    const result = await runOnce({ agents, ...base });
    process.stdout.write(values.json ? `${JSON.stringify({ machine: machine(), ...result })}\n` : `${formatRun(result)}\n`);
    process.exitCode = result.errors.total > 0 || result.serverCrashed ? 1 : 0;
    return;
  }

  const plan = sweepSteps(SWEEP_START, maxAgents, steps);
  if (plan.length === 0) throw new Error(`--max-agents ${maxAgents} is below the sweep's first step (${steps?.[0] ?? SWEEP_START[0]})`);
  const results: RunResult[] = [];
  let stopReason = `reached the last step (${plan[plan.length - 1]} agents)`;
  for (const n of plan) {
    const result = await runOnce({ agents: n, ...base });
    results.push(result);
    log(`${n} agents: ${result.commandsPerSecond} cmd/s, p99 ${result.latencyMs.p99} ms, errors ${result.errors.total}, server CPU ${result.serverCpuPercent} %`);
    const verdict = sweepVerdict(result, p99Limit, callEverySeconds === null);
    if (!verdict.pass) {
      stopReason = `${n} agents: ${verdict.why}`;
      break;
    }
  }
  const passing = results.filter((r) => sweepVerdict(r, p99Limit, callEverySeconds === null).pass);
  const best = passing.length > 0 ? passing.reduce((a, b) => (b.agents > a.agents ? b : a)) : null;
  const largest = best?.agents ?? null;
  const last = results[results.length - 1]!;
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ machine: machine(), durationSeconds: duration, gateways, callEverySeconds, p99LimitMs: p99Limit, largestAgentsUnderLimit: largest, stopReason, runs: results })}\n`);
    return;
  }
  process.stdout.write([
    `nailup CTI load sweep, ${duration} s per step, ${shapeOf({ gateways, callEverySeconds })} (machine: ${machine()})`,
    '',
    table(SWEEP_HEADERS, results.map(sweepRow)),
    ...(gateways > 0 ? ['', table(PROCESS_SWEEP_HEADERS, results.map(processSweepRow))] : []),
    '',
    `stopped: ${stopReason}`,
    `largest N with p99 < ${p99Limit} ms and no errors${callEverySeconds === null ? '' : ' before the stop'}: ${largest ?? 'none'}${best ? ` (p99 ${best.latencyMs.p99} ms, ${best.commandsPerSecond} commands/s, server CPU ${best.serverCpuPercent} %: ${best.perCore.desktopsPerCore} desktops and ${best.perCore.commandsPerSecondPerCore} commands/s per core)` : ''}`,
    '',
    `commands at ${last.agents} agents:`,
    commandTable(last.byCommand.filter((c) => c.phase === 'measure')),
    ...results.filter((r) => r.errors.total > 0).flatMap((r) => [
      '', `errors at ${r.agents} agents:`, ...Object.entries(r.errors.byKind).map(([k, v]) => `  ${v} × ${k}`),
    ]),
    '',
  ].join('\n'));
}

/** Temporary directories of runs in progress, removed if the benchmark is interrupted. */
const runDirs = new Set<string>();

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const child of ServerProcess.running) child.kill('SIGKILL');
    void Promise.all([...Floor.running].map((floor) => floor.kill())).finally(() => {
      for (const dir of runDirs) rmSync(dir, { recursive: true, force: true });
      process.stderr.write(`cti-load: interrupted (${signal}); server stopped\n`);
      process.exit(130);
    });
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`cti-load: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
