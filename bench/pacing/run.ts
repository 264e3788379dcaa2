/**
 * The pacing benchmark: runs pacing scenarios (the format of docs/pacing.md) through nailup's real
 * dialer on the virtual clock and prints occupancy, talk share, wait per connect, mean and maximum
 * abandon rate, dials, live answers and connects per agent-hour, per scenario and policy.
 *
 *   npm run bench:pacing -- --scenario FILE.json [--scenario DIR ...] [--policy nailup|release-oracle|unguarded|progressive|ratio:R|best-ratio ...]
 *                           [--compare] [--replications N] [--target-share S] [--jobs N] [--json]
 *
 * `--policy` may be given several times (or comma-separated); `release-oracle` is nailup told when
 * each talk will end (what only the simulation knows: the reference no real dialer can reach);
 * `unguarded` is nailup's pacer without its compliance guard, held at the target by its feedback alone
 * (the reference figures' cap rule: the mean abandon rate over the run within the cap);
 * `best-ratio` searches the highest
 * static ratio whose mean abandon rate stays within the cap; `--compare` is nailup, progressive and
 * best-ratio. `--target-share` sets the share of the abandon cap nailup aims at
 * (default 0.75), to see what a different aim would give. Replications run in parallel worker
 * processes (`--jobs`, default: one per core).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadScenario, type Scenario } from './scenario.ts';
import { margin95, progressiveFromScenario } from './closed-form.ts';
import { parsePolicy, policyName, runReplication, type Policy, type ReplicationResult } from './replication.ts';
import type { WorkerReply, WorkerTask } from './worker.ts';

const HERE = dirname(fileURLToPath(import.meta.url));

export interface Summary {
  scenario: string;
  policy: string;
  replications: number;
  occupancy: number;
  talkShare: number;
  waitPerConnect: number;
  abandonMean: number;
  abandonMax: number;
  /** The abandon rate split by cause: no agent in time (pacing), people answer detection hung up on. */
  abandonPacingMean: number;
  abandonPacingMax: number;
  abandonDetectionMean: number;
  /** Abandons per replication by cause (ground truth), averaged. */
  abandonedByPacing: number;
  abandonedByDetection: number;
  dialerAbandonMean: number;
  dials: number;
  liveAnswers: number;
  connectsPerAgentHour: number;
  /** Share of the measured time the job dialed under each reason of its abandon guard, over the replications. */
  guardShares: Record<string, number>;
  /**
   * Progressive only: its occupancy in closed form, from the scenario's model and from the runs'
   * draws, and half the 95 % interval of the measured occupancy over the replications.
   */
  closedForm?: { scenario: number | null; draws: number; margin95: number };
  wallSeconds: number;
  runs: ReplicationResult[];
}

/** A replication's relative cost: agents × simulated seconds. */
function cost(scenario: Scenario): number {
  return Math.max(1, scenario.agents) * (scenario.warmup + scenario.duration);
}

/** Runs tasks on worker processes (or in this process with one job). */
class Pool {
  private readonly workers: ChildProcess[] = [];
  private readonly idle: ChildProcess[] = [];
  private readonly queue: Array<{ task: WorkerTask; resolve: (r: ReplicationResult) => void; reject: (e: Error) => void }> = [];
  private readonly pending = new Map<number, { resolve: (r: ReplicationResult) => void; reject: (e: Error) => void; worker: ChildProcess }>();
  private nextId = 0;

  constructor(private readonly size: number) {}

  /**
   * Queues a replication. The longest go first (dials grow with agents and simulated time), so a
   * large scenario's replications, or the next probe of its ratio search, do not trail at the end.
   */
  run(scenario: Scenario, policy: Policy, replication: number): Promise<ReplicationResult> {
    if (this.size <= 1) return runReplication(scenario, policy, replication);
    return new Promise((resolve, reject) => {
      const entry = { task: { id: this.nextId++, scenario, policy, replication }, resolve, reject };
      const at = this.queue.findIndex((queued) => cost(queued.task.scenario) < cost(scenario));
      this.queue.splice(at < 0 ? this.queue.length : at, 0, entry);
      this.pump();
    });
  }

