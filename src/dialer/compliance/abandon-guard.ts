import type { Pacer, PacingBudget, PacingDecision, PacingReason, PacingSnapshot } from '../pacing/pacer.ts';
import { modeOf, progressiveLines } from '../pacing/pacer.ts';
import type { AbandonLedger } from './abandon-ledger.ts';
import { poissonMeanWithTail } from '../../random/distributions.ts';

export interface AbandonGuardOptions {
  /** The regulatory cap on abandoned / live answers (0.03). */
  cap: number;
  /** The share of the cap the pacer aims at, so that bad luck stays under the cap. */
  targetShare: number;
  /**
   * Past this share of the cap used in a window, the pacer is slowed down, down to progressive at the
   * cap. A target above it moves it halfway to the cap: the guard never holds the pacer below its
   * own target.
   */
  slowdownFrom: number;
  /**
   * The expected abandons of the calls in flight may use at most this share of what the windows can
   * still absorb; beyond it the guard dials progressively.
   */
  inFlightShare: number;
  /**
   * Abandons of margin below the target, whatever the volume: with few live answers in the window one
   * abandon is a large share, so the target is lowered by `countMargin` / live answers (down to half).
   */
  countMargin: number;
  /**
   * Abandons come in clusters (when the agents run out, several customers answer before one is
   * free): predictive risk is taken only while a cluster of this many more abandons would still
   * leave every window under its cap.
   */
  clusterSize: number;
  /**
   * When answer detection alone breaks the cap, the abandons pacing may still add, as a share of the
   * cap (0.1: 0.3% of live answers under a 3% cap), before the job dials progressively.
   */
  releaseShare: number;
  /**
   * While no cluster of abandons fits under the cap but one abandon does (a young window, or the
   * calls in flight carrying their full share), the job still dials for agents forecast free in time
   * ('release', near-zero overdial) as long as the calls in flight cross the cap with at most this
   * probability (their expected abandons taken as Poisson).
   */
  breachProbability: number;
}

export const DEFAULT_GUARD_OPTIONS: Readonly<Omit<AbandonGuardOptions, 'cap'>> = Object.freeze({
  targetShare: 0.75,
  slowdownFrom: 0.8,
  inFlightShare: 0.5,
  countMargin: 1,
  clusterSize: 2,
  releaseShare: 0.1,
  breachProbability: 0.05,
});

/** What the guard knows of the calls the pacer has in flight. */
export interface InFlight {
  /** Expected abandons among the calls ringing or waiting. */
  risk: number;
  /** Expected live answers among them. */
  liveAnswers: number;
  /**
   * Live answers the ringing calls have brought so far over those the pacer's model expected (1: as
   * expected). Above 1 the model is wrong in the dangerous direction: more people answer, or sooner.
   */
  surprise?: number;
}

/**
 * Progressive for want of room: one more abandon would cross the cap, or the calls under way carry
 * what the windows can absorb.
 */
function progressiveReason(headroom: number, cap: number): PacingReason {
  return abandonsToCross(headroom, cap) >= 2 ? 'calls-in-flight' : 'few-answers';
}

/** How many more abandons cross the cap: (A + n) / (L + n) > cap, i.e. n > headroom / (1 − cap). */
function abandonsToCross(headroom: number, cap: number): number {
  return headroom < 0 ? 0 : Math.floor(headroom / (1 - cap)) + 1;
}

/**
 * The expected abandons calls in flight may carry while no cluster of abandons fits under the cap:
 * the Poisson mean with which they cross it (bring more abandons than the headroom absorbs) with at
 * most `probability`; 0 while a single abandon would cross it.
 */
export function breachRoom(headroom: number, cap: number, probability: number): number {
  if (cap >= 1) return 0;
  const crossing = abandonsToCross(headroom, cap);
  return crossing < 2 ? 0 : poissonMeanWithTail(crossing, probability);
}

/**
 * The compliance guard around any pacer. The regulator's cap holds over each rolling window of the
 * ledger (24 h, 30 days), AMD false positives included. Per window, the headroom is the abandons the
 * window can still absorb: cap × live answers − abandoned. The guard:
 *
 * - hands the pacer the target rate (a share of the cap) its feedback aims at;
 * - slows the pacer down smoothly as a window's rate nears the cap (`scale` falls from 1 to 0);
 * - lets the calls in flight carry at most a share of the headroom in expected abandons, once a
 *   cluster of abandons would still fit under the cap; short of that (a young window), dials for
 *   agents about to be free with (near) zero overdial ('release') while the calls in flight are
 *   unlikely to cross the cap, and progressively once even that is used up, so the fall back
 *   happens before the cap would be crossed, never after;
 * - dials progressively while the calls ringing bring clearly more live answers than the pacer's
 *   model expects (a burst of answers), until the model has learned the new answer rate;
 * - tells the abandons answer detection causes (people it hangs up on) from those pacing causes (no
 *   agent in time): when the detection alone uses up the target, falling back to progressive would
 *   not lower its abandons, only idle the agents, so the pacer dials for agents about to be free
 *   with (near) zero overdial instead ('release'), within the cap's headroom, or, once the detection
 *   alone breaks the cap, within a small pacing-only share of it;
 * - dials nothing while no agent is logged in.
 */
