/**
 * For the tests of a migration on a database written before it: the schema just before that migration,
 * and a temp folder for SQLite files beside a throwaway PostgreSQL cluster.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { Migrator, type Kysely } from 'kysely';
import { MIGRATIONS } from '../../src/store/migrate.ts';
import { openDatabase, type OpenedDatabase } from '../../src/store/open-store.ts';
import { startPostgres, type TestPostgres } from './postgres.ts';

/** Opens the database at `url` with the schema of every migration before `migration` (none of it or after). */
export async function openBefore(url: string, migration: string): Promise<OpenedDatabase> {
  if (!(migration in MIGRATIONS)) throw new Error(`no migration ${migration}`);
  const earlier = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < migration));
  const opened = await openDatabase(url);
  const { error } = await new Migrator({ db: opened.db as Kysely<unknown>, provider: { getMigrations: () => Promise.resolve(earlier) } }).migrateToLatest();
  if (error !== undefined) throw error;
  return opened;
}

/** A temp folder and a PostgreSQL cluster for the tests of the calling `describe`, removed after them. */
export function upgradeDatabases(): { sqlite(file: string): string; postgres(): string } {
  let dir = '';
  let cluster: TestPostgres | undefined;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nailup-migration-'));
    cluster = await startPostgres();
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
    await cluster?.stop();
  });
  return { sqlite: (file) => join(dir, file), postgres: () => cluster!.url };
}
