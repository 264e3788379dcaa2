import type { CampaignModel } from './campaign-model.ts';

/** What a pacer sees of a predictive or progressive job at the moment it decides. */
export interface PacingSnapshot {
  now: number;
  /** Agents nailed to the job and logged in. */
  agentsLoggedIn: number;
  /** Ready, nailed, idle agents. */
  agentsAvailable: number;
  /** Seconds each talking agent has talked so far (agents who will take another call: Ready, not leaving). */
  talkingSeconds: number[];
  /**
   * Benchmarks only (the release-oracle reference): seconds until each talking agent's customer hangs
   * up, beside `talkingSeconds`; NaN where not known.
   */
  talkingLeftSeconds?: number[];
  /** Seconds each wrapping-up agent has been in wrap-up (agents who will take another call). */
  wrapupSeconds: number[];
  /** The wrap-up countdown: every wrap-up ends by then (the campaign's wrap-up time, when agents cannot extend it). */
  wrapupLimitSeconds?: number;
  /** Seconds each outstanding (not yet answered) call has rung. */
  ringingSeconds: number[];
  /** Answered calls waiting for an agent. */
  waiting: number;
  maxLines: number;
  /** Seconds a live answer may wait for an agent before it is abandoned. */
  connectWithinSeconds: number;
  /** The distributions learned of the campaign so far. */
  model: CampaignModel;
  stats: PacingStatistics;
  /** The compliance guard's allowance; set by the guard before the pacer is asked. */
  budget: PacingBudget;
}

/** What the job has learned of its campaign. */
export interface PacingStatistics {
  dials: number;
  /** Calls with an outcome: answered, failed or no answer. */
  completedDials: number;
  /** Live answers since the job started (with AMD: estimated false positives included). */
  liveAnswers: number;
  /** Abandons since the job started (with AMD: estimated false positives included). */
  abandoned: number;
  /** Of `abandoned`, the people answer detection hung up on (estimated). */
  detectionAbandoned: number;
  /** Abandoned / live answers over the regulatory window (the tightest of the windows). */
  abandonRate: number;
  abandonCap: number;
  /** Live answers and abandons within the regulatory window (for the budget). */
  windowLiveAnswers: number;
  windowAbandoned: number;
  /** Of `windowAbandoned`, the people answer detection hung up on (estimated). */
  windowDetectionAbandoned: number;
  meanTalkSeconds: number;
  meanWrapSeconds: number;
  meanRingToAnswerSeconds: number;
}

/**
 * How the guard lets the job dial now:
 * - 'paced': the pacer decides, its risk held at the target;
 * - 'release': answer detection alone uses up the target, so the pacer dials only for agents it
 *   forecasts free in time, with (near) zero overdial;
 * - 'progressive': the budget is short (or the answers surprise the model): only for idle agents.
 */
export type PacingMode = 'paced' | 'release' | 'progressive';

/**
 * Why the guard chose the mode, for the supervisor:
 * - 'unguarded': no compliance guard (a ratio or progressive campaign run as defined);
 * - 'comfortable': paced, the windows far from the cap;
 * - 'near-cap': paced, slowed down as a window nears the cap;
 * - 'detection': release, answer detection alone uses up the target;
 * - 'thin-headroom': release, too few live answers yet (or too many abandons, or calls in flight)
 *   for a cluster of abandons to fit under the cap, but enough for one: only lines for agents
 *   forecast free in time, while the calls in flight are unlikely to cross the cap;
 * - 'few-answers': progressive, one more abandon would cross the cap;
 * - 'calls-in-flight': progressive, the calls under way already carry the abandon risk the windows
 *   can absorb;
 * - 'answer-burst': progressive, more live answers than the model expects;
 * - 'at-cap': progressive, a window is at its cap;
 * - 'no-agents': no agent of the job is Ready (or on a call): nothing is dialed.
 */
export type PacingReason =
  | 'unguarded' | 'comfortable' | 'near-cap' | 'detection' | 'thin-headroom' | 'few-answers' | 'calls-in-flight' | 'answer-burst' | 'at-cap' | 'no-agents';

/** The mode each reason dials in. */
export function modeOf(reason: PacingReason): PacingMode {
  if (reason === 'unguarded' || reason === 'comfortable' || reason === 'near-cap') return 'paced';
  return reason === 'detection' || reason === 'thin-headroom' ? 'release' : 'progressive';
}

/** How much abandon risk the compliance guard lets the pacer take now. */
export interface PacingBudget {
  mode: PacingMode;
  reason: PacingReason;
  /** 1 with a comfortable budget, falling smoothly to 0 as the budget runs short. */
  scale: number;
  /** The abandon rate the pacer should aim at (a share of the cap). */
  target: number;
  /** Expected abandons the pacer may still add to those in flight before the cap could be crossed. */
  riskAllowance: number;
  /** Share of live answers answer detection hung up on (estimated) over the window where it is highest. */
  detectionRate?: number;
}

export interface PacingDecision {
  lines: number;
  /** Expected abandons each line brings (P(live) × P(no agent | live)), when the pacer models it. */
  risks?: number[];
}

export interface Pacer {
  readonly name: string;
  /** Forecasts when agents free up, so that it can dial in the guard's 'release' mode (others dial progressively then). */
  readonly pacesByRelease?: boolean;
  /** How many more lines to dial now (0 or more). */
  decide(snapshot: PacingSnapshot): PacingDecision;
}

/** Lines of one dial per idle agent not yet covered by a call in flight (never abandons). */
export function progressiveLines(s: PacingSnapshot): number {
  const outstanding = s.ringingSeconds.length + s.waiting;
  return Math.max(0, Math.min(s.agentsAvailable - outstanding, s.maxLines - outstanding));
}
