/** A report as CSV text: the columns' labels, then its rows, read from the store a page at a time. */
import type { Store } from '../store/store.ts';
import type { Report, ReportParams, ReportValue } from './reports.ts';
import { csvField } from '../imports/csv.ts';

/** Rows read at a time: a month of attempts is never in memory whole. */
const PAGE = 1000;

/** A value as a CSV field (formula-safe, see csvField): booleans as Y/N, null as empty. */
export function csvValue(value: ReportValue): string {
  return value === null ? '' : typeof value === 'boolean' ? (value ? 'Y' : 'N') : csvField(value);
}

/** The CSV's lines, a page of rows per chunk; `counted` learns how many rows it wrote. */
export async function* reportCsv(report: Report, store: Store, params: ReportParams, counted: (rows: number) => void = () => {}): AsyncGenerator<string> {
  yield `${report.columns.map((c) => csvValue(c.label)).join(',')}\n`;
  for (let offset = 0; ; offset += PAGE) {
    const { rows } = await report.page(store, params, PAGE, offset);
    counted(offset + rows.length);
    if (rows.length > 0) yield rows.map((row) => report.columns.map((c) => csvValue(row[c.key] ?? null)).join(',')).join('\n') + '\n';
    if (rows.length < PAGE) return;
  }
}
