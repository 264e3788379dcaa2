import { normalCdf } from '../../random/distributions.ts';

/**
 * What becomes of a dial, learned online per campaign: the share of dials a person answers (a live
 * answer as the dialer sees it: after answer detection, if any) and when each kind of outcome
 * happens. Every dial ends in one of two classes, `live` or `other` (machine, busy, invalid, no
 * answer, refused), at a time after the dial, kept in 0.25 s bins.
 *
 * Outcomes are learned by cohort: a dial teaches the model only once it is older than the longest
 * ring (the no-answer timeout and a margin), so the quick outcomes (busy, invalid) do not stand for
 * the whole mix while the slow ones (answers, no answers) are still ringing — which would make a new
 * campaign, or a burst of dials, look far less answered than it is.
 *
 * Two things follow changes faster than the cohorts can:
 * - the slow mix (about the last `memory` dials) forgets its past at once when the recent mix (the
 *   last `memory / 10` cohorts) is far from it;
 * - the dials still ringing are watched as they go: if they bring far more live answers so far than
 *   the mix predicts, the share used for pacing is scaled by observed / expected until their cohort
 *   is learned. A campaign whose answer rate jumps is caught within seconds. (Fewer answers than
 *   forecast are left to the cohorts: they may only be late, and believing them would dial harder.)
 */
const BIN_SECONDS = 0.25;
const MAX_SECONDS = 180;
const BINS = MAX_SECONDS / BIN_SECONDS + 1;
const RESCALE_AT = 1e200;
/** How far (in standard errors) a recent estimate must move before it is believed. */
const CHANGE_Z = 3;
/** How far (in standard errors) the ringing dials' live answers must be from the forecast to be believed. */
const SURPRISE_Z = 2.5;
/** Seconds a learned dial stays in the watch for surprises, so evidence does not vanish with its cohort. */
const WATCH_EXTRA_SECONDS = 30;
/** Beyond this many standard errors the learned share jumps to what the ringing dials show. */
const JUMP_Z = 4;
/** Dials still unresolved this long after the horizon are dropped (the dialer hung up on them). */
const ABANDON_PENDING_AFTER_SECONDS = 300;

export interface OutcomePrior {
  /** Share of dials answered by a person. */
  live: number;
  /** Median and log-sd of the ring time of live answers, seconds. */
  ringMedian: number;
  ringSigma: number;
  /** Other outcomes are spread evenly up to the no-answer timeout. */
  noAnswerSeconds: number;
  /** Weight of the prior, in dials. */
  weight: number;
}

interface Pending {
  at: number;
  /** Seconds to the outcome, and whether it was live; null while ringing. */
  seconds: number | null;
  live: boolean;
}

export class OutcomeModel {
  private readonly live = new Float64Array(BINS);
  private readonly other = new Float64Array(BINS);
  /** Normalised distribution functions of the time of a live and of another outcome. */
  private readonly liveCdf = new Float64Array(BINS + 1);
  private readonly otherCdf = new Float64Array(BINS + 1);
  private liveTotal = 0;
  private otherTotal = 0;
  private weight = 1;
  private readonly growth: number;
  private dirty = true;
  private fastLive: number;
  private readonly fastMemory: number;
  private fastCount = 0;
  private learned = 0;
  private version = 0;
  private quantileCache: { version: number; points: number; taus: number[] } | null = null;
  /** Dials whose cohort is not yet learned, oldest first (a queue from `head`). */
  private pending: Array<Pending | undefined> = [];
  private head = 0;
  /** Dials from here on are still watched for surprises (the learned ones among them for a while). */
  private watched = 0;
  private firstToken = 0;
  private readonly horizonSeconds: number;
  /** The live share used for pacing: the learned one, scaled by what the ringing dials show. */
  private effectiveLive: number;
  private surprise = 1;

  constructor(prior: OutcomePrior, private readonly memory = 600) {
    this.growth = 1 / (1 - 1 / Math.max(2, memory));
    this.fastMemory = Math.max(10, Math.round(memory / 10));
    this.fastLive = prior.live;
    this.horizonSeconds = Math.min(MAX_SECONDS, prior.noAnswerSeconds + 10);
    this.addPrior(prior);
    this.effectiveLive = this.slowLive();
  }

  /** Cohorts learned (not counting the prior). */
  get count(): number {
    return this.learned;
  }

  /** A dial was placed; the token names it when its outcome comes. */
  dialed(at: number): number {
    this.pending.push({ at, seconds: null, live: false });
    return this.firstToken + this.pending.length - 1;
  }

  /** The outcome of the dial `token`: a live answer or anything else, `at` (epoch ms). */
  resolved(token: number, kind: 'live' | 'other', at: number): void {
    const entry = this.pending[token - this.firstToken];
    if (!entry || entry.seconds !== null) return;
    entry.seconds = Math.max(0, (at - entry.at) / 1000);
    entry.live = kind === 'live';
  }

