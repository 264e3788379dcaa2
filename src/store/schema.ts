/**
 * The tables as the query layer sees them. Column names are snake_case; the repositories map rows to
 * the camelCase records of records.ts.
 *
 * - Times are epoch ms: `bigint` in PostgreSQL (read back as numbers, see open-store.ts), `integer`
 *   in SQLite.
 * - Structured fields (phones, skills, pacing, …) are JSON text.
 * - Flags are `integer` 0/1 in SQLite and `boolean` in PostgreSQL. The repositories write 0/1 (which
 *   PostgreSQL accepts as boolean input) and read either form back as a boolean.
 */
import type { ColumnType, Generated } from 'kysely';
import type {
  AnsweringMachineAction, AttemptKind, AttemptResult, CallbackState, CallbackType, CampaignType, ContactState,
  DncListRecord, JobState, LocationPreference, SupervisorRole, DataSourceType, ScheduleState, ImportKind, ImportState,
  RejectReason, ManualUploadRecord, ExportFrequency, ExportFormat, DncSource, CompletionNextState, InboundCallResult,
  NuisanceReason, UnlistedReason,
} from './records.ts';
import type { QueueDefinition } from '../acd/queue-types.ts';

export type Dialect = 'sqlite' | 'postgres';

/** A flag column: 0/1 or false/true depending on the dialect. */
export type Flag = ColumnType<number | boolean, number, number>;

/** A JSON text column. */
export type Json = string;

export interface Database {
  organizations: OrganizationsTable;
  zones: ZonesTable;
  teams: TeamsTable;
  skills: SkillsTable;
  agents: AgentsTable;
  campaigns: CampaignsTable;
  contact_lists: ContactListsTable;
  contacts: ContactsTable;
  dnc_lists: DncListsTable;
  dnc_addresses: DncAddressesTable;
  jobs: JobsTable;
  call_attempts: CallAttemptsTable;
  callbacks: CallbacksTable;
  agent_state_history: AgentStateHistoryTable;
  tmac_sessions: TmacSessionsTable;
  completion_codes: CompletionCodesTable;
  agent_actions: AgentActionsTable;
  sales_records: SalesRecordsTable;
  supervisor_users: SupervisorUsersTable;
  supervisor_sessions: SupervisorSessionsTable;
  audit_log: AuditLogTable;
  outbound_purge_data: OutboundPurgeDataTable;
  outbound_manual_upload_utility: OutboundManualUploadUtilityTable;
  data_sources: DataSourcesTable;
  data_source_schedules: DataSourceSchedulesTable;
  import_runs: ImportRunsTable;
  import_rejects: ImportRejectsTable;
  import_staging_contacts: ImportStagingContactsTable;
  import_staging_dnc: ImportStagingDncTable;
  report_exports: ReportExportsTable;
  report_export_runs: ReportExportRunsTable;
  queues: QueuesTable;
  inbound_calls: InboundCallsTable;
  leadership: LeadershipTable;
  cti_logins: CtiLoginsTable;
  unlisted_accounts: UnlistedAccountsTable;
  report_attempt_hours: ReportAttemptHoursTable;
  report_job_agent_hours: ReportJobAgentHoursTable;
  report_agent_hours: ReportAgentHoursTable;
  report_rollup_state: ReportRollupStateTable;
  report_rollup_dirty: ReportRollupDirtyTable;
}

/** The dialer's lease (migration 008, src/cluster/leadership.ts): one row, id 1. */
export interface LeadershipTable {
  id: number;
  epoch: number;
  holder: string;
  since: number;
}

/** The accounts of contact uploads that did not make it into the dial list (migration 012, Account Not in Listing). */
export interface UnlistedAccountsTable {
  id: Generated<number>;
  run_id: number;
  contact_list_id: number;
  user_contact_id: string;
  name: string;
  number: string;
  reason: UnlistedReason;
  detail: string;
  at: number;
}

/** The agents logged on through the CTI server (migration 009), resumed by a new leading dialer. */
export interface CtiLoginsTable {
  agent_id: string;
  extension: string;
  since: number;
}

export interface OrganizationsTable {
  id: Generated<number>;
  name: string;
}

export interface ZonesTable {
  id: Generated<number>;
  name: string;
}

