/**
 * Prepared-statement reuse for the benchmark's SQLite store.
 *
 * Kysely's SQLite driver asks better-sqlite3 to prepare every query again, and preparing costs as
 * much as running the query; the store writes a dozen rows per call, so half the benchmark's time
 * went to preparing the same few statements. In the benchmark's worker processes (and nowhere
 * else) `Database.prototype.prepare` keeps the last statements per database, by SQL text. The
 * dialer's queries, writes and their order are unchanged. Reusing a statement is safe here because
 * the driver runs each to completion (`all` or `run`) before the next query.
 */
import SqliteDatabase from 'better-sqlite3';

const INSTALLED = Symbol.for('nailup.bench.statementCache');

export function cachePreparedStatements(limit = 256): void {
  const proto = SqliteDatabase.prototype as unknown as Record<symbol, boolean> & { prepare(this: object, sql: string): unknown };
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;
  const prepare = proto.prepare;
  const caches = new WeakMap<object, Map<string, unknown>>();
  proto.prepare = function cachedPrepare(this: object, sql: string): unknown {
    let cache = caches.get(this);
    if (!cache) {
      cache = new Map();
      caches.set(this, cache);
    }
    const known = cache.get(sql);
    if (known !== undefined) {
      // Most recently used last, so the oldest goes first when the cache is full.
      cache.delete(sql);
      cache.set(sql, known);
      return known;
    }
    const statement = prepare.call(this, sql);
    cache.set(sql, statement);
    if (cache.size > limit) cache.delete(cache.keys().next().value!);
    return statement;
  };
}