  /** Learns the cohorts that are complete, and looks at the ringing ones. Once per decision. */
  refresh(now: number): void {
    const horizonMs = this.horizonSeconds * 1000;
    while (this.head < this.pending.length) {
      const entry = this.pending[this.head]!;
      const age = now - entry.at;
      if (age < horizonMs) break;
      if (entry.seconds === null && age < horizonMs + ABANDON_PENDING_AFTER_SECONDS * 1000) break;
      if (entry.seconds !== null) this.learn(entry.live ? 'live' : 'other', entry.seconds);
      this.head++;
    }
    // Learned dials stay in view of the watch a little longer, then are let go.
    const watchMs = horizonMs + WATCH_EXTRA_SECONDS * 1000;
    while (this.watched < this.head && now - this.pending[this.watched]!.at >= watchMs) {
      this.pending[this.watched] = undefined;
      this.watched++;
    }
    if (this.watched > 4096 && this.watched * 2 > this.pending.length) {
      this.pending = this.pending.slice(this.watched);
      this.firstToken += this.watched;
      this.head -= this.watched;
      this.watched = 0;
    }
    if (this.dirty) this.rebuild();
    this.watchRinging(now);
  }

  /** The share of dials a person answers, as used for pacing. */
  pLive(): number {
    return this.effectiveLive;
  }

  /** How far the ringing dials move the learned share (1: not at all). */
  get surpriseFactor(): number {
    return this.surprise;
  }


  /** P(a dial placed now is answered live within `tau` seconds). */
  liveBy(tau: number): number {
    if (this.dirty) this.rebuild();
    return this.effectiveLive * at(this.liveCdf, tau);
  }

  /** P(a call still ringing after `elapsed` seconds is answered live within `tau` more). */
  liveWithin(elapsed: number, tau: number): number {
    if (this.dirty) this.rebuild();
    const p = this.effectiveLive;
    const liveBefore = at(this.liveCdf, elapsed);
    const liveLeft = p * (1 - liveBefore);
    const pending = liveLeft + (1 - p) * (1 - at(this.otherCdf, elapsed));
    if (pending <= 0 || liveLeft <= 0) return 0;
    return Math.min(1, (p * (at(this.liveCdf, elapsed + tau) - liveBefore)) / pending);
  }

  /**
   * ∫₀^τ P(live by u) du: a line dialed at a random moment of the next `tau` seconds is answered
   * live within them with probability liveIntegral(tau) / tau.
   */
  liveIntegral(tau: number): number {
    if (this.dirty) this.rebuild();
    if (tau <= 0) return 0;
    const whole = Math.min(BINS, Math.floor(tau / BIN_SECONDS));
    let area = 0;
    for (let b = 0; b < whole; b++) area += ((this.liveCdf[b]! + this.liveCdf[b + 1]!) / 2) * BIN_SECONDS;
    area += ((at(this.liveCdf, tau) + this.liveCdf[whole]!) / 2) * (tau - whole * BIN_SECONDS);
    return this.effectiveLive * area;
  }

  /** Mean seconds from dial to a live answer. */
  meanLiveSeconds(): number {
    let sum = 0;
    for (let b = 0; b < BINS; b++) sum += this.live[b]! * (b + 0.5) * BIN_SECONDS;
    return this.liveTotal > 0 ? sum / this.liveTotal : 0;
  }

  /**
   * `points` answer times of a live call, at the middle quantiles of the learned ring time: the times
   * at which the pacer checks whether an agent will be there.
   */
  liveQuantiles(points: number): number[] {
    const cache = this.quantileCache;
    if (cache && cache.points === points && this.version - cache.version < 8) return cache.taus;
    if (this.dirty) this.rebuild();
    const taus: number[] = [];
    let b = 0;
    for (let i = 0; i < points; i++) {
      const target = (i + 0.5) / points;
      while (b < BINS - 1 && this.liveCdf[b + 1]! < target) b++;
      const width = this.liveCdf[b + 1]! - this.liveCdf[b]!;
      const inBin = width > 0 ? (target - this.liveCdf[b]!) / width : 0.5;
      taus.push((b + Math.min(1, Math.max(0, inBin))) * BIN_SECONDS);
    }
    this.quantileCache = { version: this.version, points, taus };
    return taus;
  }

  private slowLive(): number {
    const total = this.liveTotal + this.otherTotal;
    return total > 0 ? this.liveTotal / total : 0;
  }

  private learn(kind: 'live' | 'other', seconds: number): void {
    this.learned++;
    this.version++;
    const isLive = kind === 'live' ? 1 : 0;
    this.fastCount++;
    this.fastLive += (isLive - this.fastLive) / Math.min(this.fastCount, this.fastMemory);
    this.weight *= this.growth;
    if (this.weight > RESCALE_AT) this.rescale(1 / this.weight);
    const b = Math.min(BINS - 1, Math.floor(seconds / BIN_SECONDS));
    if (isLive) {
      this.live[b]! += this.weight;
      this.liveTotal += this.weight;
    } else {
      this.other[b]! += this.weight;
      this.otherTotal += this.weight;
    }
    this.dirty = true;
    this.followChange();
  }

