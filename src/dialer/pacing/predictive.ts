import { normalCdf } from '../../random/distributions.ts';
import { ReleaseForecast } from './release.ts';
import { progressiveLines, type Pacer, type PacingDecision, type PacingSnapshot } from './pacer.ts';

export interface PredictivePacerOptions {
  /** Answer times at which supply and demand are compared (quantiles of the learned ring time). */
  points: number;
  /** Risk threshold a new line starts from: P(no agent | the line is answered live). */
  initialThreshold: number;
  minThreshold: number;
  maxThreshold: number;
  /** How strongly the threshold follows the abandons: log-threshold change per abandon. */
  gain: number;
  /** Time constant of the dial rate, seconds. */
  rateSeconds: number;
  /**
   * The risk a line may carry in the guard's 'release' mode (answer detection alone uses up the
   * target): lines only for agents forecast free in time, no feedback.
   */
  releaseThreshold: number;
}

export const DEFAULT_PREDICTIVE_OPTIONS: Readonly<PredictivePacerOptions> = Object.freeze({
  points: 12,
  initialThreshold: 0.03,
  minThreshold: 0.002,
  maxThreshold: 0.6,
  gain: 0.3,
  rateSeconds: 60,
  releaseThreshold: 0.002,
});

/**
 * The predictive pacer: a chance constraint on each new line, with a threshold that a feedback loop
 * holds at the abandon target.
 *
 * For a line dialed now that a person answers `τ` seconds later (τ at the quantiles of the learned
 * ring time of live answers), it compares the agents free by τ + connectWithin — the idle ones, plus
 * each agent in wrap-up or talking who will be done by then, from the learned wrap and talk time
 * distributions conditioned on how long each has been at it — against the live answers that will
 * come before it: customers waiting, calls ringing that will be answered by τ (learned outcome mix
 * and ring times, conditioned on how long each has rung) and the lines dialed before it in this
 * decision. Both sides are sums of independent Bernoulli variables, taken as normal: the line's
 * abandon risk is P(supply − demand ≤ 0), averaged over τ. Lines are added while that risk stays
 * under the threshold.
 *
 * The threshold is not a fixed guess: every live answer raises it by gain × target and every abandon
 * lowers it by gain, so it settles where abandons are `target` of live answers, whatever the model's
 * errors. The compliance guard scales it down as the regulatory budget runs short.
 */
export class PredictivePacer implements Pacer {
  readonly name = 'predictive';
  readonly pacesByRelease = true;
  private readonly options: PredictivePacerOptions;
  private logThreshold: number;
  private seenLive = 0;
  private seenAbandoned = 0;
  private seenDials = 0;
  private seenAt: number | null = null;
  /** Lines dialed per second lately (time constant `rateSeconds`). */
  private dialRate = 0;
  // Scratch arrays, reused between decisions.
  private mean = new Float64Array(0);
  private variance = new Float64Array(0);
  private newLive = new Float64Array(0);

  constructor(options: Partial<PredictivePacerOptions> = {}) {
    this.options = { ...DEFAULT_PREDICTIVE_OPTIONS, ...options };
    this.logThreshold = Math.log(this.options.initialThreshold);
  }

  /** The current risk threshold (before the guard's scaling). */
  get threshold(): number {
    return Math.exp(this.logThreshold);
  }

