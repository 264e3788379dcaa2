/** The supervisor utilities' tables: unlisted accounts, purges, manual uploads, data sources, import runs, rejects and staging. */
import type { Generated } from 'kysely';
import type { Flag, Json } from './columns.ts';
import type {
  DataSourceType, ImportKind, ImportState, ManualUploadRecord, RejectReason, ScheduleState, UnlistedReason,
} from '../records/utilities.ts';

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
