/**
 * A report as a file in one of the formats nailup writes (EXPORT_FORMATS): CSV text (report-csv.ts)
 * or an Excel workbook (report-xlsx.ts), as a stream read page by page, with its content type and
 * file name extension. The download (src/api/report-routes.ts) and the export scheduler use it.
 */
import { Readable } from 'node:stream';
import type { ExportFormat } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { reportCsv } from './report-csv.ts';
import { XLSX_CONTENT_TYPE, reportXlsx } from './report-xlsx.ts';
import type { Report, ReportParams } from './reports.ts';

export { EXPORT_FORMATS, type ExportFormat } from '../store/records.ts';

export const CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = { csv: 'text/csv; charset=utf-8', xlsx: XLSX_CONTENT_TYPE };

export interface ReportFileOptions {
  /** Now, by the clock: the workbook's creation time. */
  now?: number;
  /** Learns how many rows were written so far. */
  counted?: (rows: number) => void;
}

export function reportFile(format: ExportFormat, report: Report, store: Store, params: ReportParams, options: ReportFileOptions = {}): Readable {
  const counted = options.counted ?? (() => {});
  return format === 'xlsx'
    ? reportXlsx(report, store, params, { counted, ...(options.now === undefined ? {} : { createdAt: options.now }) })
    : Readable.from(reportCsv(report, store, params, counted));
}

/** The content type of a file nailup wrote, by its extension (CSV if it has neither). */
export function contentTypeOf(fileName: string): string {
  return fileName.endsWith('.xlsx') ? CONTENT_TYPES.xlsx : CONTENT_TYPES.csv;
}
