/**
 * A streaming CSV reader (RFC 4180: quoted fields, doubled quotes, CR LF or LF, line breaks inside
 * quotes). It holds one chunk of the input and one batch of records at a time, so a file of millions
 * of rows never sits in memory whole. Lines without a quote are split natively, which keeps the
 * reader at a few hundred nanoseconds a row.
 *
 * Bounded whatever the file holds: a field longer than `maxFieldBytes` or a row longer than
 * `maxRowBytes` stops the reader with a CsvSyntaxError naming its line as soon as the part read so
 * far is over (a quoted field that never closes, a line that never ends), so the reader never holds
 * more than about one row; a batch is yielded early once its records hold `batchChars` characters.
 * Lengths are checked in UTF-16 units first (a unit is at least one byte of UTF-8, at most three),
 * so only long values are measured in bytes.
 */
import { DEFAULT_IMPORT_LIMITS, type FileEncoding } from './import-limits.ts';
import { chunkDecoder, holdsBadBytes, type InvalidUtf8 } from './text-decoding.ts';

export class CsvSyntaxError extends Error {
  constructor(readonly line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvSyntaxError';
  }
}

export interface CsvRecord {
  /** The line of the file the record starts on, 1-based (the header is line 1). */
  line: number;
  fields: string[];
  /**
   * With `invalidUtf8: 'mark'`: a field of the record holds bytes that are not UTF-8, each as a lone
   * surrogate U+DC80–U+DCFF (text-decoding.ts). Absent otherwise.
   */
  badBytes?: true;
}

export interface CsvOptions {
  /** Records per yielded batch. */
  batchSize?: number;
  /** `,` `;` or tab; by default the one the first line has most of (`,` if none). */
  delimiter?: string;
  /** Bytes of a field at most (UTF-8, without its quotes); default 64 KiB. */
  maxFieldBytes?: number;
  /** Bytes of a record at most (without its line break); default 1 MiB. */
  maxRowBytes?: number;
  /** A batch is yielded once its records hold this many characters (default 1 Mi), before it has batchSize records. */
  batchChars?: number;
  /** The encoding of byte chunks; UTF-8 by default. */
  encoding?: FileEncoding;
  /** Bytes that are not UTF-8: U+FFFD (the default), or marked on the record (`badBytes`) for the caller to reject. */
  invalidUtf8?: InvalidUtf8;
}

const DELIMITERS = [',', ';', '\t'];

