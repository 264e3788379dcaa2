/**
 * The checks of an import's rows, batch by batch: what the importer stages and what it rejects, and
 * why. Pure work on the rows (no store), so it runs in the import's worker thread. Duplicates are
 * left to the staging, which knows the whole file and the list.
 */
import type { CountryCode } from 'libphonenumber-js/max';
import type { ImportRejectRecord, StagedContact } from '../store/records.ts';
import type { CsvRecord } from './csv.ts';
import { PhoneNormalizer } from './phone.ts';
import { FileError, accountOfFields, contactColumns, contactOfRow, dncAddressOf, isDncHeader, stagedContactOf, type ContactColumns, type RowContext } from './contact-rows.ts';
import type { DncSet } from './dnc-scrub.ts';
import { badBytesOf, holdsBadBytes, showBadBytes } from './text-decoding.ts';

export interface CheckedBatch<Staged> {
  /** Data rows read (the header is not one). */
  rowsRead: number;
  staged: Staged[];
  rejects: ImportRejectRecord[];
}

export interface StagedAddress {
  rowNumber: number;
  address: string;
}

export interface RowCheckOptions {
  /** Region of numbers without a country code. */
  defaultRegion: string;
  /** Zone of numbers whose zone neither the file nor the number tells. */
  fallbackTimeZone: string;
}

/** Contact rows: the first record is the header; with a DNC set, rows with a listed number are rejected. */
export class ContactRowChecker {
  private columns: ContactColumns | undefined;
  private readonly ctx: RowContext;

  constructor(options: RowCheckOptions, private readonly dnc?: DncSet) {
    this.ctx = { phones: new PhoneNormalizer(options.defaultRegion as CountryCode), fallbackTimeZone: options.fallbackTimeZone, zones: new Map() };
  }

  /** Whether the header has been read: a file without one is empty. */
  get started(): boolean {
    return this.columns !== undefined;
  }

  check(batch: readonly CsvRecord[]): CheckedBatch<StagedContact> {
    let records = batch;
    if (!this.columns) {
      const header = batch[0];
      if (!header) return { rowsRead: 0, staged: [], rejects: [] };
      if (header.badBytes) {
        const bad = header.fields.find(holdsBadBytes)!;
        throw new FileError(`line 1: the header holds bytes that are not UTF-8 (${badBytesOf(bad)} in ${JSON.stringify(showBadBytes(bad))}); ${SAVE_AS_UTF8}`);
      }
      this.columns = contactColumns(header.fields);
      records = batch.slice(1);
    }
    const staged: StagedContact[] = [];
    const rejects: ImportRejectRecord[] = [];
    const dnc = this.dnc?.size ? this.dnc : undefined;
    for (const record of records) {
      if (record.badBytes) {
        const i = record.fields.findIndex(holdsBadBytes);
        const reject = notUtf8(record.line, this.columns.header[i] ?? `column ${i + 1}`, record.fields[i]!);
        rejects.push({ ...reject, account: accountOfFields(this.columns, record.fields.map(showBadBytes)) });
        continue;
      }
      const row = contactOfRow(this.columns, record.fields, this.ctx);
      if (!row.ok) {
        rejects.push({ rowNumber: record.line, reason: row.reason, field: row.field, message: row.message, value: row.value, account: accountOfFields(this.columns, record.fields) });
        continue;
      }
      const c = row.contact;
      const listed = dnc ? c.phones.find((p) => dnc.has(p.number)) : undefined;
      if (listed) {
        rejects.push({
          rowNumber: record.line, reason: 'dnc', field: 'phone', message: `${listed.number} is on a DNC list`, value: listed.number,
          account: { userContactId: c.userContactId, name: `${c.firstName} ${c.lastName}`.trim(), number: listed.number },
        });
        continue;
      }
      staged.push(stagedContactOf(record.line, c));
    }
    return { rowsRead: records.length, staged, rejects };
  }
}

/** DNC rows: one address a row, after an optional header. */
export class DncRowChecker {
  private first = true;
  private readonly phones: PhoneNormalizer;

  constructor(options: RowCheckOptions, private readonly listType: 'phone' | 'email') {
    this.phones = new PhoneNormalizer(options.defaultRegion as CountryCode);
  }

  check(batch: readonly CsvRecord[]): CheckedBatch<StagedAddress> {
    let records = batch;
    if (this.first && batch[0]) {
      this.first = false;
      if (isDncHeader(batch[0].fields)) records = batch.slice(1);
    }
    const staged: StagedAddress[] = [];
    const rejects: ImportRejectRecord[] = [];
    for (const record of records) {
      if (record.badBytes) {
        const value = record.fields.find(holdsBadBytes)!;
        rejects.push(notUtf8(record.line, 'address', value));
        continue;
      }
      const value = record.fields[0] ?? '';
      const result = dncAddressOf(value, this.listType, this.phones);
      if (result.ok) staged.push({ rowNumber: record.line, address: result.address });
      else rejects.push({ rowNumber: record.line, reason: result.reason, field: 'address', message: result.message, value });
    }
    return { rowsRead: records.length, staged, rejects };
  }
}

const SAVE_AS_UTF8 = 'save the file as UTF-8, or upload it with ?encoding=windows-1252 if it is in that encoding';

/** The report of a row with bytes that are not UTF-8 (the reader marked them): its field and the bytes. */
function notUtf8(rowNumber: number, field: string, raw: string): ImportRejectRecord {
  const value = showBadBytes(raw);
  return { rowNumber, reason: 'bad_value', field, message: `${field} holds bytes that are not UTF-8 (${badBytesOf(raw)} on line ${rowNumber}); ${SAVE_AS_UTF8}`, value: value.length > 200 ? `${value.slice(0, 200)}…` : value };
}
