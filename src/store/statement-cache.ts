import type SqliteDatabase from 'better-sqlite3';
import type { SqliteDatabase as KyselySqliteDatabase, SqliteStatement } from 'kysely';

/** Distinct statements kept per connection; the dialer and the server use a few dozen. */
const STATEMENTS_KEPT = 512;

/**
 * The SQLite connection as Kysely's driver sees it, with prepared statements reused by SQL text.
 * The driver prepares every query again, and preparing costs about as much as running one of the
 * dialer's small writes. Reuse is safe: the driver holds its one connection while a statement runs
 * to completion (`all`, `run`, or an `iterate` it ends), so no statement is in use twice at once.
 * When full, the oldest statement goes: a statement used once (a list of ids of a new length) does
 * not stay, and a frequent one evicted is prepared again once.
 */
export function withStatementCache(database: SqliteDatabase.Database): KyselySqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      let statement = statements.get(sql);
      if (statement === undefined) {
        statement = database.prepare(sql) as unknown as SqliteStatement;
        statements.set(sql, statement);
        if (statements.size > STATEMENTS_KEPT) statements.delete(statements.keys().next().value!);
      }
      return statement;
    },
  };
}
