/** The tables of the report rollups. */

/** The OCM Report Scheduler's rollups (migration 010, src/reports/rollups/): attempts per hour × campaign × job × completion code. */
export interface ReportAttemptHoursTable {
  hour: number;
  campaign_id: number;
  job_id: number;
  completion_code: string | null;
  dials: number;
  answered: number;
  live_answers: number;
  connects: number;
  abandoned: number;
  nuisance: number;
  nuisance_calls: number;
  talk_ms: number;
}

/** The agents who took attempts of a job in an hour. */
export interface ReportJobAgentHoursTable {
  hour: number;
  campaign_id: number;
  job_id: number;
  agent_id: string;
}

/** Agent time per hour × agent × campaign, in ms. */
export interface ReportAgentHoursTable {
  hour: number;
  agent_id: string;
  campaign_name: string;
  ready_ms: number;
  preview_ms: number;
  talk_ms: number;
  wrap_ms: number;
  not_ready_ms: number;
  calls: number;
}

/** Per source ('attempts', 'agents'): every hour before the watermark is rolled up. */
export interface ReportRollupStateTable {
  source: string;
  watermark: number;
  last_run_at: number | null;
  last_run_ms: number | null;
}

/** Hours written since they were rolled up (filled by triggers). */
export interface ReportRollupDirtyTable {
  source: string;
  hour: number;
}