export interface TeamsTable {
  id: Generated<number>;
  name: string;
  organization_name: string;
  /** JSON string[]. */
  skills: Generated<Json>;
  /** JSON BlendingRule; null: outbound only. */
  blending: Json | null;
}

export interface SkillsTable {
  id: Generated<number>;
  name: string;
  organization_name: string;
}

export interface AgentsTable {
  agent_id: string;
  extension: string;
  lan_id: string;
  first_name: string;
  last_name: string;
  name: string;
  password_hash: string;
  organization_name: string;
  team_name: string;
  /** JSON string[]. */
  skills: Json;
  location_preference: LocationPreference;
  locale: string;
  time_zone: string;
  zone_name: string;
  enabled: Flag;
  /** JSON Record<string, number>: the agent's level (1 best … 16) per skill. */
  skill_levels: Generated<Json>;
}

export interface CampaignsTable {
  id: Generated<number>;
  name: string;
  organization_name: string;
  team_name: string;
  skillset_name: string;
  skillset_id: string;
  type: CampaignType;
  contact_list_id: number;
  /** JSON number[]. */
  dnc_list_ids: Json;
  /** JSON string[]: the codeIDs of completion_codes the campaign offers. */
  completion_codes: Json;
  default_completion_code: string;
  /** JSON CallingWindow. */
  calling_window: Json;
  /** JSON RetryRules. */
  retry_rules: Json;
  max_attempts: number;
  max_attempts_per_number: number;
  no_answer_timeout_seconds: number;
  minimum_ring_seconds: number;
  caller_id: string;
  callback_expiry_minutes: number;
  /** JSON AmdEstimates. */
  amd_estimates: Json;
  preview_timed: Flag;
  preview_timeout_seconds: number;
  preview_can_cancel: Flag;
  wrapup_seconds: number;
  wrapup_extendable: Flag;
  amd: Flag;
  answering_machine_action: AnsweringMachineAction;
  /** JSON PacingParameters. */
  pacing: Json;
  priority: number;
}

export interface CompletionCodesTable {
  code_id: string;
  code_value: string;
  next_state: CompletionNextState;
  retry_minutes: number | null;
  sale: Flag;
  right_party_contact: Flag;
}

export interface ContactListsTable {
  id: Generated<number>;
  name: string;
  organization_name: string;
  zone_name: string;
  last_updated_on: number;
}

export interface ContactsTable {
  id: Generated<number>;
  contact_list_id: number;
  user_contact_id: string;
  title: string;
  first_name: string;
  last_name: string;
  /** JSON ContactPhone[]. */
  phones: Json;
  /** JSON string[]. */
  emails: Json;
  /** JSON ContactAddress. */
  address: Json;
  /** JSON Record<string, string>. */
  custom_fields: Json;
  state: ContactState;
  priority: number;
  attempts: number;
  last_attempt_at: number | null;
  next_attempt_at: number;
  last_result: AttemptResult | null;
  last_completion_code: string | null;
  /**
   * Migration 013: when the first attempt was dialed (null: never). Kept by a trigger on call_attempts;
   * never written by the code. Generated: an insert leaves it null.
   */
  first_attempted_at: Generated<number | null>;
}

export interface DncListsTable {
  id: Generated<number>;
  name: string;
  organization_name: string;
  list_type: DncListRecord['listType'];
  last_updated: number;
}

export interface DncAddressesTable {
  dnc_list_id: number;
  address: string;
  added_at: number;
  /** Defaults to 'manual'. */
  source: Generated<DncSource>;
}

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

export interface CallbacksTable {
  id: Generated<number>;
  campaign_id: number;
  contact_id: number;
  type: CallbackType;
  agent_id: string | null;
  due_at: number;
  expires_at: number;
  number: string;
  timezone: string;
  notes: string;
  state: CallbackState;
  created_at: number;
}

export interface AgentStateHistoryTable {
  id: Generated<number>;
  agent_id: string;
  at: number;
  agent_state: string;
  call_state: string;
  nailed_status: string;
  reason_code: number;
  campaign_name: string | null;
}

export interface TmacSessionsTable {
  token_hash: string;
  agent_id: string;
  lan_id: string;
  extension: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  ended_at: number | null;
  end_reason: string | null;
}

