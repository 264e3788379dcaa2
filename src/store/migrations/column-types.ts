import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';

export interface ColumnTypes {
  /** Store-assigned ids and the columns that reference them. */
  id: 'integer' | 'bigint';
  /** Epoch ms. */
  time: 'integer' | 'bigint';
  flag: 'integer' | 'boolean';
  /** Makes `id` the auto-incrementing primary key. */
  primaryId: (col: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
}

export const COLUMN_TYPES: Record<Dialect, ColumnTypes> = {
  // `integer primary key` is SQLite's rowid alias; autoincrement keeps ids from being reused.
  sqlite: { id: 'integer', time: 'integer', flag: 'integer', primaryId: (col) => col.primaryKey().autoIncrement() },
  postgres: { id: 'bigint', time: 'bigint', flag: 'boolean', primaryId: (col) => col.primaryKey().generatedAlwaysAsIdentity() },
};

/**
 * Kysely has no public dialect accessor, but the compiled placeholder tells the two apart:
 * PostgreSQL numbers its parameters (`$1`), SQLite uses `?`.
 */
export function dialectOf(db: Kysely<unknown>): Dialect {
  return sql`${0}`.compile(db).sql === '$1' ? 'postgres' : 'sqlite';
}

