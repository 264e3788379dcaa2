/**
 * A duration distribution learned online (talk time, wrap-up time): a histogram on a logarithmic time
 * axis, so that seconds and hours are both resolved to a few percent, with exponential forgetting
 * (the last `memory` observations weigh most) and a lognormal prior that a new campaign starts from.
 *
 * The pacer asks one question of it, many times per decision: "this agent has been at it for `e`
 * seconds; how likely is it done within `x` more?" — P(T ≤ e + x | T > e). The cumulative sums are
 * rebuilt only after new observations, and each question is two interpolated look-ups.
 */
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

export class DurationModel {
  private readonly mass = new Float64Array(BINS);
  /** cumulative[b] = mass of bins < b; cumulative[BINS] = total. */
  private readonly cumulative = new Float64Array(BINS + 1);
  private dirty = true;
  private weight = 1;
  private readonly growth: number;
  private total = 0;
  private sum = 0;
  private observations = 0;

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
    this.add(seconds, this.weight);
  }

  /** Mean of the learned distribution, seconds. */
  mean(): number {
    return this.total > 0 ? this.sum / this.total : 0;
  }

  /** P(T ≤ seconds). */
  cdf(seconds: number): number {
    if (this.dirty) this.rebuild();
    return this.cumulativeAt(seconds) / this.total;
  }

  /** The duration below which a share `p` of the mass lies. */
  quantile(p: number): number {
    if (this.dirty) this.rebuild();
    const target = Math.min(1, Math.max(0, p)) * this.total;
    let lo = 0;
    let hi = BINS;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid + 1]! < target) lo = mid + 1;
      else hi = mid;
    }
    const b = Math.min(lo, BINS - 1);
    const inBin = this.mass[b]! > 0 ? (target - this.cumulative[b]!) / this.mass[b]! : 0.5;
    return Math.exp(LN_MIN + (b + Math.min(1, Math.max(0, inBin))) * STEP);
  }

  /**
   * P(T ≤ elapsed + within | T > elapsed): how likely something under way for `elapsed` seconds ends
   * within `within` more. Past the learned tail it falls back to an exponential with the mean.
   */
  endsWithin(elapsed: number, within: number): number {
    if (within <= 0) return 0;
    if (this.dirty) this.rebuild();
    const before = this.cumulativeAt(elapsed);
    const left = this.total - before;
    if (left <= this.total * 1e-6) return 1 - Math.exp(-within / Math.max(1, this.mean(), elapsed / 2));
    return Math.min(1, Math.max(0, (this.cumulativeAt(elapsed + within) - before) / left));
  }

  private cumulativeAt(seconds: number): number {
    if (seconds <= 0) return 0;
    const position = (Math.log(seconds) - LN_MIN) / STEP;
    if (position <= 0) return 0;
    if (position >= BINS) return this.total;
    const b = Math.floor(position);
    return this.cumulative[b]! + (position - b) * this.mass[b]!;
  }

  private add(seconds: number, weight: number): void {
    const position = seconds > 0 ? (Math.log(seconds) - LN_MIN) / STEP : 0;
    const b = Math.min(BINS - 1, Math.max(0, Math.floor(position)));
    this.mass[b]! += weight;
    this.total += weight;
    this.sum += weight * seconds;
    this.dirty = true;
  }

  private addPrior(prior: LognormalPrior, weight: number): void {
    if (weight <= 0) return;
    const mean = Math.max(0.25, prior.mean);
    if (prior.cv <= 0.01) {
      this.add(mean, weight);
      return;
    }
    // Spread the prior over the bins with the lognormal's probabilities.
    const sigma2 = Math.log(1 + prior.cv * prior.cv);
    const sigma = Math.sqrt(sigma2);
    const mu = Math.log(mean) - sigma2 / 2;
    let previous = 0;
    for (let b = 0; b < BINS; b++) {
      const upper = b === BINS - 1 ? 1 : normalCdf((LN_MIN + (b + 1) * STEP - mu) / sigma);
      const p = upper - previous;
      previous = upper;
      if (p <= 0) continue;
      const centre = Math.exp(LN_MIN + (b + 0.5) * STEP);
      this.mass[b]! += weight * p;
      this.total += weight * p;
      this.sum += weight * p * centre;
    }
    this.dirty = true;
  }

  private rescale(): void {
    const f = 1 / this.weight;
    for (let b = 0; b < BINS; b++) this.mass[b]! *= f;
    this.total *= f;
    this.sum *= f;
    this.weight = 1;
    this.dirty = true;
  }

  private rebuild(): void {
    let running = 0;
    for (let b = 0; b < BINS; b++) {
      this.cumulative[b] = running;
      running += this.mass[b]!;
    }
    this.cumulative[BINS] = running;
    this.total = running;
    this.dirty = false;
  }
}

/** Φ, the standard normal distribution function (Abramowitz–Stegun 26.2.17, error < 7.5e-8). */
export function normalCdf(z: number): number {
  if (z < -8) return 0;
  if (z > 8) return 1;
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const density = 0.3989422804014327 * Math.exp(-0.5 * z * z);
  const tail = density * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return z >= 0 ? 1 - tail : tail;
}
