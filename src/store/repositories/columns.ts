/** Conversions shared by the repositories between record fields and column values. */
import { conflict } from '../../errors.ts';

/** Flags are written as 0/1: SQLite stores the integer, PostgreSQL reads '1'/'0' as boolean input. */
export function toFlag(value: boolean): number {
  return value ? 1 : 0;
}

/** A flag column as read back: 0/1 from SQLite, false/true from PostgreSQL. */
export function fromFlag(value: number | boolean): boolean {
  return value === true || value === 1;
}

export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

/** Parses a JSON column; the store wrote it from a value of type T. */
export function fromJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

/** Splits `items` into slices of at most `size`, to keep statements under the bound-parameter limit. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Throws if an update by id touched no row. */
export function expectUpdated(result: { numUpdatedRows: bigint }, what: string, id: number | string): void {
  if (result.numUpdatedRows === 0n) throw new Error(`${what} ${id} not found`);
}

/** Runs an insert of a named record; a name already taken (case folded, see migration 015) is a CONFLICT. */
export async function insertNamed<T>(what: string, name: string, insert: () => Promise<T>): Promise<T> {
  try {
    return await insert();
  } catch (error) {
    // SQLite's and PostgreSQL's codes for a unique index's violation.
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505') throw conflict(`${what} name ${name} is taken (names are unique whatever their case)`);
    throw error;
  }
}
