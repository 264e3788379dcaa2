/**
 * CTI load test: N simulated agent desktops over A3 (HTTP commands) and A4 (WebSocket events) against a
 * nailup server in its own process, working preview contacts of the embedded dialer through full call
 * cycles. Prints commands per second, event latency (command sent → its completion event) p50/p99/max,
 * call cycles, errors, and the server's CPU and memory.
 *
 *   npm run bench:cti-load -- [--agents N] [--duration SECONDS] [--json] [--sweep] [--max-agents N] [--break-every K]
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
import { Recorder, round, summarize, type CommandLatency, type ErrorSample, type LatencySummary, type Phase } from './metrics.ts';
import { BENCH_PASSWORD, benchAgents, seedBenchDatabase } from './seed.ts';
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
const LOOP_DELAY_RESOLUTION_MS = 10;
const HEALTH_PROBE_MS = 200;
const SWEEP_START = [10, 25, 50, 100];
const P99_LIMIT_MS = 100;
/** DialPOMPreviewCall has no Done event; its row is timed to the call state leaving Preview and kept out of the headline. */
const NO_DONE_EVENT = new Set(['DialPOMPreviewCall']);

export interface RunResult {
  agents: number;
  measuredSeconds: number;
  commands: number;
  commandsPerSecond: number;
  cycles: number;
  cyclesPerSecond: number;
  eventsPerSecond: number;
  latencyMs: LatencySummary;
  byCommand: CommandLatency[];
  errors: { total: number; byPhase: Record<Phase, number>; byKind: Record<string, number>; samples: ErrorSample[] };
  serverCpuPercent: number;
  serverRssMb: { peakDuringMeasurement: number; atEnd: number; peakOfProcess: number };
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
  /** GET /healthz every 200 ms during the measurement, on its own connection. */
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
  const { agents: agentCount, durationSeconds, breakEvery } = options;
  const dir = mkdtempSync(join(tmpdir(), 'nailup-cti-load-'));
  runDirs.add(dir);
  const database = join(dir, 'nailup.db');
  // About one call a second per agent at most, for warm-up, measurement and drain; the demo seed's limit.
  const contacts = Math.min(999_999, Math.max(20_000, Math.ceil(agentCount * (durationSeconds + 60) * 1.2)));
  const setupStart = performance.now();
  log(`${agentCount} agents: seeding ${contacts} contacts per demo list in ${dir}`);
  const overflows0 = listenOverflows();
  let server: ServerProcess;
  try {
    await seedBenchDatabase({ database, agents: agentCount, contacts, now: Date.now() });
    server = await ServerProcess.start({ repoRoot: REPO_ROOT, dir, database, dialer: DIALER, network: NETWORK });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    runDirs.delete(dir);
    throw error;
  }
  log(`nailup pid ${server.pid} listening on ${server.url}`);

  const recorder = new Recorder();
  const a3 = new A3Client(server.url, options.sharedPool);
  const probe = new HealthProbe(server.url);
  let healthz: LatencySummary = summarize([]);
  const wsUrl = `${server.url.replace(/^http/, 'ws')}/cti/v1/events`;
  const agents = benchAgents(agentCount).map((a) => new LoadAgent(a.agentID, a.extension, BENCH_PASSWORD, wsUrl, a3, recorder, breakEvery));
  const expiry = setInterval(() => {
    const now = performance.now();
    for (const agent of agents) agent.expire(now);
  }, 1000);

