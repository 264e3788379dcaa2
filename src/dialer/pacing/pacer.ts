/** What a pacer sees of a predictive or progressive job at the moment it decides. */
export interface PacingSnapshot {
  now: number;
  /** Agents nailed to the job and logged in. */
  agentsLoggedIn: number;
  /** Ready, nailed, idle agents. */
  agentsAvailable: number;
  /** Seconds each talking agent has talked so far. */
  talkingSeconds: number[];
  /** Seconds each wrapping-up agent has been in wrap-up. */
  wrapupSeconds: number[];
  /** Seconds each outstanding (not yet answered) call has rung. */
  ringingSeconds: number[];
  /** Answered calls waiting for an agent. */
  waiting: number;
  maxLines: number;
  stats: PacingStatistics;
}

/** What the job has learned of its campaign. */
export interface PacingStatistics {
  dials: number;
  /** Calls with an outcome: answered, failed or no answer. */
  completedDials: number;
  liveAnswers: number;
  abandoned: number;
  /** Abandoned / live answers over the regulatory window. */
  abandonRate: number;
  abandonCap: number;
  /** Live answers and abandons within the regulatory window (for the budget). */
  windowLiveAnswers: number;
  windowAbandoned: number;
  meanTalkSeconds: number;
  meanWrapSeconds: number;
  meanRingToAnswerSeconds: number;
}

export interface Pacer {
  readonly name: string;
  /** How many more lines to dial now (0 or more). */
  linesToDial(snapshot: PacingSnapshot): number;
}
