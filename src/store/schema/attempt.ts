/** The tables of jobs and call attempts. */
import type { Generated } from 'kysely';
import type { Flag } from './columns.ts';
import type { AttemptKind, AttemptResult, JobState, NuisanceReason } from '../records/attempt.ts';

export interface JobsTable {
  id: Generated<number>;
  campaign_id: number;
  state: JobState;
  started_at: number;
  ended_at: number | null;
}

export interface CallAttemptsTable {
  id: Generated<number>;
  job_id: number;
  campaign_id: number;
  contact_id: number;
  number: string;
  kind: AttemptKind;
  dialed_at: number;
  answered_at: number | null;
  connected_at: number | null;
  ended_at: number | null;
  result: AttemptResult | null;
  agent_id: string | null;
  completion_code: string | null;
  abandoned: Flag;
  nuisance: Flag;
  amd_hangup: Flag;
  /** Migration 012: why the dialer marked the call nuisance ('agent_aux'), and the agent's wrap-up notes. */
  nuisance_reason: NuisanceReason | null;
  notes: string | null;
}
