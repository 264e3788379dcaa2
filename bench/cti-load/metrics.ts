/** What the load test counts, and the order statistics it reports. */

export type Phase = 'setup' | 'measure' | 'stop';

export interface ErrorSample {
  phase: Phase;
  agentID: string;
  kind: string;
  detail: string;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export interface CommandLatency extends LatencySummary {
  command: string;
  phase: Phase;
}

/** Nearest-rank percentile of sorted values; 0 when there are none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(values: readonly number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? 0),
  };
}

export const round = (value: number, digits = 1): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/**
 * Shared by every simulated agent. Times are performance.now() milliseconds; a latency counts when its
 * command was sent inside the measurement window, a completed command or cycle when it finished inside it.
 */
export class Recorder {
  private windowStart = Infinity;
  private windowEnd = Infinity;
  private readonly latencies = new Map<string, number[]>();
  /** HTTP commands answered 200 with result 0 inside the window. */
  commandsCompleted = 0;
  /** HTTP commands sent, every phase. */
  commandsSent = 0;
  /** Full call cycles (OnCallWrapUpDone) inside the window. */
  cycles = 0;
  /** A4 events received inside the window. */
  events = 0;
  private readonly errorCounts = new Map<string, number>();
  private readonly errorsByPhase: Record<Phase, number> = { setup: 0, measure: 0, stop: 0 };
  readonly errorSamples: ErrorSample[] = [];
  phase: Phase = 'setup';

  startWindow(at: number): void {
    this.windowStart = at;
    this.windowEnd = Infinity;
    this.phase = 'measure';
  }

  endWindow(at: number): void {
    this.windowEnd = at;
    this.phase = 'stop';
  }

  inWindow(at: number): boolean {
    return at >= this.windowStart && at < this.windowEnd;
  }

  /** Kept by the phase the command was sent in: setup and stop commands are reported apart. */
  latency(label: string, sentAt: number, doneAt: number): void {
    const phase: Phase = sentAt < this.windowStart ? 'setup' : sentAt < this.windowEnd ? 'measure' : 'stop';
    const key = `${phase}\u0000${label}`;
    let list = this.latencies.get(key);
    if (!list) this.latencies.set(key, (list = []));
    list.push(doneAt - sentAt);
  }

  commandCompleted(at: number): void {
    if (this.inWindow(at)) this.commandsCompleted++;
  }

  cycleCompleted(at: number): void {
    if (this.inWindow(at)) this.cycles++;
  }

  eventReceived(at: number): void {
    if (this.inWindow(at)) this.events++;
  }

  error(agentID: string, kind: string, detail: string): void {
    this.errorCounts.set(kind, (this.errorCounts.get(kind) ?? 0) + 1);
    this.errorsByPhase[this.phase]++;
    if (this.errorSamples.length < 20) this.errorSamples.push({ phase: this.phase, agentID, kind, detail });
  }

  get errorTotal(): number {
    return this.errorsByPhase.setup + this.errorsByPhase.measure + this.errorsByPhase.stop;
  }

  errorSummary(): { total: number; byPhase: Record<Phase, number>; byKind: Record<string, number>; samples: ErrorSample[] } {
    return { total: this.errorTotal, byPhase: { ...this.errorsByPhase }, byKind: Object.fromEntries(this.errorCounts), samples: this.errorSamples };
  }

  /** The headline (commands of the window that `headline` picks, together) and each command per phase. */
  latencySummary(headline: (label: string) => boolean): { all: LatencySummary; byCommand: CommandLatency[] } {
    const all: number[] = [];
    const byCommand: CommandLatency[] = [];
    const order: Record<Phase, number> = { setup: 0, measure: 1, stop: 2 };
    for (const [key, values] of this.latencies) {
      const [phase, command] = key.split('\u0000') as [Phase, string];
      byCommand.push({ command, phase, ...summarize(values) });
      if (phase === 'measure' && headline(command)) all.push(...values);
    }
    byCommand.sort((a, b) => order[a.phase] - order[b.phase] || b.count - a.count || a.command.localeCompare(b.command));
    return { all: summarize(all), byCommand };
  }
}

/** One process of the server side over the measurement window. */
export interface ProcessFigures {
  /** `nailup`, `dialer`, `gateway-1`…, `postgres`, `nats-server`. */
  name: string;
  pid: number;
  /** CPU over the window, in % of one core (every thread; a process tree's every process). */
  cpuPercent: number;
  /** Resident memory: peak while measuring and at the end, MB (PostgreSQL: proportional set size of its processes). */
  rssMb: { peakDuringMeasurement: number; atEnd: number };
  /** GET /healthz during the window (nailup's processes only). */
  healthzMs?: LatencySummary;
}

/** The server side together: CPU and memory summed over its processes. */
export function serverTotals(processes: readonly ProcessFigures[]): { cpuPercent: number; rssPeakMb: number; rssAtEndMb: number } {
  let cpu = 0;
  let peak = 0;
  let end = 0;
  for (const p of processes) {
    cpu += p.cpuPercent;
    peak += p.rssMb.peakDuringMeasurement;
    end += p.rssMb.atEnd;
  }
  return { cpuPercent: round(cpu), rssPeakMb: round(peak), rssAtEndMb: round(end) };
}

/** What one core of server CPU carries, for sizing a floor: figures ÷ (CPU used ÷ 100 %). */
export interface PerCore {
  /** Cores the server side used (its CPU % ÷ 100). */
  coresUsed: number;
  desktopsPerCore: number;
  commandsPerSecondPerCore: number;
  cyclesPerSecondPerCore: number;
}

export function perCore(desktops: number, commandsPerSecond: number, cyclesPerSecond: number, cpuPercent: number): PerCore {
  const cores = cpuPercent / 100;
  const per = (value: number): number => (cores > 0 ? round(value / cores) : 0);
  return {
    coresUsed: round(cores, 2),
    desktopsPerCore: per(desktops),
    commandsPerSecondPerCore: per(commandsPerSecond),
    cyclesPerSecondPerCore: per(cyclesPerSecond),
  };
}

/**
 * The sweep's verdict on one run: it passes with p99 under the limit, no errors and no crash; otherwise
 * why not, in words. Without `stopErrors`, errors of the stop do not count (paced runs: the stop dials the
 * previews every agent holds within a few seconds, a load the pace itself never makes); they are reported.
 */
export function sweepVerdict(
  run: { latencyMs: LatencySummary; errors: { total: number; byPhase?: Record<Phase, number> }; serverCrashed: boolean },
  p99LimitMs: number,
  stopErrors = true,
): { pass: boolean; why: string } {
  const why: string[] = [];
  const errors = stopErrors || !run.errors.byPhase ? run.errors.total : run.errors.total - run.errors.byPhase.stop;
  if (run.latencyMs.count === 0) why.push('no command measured');
  if (run.latencyMs.p99 >= p99LimitMs) why.push(`p99 ${run.latencyMs.p99} ms >= ${p99LimitMs} ms`);
  if (errors > 0) why.push(`${errors} errors${errors < run.errors.total ? ' (setup and measurement)' : ''}`);
  if (run.serverCrashed) why.push('a server process exited');
  return { pass: why.length === 0, why: why.join(', ') };
}

/** The sweep's steps: the given list, or `start` then doubling; up to `max` either way. */
export function sweepSteps(start: readonly number[], max: number, given?: readonly number[]): number[] {
  if (given && given.length > 0) return [...given].sort((a, b) => a - b).filter((n) => n <= max);
  const steps: number[] = [];
  for (let n = start[0]!, i = 0; n <= max; n = start[++i] ?? n * 2) steps.push(n);
  return steps;
}
