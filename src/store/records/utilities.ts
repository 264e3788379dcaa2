/** The supervisor utilities' records: purges, manual uploads, data sources, import runs, rejects, unlisted accounts, staged contacts. */

/** The spec's OutboundPurgeData: one row per campaign (CAMP_ID) of a purge. */
export interface PurgeDataRecord {
  id: number;
  /** `direct` or `normal`. */
  mode: string;
  contactList: string;
  campaignId: string;
  beforePurging: number;
  afterPurging: number;
  /** The purge condition: attribute, filter and values. */
  businessParameter: string;
  userName: string;
  createdAt: number;
}

/** The spec's Outbound_ManualUploadUtility: a file put on the SFTP drop and its run-once import. */
export interface ManualUploadRecord {
  id: number;
  contactListId: number;
  contactListName: string;
  fileName: string;
  type: string;
  userName: string;
  createdAt: number;
  /** When the run-once import was scheduled. */
  uploadTime: number | null;
  /** The id of that schedule in POM. */
  uploadId: string | null;
  status: 'pending' | 'scheduled' | 'failed';
  error: string | null;
}

export type DataSourceType = 'append';

/** A POM data source: a file on the SFTP drop that imports into a contact list. */
export interface DataSourceRecord {
  id: number;
  name: string;
  type: DataSourceType;
  contactListId: number;
  /** The file's name in the SFTP drop folder. */
  fileName: string;
  createdAt: number;
}

export type ScheduleState = 'scheduled' | 'running' | 'completed' | 'failed';

export interface DataSourceScheduleRecord {
  id: number;
  dataSourceId: number;
  startAt: number;
  timeZone: string;
  state: ScheduleState;
  importRunId: number | null;
  error: string | null;
  createdAt: number;
}

export type ImportKind = 'contacts' | 'dnc';
export type ImportState = 'running' | 'completed' | 'failed';

export interface ImportRunRecord {
  id: number;
  kind: ImportKind;
  /** The contact list or DNC list imported into. */
  targetId: number;
  targetName: string;
  fileName: string;
  scrub: boolean;
  state: ImportState;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  startedAt: number;
  endedAt: number | null;
  error: string | null;
  userName: string;
}

export type RejectReason = 'bad_number' | 'missing_field' | 'duplicate' | 'dnc' | 'bad_value';

/** One rejected row of an import: its line in the file and why. */
export interface ImportRejectRecord {
  rowNumber: number;
  reason: RejectReason;
  field: string;
  message: string;
  value: string;
  /** A contact row's account as the file gave it (contact imports), for the Account Not in Listing report. */
  account?: RejectedAccount;
}

/** The account of a contact row that did not make it into the list: its id, name and first number, as read. */
export interface RejectedAccount {
  userContactId: string;
  name: string;
  number: string;
}

/** Why an account of an upload is not in the dial list: a rejected row, a number on a DNC list, a duplicate. */
export type UnlistedReason = 'rejected' | 'dnc' | 'duplicate';

/** An account of a contact upload that did not make it into the dial list (migration 012, the Account Not in Listing report). */
export interface UnlistedAccountRecord {
  runId: number;
  contactListId: number;
  userContactId: string;
  name: string;
  number: string;
  reason: UnlistedReason;
  /** The row's error. */
  detail: string;
  at: number;
}

/**
 * A contact row that passed validation, waiting in the staging table for the import to commit: the
 * columns of a NewContact, its lists and objects as JSON text (serialized where the rows are checked).
 */
export interface StagedContact {
  rowNumber: number;
  userContactId: string;
  title: string;
  firstName: string;
  lastName: string;
  /** JSON of NewContact['phones']. */
  phones: string;
  /** JSON of NewContact['emails']. */
  emails: string;
  /** JSON of NewContact['address']. */
  address: string;
  /** JSON of NewContact['customFields']. */
  customFields: string;
  priority: number;
}
