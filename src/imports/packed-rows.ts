/**
 * Checked rows packed for the trip from the import's worker thread: a column of text per field, its
 * values joined by NUL, and the numbers in typed arrays. Copying a few long strings between threads
 * costs far less than copying thousands of small objects. The texts must not hold a NUL themselves:
 * the worker sends the rows of a file that has one as they are.
 */
const SEPARATOR = '\u0000';

export interface PackedRows {
  count: number;
  texts: Record<string, string>;
  numbers: Record<string, Float64Array>;
}

type Row = Record<string, string | number>;

/** The rows packed; no text may hold a NUL. */
export function packRows(rows: readonly Row[], textKeys: readonly string[], numberKeys: readonly string[]): PackedRows {
  const texts: Record<string, string> = {};
  for (const key of textKeys) {
    const column: string[] = new Array<string>(rows.length);
    for (let i = 0; i < rows.length; i++) column[i] = rows[i]![key] as string;
    texts[key] = column.join(SEPARATOR);
  }
  const numbers: Record<string, Float64Array> = {};
  for (const key of numberKeys) numbers[key] = Float64Array.from(rows, (r) => r[key] as number);
  return { count: rows.length, texts, numbers };
}

/** Whether a chunk of the file holds a NUL (its rows cannot be packed). */
export const holdsNul = (chunk: Uint8Array | string): boolean => (typeof chunk === 'string' ? chunk.includes(SEPARATOR) : chunk.includes(0));

export function unpackRows<T>(packed: PackedRows): T[] {
  const rows: Row[] = Array.from({ length: packed.count }, () => ({}));
  for (const [key, joined] of Object.entries(packed.texts)) {
    const values = packed.count === 0 ? [] : joined.split(SEPARATOR);
    for (let i = 0; i < packed.count; i++) rows[i]![key] = values[i]!;
  }
  for (const [key, values] of Object.entries(packed.numbers)) {
    for (let i = 0; i < packed.count; i++) rows[i]![key] = values[i]!;
  }
  return rows as T[];
}
