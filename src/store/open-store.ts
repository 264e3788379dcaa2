import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { KyselyStore } from './kysely-store.ts';
import { migrateToLatest } from './migrate.ts';
import { withStatementCache } from './statement-cache.ts';
import type { Database, Dialect } from './schema.ts';
import type { Store } from './store.ts';

/** PostgreSQL's type id for int8 (bigint), the type of times, ids and count(*). */
const INT8_OID = 20;
/** How long a SQLite writer waits for another process's lock before failing. */
const SQLITE_BUSY_TIMEOUT_MS = 5000;

export interface OpenedDatabase {
  db: Kysely<Database>;
  dialect: Dialect;
  /** The SQLite connection under `db`, for bulk statements run through `db.connection()`. */
  sqlite?: SqliteDatabase.Database;
}

export function isPostgresUrl(url: string): boolean {
  return url.startsWith('postgres://') || url.startsWith('postgresql://');
}

/** `sqlite:PATH` or a bare path; `:memory:` (or `sqlite::memory:`) for a private in-memory database. */
export function sqlitePath(url: string): string {
  return url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url;
}

function parseInt8(value: string): number {
  const n = Number(value);
  // Epoch ms, ids and counts fit easily; anything larger would silently lose precision.
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} does not fit a JS number`);
  return n;
}

/** How a store opens: `epoch` fences every write of a leading dialer (PostgreSQL; src/store/fencing.ts). */
export interface StoreOptions {
  epoch?: number;
}

function openPostgres(url: string, options: StoreOptions = {}): Kysely<Database> {
  // Parsers for this pool only, so other pg users in the process keep the default (string) int8.
  const types = new pg.TypeOverrides();
  types.setTypeParser(INT8_OID, parseInt8);
  const pool = new pg.Pool({ connectionString: url, types, ...(options.epoch === undefined ? {} : { options: `-c nailup.epoch=${options.epoch}` }) });
  // An idle connection the server drops emits 'error' on the pool; unhandled, it would crash the
  // process. The pool discards that client and the next query opens a new one.
  pool.on('error', () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

function openSqlite(path: string): { db: Kysely<Database>; sqlite: SqliteDatabase.Database } {
  if (path !== ':memory:' && path !== '') mkdirSync(dirname(path), { recursive: true });
  const database = new SqliteDatabase(path);
  // WAL lets readers run beside the writer; with NORMAL a commit survives a crash of the process
  // (not necessarily a power loss) without an fsync per transaction.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) }), sqlite: database };
}

/**
 * Opens the database named by `url` without migrating it: `postgres://…` / `postgresql://…` for
 * PostgreSQL, otherwise a SQLite file path, `sqlite:PATH` or `:memory:`.
 */
export async function openDatabase(url: string, options: StoreOptions = {}): Promise<OpenedDatabase> {
  if (isPostgresUrl(url)) return { db: openPostgres(url, options), dialect: 'postgres' };
  return { ...openSqlite(sqlitePath(url)), dialect: 'sqlite' };
}

/** Opens the database named by `url` (see openDatabase), brings its schema up to date and returns the Store. */
export async function openStore(url: string, options: StoreOptions = {}): Promise<Store> {
  const { db, dialect, sqlite } = await openDatabase(url, options);
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return new KyselyStore(db, dialect, sqlite);
}
