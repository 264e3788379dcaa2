/**
 * The OCM Report Scheduler: every few minutes (on the Clock) it rolls the dialer's records up into the
 * hourly tables the reports read (migration 010, docs/reports.md).
 *
 * Incremental: per source a watermark in the store; a run rolls up the hours from the watermark to the
 * current hour, and again the hours written since they were rolled up (triggers mark them: attempts
 * change until ended and disposed, crash recovery closes open ones as Unknown). For agent time a late
 * change also changes the hours after it, so the run goes again from the first dirty hour.
 *
 * Restart-safe: the state is in the store, and each hour range is replaced in one transaction (at most
 * a day, so the dialer's writes are not held up), so a crash leaves each hour's old rows or its new.
 * Idempotent: a run with nothing written since changes nothing.
 */
import type { Clock, TimerHandle } from '../../clock/clock.ts';
import type { RollupSource, Store, TimeRange } from '../../store/store.ts';
import { agentHours } from './agent-hours.ts';
import { floorHour, HOUR_MS } from './read-plan.ts';

export const DEFAULT_ROLLUP_INTERVAL_MINUTES = 5;
/** The hours one transaction rolls up at most. */
const CHUNK_MS = 24 * HOUR_MS;

export interface RollupRunResult {
  source: RollupSource;
  /** Hour ranges rolled up. */
  ranges: TimeRange[];
  watermark: number;
  ms: number;
}

export interface RollupSchedulerDeps {
  store: Store;
  clock: Clock;
  intervalMinutes?: number;
  /** Told after each run, and of a failed one. */
  onRun?: (results: RollupRunResult[]) => void;
  onError?: (error: unknown) => void;
  /** Wall time of a run, for the log (the clock may be simulated). */
  elapsed?: () => number;
}

/** Splits [from, to) at every CHUNK_MS. */
function chunked(range: TimeRange): TimeRange[] {
  const out: TimeRange[] = [];
  for (let at = range.from; at < range.to; at = Math.min(at + CHUNK_MS, range.to)) out.push({ from: at, to: Math.min(at + CHUNK_MS, range.to) });
  return out;
}

/** Consecutive hours as ranges. */
function hourRuns(hours: readonly number[]): TimeRange[] {
  const out: TimeRange[] = [];
  for (const hour of hours) {
    const last = out[out.length - 1];
    if (last && last.to === hour) last.to = hour + HOUR_MS;
    else out.push({ from: hour, to: hour + HOUR_MS });
  }
  return out;
}

/** The hour ranges a run of `source` rolls up, oldest first. */
async function rangesToRoll(store: Store, source: RollupSource, now: number): Promise<TimeRange[]> {
  const { watermark, dirty } = await store.rollups.coverage(source);
  // Only whole hours: records of the current hour are still being written.
  const until = floorHour(now);
  let from = watermark;
  if (from === 0) {
    const earliest = await store.rollups.earliest(source);
    from = earliest === null ? until : Math.min(floorHour(earliest), until);
  }
  if (source === 'agents' && dirty[0] !== undefined) from = Math.min(from, dirty[0]);
  const ranges = source === 'attempts' ? hourRuns(dirty).flatMap(chunked) : [];
  if (from < until) ranges.push(...chunked({ from, to: until }));
  // Nothing to roll up (an empty store): the watermark still moves to the current hour.
  else if (watermark < until) ranges.push({ from: until, to: until });
  return ranges;
}

export class ReportRollupScheduler {
  private timer: TimerHandle | null = null;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;
  private busy = false;

  constructor(private readonly deps: RollupSchedulerDeps) {}

  get intervalMs(): number {
    return (this.deps.intervalMinutes ?? DEFAULT_ROLLUP_INTERVAL_MINUTES) * 60_000;
  }

  /** Runs now (catching up on whatever was missed while down), then every interval. */
  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
  }

  /** Resolves once no run is under way. */
  async whenIdle(): Promise<void> {
    await this.running;
  }

  /** One run of both sources, after any run under way. */
  runOnce(): Promise<RollupRunResult[]> {
    const run = this.running.then(() => this.run());
    this.running = run.then(() => undefined, () => undefined);
    return run;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = this.deps.clock.setTimer(delay, () => {
      // The next run is armed first; a tick while a long run (a first catch-up) is under way is skipped.
      this.schedule(this.intervalMs);
      if (this.busy) return;
      this.busy = true;
      this.runOnce().then((results) => this.deps.onRun?.(results), (error: unknown) => this.deps.onError?.(error))
        .finally(() => (this.busy = false));
    });
  }

  private async run(): Promise<RollupRunResult[]> {
    const { store, clock } = this.deps;
    const elapsed = this.deps.elapsed ?? (() => clock.now());
    const results: RollupRunResult[] = [];
    for (const source of ['attempts', 'agents'] as const) {
      const started = elapsed();
      const ranges = await rangesToRoll(store, source, clock.now());
      for (const range of ranges) {
        if (this.stopped) break;
        if (source === 'attempts') await store.rollups.rollAttempts(range);
        else await store.rollups.rollAgents(range, (history) => agentHours(history, range));
      }
      const ms = elapsed() - started;
      await store.rollups.recordRun(source, clock.now(), ms);
      results.push({ source, ranges, watermark: (await store.rollups.coverage(source)).watermark, ms });
    }
    return results;
  }
}
