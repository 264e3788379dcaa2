/** The tables of scheduled report exports and their runs. */
import type { Generated } from 'kysely';
import type { ExportFormat, ExportFrequency } from '../records/exports.ts';

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
