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
}

export const DEFAULT_GUARD_OPTIONS: Readonly<Omit<AbandonGuardOptions, 'cap'>> = Object.freeze({
  targetShare: 0.75,
  slowdownFrom: 0.85,
  inFlightShare: 0.5,
});

/** What the guard knows of the calls the pacer has in flight. */
export interface InFlight {
  /** Expected abandons among the calls ringing or waiting. */
  risk: number;
  /** Expected live answers among them. */
  liveAnswers: number;
}

/**
 * The compliance guard around any pacer. The regulator's cap holds over each rolling window of the
 * ledger (24 h, 30 days), AMD false positives included. Per window, the headroom is the abandons the
 * window can still absorb: cap × live answers − abandoned. The guard:
 *
 * - hands the pacer the target rate (a share of the cap) its feedback aims at;
 * - slows the pacer down smoothly as a window's rate nears the cap (`scale` falls from 1 to 0);
 * - lets the calls in flight carry at most a share of the headroom in expected abandons (each
 *   expected live answer adds cap to it), and dials progressively when that is used up, so the fall
 *   back happens before the cap would be crossed, never after;
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
    for (const t of this.ledger.allTotals(now)) {
      headroom = Math.min(headroom, cap * t.liveAnswers - t.abandoned);
      used = Math.max(used, t.liveAnswers > 0 ? t.abandoned / (cap * t.liveAnswers) : t.abandoned > 0 ? Infinity : 0);
    }
    const scale = cap <= 0 ? 0 : Math.min(1, Math.max(0, (1 - used) / (1 - slowdownFrom)));
    const riskAllowance = inFlightShare * (headroom + cap * inFlight.liveAnswers) - inFlight.risk;
    const mode = scale > 0 && riskAllowance > 0 ? 'paced' : 'progressive';
    return { mode, scale, target: targetShare * cap, riskAllowance: Math.max(0, riskAllowance) };
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