  let windowStats = { seconds: 0, serverCpu: 0, generatorCpu: 0, otherCpu: 0, peakRss: 0, endRss: 0, loopDelayP99: 0 };
  let peakOfProcess = 0;
  const notLoggedOut: string[] = [];
  let setupSeconds = 0;
  try {
    // Setup: every agent logs in, a few at a time; then all go Ready, so no call runs beside the logins.
    await forEachLimited(agents, LOGIN_CONCURRENCY, async (agent) => {
      if (!server.crashed) await agent.login();
    });
    log(`${agents.filter((a) => a.stage === 'login').length}/${agents.length} agents logged in after ${round((performance.now() - setupStart) / 1000)} s; going Ready`);
    await forEachLimited(agents, READY_CONCURRENCY, (agent) => agent.ready());
    const ready = agents.filter((a) => a.stage === 'working');
    log(`${ready.length}/${agents.length} agents Ready after ${round((performance.now() - setupStart) / 1000)} s; waiting for their first contacts`);
    await Promise.race([Promise.all(ready.map((a) => a.firstOfferReceived)), sleep(FIRST_OFFER_TIMEOUT_MS)]);
    for (const agent of ready) {
      if (agent.offers === 0) recorder.error(agent.agentID, 'no contact offered within 30 s of Ready', agent.describe());
    }
    await sleep(WARM_UP_MS);
    if (server.crashed) throw new Error('nailup exited during setup');

    // Measurement.
    const cpu0 = server.cpuSeconds();
    const gen0 = process.cpuUsage();
    const machine0 = machineBusySeconds();
    const loopDelay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
    loopDelay.enable();
    let peakRss = server.memory().rssMb;
    const rssSampler = setInterval(() => {
      if (!server.exit) peakRss = Math.max(peakRss, server.memory().rssMb);
    }, 250);
    probe.start(HEALTH_PROBE_MS);
    const t0 = performance.now();
    recorder.startWindow(t0);
    setupSeconds = (t0 - setupStart) / 1000;
    log(`measuring for ${durationSeconds} s`);
    const end = t0 + durationSeconds * 1000;
    while (performance.now() < end && !server.crashed) await sleep(Math.min(1000, end - performance.now()));
    const t1 = performance.now();
    recorder.endWindow(t1);
    healthz = probe.stop();
    clearInterval(rssSampler);
    loopDelay.disable();
    const gen = process.cpuUsage(gen0);
    const seconds = (t1 - t0) / 1000;
    if (!server.crashed) {
      const memory = server.memory();
      const serverCpu = ((server.cpuSeconds() - cpu0) / seconds) * 100;
      const generatorCpu = ((gen.user + gen.system) / 1e6 / seconds) * 100;
      windowStats = {
        seconds,
        serverCpu,
        generatorCpu,
        otherCpu: Math.max(0, ((machineBusySeconds() - machine0) / seconds) * 100 - serverCpu - generatorCpu),
        peakRss: Math.max(peakRss, memory.rssMb),
        endRss: memory.rssMb,
        // The histogram holds whole sampling intervals: the delay is what exceeds the resolution.
        loopDelayP99: Math.max(0, loopDelay.percentile(99) / 1e6 - LOOP_DELAY_RESOLUTION_MS),
      };
    } else {
      windowStats.seconds = seconds;
    }

    // Stop: Not-Ready, finish the call in hand, log out.
    log('stopping: agents go Not-Ready, wrap up and log out');
    await Promise.race([Promise.all(agents.map((a) => a.stop())), sleep(STOP_TIMEOUT_MS)]);
  } finally {
    clearInterval(expiry);
    for (const agent of agents) {
      if (agent.stage === 'loggedOut' || agent.stage === 'failed') continue;
      notLoggedOut.push(agent.describe());
      recorder.error(agent.agentID, 'not logged out within 30 s of stop', agent.describe());
    }
    await a3.drain(5_000);
    a3.close();
    for (const agent of agents) agent.reportUnanswered();
    for (const agent of agents) agent.close();
    if (!server.exit) peakOfProcess = server.memory().peakMb;
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
    runDirs.delete(dir);
  }
  const overflows = listenOverflows() - overflows0;

  if (server.crashed) recorder.error('-', 'nailup exited by itself', `code ${server.exit?.code}, signal ${server.exit?.signal}`);
  const { all, byCommand } = recorder.latencySummary((command) => !NO_DONE_EVENT.has(command));
  const s = windowStats.seconds || 1;
  return {
    agents: agentCount,
    measuredSeconds: round(windowStats.seconds, 2),
    commands: recorder.commandsCompleted,
    commandsPerSecond: round(recorder.commandsCompleted / s),
    cycles: recorder.cycles,
    cyclesPerSecond: round(recorder.cycles / s),
    eventsPerSecond: round(recorder.events / s),
    latencyMs: all,
    byCommand,
    errors: recorder.errorSummary(),
    serverCpuPercent: round(windowStats.serverCpu),
    serverRssMb: { peakDuringMeasurement: round(windowStats.peakRss), atEnd: round(windowStats.endRss), peakOfProcess: round(peakOfProcess) },
    generatorCpuPercent: round(windowStats.generatorCpu),
    generatorEventLoopDelayP99Ms: round(windowStats.loopDelayP99),
    otherCpuPercent: round(windowStats.otherCpu),
    agentsReady: agents.filter((a) => a.stage !== 'failed').length,
    agentsWithoutCycle: agents.filter((a) => a.cycles === 0).length,
    agentsLoggedOut: agents.filter((a) => a.stage === 'loggedOut').length,
    notLoggedOut: notLoggedOut.slice(0, 10),
    serverCrashed: server.crashed,
    serverStderr: { lines: server.stderr.count, first: server.stderr.lines.slice(0, 10) },
    setupSeconds: round(setupSeconds),
    healthzMs: healthz,
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
    ['server CPU', `${r.serverCpuPercent} % of one core`],
    ['server RSS', `peak ${r.serverRssMb.peakDuringMeasurement} MB while measuring, ${r.serverRssMb.atEnd} MB at the end, ${r.serverRssMb.peakOfProcess} MB peak of the process`],
    ['server /healthz', `p50 ${r.healthzMs.p50} ms, p99 ${r.healthzMs.p99} ms, max ${r.healthzMs.max} ms (every ${HEALTH_PROBE_MS} ms while measuring)`],
    ['load generator', `${r.generatorCpuPercent} % of one core, event-loop delay p99 ${r.generatorEventLoopDelayP99Ms} ms; ${r.sharedPool ? 'one shared HTTP pool' : 'one HTTP connection per agent'}`],
    ['TCP listen overflows', `${r.listenOverflows} (machine-wide, during the run)`],
    ['other processes', `${r.otherCpuPercent} % of one core (of ${availableParallelism() * 100} %)`],
  ];
  const out = [
    `nailup CTI load: ${r.agents} agents (machine: ${machine()})`,
    '',
    table(['figure', 'value'], summary.map(([k, v]) => [k, v]), 2),
    '',
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
  ];
}