  close(): void {
    for (const worker of this.workers) worker.disconnect();
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? this.spawn();
      if (!worker) return;
      const { task, resolve, reject } = this.queue.shift()!;
      this.pending.set(task.id, { resolve, reject, worker });
      worker.send(task);
    }
  }

  private spawn(): ChildProcess | undefined {
    if (this.workers.length >= this.size) return undefined;
    const worker = fork(join(HERE, 'worker.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    worker.on('message', (reply: WorkerReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      this.idle.push(worker);
      if ('error' in reply) waiting.reject(new Error(reply.error));
      else waiting.resolve(reply.result);
      this.pump();
    });
    worker.on('exit', (code) => {
      for (const [id, waiting] of this.pending) {
        if (waiting.worker !== worker) continue;
        this.pending.delete(id);
        waiting.reject(new Error(`worker exited with code ${code}`));
      }
    });
    this.workers.push(worker);
    return worker;
  }
}

export function summarize(runs: ReplicationResult[]): Summary {
  const mean = (f: (r: ReplicationResult) => number): number => runs.reduce((sum, r) => sum + f(r), 0) / runs.length;
  return {
    scenario: runs[0]!.scenario,
    policy: runs[0]!.policy,
    replications: runs.length,
    occupancy: mean((r) => r.occupancy),
    talkShare: mean((r) => r.talkShare),
    waitPerConnect: mean((r) => r.waitPerConnect),
    abandonMean: mean((r) => r.abandonRate),
    abandonMax: Math.max(...runs.map((r) => r.abandonRate)),
    abandonPacingMean: mean((r) => r.abandonRateByPacing),
    abandonPacingMax: Math.max(...runs.map((r) => r.abandonRateByPacing)),
    abandonDetectionMean: mean((r) => r.abandonRateByDetection),
    abandonedByPacing: mean((r) => r.abandonedByPacing),
    abandonedByDetection: mean((r) => r.abandonedByDetection),
    dialerAbandonMean: mean((r) => r.dialerAbandonRate),
    dials: mean((r) => r.dials),
    liveAnswers: mean((r) => r.liveAnswers),
    connectsPerAgentHour: mean((r) => r.connectsPerAgentHour),
    guardShares: guardShares(runs),
    wallSeconds: runs.reduce((sum, r) => sum + r.wallSeconds, 0),
    runs,
  };
}

function guardShares(runs: ReplicationResult[]): Record<string, number> {
  const seconds = new Map<string, number>();
  for (const r of runs) for (const [reason, s] of Object.entries(r.guardSeconds)) seconds.set(reason, (seconds.get(reason) ?? 0) + s);
  const total = [...seconds.values()].reduce((sum, s) => sum + s, 0);
  return Object.fromEntries([...seconds].sort((a, b) => b[1] - a[1]).map(([reason, s]) => [reason, total > 0 ? s / total : 0]));
}

async function runScenario(pool: Pool, scenario: Scenario, policy: Policy): Promise<Summary> {
  const runs = await Promise.all(Array.from({ length: scenario.replications }, (_, i) => pool.run(scenario, policy, i)));
  const summary = summarize(runs);
  if (policy.kind !== 'progressive') return summary;
  const draws = runs.reduce((sum, r) => sum + r.closedFormOccupancy, 0) / runs.length;
  const margin = margin95(runs.map((r) => r.occupancy));
  return { ...summary, closedForm: { scenario: progressiveFromScenario(scenario) ?? null, draws, margin95: margin } };
}

/** How close the best static ratio is found. */
const RATIO_STEP = 0.05;
const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * The best static ratio: the highest ratio whose mean abandon rate stays within the cap, to 0.05.
 * The abandon rate grows with the ratio, about exponentially near the cap: after widening the range
 * until its top breaks the cap, each probe interpolates the logarithm of the abandon rate between
 * the ratios known below and above the cap, kept at least 0.05 inside the range, so that a probe
 * near the answer closes the range from the other side. It bisects instead while the one below has
 * no abandon, and after two probes on the same side (the rate can rise in steps, where interpolation
 * creeps). Ratio 1 is progressive: it cannot abandon, and is run only if it is the answer. A probe
 * runs its first replication alone: one far from the cap (under half or over twice) tells the side,
 * the others are run only near it, or for the answer.
 */
