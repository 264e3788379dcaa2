/**
 * The tables as the query layer sees them (the Database interface; the tables in schema/, one file per
 * concern). Column names are snake_case; the repositories map rows to the camelCase records of
 * records.ts.
 *
 * - Times are epoch ms: `bigint` in PostgreSQL (read back as numbers, see open-store.ts), `integer`
 *   in SQLite.
 * - Structured fields (phones, skills, pacing, …) are JSON text.
 * - Flags are `integer` 0/1 in SQLite and `boolean` in PostgreSQL. The repositories write 0/1 (which
 *   PostgreSQL accepts as boolean input) and read either form back as a boolean.
 */
import type { AgentsTable, OrganizationsTable, SkillsTable, TeamsTable, ZonesTable } from './schema/organization.ts';
import type { CampaignsTable, CompletionCodesTable } from './schema/campaign.ts';
import type { ContactListsTable, ContactsTable, DncAddressesTable, DncListsTable } from './schema/contact.ts';
import type { CallAttemptsTable, JobsTable } from './schema/attempt.ts';
import type { CallbacksTable } from './schema/callback.ts';
import type {
  AgentActionsTable, AgentStateHistoryTable, CtiLoginsTable, SalesRecordsTable, TmacSessionsTable,
} from './schema/agent-activity.ts';
import type { AuditLogTable, SupervisorSessionsTable, SupervisorUsersTable } from './schema/supervisor.ts';
import type {
  DataSourceSchedulesTable, DataSourcesTable, ImportRejectsTable, ImportRunsTable, ImportStagingContactsTable, ImportStagingDncTable,
  OutboundManualUploadUtilityTable, OutboundPurgeDataTable, UnlistedAccountsTable,
} from './schema/utilities.ts';
import type { ReportExportRunsTable, ReportExportsTable } from './schema/exports.ts';
import type { InboundCallsTable, QueuesTable } from './schema/inbound.ts';
import type {
  ReportAgentHoursTable, ReportAttemptHoursTable, ReportJobAgentHoursTable, ReportRollupDirtyTable, ReportRollupStateTable,
} from './schema/rollups.ts';
import type { LeadershipTable } from './schema/leadership.ts';

export type * from './schema/columns.ts';
export type * from './schema/organization.ts';
export type * from './schema/campaign.ts';
export type * from './schema/contact.ts';
export type * from './schema/attempt.ts';
export type * from './schema/callback.ts';
export type * from './schema/agent-activity.ts';
export type * from './schema/supervisor.ts';
export type * from './schema/utilities.ts';
export type * from './schema/exports.ts';
export type * from './schema/inbound.ts';
export type * from './schema/rollups.ts';
export type * from './schema/leadership.ts';

export type Dialect = 'sqlite' | 'postgres';

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
