/**
 * Where a report reads its range from. Report ranges are arbitrary instants: the whole hours inside
 * the range that are rolled up (before the watermark, not dirty) come from the rollups; the partial
 * hours at either edge, the dirty hours and everything past the watermark come from the raw records.
 * The pieces do not overlap and cover the range exactly, so the sums are those of the raw records.
 */
import type { RollupCoverage, RollupReadPlan, TimeRange } from '../../store/store.ts';

export const HOUR_MS = 3_600_000;

export const floorHour = (t: number): number => t - (((t % HOUR_MS) + HOUR_MS) % HOUR_MS);
export const ceilHour = (t: number): number => {
  const floor = floorHour(t);
  return floor === t ? t : floor + HOUR_MS;
};

/** Appends `range`, merged into the last one if they touch. */
function push(ranges: TimeRange[], range: TimeRange): void {
  if (range.to <= range.from) return;
  const last = ranges[ranges.length - 1];
  if (last && last.to === range.from) last.to = range.to;
  else ranges.push({ ...range });
}

export function readPlan(range: TimeRange, coverage: Pick<RollupCoverage, 'watermark' | 'dirty'>): RollupReadPlan {
  const rolled: TimeRange[] = [];
  const raw: TimeRange[] = [];
  const start = ceilHour(range.from);
  const end = Math.min(floorHour(range.to), coverage.watermark);
  if (start >= end) {
    push(raw, range);
    return { rolled, raw };
  }
  push(raw, { from: range.from, to: start });
  let at = start;
  for (const hour of coverage.dirty) {
    if (hour < start || hour >= end) continue;
    push(rolled, { from: at, to: hour });
    push(raw, { from: hour, to: hour + HOUR_MS });
    at = hour + HOUR_MS;
  }
  push(rolled, { from: at, to: end });
  push(raw, { from: end, to: range.to });
  return { rolled, raw };
}

/**
 * How far agent time may be read from the rollups. A change written late into an hour also changes the
 * hours after it until the agent's next change (the state it starts carries on), so the rollups hold
 * only up to the first dirty hour; the scheduler rolls up again from there.
 */
export function agentCoverage(coverage: Pick<RollupCoverage, 'watermark' | 'dirty'>): Pick<RollupCoverage, 'watermark' | 'dirty'> {
  return { watermark: Math.min(coverage.watermark, coverage.dirty[0] ?? Infinity), dirty: [] };
}