  decide(s: PacingSnapshot): PacingDecision {
    this.follow(s);
    const base = progressiveLines(s);
    const outstanding = s.ringingSeconds.length + s.waiting;
    const room = s.maxLines - outstanding;
    if (s.budget.mode === 'progressive' || room <= 0) return { lines: base };
    const threshold = s.budget.mode === 'release' ? this.options.releaseThreshold : this.threshold * s.budget.scale;
    if (threshold <= 0) return { lines: base };

    const model = s.model;
    const outcomes = model.outcomes;
    const pLive = outcomes.pLive();
    if (pLive <= 0) return { lines: base };
    const taus = outcomes.liveQuantiles(this.options.points);
    const n = taus.length;
    this.ensureScratch(n);
    const mean = this.mean;
    const variance = this.variance;
    const newLive = this.newLive;

    const within = s.connectWithinSeconds;
    // When each busy agent frees up, from what it does and for how long it has done it (release.ts);
    // calls that have rung alike are taken together.
    const release = this.release;
    release.prepare(s);
    const ringing = this.ringingByBin(s.ringingSeconds);
    for (let g = 0; g < n; g++) {
      const tau = taus[g]!;
      const free = release.freeWithin(tau + within);
      let m = s.agentsAvailable - s.waiting + free.mean;
      let v = free.variance;
      for (let j = 0; j < ringing.count; j++) {
        const d = outcomes.liveWithin(ringing.seconds[j]!, tau);
        const calls = ringing.calls[j]!;
        m -= calls * d;
        v += calls * d * (1 - d);
      }
      // Lines the pacer will dial while this one rings, answered before it (at the recent dial rate).
      const later = this.dialRate * outcomes.liveIntegral(tau);
      mean[g] = m - later;
      variance[g] = v + later;
      newLive[g] = outcomes.liveBy(tau);
    }

    // Lines of one decision are alike: each may be overtaken by any other, so with n lines each
    // carries the risk computed for the last (n − 1 ahead of it), and the batch n times that.
    let lines = 0;
    let lineRisk = 0;
    for (let k = 0; k < room; k++) {
      let risk = 0;
      for (let g = 0; g < n; g++) {
        const q = newLive[g]!;
        const m = mean[g]! - k * q;
        const v = variance[g]! + k * q * (1 - q) + 0.02;
        risk += normalCdf((0.5 - m) / Math.sqrt(v));
      }
      const expected = (pLive * risk) / n;
      if (k >= base && (risk / n > threshold || (k + 1) * expected > s.budget.riskAllowance)) break;
      lines = k + 1;
      lineRisk = expected;
    }
    return { lines, risks: new Array<number>(lines).fill(lineRisk) };
  }

  /** The feedback loop: abandons pull the threshold down, live answers push it up. */
  private follow(s: PacingSnapshot): void {
    if (this.seenAt !== null && s.now > this.seenAt) {
      const dt = (s.now - this.seenAt) / 1000;
      const w = Math.exp(-dt / this.options.rateSeconds);
      this.dialRate = w * this.dialRate + (1 - w) * ((s.stats.dials - this.seenDials) / dt);
    }
    if (this.seenAt === null || s.now > this.seenAt) {
      this.seenAt = s.now;
      this.seenDials = s.stats.dials;
    }
    const live = s.stats.liveAnswers;
    const abandoned = s.stats.abandoned;
    const dLive = live - this.seenLive;
    const dAbandoned = abandoned - this.seenAbandoned;
    this.seenLive = live;
    this.seenAbandoned = abandoned;
    if (dLive === 0 && dAbandoned === 0) return;
    const { gain, minThreshold, maxThreshold } = this.options;
    let step = gain * (s.budget.target * dLive - dAbandoned);
    // While the guard holds the pacer back, live answers say nothing about the threshold: no wind-up.
    if (step > 0 && (s.budget.mode !== 'paced' || s.budget.scale < 1)) step = 0;
    this.logThreshold += step;
    this.logThreshold = Math.min(Math.log(maxThreshold), Math.max(Math.log(minThreshold), this.logThreshold));
  }

  private readonly release = new ReleaseForecast();
  private readonly ringSeconds: number[] = [];
  private readonly ringCalls: number[] = [];

  /** Ringing calls grouped by how long they have rung, to a quarter of a second. */
  private ringingByBin(elapsed: readonly number[]): { count: number; seconds: number[]; calls: number[] } {
    const sorted = [...elapsed].sort((a, b) => a - b);
    const seconds = this.ringSeconds;
    const calls = this.ringCalls;
    let count = 0;
    let bin = -1;
    for (const e of sorted) {
      const b = Math.floor(e * 4);
      if (b !== bin) {
        bin = b;
        seconds[count] = e;
        calls[count] = 0;
        count++;
      }
      calls[count - 1]! += 1;
    }
    return { count, seconds, calls };
  }

  private ensureScratch(n: number): void {
    if (this.mean.length >= n) return;
    this.mean = new Float64Array(n);
    this.variance = new Float64Array(n);
    this.newLive = new Float64Array(n);
  }
}