export class AbandonGuard {
  readonly options: AbandonGuardOptions;
  /** The share of the cap past which the pacer is slowed: `slowdownFrom`, or halfway from a higher target to the cap. */
  private readonly slowdownPoint: number;

  constructor(private readonly ledger: AbandonLedger, options: Partial<AbandonGuardOptions> & { cap: number }) {
    this.options = { ...DEFAULT_GUARD_OPTIONS, ...options };
    const { targetShare, slowdownFrom } = this.options;
    this.slowdownPoint = targetShare < slowdownFrom ? slowdownFrom : Math.min(0.99, (targetShare + 1) / 2);
  }

  budget(now: number, inFlight: InFlight): PacingBudget {
    const { cap, targetShare, inFlightShare, clusterSize, releaseShare } = this.options;
    let headroom = Infinity;
    let used = 0;
    let fewest = Infinity;
    let detection = 0;
    let pacingLeft = Infinity;
    for (const t of this.ledger.allTotals(now)) {
      headroom = Math.min(headroom, cap * t.liveAnswers - t.abandoned);
      used = Math.max(used, t.liveAnswers > 0 ? t.abandoned / (cap * t.liveAnswers) : t.abandoned > 0 ? Infinity : 0);
      fewest = Math.min(fewest, t.liveAnswers);
      if (t.liveAnswers > 0) detection = Math.max(detection, t.detectionAbandoned / t.liveAnswers);
      pacingLeft = Math.min(pacingLeft, releaseShare * cap * t.liveAnswers - (t.abandoned - t.detectionAbandoned));
    }
    const target = targetShare * cap;
    // Risk is taken while a cluster of k more abandons fits under the cap, (A + k) / (L + k) ≤ cap, the
    // calls in flight carrying at most a share of it; short of that, release lines only, while the calls
    // in flight are unlikely to cross the cap.
    const clusterRoom = inFlightShare * (headroom - clusterSize * (1 - cap)) - inFlight.risk;
    const room = (): number => (clusterRoom > 0 ? clusterRoom : breachRoom(headroom, cap, this.options.breachProbability) - inFlight.risk);
    const margin = fewest > 0 ? this.options.countMargin / fewest : Infinity;
    const aim = Math.max(target / 2, target - margin);
    // While the calls ringing bring more live answers than the model expects, trust no forecast.
    const surprised = (inFlight.surprise ?? 1) > 1;
    if (cap > 0 && detection > 0 && detection >= target - 1e-9) {
      // The detection alone uses up the target: abandons the pacer adds are all it can change. Dial for
      // agents about to be free with (near) zero overdial; under the cap the cap's headroom still bounds
      // it (a cluster of abandons must fit, or the calls in flight be unlikely to cross it), over it
      // pacing may add at most `releaseShare` of the cap.
      const broken = detection >= cap - 1e-9;
      const riskAllowance = broken ? inFlightShare * pacingLeft - inFlight.risk : room();
      const reason = surprised ? 'answer-burst' : riskAllowance > 0 ? 'detection' : broken ? (pacingLeft <= 0 ? 'at-cap' : 'calls-in-flight') : progressiveReason(headroom, cap);
      return { mode: modeOf(reason), reason, scale: 1, target: aim, riskAllowance: Math.max(0, riskAllowance), detectionRate: detection };
    }
    const scale = cap <= 0 ? 0 : Math.min(1, Math.max(0, (1 - used) / (1 - this.slowdownPoint)));
    const riskAllowance = room();
    const reason = scale <= 0 ? 'at-cap' : surprised ? 'answer-burst' : clusterRoom > 0 ? (scale < 1 ? 'near-cap' : 'comfortable') : riskAllowance > 0 ? 'thin-headroom' : progressiveReason(headroom, cap);
    return { mode: modeOf(reason), reason, scale, target: aim, riskAllowance: Math.max(0, riskAllowance), detectionRate: detection };
  }

  /**
   * Asks the pacer, within the budget the snapshot carries (from `budget`); progressive lines are
   * always allowed, as they cannot abandon.
   */
  decide(pacer: Pacer, snapshot: PacingSnapshot): PacingDecision {
    if (snapshot.agentsLoggedIn === 0) return { lines: 0 };
    if (snapshot.budget.mode === 'progressive') return { lines: progressiveLines(snapshot) };
    // Only a pacer that forecasts when agents free up can dial ahead of them with (near) zero overdial.
    if (snapshot.budget.mode === 'release' && !pacer.pacesByRelease) return { lines: progressiveLines(snapshot) };
    return pacer.decide(snapshot);
  }
}
