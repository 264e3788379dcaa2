/** Scheduled report exports and their runs. */

/** How often a scheduled export runs, and the period each run covers: the day, week (from Monday) or month before. */
export type ExportFrequency = 'daily' | 'weekly' | 'monthly';

/** The file a report is written as: CSV text or an Excel workbook (src/reports/report-xlsx.ts). */
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ReportExportRecord {
  id: number;
  report: string;
  campaignName: string | null;
  frequency: ExportFrequency;
  /** `HH:MM` in `timeZone`: when a run starts (weekly: on Mondays; monthly: on the 1st). */
  timeOfDay: string;
  timeZone: string;
  nextRunAt: number;
  createdBy: string;
  createdAt: number;
  /** The files' format (migration 011: csv for the exports scheduled before it). */
  format: ExportFormat;
}

export interface ReportExportRunRecord {
  id: number;
  exportId: number;
  ranAt: number;
  periodFrom: number;
  periodTo: number;
  /** The file written, in the export folder; null if the run failed. */
  fileName: string | null;
  rows: number;
  error: string | null;
}
