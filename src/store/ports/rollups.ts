/** The report rollups' repository and what it reads and writes. */
import type { AgentStateChangeRecord } from '../records/agent-activity.ts';
import type { AttemptFilter, JobTotals } from './attempt.ts';

/** What the rollups are kept from: call attempts (by dial time) and agent state history (by change time). */
export type RollupSource = 'attempts' | 'agents';

/** [from, to) in epoch ms. */
export interface TimeRange {
  from: number;
  to: number;
}

/** How far a source is rolled up: every hour before the watermark, but the dirty ones (written since). */
export interface RollupCoverage {
  watermark: number;
  /** Starts of the dirty hours before the watermark, ascending. */
  dirty: number[];
  lastRunAt: number | null;
  lastRunMs: number | null;
}

/** Where a report reads a range: whole hours from the rollups, the rest from the raw records. */
export interface RollupReadPlan {
  rolled: TimeRange[];
  raw: TimeRange[];
}

/** An agent's time on a campaign (in an hour, or over a range), in ms, and the calls the agent started talking on. */
export interface AgentTimeTotals {
  agentId: string;
  campaignName: string;
  readyMs: number;
  previewMs: number;
  talkMs: number;
  wrapMs: number;
  notReadyMs: number;
  calls: number;
}

export interface AgentHourRow extends AgentTimeTotals {
  hour: number;
}

/** The agents' state history over a range: each agent's last change before it, and the changes in it by agent, then time. */
export interface AgentHistorySlice {
  before: AgentStateChangeRecord[];
  changes: AgentStateChangeRecord[];
}

export interface RollupRepository {
  coverage(source: RollupSource): Promise<RollupCoverage>;
  /** The time of the source's earliest record, or null if there is none. */
  earliest(source: RollupSource): Promise<number | null>;
  /**
   * Recomputes the attempt rollups of the hours in `range` (hour-aligned) in one transaction: clears
   * their dirty marks, replaces their rows, and raises the watermark to `range.to` if it was below.
   */
  rollAttempts(range: TimeRange): Promise<void>;
  /** The same for agent time; `compute` turns the history of the range into its hourly rows. */
  rollAgents(range: TimeRange, compute: (history: AgentHistorySlice) => AgentHourRow[]): Promise<void>;
  recordRun(source: RollupSource, at: number, ms: number): Promise<void>;
  /** jobTotals (AttemptRepository) read through a plan. */
  jobTotals(campaignIds: readonly number[], plan: RollupReadPlan, limit: number, offset: number): Promise<{ rows: JobTotals[]; total: number }>;
  /** How many attempts match (the total of AttemptRepository.report) read through a plan; the filter's range is the plan's. */
  attemptCount(filter: Omit<AttemptFilter, 'from' | 'to'>, plan: RollupReadPlan): Promise<number>;
  /** Agent time summed over the plan's rolled hours, per agent and campaign. */
  agentTotals(rolled: readonly TimeRange[]): Promise<AgentTimeTotals[]>;
  /** Every agent's history over the range (the raw path of agent time). */
  agentHistory(range: TimeRange): Promise<AgentHistorySlice>;
}