export interface AgentActionsTable {
  id: Generated<number>;
  agent_id: string;
  at: number;
  action: string;
  details: Json;
  result: number;
}

export interface SalesRecordsTable {
  id: Generated<number>;
  agent_id: string;
  at: number;
  screen_id: string;
  connection_handle: string;
  campaign_name: string;
  contact_id: number | null;
  fields: Json;
}

// ── 003_utilities ───────────────────────────────────────────────────────────

export interface SupervisorUsersTable {
  username: string;
  name: string;
  role: SupervisorRole;
  password_hash: string;
  created_at: number;
  disabled: Flag;
}

export interface SupervisorSessionsTable {
  token_hash: string;
  username: string;
  role: SupervisorRole;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  ended_at: number | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  username: string;
  role: string;
  action: string;
  target: string;
  outcome: 'ok' | 'failed';
  /** JSON Record<string, number>. */
  counts: Json;
  /** JSON object. */
  details: Json;
}

export interface OutboundPurgeDataTable {
  id: Generated<number>;
  mode: string;
  contact_list: string;
  campaign_id: string;
  before_purging: number;
  after_purging: number;
  business_parameter: string;
  user_name: string;
  created_at: number;
}

export interface OutboundManualUploadUtilityTable {
  id: Generated<number>;
  contact_list_id: number;
  contact_list_name: string;
  file_name: string;
  type: string;
  user_name: string;
  created_at: number;
  upload_time: number | null;
  upload_id: string | null;
  status: ManualUploadRecord['status'];
  error: string | null;
}

export interface DataSourcesTable {
  id: Generated<number>;
  name: string;
  type: DataSourceType;
  contact_list_id: number;
  file_name: string;
  created_at: number;
}

export interface DataSourceSchedulesTable {
  id: Generated<number>;
  data_source_id: number;
  start_at: number;
  time_zone: string;
  state: ScheduleState;
  import_run_id: number | null;
  error: string | null;
  created_at: number;
}

export interface ImportRunsTable {
  id: Generated<number>;
  kind: ImportKind;
  target_id: number;
  target_name: string;
  file_name: string;
  scrub: Flag;
  state: ImportState;
  rows_read: number;
  rows_accepted: number;
  rows_rejected: number;
  started_at: number;
  ended_at: number | null;
  error: string | null;
  user_name: string;
}

export interface ImportRejectsTable {
  run_id: number;
  row_number: number;
  reason: RejectReason;
  field: string;
  message: string;
  value: string;
}

/** Rows of a running contact import; moved into `contacts` in one transaction when it commits. */
export interface ImportStagingContactsTable {
  run_id: number;
  row_number: number;
  user_contact_id: string;
  title: string;
  first_name: string;
  last_name: string;
  phones: Json;
  emails: Json;
  address: Json;
  custom_fields: Json;
  priority: number;
}

export interface ImportStagingDncTable {
  run_id: number;
  row_number: number;
  address: string;
}

export interface ReportExportsTable {
  id: Generated<number>;
  report: string;
  campaign_name: string | null;
  frequency: ExportFrequency;
  time_of_day: string;
  time_zone: string;
  next_run_at: number;
  created_by: string;
  created_at: number;
  /** Migration 011. */
  format: Generated<ExportFormat>;
}

export interface ReportExportRunsTable {
  id: Generated<number>;
  export_id: number;
  ran_at: number;
  period_from: number;
  period_to: number;
  file_name: string | null;
  rows: number;
  error: string | null;
}

export interface QueuesTable {
  id: Generated<number>;
  name: string;
  organization_name: string;
  skill: string;
  routing: QueueDefinition['routing'];
  service_level_seconds: number;
  announcement_seconds: number;
  overflow_queue: string | null;
  overflow_after_seconds: number;
  wrapup_seconds: number;
  /** JSON string[]: codeIDs of completion_codes. */
  completion_codes: Json;
  default_completion_code: string;
}

export interface InboundCallsTable {
  id: Generated<number>;
  call_id: string;
  queue: string;
  overflowed_from: string | null;
  calling_number: string;
  arrived_at: number;
  answered_at: number | null;
  ended_at: number | null;
  result: InboundCallResult;
  agent_id: string | null;
  completion_code: string | null;
}

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
