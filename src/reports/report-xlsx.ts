/**
 * A report as an Excel workbook (.xlsx): one sheet named after the report, the columns' labels as a
 * bold header row, frozen and with a filter, then its rows, read from the store a page at a time and
 * streamed out through exceljs' WorkbookWriter (each row committed as it is written: a month of attempts
 * is never in memory whole, and a slow reader holds the writer back rather than filling memory).
 *
 * Cells are typed by the report's columns (report.ts): a `datetime` value (an ISO 8601 instant) is an
 * Excel date, shown `yyyy-mm-dd hh:mm:ss` in UTC as the CSV's instants are; numbers are numbers;
 * booleans are Excel's TRUE / FALSE (the CSV writes Y / N: a spreadsheet filters and counts TRUE
 * itself); null is an empty cell; text is text, formula-safe as in the CSV (formulaSafe in
 * src/imports/csv.ts: `=HYPERLINK(…)` from an uploaded file is written `'=HYPERLINK(…)`).
 */
import { PassThrough, type Readable, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { formulaSafe } from '../imports/csv.ts';
import type { Store } from '../store/store.ts';
import type { Report, ReportColumn, ReportParams, ReportValue } from './reports.ts';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Rows read at a time, as the CSV reads them. */
const PAGE = 1000;

/** The number format of the datetime columns: the instant in UTC, as the CSV gives it. */
export const DATETIME_FORMAT = 'yyyy-mm-dd hh:mm:ss';

/** A sheet's name: at most 31 characters, none of \ / ? * : [ ] (Excel's rules). */
function sheetName(title: string): string {
  return title.replace(/[\\/?*:[\]]/g, ' ').slice(0, 31).trim() || 'Report';
}

function widthOf(column: ReportColumn): number {
  const least = column.type === 'datetime' ? 20 : column.type === 'text' ? 14 : 8;
  return Math.max(least, column.label.length + 2);
}

/** A value as the cell of its column (see the file's comment). */
export function xlsxValue(column: ReportColumn, value: ReportValue): ExcelJS.CellValue {
  if (value === null) return null;
  if (typeof value === 'string') {
    if (column.type === 'datetime') {
      const ms = Date.parse(value);
      if (!Number.isNaN(ms)) return new Date(ms);
    }
    return formulaSafe(value);
  }
  return value;
}

export interface XlsxOptions {
  /** The workbook's creation time (its properties), from the clock. */
  createdAt?: number;
  /** Learns how many rows were written, after each page. */
  counted?: (rows: number) => void;
}

/** Compressed bytes the zip may hold for a sink whose reader lags, before the writer waits for it. */
const HOLD_BYTES = 64 * 1024;

/** Resolves once `stream` drains, or `sink` closes. */
function drained(stream: Writable, sink: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      sink.off('close', done);
      resolve();
    };
    stream.once('drain', done);
    sink.once('close', done);
  });
}

/** exceljs' inner streams (4.4), read to pace the writer; were they renamed, the writer would not wait. */
interface SheetInner {
  /** The sheet's XML on its way to the zip: [the stream the zip reads it through]. */
  stream?: { pipes?: Array<Writable & { _writableState?: { needDrain?: boolean } }> };
}
interface WorkbookInner {
  /** The zip: the compressed bytes it keeps until the sink takes them. */
  zip?: Readable;
}

/**
 * Holds the writer to the pace of the sink's reader, after a page. exceljs writes the sheet's XML into
 * its zip whatever the zip's reader takes, and the zip keeps what it compressed until the sink takes
 * it: the writer lets the zip take the page in (the stream it reads the sheet through drained), then
 * waits while the zip keeps more than HOLD_BYTES for a full sink, going on each time the sink is read
 * from (its drain: the zip writes into it again). A sink with room, or closed, is never waited for.
 */
async function keepPace(sheet: ExcelJS.Worksheet, workbook: ExcelJS.stream.xlsx.WorkbookWriter, sink: Writable): Promise<void> {
  // A turn of the event loop (not a delay): the zip takes up the sheet, its deflater gets to work.
  await new Promise<void>((resolve) => setImmediate(resolve));
  const zipInput = () => (sheet as unknown as SheetInner).stream?.pipes?.[0];
  for (let input = zipInput(); input?._writableState?.needDrain === true && !sink.destroyed; input = zipInput()) await drained(input, sink);
  const zip = (workbook as unknown as WorkbookInner).zip;
  while (sink.writableNeedDrain && !sink.destroyed && (zip?.readableLength ?? 0) > HOLD_BYTES) await drained(sink, sink);
}

/**
 * Writes the report's workbook into `sink`, and ends it. A sink closed early (a download cancelled)
 * stops the writing; a failure rejects, the sink left to the caller.
 */
export async function writeReportXlsx(report: Report, store: Store, params: ReportParams, sink: Writable, options: XlsxOptions = {}): Promise<void> {
  // Inline strings, not the shared-strings table, which would hold every distinct text until the end.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
  workbook.creator = 'nailup';
  if (options.createdAt !== undefined) workbook.created = workbook.modified = new Date(options.createdAt);
  const sheet = workbook.addWorksheet(sheetName(report.title), { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
  const columns = report.columns;
  sheet.columns = columns.map((c) => ({ key: c.key, width: widthOf(c), ...(c.type === 'datetime' ? { style: { numFmt: DATETIME_FORMAT } } : {}) }));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  const header = sheet.addRow(columns.map((c) => formulaSafe(c.label)));
  header.font = { bold: true };
  header.commit();
  for (let offset = 0; ; offset += PAGE) {
    const { rows } = await report.page(store, params, PAGE, offset);
    for (const row of rows) sheet.addRow(columns.map((c) => xlsxValue(c, row[c.key] ?? null))).commit();
    options.counted?.(offset + rows.length);
    await keepPace(sheet, workbook, sink);
    if (sink.destroyed) return;
    if (rows.length < PAGE) break;
  }
  sheet.commit();
  await workbook.commit();
}

/** The report's workbook as a stream of bytes; a failure destroys the stream with the error. */
export function reportXlsx(report: Report, store: Store, params: ReportParams, options: XlsxOptions = {}): Readable {
  const out = new PassThrough();
  writeReportXlsx(report, store, params, out, options).catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}
