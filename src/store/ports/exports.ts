/** The repository of scheduled report exports. */
import type { ReportExportRecord, ReportExportRunRecord } from '../records/exports.ts';

export interface ReportExportRepository {
  create(record: Omit<ReportExportRecord, 'id'>): Promise<ReportExportRecord>;
  findById(id: number): Promise<ReportExportRecord | undefined>;
  list(): Promise<ReportExportRecord[]>;
  /** Removes the export and its runs; false if there was none. */
  remove(id: number): Promise<boolean>;
  setNextRun(id: number, at: number): Promise<void>;
  addRun(run: Omit<ReportExportRunRecord, 'id'>): Promise<ReportExportRunRecord>;
  /** The export's runs, newest first. */
  runs(exportId: number, limit: number): Promise<ReportExportRunRecord[]>;
  findRun(id: number): Promise<ReportExportRunRecord | undefined>;
}
