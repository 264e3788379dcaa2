import type { Pacer, PacingBudget, PacingDecision, PacingSnapshot } from '../pacing/pacer.ts';
import { progressiveLines } from '../pacing/pacer.ts';
import type { AbandonLedger } from './abandon-ledger.ts';

export interface AbandonGuardOptions {
  /** The regulatory cap on abandoned / live answers (0.03). */
  cap: number;
  /** The share of the cap the pacer aims at, so that bad luck stays under the cap. */
  targetShare: number;
  /** Past this share of the cap used in a window, the pacer is slowed down, down to progressive at the cap. */
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
}

export const DEFAULT_GUARD_OPTIONS: Readonly<Omit<AbandonGuardOptions, 'cap'>> = Object.freeze({
  targetShare: 0.75,
  slowdownFrom: 0.8,
  inFlightShare: 0.5,
  countMargin: 1,
  clusterSize: 2,
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
 * The compliance guard around any pacer. The regulator's cap holds over each rolling window of the
 * ledger (24 h, 30 days), AMD false positives included. Per window, the headroom is the abandons the
 * window can still absorb: cap × live answers − abandoned. The guard:
 *
 * - hands the pacer the target rate (a share of the cap) its feedback aims at;
 * - slows the pacer down smoothly as a window's rate nears the cap (`scale` falls from 1 to 0);
 * - lets the calls in flight carry at most a share of the headroom in expected abandons, once a
 *   cluster of abandons would still fit under the cap, and dials progressively when that is used
 *   up, so the fall back happens before the cap would be crossed, never after;
 * - dials progressively while the calls ringing bring clearly more live answers than the pacer's
 *   model expects (a burst of answers), until the model has learned the new answer rate;
 * - dials nothing while no agent is logged in.
 */
export class AbandonGuard {
  readonly options: AbandonGuardOptions;

  constructor(private readonly ledger: AbandonLedger, options: Partial<AbandonGuardOptions> & { cap: number }) {
    this.options = { ...DEFAULT_GUARD_OPTIONS, ...options };
  }

  budget(now: number, inFlight: InFlight): PacingBudget {
    const { cap, targetShare, slowdownFrom, inFlightShare } = this.options;
    let headroom = Infinity;
    let used = 0;
    let fewest = Infinity;
    for (const t of this.ledger.allTotals(now)) {
      headroom = Math.min(headroom, cap * t.liveAnswers - t.abandoned);
      used = Math.max(used, t.liveAnswers > 0 ? t.abandoned / (cap * t.liveAnswers) : t.abandoned > 0 ? Infinity : 0);
      fewest = Math.min(fewest, t.liveAnswers);
    }
    const target = targetShare * cap;
    const scale = cap <= 0 ? 0 : Math.min(1, Math.max(0, (1 - used) / (1 - slowdownFrom)));
    // A cluster of k more abandons must fit under the cap before the pacer may risk any: (A + k) / (L + k) ≤ cap.
    const riskAllowance = inFlightShare * (headroom - this.options.clusterSize * (1 - cap)) - inFlight.risk;
    // While the calls ringing bring more live answers than the model expects, trust no forecast.
    const surprised = (inFlight.surprise ?? 1) > 1;
    const mode = scale > 0 && riskAllowance > 0 && !surprised ? 'paced' : 'progressive';
    const margin = fewest > 0 ? this.options.countMargin / fewest : Infinity;
    return { mode, scale, target: Math.max(target / 2, target - margin), riskAllowance: Math.max(0, riskAllowance) };
  }

  /**
   * Asks the pacer, within the budget the snapshot carries (from `budget`); progressive lines are
   * always allowed, as they cannot abandon.
   */
  decide(pacer: Pacer, snapshot: PacingSnapshot): PacingDecision {
    if (snapshot.agentsLoggedIn === 0) return { lines: 0 };
    if (snapshot.budget.mode === 'progressive') return { lines: progressiveLines(snapshot) };
    return pacer.decide(snapshot);
  }
}
