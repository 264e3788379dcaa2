/**
 * The one-column CSV files of the DNC utilities (userContactIds, or addresses), read as a stream and
 * checked row by row: every row that is not a value is reported with its line and reason.
 */
import { readCsv } from '../imports/csv.ts';
import { badBytesOf, holdsBadBytes, showBadBytes } from '../imports/text-decoding.ts';
import type { ImportRejectRecord } from '../store/records.ts';

export interface ValuesFile {
  values: string[];
  /** The first MAX_REPORTED rejected rows. */
  rejects: ImportRejectRecord[];
  /** All rejected rows. */
  rejected: number;
  rows: number;
}

const MAX_REPORTED = 1000;

export interface ValuesOptions {
  /** Header names (compared without case, spaces, `_`, `-`) that mark the first line as a header. */
  headers: readonly string[];
  /** The value of a row, or why it is rejected. */
  check: (value: string) => { ok: true; value: string } | { ok: false; reason: ImportRejectRecord['reason']; message: string };
  field: string;
  maxValues: number;
}

const key = (s: string): string => s.toLowerCase().replace(/[\s_\-.]/g, '');

export async function readValues(stream: AsyncIterable<Buffer | string>, options: ValuesOptions): Promise<ValuesFile> {
  const values: string[] = [];
  const rejects: ImportRejectRecord[] = [];
  let rejected = 0;
  const reject = (r: ImportRejectRecord): void => {
    rejected++;
    if (rejects.length < MAX_REPORTED) rejects.push(r);
  };
  const seen = new Map<string, number>();
  const headers = new Set(options.headers.map(key));
  let rows = 0;
  let first = true;
  for await (const batch of readCsv(stream, { invalidUtf8: 'mark' })) {
    for (const record of batch) {
      if (first) {
        first = false;
        if (headers.has(key(record.fields[0] ?? ''))) continue;
      }
      rows++;
      const raw = (record.fields[0] ?? '').trim();
      if (holdsBadBytes(raw)) {
        reject({ rowNumber: record.line, reason: 'bad_value', field: options.field, message: `line ${record.line}: bytes that are not UTF-8 (${badBytesOf(raw)}): save the file as UTF-8`, value: showBadBytes(raw) });
        continue;
      }
      const checked = options.check(raw);
      if (!checked.ok) {
        reject({ rowNumber: record.line, reason: checked.reason, field: options.field, message: checked.message, value: raw });
        continue;
      }
      const previous = seen.get(checked.value);
      if (previous !== undefined) {
        reject({ rowNumber: record.line, reason: 'duplicate', field: options.field, message: `${checked.value} is on line ${previous} already`, value: raw });
        continue;
      }
      if (values.length >= options.maxValues) {
        reject({ rowNumber: record.line, reason: 'bad_value', field: options.field, message: `a file may hold at most ${options.maxValues} values`, value: raw });
        continue;
      }
      seen.set(checked.value, record.line);
      values.push(checked.value);
    }
  }
  return { values, rejects, rejected, rows };
}
