import { normalCdf } from './duration-model.ts';
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
}

export const DEFAULT_PREDICTIVE_OPTIONS: Readonly<PredictivePacerOptions> = Object.freeze({
  points: 12,
  initialThreshold: 0.08,
  minThreshold: 0.002,
  maxThreshold: 0.6,
  gain: 0.25,
  rateSeconds: 60,
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
    const threshold = this.threshold * s.budget.scale;
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
    const wrapMean = model.wrap.mean();
    for (let g = 0; g < n; g++) {
      const horizon = taus[g]! + within;
      let m = s.agentsAvailable - s.waiting;
      let v = 0;
      for (const e of s.wrapupSeconds) {
        const f = model.wrap.endsWithin(e, horizon);
        m += f;
        v += f * (1 - f);
      }
      const talkHorizon = horizon - wrapMean;
      if (talkHorizon > 0) {
        for (const e of s.talkingSeconds) {
          const f = model.talk.endsWithin(e, talkHorizon);
          m += f;
          v += f * (1 - f);
        }
      }
      for (const r of s.ringingSeconds) {
        const d = outcomes.liveWithin(r, taus[g]!);
        m -= d;
        v += d * (1 - d);
      }
      // Lines the pacer will dial while this one rings, answered before it (at the recent dial rate).
      const later = this.dialRate * outcomes.liveIntegral(taus[g]!);
      mean[g] = m - later;
      variance[g] = v + later;
      newLive[g] = outcomes.liveBy(taus[g]!);
    }

    const risks: number[] = [];
    let spent = 0;
    for (let k = 0; k < room; k++) {
      // The k-th new line has k lines of this decision ahead of it, each answered first with P(newLive).
      let risk = 0;
      for (let g = 0; g < n; g++) {
        const q = newLive[g]!;
        const m = mean[g]! - k * q;
        const v = variance[g]! + k * q * (1 - q) + 0.02;
        risk += normalCdf((0.5 - m) / Math.sqrt(v));
      }
      risk /= n;
      const expected = pLive * risk;
      if (k >= base && (risk > threshold || spent + expected > s.budget.riskAllowance)) break;
      spent += expected;
      risks.push(expected);
    }
    return { lines: risks.length, risks };
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

  private ensureScratch(n: number): void {
    if (this.mean.length >= n) return;
    this.mean = new Float64Array(n);
    this.variance = new Float64Array(n);
    this.newLive = new Float64Array(n);
  }
}
