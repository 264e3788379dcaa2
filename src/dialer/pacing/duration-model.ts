/**
 * A duration distribution learned online (talk time, wrap-up time): a histogram on a logarithmic time
 * axis, so that seconds and hours are both resolved to a few percent, with exponential forgetting
 * (the last `memory` observations weigh most) and a lognormal prior that a new campaign starts from.
 *
 * The durations still under way (the agents talking now) are right-censored observations: a new
 * campaign has seen only the calls short enough to have ended, and would think calls short. The
 * survival function is therefore the Kaplan–Meier product over the bins, with the durations under
 * way (`underWay`) at risk beside the ended ones.
 *
 * The pacer asks one question of it, many times per decision: "this agent has been at it for `e`
 * seconds; how likely is it done within `x` more?" — P(T ≤ e + x | T > e): two interpolated look-ups
 * in the survival curve, which is rebuilt at most once per decision.
 */
import { normalCdf } from '../../random/distributions.ts';
export interface LognormalPrior {
  /** Mean seconds. */
  mean: number;
  /** Coefficient of variation (0: a fixed duration). */
  cv: number;
}

const LN_MIN = Math.log(0.25);
const LN_MAX = Math.log(6 * 3600);
const STEP = 0.04;
const BINS = Math.ceil((LN_MAX - LN_MIN) / STEP) + 1;
/** Weights grow instead of old counts shrinking; everything is rescaled before they overflow. */
const RESCALE_AT = 1e200;

function binOf(seconds: number): number {
  const position = seconds > 0 ? (Math.log(seconds) - LN_MIN) / STEP : 0;
  return Math.min(BINS - 1, Math.max(0, Math.floor(position)));
}

const EDGES = Float64Array.from({ length: BINS + 2 }, (_, b) => Math.exp(LN_MIN + b * STEP));

/** The lower edge of bin `b` (fractional: inside it, on the log scale). */
function edge(b: number): number {
  return Number.isInteger(b) && b >= 0 && b < EDGES.length ? EDGES[b]! : Math.exp(LN_MIN + b * STEP);
}

export class DurationModel {
  private readonly mass = new Float64Array(BINS);
  private readonly censored = new Float64Array(BINS);
  private censoredBins: number[] = [];
  /** survival[b] = P(T > edge(b)); survival[BINS] past the last edge. */
  private readonly survival = new Float64Array(BINS + 1);
  private dirty = true;
  private weight = 1;
  private readonly growth: number;
  private observations = 0;
  private restrictedMean = 0;

  constructor(prior: LognormalPrior, priorWeight: number, memory: number) {
    this.growth = 1 / (1 - 1 / Math.max(2, memory));
    this.addPrior(prior, priorWeight);
  }

  /** Observations seen (not counting the prior). */
  get count(): number {
    return this.observations;
  }

  observe(seconds: number): void {
    if (!(seconds >= 0) || !Number.isFinite(seconds)) return;
    this.observations++;
    this.weight *= this.growth;
    if (this.weight > RESCALE_AT) this.rescale();
    this.mass[binOf(seconds)]! += this.weight;
    this.dirty = true;
  }

  /** The durations under way now (seconds so far): at risk, not yet ended. */
  underWay(elapsed: readonly number[]): void {
    for (const b of this.censoredBins) this.censored[b] = 0;
    this.censoredBins = [];
    for (const e of elapsed) {
      const b = binOf(e);
      if (this.censored[b] === 0) this.censoredBins.push(b);
      this.censored[b]! += this.weight;
    }
    this.dirty = true;
  }

  /** Mean of the learned distribution, seconds (restricted to the observed range). */
  mean(): number {
    if (this.dirty) this.rebuild();
    return this.restrictedMean;
  }

  /** P(T ≤ seconds). */
  cdf(seconds: number): number {
    if (this.dirty) this.rebuild();
    return 1 - this.survivalAtBuilt(seconds);
  }