  /** When the recent cohorts' live share is far from the slow estimate, the slow one drops its past. */
  private followChange(): void {
    if (this.fastCount < this.fastMemory) return;
    const slow = this.slowLive();
    const se = Math.sqrt(Math.max(slow * (1 - slow), 0.0025) / this.fastMemory);
    if (Math.abs(this.fastLive - slow) <= CHANGE_Z * se) return;
    this.jumpTo(this.fastLive);
  }

  /**
   * Sets the learned live share to `share`, keeping the shape of the ring times and only a fast
   * memory's worth of the old mix, so the cohorts to come are learned quickly.
   */
  private jumpTo(share: number): void {
    const slow = this.slowLive();
    const total = this.liveTotal + this.otherTotal;
    const keep = Math.min(1, (this.fastMemory * this.weight) / total);
    const liveFactor = keep * (share / Math.max(slow, 1e-6));
    const otherFactor = keep * ((1 - share) / Math.max(1 - slow, 1e-6));
    for (let b = 0; b < BINS; b++) {
      this.live[b]! *= liveFactor;
      this.other[b]! *= otherFactor;
    }
    this.liveTotal *= liveFactor;
    this.otherTotal *= otherFactor;
    this.fastLive = share;
    this.dirty = true;
  }

  /**
   * Compares the live answers the ringing (and just resolved) dials have brought with what the
   * learned mix expects of them by now; a clear difference scales the share used for pacing.
   */
  private watchRinging(now: number): void {
    const slow = this.slowLive();
    let expected = 0;
    let observed = 0;
    for (let i = this.watched; i < this.pending.length; i++) {
      const entry = this.pending[i]!;
      // Each dial: answered live by its age, against the chance of that under the learned mix.
      expected += slow * at(this.liveCdf, (now - entry.at) / 1000);
      if (entry.seconds !== null && entry.live) observed++;
    }
    // One-sided, on the Poisson spread of the count expected: only more answers than forecast count
    // (fewer may just be later; the cohorts will tell, and believing fewer would dial harder).
    let factor = 1;
    const spread = SURPRISE_Z * Math.sqrt(Math.max(expected, 1));
    if (observed >= 3 && observed > expected + spread) factor = Math.min(4, observed / Math.max(expected, 0.1));
    this.surprise = factor;
    if (observed >= 5 && observed > expected + JUMP_Z * Math.sqrt(Math.max(expected, 1))) {
      // Beyond doubt: the learned mix jumps to the share seen and forgets its past, so the forecast
      // stays up after the ringing calls that showed it are gone. The recent-cohort follower starts
      // afresh, so the cohorts to come confirm the jump or undo it.
      this.jumpTo(Math.min(0.98, slow * Math.min(factor, 2)));
      this.fastCount = 0;
      this.rebuild();
    }
    this.effectiveLive = this.slowLive();
  }

  private addPrior(prior: OutcomePrior): void {
    const liveWeight = prior.weight * prior.live;
    const otherWeight = prior.weight - liveWeight;
    let previous = 0;
    for (let b = 0; b < BINS; b++) {
      const t = (b + 1) * BIN_SECONDS;
      const upper = b === BINS - 1 ? 1 : normalCdf((Math.log(t) - Math.log(prior.ringMedian)) / Math.max(0.01, prior.ringSigma));
      this.live[b]! += liveWeight * (upper - previous);
      previous = upper;
    }
    const lastOther = Math.max(1, Math.min(BINS, Math.ceil(prior.noAnswerSeconds / BIN_SECONDS)));
    for (let b = 0; b < lastOther; b++) this.other[b]! += otherWeight / lastOther;
    this.liveTotal = liveWeight;
    this.otherTotal = otherWeight;
    this.dirty = true;
  }

  private rescale(f: number): void {
    for (let b = 0; b < BINS; b++) {
      this.live[b]! *= f;
      this.other[b]! *= f;
    }
    this.liveTotal *= f;
    this.otherTotal *= f;
    this.weight *= f;
    this.dirty = true;
  }

  private rebuild(): void {
    let live = 0;
    let other = 0;
    for (let b = 0; b < BINS; b++) {
      live += this.live[b]!;
      other += this.other[b]!;
    }
    this.liveTotal = live;
    this.otherTotal = other;
    let l = 0;
    let o = 0;
    for (let b = 0; b < BINS; b++) {
      this.liveCdf[b] = live > 0 ? l / live : 0;
      this.otherCdf[b] = other > 0 ? o / other : 0;
      l += this.live[b]!;
      o += this.other[b]!;
    }
    this.liveCdf[BINS] = 1;
    this.otherCdf[BINS] = 1;
    this.effectiveLive = this.slowLive();
    this.dirty = false;
  }

  /** For tests and the status page: memory in dials. */
  get memoryDials(): number {
    return this.memory;
  }
}

/** A normalised distribution function, read between its 0.25 s points. */
function at(cdf: Float64Array, seconds: number): number {
  if (seconds <= 0) return 0;
  const position = seconds / BIN_SECONDS;
  if (position >= BINS) return 1;
  const b = Math.floor(position);
  return cdf[b]! + (position - b) * (cdf[b + 1]! - cdf[b]!);
}
