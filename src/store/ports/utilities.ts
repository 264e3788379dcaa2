/** The repositories of the supervisor utilities: purges, manual uploads, data sources, imports. */
import type {
  DataSourceRecord, DataSourceScheduleRecord, ImportRejectRecord, ImportRunRecord, ManualUploadRecord, PurgeDataRecord,
  ScheduleState, StagedContact, UnlistedAccountRecord,
} from '../records/utilities.ts';

/** An account not in the listing, with its import's file name and its list's name. */
export interface UnlistedAccountView extends UnlistedAccountRecord {
  fileName: string;
  contactListName: string;
}

export interface PurgeDataRepository {
  insertMany(rows: Omit<PurgeDataRecord, 'id'>[]): Promise<void>;
  /** Newest first. */
  list(limit: number, contactList?: string): Promise<PurgeDataRecord[]>;
}

export interface ManualUploadRepository {
  create(upload: Omit<ManualUploadRecord, 'id'>): Promise<ManualUploadRecord>;
  findById(id: number): Promise<ManualUploadRecord | undefined>;
  update(id: number, change: Partial<Pick<ManualUploadRecord, 'uploadTime' | 'uploadId' | 'status' | 'error' | 'fileName' | 'userName'>>): Promise<void>;
  /** Newest first. */
  list(limit: number): Promise<ManualUploadRecord[]>;
}

export interface DataSourceRepository {
  create(source: Omit<DataSourceRecord, 'id'>): Promise<DataSourceRecord>;
  findById(id: number): Promise<DataSourceRecord | undefined>;
  findByName(name: string): Promise<DataSourceRecord | undefined>;
  list(contactListId?: number): Promise<DataSourceRecord[]>;
  createSchedule(schedule: Omit<DataSourceScheduleRecord, 'id' | 'state' | 'importRunId' | 'error'>): Promise<DataSourceScheduleRecord>;
  findSchedule(id: number): Promise<DataSourceScheduleRecord | undefined>;
  findSchedules(ids: readonly number[]): Promise<DataSourceScheduleRecord[]>;
  /** `importRunId: null` forgets the run (a schedule armed again after a restart). */
  setScheduleState(id: number, state: ScheduleState, change?: { importRunId?: number | null; error?: string | null }): Promise<void>;
  /** Schedules not finished (scheduled, or running when the process stopped), earliest first. */
  unfinishedSchedules(): Promise<DataSourceScheduleRecord[]>;
  listSchedules(dataSourceId?: number): Promise<DataSourceScheduleRecord[]>;
}

export interface ImportRepository {
  createRun(run: Omit<ImportRunRecord, 'id' | 'state' | 'rowsRead' | 'rowsAccepted' | 'rowsRejected' | 'endedAt' | 'error'>): Promise<ImportRunRecord>;
  findRun(id: number): Promise<ImportRunRecord | undefined>;
  /** Newest first. */
  listRuns(limit: number): Promise<ImportRunRecord[]>;
  updateProgress(id: number, counts: { rowsRead: number; rowsAccepted: number; rowsRejected: number }): Promise<void>;
  finishRun(id: number, state: 'completed' | 'failed', counts: { rowsRead: number; rowsAccepted: number; rowsRejected: number }, endedAt: number, error: string | null): Promise<void>;
  /**
   * With `listing` (a contact import), the rejects' accounts are written to the Account Not in Listing
   * table in the same transaction: rejected, DNC-scrubbed or duplicate, at `listing.at`.
   */
  addRejects(runId: number, rejects: readonly ImportRejectRecord[], listing?: { contactListId: number; at: number }): Promise<void>;
  /**
   * A page of the accounts of completed contact imports that did not make it into the list, written in
   * [from, to), of these lists (all if absent), by time; and how many.
   */
  unlisted(filter: { from: number; to: number; contactListIds?: readonly number[] }, limit: number, offset: number): Promise<{ rows: UnlistedAccountView[]; total: number }>;
  /** In row order. */
  rejects(runId: number, offset: number, limit: number): Promise<ImportRejectRecord[]>;
  /**
   * Stages rows of a contact import. Rows whose userContactId the list already has are not staged
   * (`alreadyInList`), nor those whose userContactId an earlier row of the run had (`inFile`, with
   * that row).
   */
  stageContacts(runId: number, contactListId: number, rows: readonly StagedContact[]): Promise<{
    alreadyInList: Array<{ rowNumber: number; userContactId: string }>;
    inFile: Array<{ rowNumber: number; firstRowNumber: number; userContactId: string }>;
  }>;
  /** Stages addresses of a DNC import; a repeated address comes back with the row that had it first. */
  stageDnc(runId: number, rows: ReadonlyArray<{ rowNumber: number; address: string }>): Promise<Array<{ rowNumber: number; firstRowNumber: number; address: string }>>;
  /** Moves the staged contacts into the list in one transaction; returns how many. */
  commitContacts(runId: number, contactListId: number, now: number): Promise<number>;
  /** Adds the staged addresses to the DNC list in one transaction; returns how many were new. */
  commitDnc(runId: number, dncListId: number, now: number): Promise<number>;
  /** Drops the run's staged rows. */
  discardStaging(runId: number): Promise<void>;
}