  /** The duration below which a share `p` of the mass lies. */
  quantile(p: number): number {
    if (this.dirty) this.rebuild();
    const target = 1 - Math.min(1, Math.max(0, p));
    let b = 0;
    while (b < BINS && this.survival[b + 1]! > target) b++;
    if (b >= BINS) return edge(BINS);
    const s0 = this.survival[b]!;
    const s1 = this.survival[b + 1]!;
    const frac = s0 > s1 ? (s0 - target) / (s0 - s1) : 0.5;
    return edge(b + Math.min(1, Math.max(0, frac)));
  }

  /**
   * P(T ≤ elapsed + within | T > elapsed): how likely something under way for `elapsed` seconds ends
   * within `within` more. Past the learned tail it falls back to an exponential with the mean.
   */
  endsWithin(elapsed: number, within: number): number {
    if (within <= 0) return 0;
    if (this.dirty) this.rebuild();
    return this.endsWithinGiven(elapsed, this.survivalAtBuilt(elapsed), within);
  }

  /** endsWithin, with P(T > elapsed) already known (`survivalAt(elapsed)`): one look-up. */
  endsWithinGiven(elapsed: number, survivedElapsed: number, within: number): number {
    if (within <= 0) return 0;
    if (this.dirty) this.rebuild();
    if (survivedElapsed <= 1e-9) return 1 - Math.exp(-within / Math.max(1, this.restrictedMean, elapsed / 2));
    return Math.min(1, Math.max(0, 1 - this.survivalAtBuilt(elapsed + within) / survivedElapsed));
  }

  /** P(T > seconds). */
  survivalAt(seconds: number): number {
    if (this.dirty) this.rebuild();
    return this.survivalAtBuilt(seconds);
  }

  private survivalAtBuilt(seconds: number): number {
    if (seconds <= 0) return 1;
    const position = (Math.log(seconds) - LN_MIN) / STEP;
    if (position <= 0) return this.survival[0]!;
    if (position >= BINS) return this.survival[BINS]!;
    const b = Math.floor(position);
    const s0 = this.survival[b]!;
    return s0 + (position - b) * (this.survival[b + 1]! - s0);
  }

  private addPrior(prior: LognormalPrior, weight: number): void {
    if (weight <= 0) return;
    const mean = Math.max(0.25, prior.mean);
    if (prior.cv <= 0.01) {
      this.mass[binOf(mean)]! += weight;
      this.dirty = true;
      return;
    }
    // Spread the prior over the bins with the lognormal's probabilities.
    const sigma2 = Math.log(1 + prior.cv * prior.cv);
    const sigma = Math.sqrt(sigma2);
    const mu = Math.log(mean) - sigma2 / 2;
    let previous = 0;
    for (let b = 0; b < BINS; b++) {
      const upper = b === BINS - 1 ? 1 : normalCdf((LN_MIN + (b + 1) * STEP - mu) / sigma);
      this.mass[b]! += weight * Math.max(0, upper - previous);
      previous = upper;
    }
    this.dirty = true;
  }

  private rescale(): void {
    const f = 1 / this.weight;
    for (let b = 0; b < BINS; b++) {
      this.mass[b]! *= f;
      this.censored[b]! *= f;
    }
    this.weight = 1;
    this.dirty = true;
  }

  /** Kaplan–Meier over the bins: ended durations die in their bin; those under way are at risk for half of theirs. */
  private rebuild(): void {
    let atRisk = 0;
    for (let b = 0; b < BINS; b++) atRisk += this.mass[b]! + this.censored[b]!;
    let s = 1;
    let meanSum = 0;
    this.survival[0] = 1;
    for (let b = 0; b < BINS; b++) {
      const deaths = this.mass[b]!;
      const exposed = atRisk - 0.5 * this.censored[b]!;
      const next = exposed > 0 ? s * Math.max(0, 1 - deaths / exposed) : s;
      meanSum += ((s + next) / 2) * (edge(b + 1) - edge(b));
      s = next;
      this.survival[b + 1] = s;
      atRisk -= deaths + this.censored[b]!;
    }
    this.restrictedMean = edge(0) + meanSum;
    this.dirty = false;
  }
}
