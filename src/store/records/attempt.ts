/** Jobs and their call attempts. */

export type JobState = 'running' | 'paused' | 'stopped' | 'completed';

export interface JobRecord {
  id: number;
  campaignId: number;
  state: JobState;
  startedAt: number;
  endedAt: number | null;
}

export type AttemptKind = 'predictive' | 'progressive' | 'preview' | 'callback' | 'redial';

/** The final result of an attempt: POM's dial-fail reasons, or how an answered call ended. */
export const ATTEMPT_RESULTS = [
  'Answer_Human', 'Answer_Machine', 'Call_Busy', 'Ring_No_Answer', 'Invalid_Number', 'Network_Refusal',
  'Restricted_DNC', 'Restricted_Other', 'Abandoned', 'Preview_Cancelled',
  // Still in progress when the dialer stopped; closed at the next start.
  'Unknown',
] as const;
export type AttemptResult = (typeof ATTEMPT_RESULTS)[number];

export interface AttemptRecord {
  id: number;
  jobId: number;
  campaignId: number;
  contactId: number;
  number: string;
  kind: AttemptKind;
  dialedAt: number;
  answeredAt: number | null;
  connectedAt: number | null;
  endedAt: number | null;
  result: AttemptResult | null;
  agentId: string | null;
  completionCode: string | null;
  abandoned: boolean;
  /** Connected to an agent who had gone Not-Ready (the Outbound Nuisance report). */
  nuisance: boolean;
  /** Answer detection said machine and hung up (a possible AMD false positive). */
  amdHangup: boolean;
  /** Why the dialer marked the call nuisance, when it recorded why (migration 012); absent when it did not. */
  nuisanceReason?: NuisanceReason | null;
  /** The agent's wrap-up notes (migration 012); absent when none were entered. */
  notes?: string | null;
}

/**
 * Why a call is a nuisance, as the dialer records it: `agent_aux`, a predictive (or progressive) call
 * connected to an agent who went to Aux on it (the spec's Outbound Nuisance). Abandoned calls and calls
 * left open by a stopped dialer are told by the attempt's own flags (src/reports/nuisance.ts).
 */
export type NuisanceReason = 'agent_aux';

export type NewAttempt = Pick<AttemptRecord, 'jobId' | 'campaignId' | 'contactId' | 'number' | 'kind' | 'dialedAt'> &
  Partial<Pick<AttemptRecord, 'agentId'>>;

export type AttemptUpdate = Partial<Omit<AttemptRecord, 'id' | 'jobId' | 'campaignId' | 'contactId' | 'number' | 'kind' | 'dialedAt'>>;
