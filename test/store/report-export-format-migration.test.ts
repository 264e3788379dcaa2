/** Migration 011 on a database written before it: a scheduled export written then writes CSV files. */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { Migrator, sql, type Kysely } from 'kysely';
import { openDatabase, openStore } from '../../src/store/open-store.ts';
import { initialMigration } from '../../src/store/migrations/001_initial.ts';
import { desktopMigration } from '../../src/store/migrations/002_desktop.ts';
import { utilitiesMigration } from '../../src/store/migrations/003_utilities.ts';
import { reportExportsMigration } from '../../src/store/migrations/004_report_exports.ts';

it('reads an export scheduled before migration 011 as csv', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'nailup-migration-'));
  const path = join(dir, 'old.db');
  try {
    const { db } = await openDatabase(path);
    const old = db as unknown as Kysely<unknown>;
    const migrations = { '001_initial': initialMigration, '002_desktop': desktopMigration, '003_utilities': utilitiesMigration, '004_report_exports': reportExportsMigration };
    const { error } = await new Migrator({ db: old, provider: { getMigrations: () => Promise.resolve(migrations) } }).migrateToLatest();
    assert.equal(error, undefined);
    await sql`insert into report_exports (report, campaign_name, frequency, time_of_day, time_zone, next_run_at, created_by, created_at)
      values ('ntc', ${null}, 'weekly', '06:30', 'UTC', 1767225600000, 'sup', 1767225600000)`.execute(old);
    await db.destroy();

    const store = await openStore(path);
    try {
      const [record] = await store.reportExports.list();
      assert.deepEqual([record?.report, record?.format], ['ntc', 'csv']);
    } finally {
      await store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
