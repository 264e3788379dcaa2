/**
 * A streaming CSV reader (RFC 4180: quoted fields, doubled quotes, CR LF or LF, line breaks inside
 * quotes). It holds one chunk of the input and one batch of records at a time, so a file of millions
 * of rows never sits in memory whole. Lines without a quote are split natively, which keeps the
 * reader at a few hundred nanoseconds a row.
 */
import { StringDecoder } from 'node:string_decoder';

export interface CsvRecord {
  /** The line of the file the record starts on, 1-based (the header is line 1). */
  line: number;
  fields: string[];
}

export interface CsvOptions {
  /** Records per yielded batch. */
  batchSize?: number;
  /** `,` `;` or tab; by default the one the first line has most of (`,` if none). */
  delimiter?: string;
}

export class CsvSyntaxError extends Error {
  constructor(readonly line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvSyntaxError';
  }
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
  const decoder = new StringDecoder('utf8');
  let delimiter = options.delimiter;
  let buffer = '';
  let line = 1;
  let first = true;
  const batch: CsvRecord[] = [];

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
      if (batch.length >= batchSize) {
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
          batch.push({ line, fields: text.split(delimiter) });
        }
        line++;
        pos = nl + 1;
        continue;
      }
      // A record with quotes: parse it field by field; it may run over several lines.
      delimiter ??= detectDelimiter(buffer.slice(pos, end));
      const parsed = parseQuoted(buffer, pos, delimiter, final, line);
      if (parsed === null) break; // the record continues in the next chunk
      batch.push({ line, fields: parsed.fields });
      line += 1 + parsed.breaks;
      pos = parsed.next;
    }
    buffer = pos >= buffer.length ? '' : buffer.slice(pos);
    return full;
  };

  for await (const chunk of source) {
    let text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    buffer += text;
    while (consume(false)) yield batch.splice(0, batchSize);
  }
  buffer += decoder.end();
  if (first && buffer.charCodeAt(0) === 0xfeff) buffer = buffer.slice(1);
  while (consume(true)) yield batch.splice(0, batchSize);
  if (buffer.length > 0) throw new CsvSyntaxError(line, 'a quoted field is not closed before the end of the file');
  if (batch.length > 0) yield batch.splice(0, batchSize);
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
 * A value as a field of a CSV file nailup writes: quoted when it holds a quote, comma or line break.
 * Text a spreadsheet would run as a formula (starting with = + - @, tab or CR: contact data comes from
 * uploaded files) gets a leading apostrophe, as OWASP advises; numbers, and text that is only a number
 * (a phone number such as +12125550100), are written as they are.
 */
export function csvField(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