async function bestRatio(pool: Pool, scenario: Scenario, log: (line: string) => void): Promise<Summary> {
  const cap = scenario.abandonCap;
  const policy = (ratio: number): Policy => ({ kind: 'ratio', ratio });
  const probe = async (ratio: number): Promise<Summary> => {
    const first = await pool.run(scenario, policy(ratio), 0);
    const far = first.abandonRate < cap / 2 || first.abandonRate > 2 * cap;
    const summary = far ? summarize([first]) : summarize([first, ...await rest(ratio)]);
    log(`  ${scenario.id} ratio:${ratio} occupancy ${pct(summary.occupancy)} abandon ${pct(summary.abandonMean)}${far ? ' (one replication)' : ''}`);
    return summary;
  };
  const rest = (ratio: number): Promise<ReplicationResult[]> =>
    Promise.all(Array.from({ length: scenario.replications - 1 }, (_, i) => pool.run(scenario, policy(ratio), i + 1)));
  /** The answer with all its replications. */
  const whole = async (ratio: number, summary: Summary | undefined): Promise<Summary> => {
    if (!summary) return runScenario(pool, scenario, policy(ratio));
    return summary.replications === scenario.replications ? summary : summarize([...summary.runs, ...await rest(ratio)]);
  };
  let below: { ratio: number; summary?: Summary } = { ratio: 1 };
  let above: { ratio: number; summary: Summary } | undefined;
  let top = scenario.maxLinesPerAgent;
  while (!above) {
    const summary = await probe(top);
    if (summary.abandonMean > cap) above = { ratio: top, summary };
    else if (top >= 64) return whole(top, summary);
    else below = { ratio: top, summary };
    top = Math.min(64, round2(top * 1.5));
  }
  let sameSide = 0;
  let lastSide: 'below' | 'above' | undefined;
  while (above.ratio - below.ratio > RATIO_STEP + 1e-9) {
    const a: number = below.summary?.abandonMean ?? 0;
    const guess: number = a > 0 && sameSide < 2
      ? below.ratio + (above.ratio - below.ratio) * Math.log(cap / a) / Math.log(above.summary.abandonMean / a)
      : (below.ratio + above.ratio) / 2;
    const ratio: number = above.ratio - below.ratio <= 2 * RATIO_STEP
      ? round2(below.ratio + RATIO_STEP)
      : round2(Math.min(above.ratio - RATIO_STEP, Math.max(below.ratio + RATIO_STEP, guess)));
    const summary: Summary = await probe(ratio);
    const side = summary.abandonMean <= cap ? 'below' : 'above';
    if (side === 'below') below = { ratio, summary };
    else above = { ratio, summary };
    sameSide = side === lastSide ? sameSide + 1 : 1;
    lastSide = side;
  }
  return whole(below.ratio, below.summary);
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

function scenarioFiles(paths: string[]): string[] {
  const files: string[] = [];
  for (const path of paths) {
    const full = resolve(path);
    if (statSync(full).isDirectory()) {
      files.push(...readdirSync(full).filter((f) => f.endsWith('.json')).sort().map((f) => join(full, f)));
    } else {
      files.push(full);
    }
  }
  return files;
}

function table(summaries: Summary[]): string {
  const head = ['scenario', 'policy', 'occupancy', 'talk', 'wait/connect', 'abandon mean', 'abandon max', 'by pacing', 'by AMD', 'dials', 'live answers', 'connects/agent-h', 'run s'];
  const rows = summaries.map((s) => [
    s.scenario, s.policy, pct(s.occupancy), pct(s.talkShare), `${s.waitPerConnect.toFixed(1)} s`,
    `${(100 * s.abandonMean).toFixed(2)}%`, `${(100 * s.abandonMax).toFixed(2)}%`,
    `${(100 * s.abandonPacingMean).toFixed(2)}%`, `${(100 * s.abandonDetectionMean).toFixed(2)}%`,
    s.dials.toFixed(0), s.liveAnswers.toFixed(0), s.connectsPerAgentHour.toFixed(1), s.wallSeconds.toFixed(1),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string', multiple: true },
      policy: { type: 'string', multiple: true },
      compare: { type: 'boolean', default: false },
      replications: { type: 'string' },
      'target-share': { type: 'string' },
      jobs: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.scenario || values.scenario.length === 0) {
    console.log('usage: npm run bench:pacing -- --scenario FILE.json|DIR [...] [--policy nailup|release-oracle|unguarded|progressive|ratio:R|best-ratio ...] [--compare] [--replications N] [--target-share S] [--jobs N] [--json]');
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const policies = values.compare ? ['nailup', 'progressive', 'best-ratio'] : (values.policy ?? ['nailup']).flatMap((p) => p.split(',')).map((p) => p.trim()).filter(Boolean);
  for (const p of policies) if (p !== 'best-ratio') parsePolicy(p);
  const targetShare = values['target-share'] === undefined ? undefined : Number(values['target-share']);
  if (targetShare !== undefined && !(targetShare > 0 && targetShare <= 1)) throw new Error(`--target-share: expected a share in (0, 1], got ${values['target-share']}`);
  const policyOf = (p: string): Policy => {
    const policy = parsePolicy(p);
    return policy.kind === 'nailup' && targetShare !== undefined ? { ...policy, targetShare } : policy;
  };
  const scenarios = scenarioFiles(values.scenario).map(loadScenario);
  if (values.replications !== undefined) {
    const n = Number(values.replications);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--replications: expected a whole number >= 1, got ${values.replications}`);
    for (const s of scenarios) s.replications = n;
  }
  const jobs = values.jobs !== undefined ? Number(values.jobs) : availableParallelism();
  if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`--jobs: expected a whole number >= 1, got ${values.jobs}`);
  const log = (line: string): void => {
    if (!values.json) console.error(line);
  };

  const pool = new Pool(jobs);
  const started = performance.now();
  const summaries: Summary[] = [];
  try {
    // Every replication of every scenario is queued at once, so the workers stay busy.
    const work: Array<Promise<Summary>> = [];
    for (const scenario of scenarios) {
      for (const p of policies) {
        if (p === 'best-ratio') work.push(bestRatio(pool, scenario, log).then((s) => ({ ...s, policy: `best ${s.policy}` })));
        else work.push(runScenario(pool, scenario, policyOf(p)));
      }
    }
    for (const summary of await Promise.all(work)) summaries.push(summary);
  } finally {
    pool.close();
  }
  const elapsed = (performance.now() - started) / 1000;
  if (values.json) {
    console.log(JSON.stringify({ elapsedSeconds: elapsed, jobs, summaries }, null, 2));
    return;
  }
  console.log(table(summaries));
  console.log(`\n${scenarios.length} scenario(s), ${policies.join(', ')}; ${jobs} worker(s); ${elapsed.toFixed(1)} s`);
  for (const s of summaries) {
    if (s.closedForm) {
      const model = s.closedForm.scenario === null ? 'no closed form for this model' : `${pct(s.closedForm.scenario)} from the scenario`;
      const interval = Number.isFinite(s.closedForm.margin95) ? ` ± ${(100 * s.closedForm.margin95).toFixed(1)} (95 % over ${s.replications} replications)` : '';
      console.log(`closed form: ${s.scenario} progressive ${model}, ${pct(s.closedForm.draws)} from the runs' draws; measured ${pct(s.occupancy)}${interval}`);
    }
    const shares = Object.entries(s.guardShares).filter(([reason, share]) => reason !== 'unguarded' && share >= 0.0005);
    if (shares.length > 0) console.log(`guard: ${s.scenario} ${s.policy}: ${shares.map(([reason, share]) => `${reason} ${pct(share)}`).join(', ')}`);
    const gap = Math.abs(s.dialerAbandonMean - s.abandonMean);
    if (gap > 0.002) console.log(`note: ${s.scenario} ${s.policy}: the dialer counted ${pct(s.dialerAbandonMean)} abandoned, the truth is ${pct(s.abandonMean)}`);
  }
}

await main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});

export { policyName };