const SWEEP_HEADERS = ['agents', 'cmd/s', 'cycles/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'server CPU %', 'server RSS MB', 'healthz p99 ms', 'generator CPU %', 'generator lag p99 ms', 'other CPU %'];

// ── main ────────────────────────────────────────────────────────────────────

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number (got ${value})`);
  return n;
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
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write([
      'npm run bench:cti-load -- [options]',
      '  --agents N        simulated agents (default 50)',
      '  --duration S      seconds of measurement (default 30)',
      '  --json            print one JSON object instead of tables',
      `  --sweep           N = ${SWEEP_START.join(', ')}, then doubling, until p99 >= ${P99_LIMIT_MS} ms or errors; reports the largest N under it`,
      '  --max-agents N    where the sweep stops at the latest (default 3200)',
      '  --break-every K   every K calls an agent takes a break: SetAgentStateToAux, SetAgentStateToAutoIn (default 10, 0: never)',
      '  --shared-pool     all agents share one unbounded keep-alive HTTP pool (default: one connection per agent)',
      '',
    ].join('\n'));
    return;
  }
  const agents = positiveInt(values.agents, 'agents', 50);
  const duration = positiveInt(values.duration, 'duration', 30);
  const maxAgents = positiveInt(values['max-agents'], 'max-agents', 3200);
  const breakEvery = positiveInt(values['break-every'], 'break-every', 10);
  const sharedPool = values['shared-pool'];
  if (agents < 1 || duration < 1) throw new Error('--agents and --duration must be at least 1');

  if (!values.sweep) {
    const result = await runOnce({ agents, durationSeconds: duration, breakEvery, sharedPool });
    process.stdout.write(values.json ? `${JSON.stringify({ machine: machine(), ...result })}\n` : `${formatRun(result)}\n`);
    process.exitCode = result.errors.total > 0 || result.serverCrashed ? 1 : 0;
    return;
  }

  const results: RunResult[] = [];
  let stopReason = `reached --max-agents ${maxAgents}`;
  for (let n = SWEEP_START[0]!, i = 0; n <= maxAgents; n = SWEEP_START[++i] ?? n * 2) {
    const result = await runOnce({ agents: n, durationSeconds: duration, breakEvery, sharedPool });
    results.push(result);
    log(`${n} agents: ${result.commandsPerSecond} cmd/s, p99 ${result.latencyMs.p99} ms, errors ${result.errors.total}`);
    if (result.latencyMs.p99 >= P99_LIMIT_MS || result.errors.total > 0 || result.serverCrashed) {
      stopReason = `${n} agents: ${result.latencyMs.p99 >= P99_LIMIT_MS ? `p99 ${result.latencyMs.p99} ms >= ${P99_LIMIT_MS} ms` : ''}${result.latencyMs.p99 >= P99_LIMIT_MS && result.errors.total > 0 ? ', ' : ''}${result.errors.total > 0 ? `${result.errors.total} errors` : ''}`;
      break;
    }
  }
  if (results.length === 0) throw new Error(`--max-agents ${maxAgents} is below the sweep's first step (${SWEEP_START[0]})`);
  const passing = results.filter((r) => r.latencyMs.p99 < P99_LIMIT_MS && r.errors.total === 0 && !r.serverCrashed);
  const largest = passing.length > 0 ? Math.max(...passing.map((r) => r.agents)) : null;
  const last = results[results.length - 1]!;
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ machine: machine(), durationSeconds: duration, p99LimitMs: P99_LIMIT_MS, largestAgentsUnderLimit: largest, stopReason, runs: results })}\n`);
    return;
  }
  process.stdout.write([
    `nailup CTI load sweep, ${duration} s per step (machine: ${machine()})`,
    '',
    table(SWEEP_HEADERS, results.map(sweepRow)),
    '',
    `stopped: ${stopReason}`,
    `largest N with p99 < ${P99_LIMIT_MS} ms and no errors: ${largest ?? 'none'}`,
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
    for (const dir of runDirs) rmSync(dir, { recursive: true, force: true });
    process.stderr.write(`cti-load: interrupted (${signal}); server stopped\n`);
    process.exit(130);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`cti-load: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
