/**
 * Progressive dialing's occupancy in closed form, to check the engine against (README of the
 * scenarios): occupancy = AHT / (AHT + E[search]), where E[search] = ((1 − p)/p)·E[duration of a
 * failed attempt] + E[ring time of live answers] and p is the share of dials answered live in time.
 * Once from the scenario's model, and once from what a run actually drew, which tells the engine's
 * error apart from the luck of its seeds.
 */
import { lognormalParams, meanOf, normalCdf, type Quantity } from '../../src/random/distributions.ts';
import type { Scenario } from './scenario.ts';

/** P(X ≤ t) and E[X | X ≤ t] of a time distribution (seconds). */
function truncated(q: Quantity, t: number): { p: number; mean: number } {
  const spec = typeof q === 'number' ? { dist: 'constant' as const, value: q } : q;
  switch (spec.dist) {
    case 'constant':
      return spec.value <= t ? { p: 1, mean: spec.value } : { p: 0, mean: 0 };
    case 'uniform': {
      const top = Math.min(spec.max, t);
      if (top < spec.min) return { p: 0, mean: 0 };
      return { p: spec.max > spec.min ? (top - spec.min) / (spec.max - spec.min) : 1, mean: (spec.min + top) / 2 };
    }
    case 'exponential': {
      const p = 1 - Math.exp(-t / spec.mean);
      return { p, mean: p > 0 ? spec.mean - (t * Math.exp(-t / spec.mean)) / p : 0 };
    }
    case 'lognormal': {
      const { mu, sigma } = lognormalParams(spec);
      const z = (Math.log(t) - mu) / sigma;
      const p = normalCdf(z);
      return { p, mean: p > 0 ? (Math.exp(mu + (sigma * sigma) / 2) * normalCdf(z - sigma)) / p : 0 };
    }
  }
}

const occupancy = (handle: number, search: number): number => handle / (handle + search);

/**
 * From the scenario's model; undefined where the closed form does not hold (answer detection on,
 * or events that change the model during the run).
 */
export function progressiveFromScenario(s: Scenario): number | undefined {
  if (s.amd !== null || s.events.length > 0) return undefined;
  const timeout = s.noAnswerTimeout;
  const { live, machine, busy, invalid } = s.outcomes;
  const ring = truncated(s.ringTime, timeout);
  const machineAnswer = truncated(s.machineAnswer, timeout);
  const p = live * ring.p;
  // Every failed attempt, weighted by its share of dials: a person or machine too slow to answer rings out.
  const failedSeconds = machine * (machineAnswer.p * machineAnswer.mean + (1 - machineAnswer.p) * timeout)
    + busy * meanOf(s.busyAfter) + invalid * meanOf(s.invalidAfter)
    + (1 - live - machine - busy - invalid) * timeout + live * (1 - ring.p) * timeout;
  const search = failedSeconds / p + ring.mean;
  return occupancy(meanOf(s.talk) + meanOf(s.wrap), search);
}

/** What a run drew, over the dials of the measured window. */
export interface Draws {
  /** Calls connected to an agent, and the seconds from their dial to the connection. */
  connects: number;
  ringSeconds: number;
  /** Seconds from dial to end of the calls that did not reach an agent. */
  failedSeconds: number;
  /** Mean talk plus wrap-up seconds per call handled. */
  handleSeconds: number;
}

/** Student's t at 97.5 % for 1–30 degrees of freedom; the normal's 1.96 beyond. */
const T_975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

/**
 * Half the width of the 95 % confidence interval of the mean of `values` (independent replications):
 * how far the measured figure may lie from the closed form by the luck of the seeds alone.
 */
export function margin95(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return Infinity;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1);
  return (T_975[n - 2] ?? 1.96) * Math.sqrt(variance / n);
}

/** From a run's own draws: the time spent searching per connect is what its failed and ringing calls took. */
export function progressiveFromDraws(d: Draws): number {
  return d.connects > 0 ? occupancy(d.handleSeconds, (d.failedSeconds + d.ringSeconds) / d.connects) : 0;
}