function detectDelimiter(firstLine: string): string {
  let best = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    const count = firstLine.split(d).length - 1;
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

/** Records of the CSV in `source`, in batches. Blank lines are skipped (but counted). */
export async function* readCsv(source: AsyncIterable<Buffer | string>, options: CsvOptions = {}): AsyncGenerator<CsvRecord[]> {
  const batchSize = options.batchSize ?? 2000;
  const batchChars = options.batchChars ?? 1024 * 1024;
  const maxField = options.maxFieldBytes ?? DEFAULT_IMPORT_LIMITS.maxFieldBytes;
  const maxRow = Math.max(options.maxRowBytes ?? DEFAULT_IMPORT_LIMITS.maxRowBytes, maxField);
  // Values of at most a third of a limit in UTF-16 units are within it in UTF-8: only longer ones are measured.
  const fieldCheck = Math.floor(maxField / 3);
  const rowCheck = Math.floor(maxRow / 3);
  const decoder = chunkDecoder(options.encoding, options.invalidUtf8);
  let delimiter = options.delimiter;
  let buffer = '';
  let line = 1;
  let first = true;
  /** Once the decoder has marked a bad byte, records are checked for one. */
  let watch = false;
  let batch: CsvRecord[] = [];
  let chars = 0;
  const take = (): CsvRecord[] => {
    const full = batch;
    batch = [];
    chars = 0;
    return full;
  };

  const fieldTooLong = (at: number): CsvSyntaxError => new CsvSyntaxError(at, `a field is longer than ${maxField} bytes`);
  const rowTooLong = (at: number): CsvSyntaxError => new CsvSyntaxError(at, `a row is longer than ${maxRow} bytes`);
  const overField = (units: number, text: () => string): boolean => units > fieldCheck && (units > maxField || Buffer.byteLength(text()) > maxField);
  const overRow = (units: number, text: () => string): boolean => units > rowCheck && (units > maxRow || Buffer.byteLength(text()) > maxRow);

  /** The limits on a long record (`from`–`to` in the buffer, without its line break). */
  const checkRecord = (fields: readonly string[], from: number, to: number): void => {
    for (const f of fields) if (overField(f.length, () => f)) throw fieldTooLong(line);
    if (overRow(to - from, () => buffer.slice(from, to))) throw rowTooLong(line);
  };

  /**
   * The limits on the start of a record whose end has not come yet: its longest field so far and its
   * length, so a field that never closes stops the reader at the limit rather than at the end of the file.
   */
  const checkPartial = (from: number): void => {
    const d = (delimiter ?? detectDelimiter(buffer.slice(from, from + 65_536))).charCodeAt(0);
    const length = buffer.length;
    let i = from;
    while (i < length) {
      let start = i;
      let end: number;
      if (buffer.charCodeAt(i) === 34) {
        start = i + 1;
        let from_ = start;
        for (;;) {
          const q = buffer.indexOf('"', from_);
          if (q === -1) {
            end = i = length;
            break;
          }
          if (buffer.charCodeAt(q + 1) === 34) {
            from_ = q + 2;
            continue;
          }
          end = q;
          i = q + 1;
          break;
        }
      } else {
        let j = i;
        while (j < length) {
          const c = buffer.charCodeAt(j);
          if (c === d || c === 10) break;
          j++;
        }
        end = i = j;
      }
      if (overField(end - start, () => buffer.slice(start, end))) throw fieldTooLong(line);
      if (i >= length || buffer.charCodeAt(i) !== d) break;
      i++;
    }
    if (overRow(length - from, () => buffer.slice(from))) throw rowTooLong(line);
  };

  const push = (record: CsvRecord, size: number): void => {
    if (watch && record.fields.some(holdsBadBytes)) record.badBytes = true;
    batch.push(record);
    chars += size;
  };

  /**
   * Parses complete records from the buffer until the batch is full or the buffer holds no complete
   * record; keeps the unparsed rest. True if it stopped because the batch is full.
   */
  const consume = (final: boolean): boolean => {
    let full = false;
    let pos = 0;
    const length = buffer.length;
    // The next quote in the buffer, found once rather than per line.
    let nextQuote = -1;
    while (pos < length) {
      if (batch.length >= batchSize || chars >= batchChars) {
        full = true;
        break;
      }
      let nl = buffer.indexOf('\n', pos);
      if (nl === -1) {
        if (!final) break;
        nl = length;
      }
      const end = nl > pos && buffer.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      if (nextQuote !== Infinity && nextQuote < pos) {
        nextQuote = buffer.indexOf('"', pos);
        if (nextQuote === -1) nextQuote = Infinity;
      }
      if (nextQuote >= end) {
        if (end > pos) {
          const text = buffer.slice(pos, end);
          delimiter ??= detectDelimiter(text);
          const fields = text.split(delimiter);
          if (end - pos > fieldCheck) checkRecord(fields, pos, end);
          const record: CsvRecord = { line, fields };
          if (watch && fields.some(holdsBadBytes)) record.badBytes = true;
          batch.push(record);
          chars += end - pos;
        }
        line++;
        pos = nl + 1;
        continue;
      }
      // A record with quotes: parse it field by field; it may run over several lines.
      delimiter ??= detectDelimiter(buffer.slice(pos, end));
      const parsed = parseQuoted(buffer, pos, delimiter, final, line);
      if (parsed === null) break; // the record continues in the next chunk
      if (parsed.next - pos > fieldCheck) {
        let to = parsed.next;
        if (buffer.charCodeAt(to - 1) === 10) to--;
        if (buffer.charCodeAt(to - 1) === 13) to--;
        checkRecord(parsed.fields, pos, to);
      }
      push({ line, fields: parsed.fields }, parsed.next - pos);
      line += 1 + parsed.breaks;
      pos = parsed.next;
    }
    if (!full && !final && length - pos > fieldCheck) checkPartial(pos);
    buffer = pos >= buffer.length ? '' : buffer.slice(pos);
    return full;
  };

  for await (const chunk of source) {
    let text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    watch ||= decoder.marked;
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    buffer += text;
    while (consume(false)) yield take();
  }
  buffer += decoder.end();
  watch ||= decoder.marked;
  if (first && buffer.charCodeAt(0) === 0xfeff) buffer = buffer.slice(1);
  while (consume(true)) yield take();
  if (buffer.length > 0) throw new CsvSyntaxError(line, 'a quoted field is not closed before the end of the file');
  if (batch.length > 0) yield take();
}

/**
 * One record starting at `start` that has quotes. Null if the buffer ends inside it and more input
 * may come. `breaks` counts the line breaks inside quoted fields.
 */
function parseQuoted(buffer: string, start: number, delimiter: string, final: boolean, line: number): { fields: string[]; next: number; breaks: number } | null {
  const fields: string[] = [];
  const d = delimiter.charCodeAt(0);
  let pos = start;
  let breaks = 0;
  for (;;) {
    if (buffer.charCodeAt(pos) === 34) {
      // A quoted field: up to the closing quote; "" is a quote.
      let value = '';
      let from = pos + 1;
      for (;;) {
        const q = buffer.indexOf('"', from);
        if (q === -1) {
          if (final) throw new CsvSyntaxError(line, 'a quoted field is not closed before the end of the file');
          return null;
        }
        value += buffer.slice(from, q);
        if (buffer.charCodeAt(q + 1) === 34) {
          value += '"';
          from = q + 2;
          continue;
        }
        if (q + 1 >= buffer.length && !final) return null; // cannot tell yet what follows the quote
        pos = q + 1;
        break;
      }
      for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) === 10) breaks++;
      fields.push(value);
      const c = buffer.charCodeAt(pos);
      if (c === d) {
        pos++;
        continue;
      }
      if (Number.isNaN(c)) return { fields, next: pos, breaks };
      if (c === 13 && buffer.charCodeAt(pos + 1) === 10) return { fields, next: pos + 2, breaks };
      if (c === 13 && pos + 1 >= buffer.length && !final) return null;
      if (c === 10 || c === 13) return { fields, next: pos + 1, breaks };
      throw new CsvSyntaxError(line + breaks, `unexpected ${JSON.stringify(buffer[pos])} after a closing quote`);
    }
    // An unquoted field: up to the delimiter or the end of the line.
    let end = pos;
    for (;;) {
      const c = buffer.charCodeAt(end);
      if (c === d || c === 10 || Number.isNaN(c)) break;
      end++;
    }
    if (Number.isNaN(buffer.charCodeAt(end)) && !final) return null;
    const raw = buffer.slice(pos, end);
    const value = raw.endsWith('\r') && buffer.charCodeAt(end) !== d ? raw.slice(0, -1) : raw;
    if (value.includes('"')) throw new CsvSyntaxError(line + breaks, 'a quote inside an unquoted field (quote the whole field and double the quote)');
    fields.push(value);
    if (buffer.charCodeAt(end) === d) {
      pos = end + 1;
      continue;
    }
    return { fields, next: Number.isNaN(buffer.charCodeAt(end)) ? end : end + 1, breaks };
  }
}

/** What makes a spreadsheet read a cell as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/**
 * Text as a spreadsheet cell nailup writes (a CSV field, an .xlsx text cell: src/reports/report-xlsx.ts):
 * text a spreadsheet would run as a formula (starting with = + - @, tab or CR: contact data comes from
 * uploaded files) gets a leading apostrophe, as OWASP advises; text that is only a number (a phone
 * number such as +12125550100) is kept as it is.
 */
export function formulaSafe(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/**
 * A value as a field of a CSV file nailup writes: formula-safe (formulaSafe), quoted when it holds a
 * quote, comma or line break; numbers as they are.
 */
export function csvField(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = formulaSafe(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
