import type { DurationModel } from './duration-model.ts';
import type { PacingSnapshot } from './pacer.ts';

/** Wrap-up quantiles a talking agent's release is averaged over, when wrap-ups vary. */
const WRAP_POINTS = 5;
/** Wrap-ups whose quantiles span less than this (seconds) are taken as their mean. */
const WRAP_SPREAD = 1;
/** The wrap-up points are read again at most this often (ms): the distribution moves slowly. */
const WRAP_REFRESH_MS = 1000;

/**
 * When the agents busy with a call will be free for the next one, per agent, from what each is doing
 * and for how long it has been at it:
 *
 * - in wrap-up for e seconds: the learned wrap-up time's hazard given e, P(W ≤ e + x | W > e); with
 *   a wrap-up countdown the agent cannot extend (the campaign's wrap-up time), done for certain by then;
 * - talking (or holding) for e seconds: the rest of the talk given e, then a whole wrap-up:
 *   P(T ≤ e + x − W | T > e) averaged over the learned wrap-up time W (at its quantiles when it
 *   varies, at its mean when it hardly does), each W no longer than the countdown.
 *
 * Agents previewing, or going Not-Ready after the call, are not in the snapshot's lists: they free
 * no one for this job. Idle agents are free now and counted by the pacer itself.
 *
 * The survival so far is read once per agent per decision (`prepare`), so that each horizon costs
 * one look-up per agent and wrap-up point.
 */
export class ReleaseForecast {
  private wrapSurvived: number[] = [];
  private talkSurvived: number[] = [];
  /** Wrap-up durations a talking agent will still do, each with the same weight. */
  private wrapPoints: number[] = [];
  private wrapPointsAt = -Infinity;
  private wrapPointsLimit = Infinity;
  private snapshot: PacingSnapshot | null = null;

  prepare(s: PacingSnapshot): void {
    this.snapshot = s;
    const { talk, wrap } = s.model;
    this.wrapSurvived = survivals(wrap, s.wrapupSeconds, this.wrapSurvived);
    this.talkSurvived = survivals(talk, s.talkingSeconds, this.talkSurvived);
    const limit = s.wrapupLimitSeconds ?? Infinity;
    if (s.now - this.wrapPointsAt < WRAP_REFRESH_MS && limit === this.wrapPointsLimit) return;
    this.wrapPointsAt = s.now;
    this.wrapPointsLimit = limit;
    const points = Array.from({ length: WRAP_POINTS }, (_, i) => Math.min(limit, wrap.quantile((i + 0.5) / WRAP_POINTS)));
    const spread = points[points.length - 1]! - points[0]!;
    this.wrapPoints = spread < WRAP_SPREAD ? [Math.min(limit, wrap.mean())] : points;
  }

  /**
   * The agents (talking or in wrap-up) free within `horizon` seconds from now: the mean and variance
   * of their count, a sum of independent Bernoulli variables.
   */
  freeWithin(horizon: number): { mean: number; variance: number } {
    const s = this.snapshot;
    if (!s) throw new Error('ReleaseForecast.freeWithin before prepare');
    const { talk, wrap } = s.model;
    const limit = s.wrapupLimitSeconds ?? Infinity;
    let mean = 0;
    let variance = 0;
    for (let i = 0; i < s.wrapupSeconds.length; i++) {
      const elapsed = s.wrapupSeconds[i]!;
      const f = elapsed + horizon >= limit ? 1 : wrap.endsWithinGiven(elapsed, this.wrapSurvived[i]!, horizon);
      mean += f;
      variance += f * (1 - f);
    }
    const points = this.wrapPoints;
    const n = points.length;
    const left = s.talkingLeftSeconds;
    for (let i = 0; i < s.talkingSeconds.length; i++) {
      let f = 0;
      const known = left?.[i];
      if (known !== undefined && !Number.isNaN(known)) {
        // Told when the talk ends (the release-oracle reference): free once it and the wrap-up are over.
        for (let j = 0; j < n; j++) if (known + points[j]! <= horizon) f += 1;
      } else {
        for (let j = 0; j < n; j++) {
          const talkHorizon = horizon - points[j]!;
          if (talkHorizon > 0) f += talk.endsWithinGiven(s.talkingSeconds[i]!, this.talkSurvived[i]!, talkHorizon);
        }
      }
      f /= n;
      mean += f;
      variance += f * (1 - f);
    }
    return { mean, variance };
  }
}

function survivals(model: DurationModel, elapsed: readonly number[], into: number[]): number[] {
  into.length = elapsed.length;
  for (let i = 0; i < elapsed.length; i++) into[i] = model.survivalAt(elapsed[i]!);
  return into;
}
