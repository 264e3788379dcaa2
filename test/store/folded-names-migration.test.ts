/**
 * Migration 015 on a database written before it (SQLite and PostgreSQL): names that differ only by case
 * get a unique index; a database already holding such a pair is refused, naming the pair, and left as it was.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Migrator, type Kysely } from 'kysely';
import { sampleCampaign } from './contract/fixtures.ts';
import { KyselyStore } from '../../src/store/kysely-store.ts';
import { openDatabase, openStore } from '../../src/store/open-store.ts';
import { initialMigration } from '../../src/store/migrations/001_initial.ts';
import { desktopMigration } from '../../src/store/migrations/002_desktop.ts';
import { utilitiesMigration } from '../../src/store/migrations/003_utilities.ts';
import { reportExportsMigration } from '../../src/store/migrations/004_report_exports.ts';
import { dncSourceMigration } from '../../src/store/migrations/005_dnc_source.ts';
import { administrationMigration } from '../../src/store/migrations/006_administration.ts';
import { inboundMigration } from '../../src/store/migrations/007_inbound.ts';
import { leadershipMigration } from '../../src/store/migrations/008_leadership.ts';
import { ctiLoginsMigration } from '../../src/store/migrations/009_cti_logins.ts';
import { reportRollupsMigration } from '../../src/store/migrations/010_report_rollups.ts';
import { reportExportFormatMigration } from '../../src/store/migrations/011_report_export_format.ts';
import { listingAndNotesMigration } from '../../src/store/migrations/012_listing_and_notes.ts';
import { firstAttemptMigration } from '../../src/store/migrations/013_first_attempt.ts';
import { windowDeferralMigration } from '../../src/store/migrations/014_window_deferral.ts';
import type { Store } from '../../src/store/store.ts';
import { startPostgres, type TestPostgres } from '../support/postgres.ts';

const BEFORE_015 = {
  '001_initial': initialMigration, '002_desktop': desktopMigration, '003_utilities': utilitiesMigration, '004_report_exports': reportExportsMigration,
  '005_dnc_source': dncSourceMigration, '006_administration': administrationMigration, '007_inbound': inboundMigration, '008_leadership': leadershipMigration,
  '009_cti_logins': ctiLoginsMigration, '010_report_rollups': reportRollupsMigration, '011_report_export_format': reportExportFormatMigration,
  '012_listing_and_notes': listingAndNotesMigration, '013_first_attempt': firstAttemptMigration, '014_window_deferral': windowDeferralMigration,
};

/** Writes campaigns with these names on a schema of migration 014. */
async function writeBefore015(url: string, names: string[]): Promise<void> {
  const { db, dialect, sqlite } = await openDatabase(url);
  const { error } = await new Migrator({ db: db as Kysely<unknown>, provider: { getMigrations: () => Promise.resolve(BEFORE_015) } }).migrateToLatest();
  assert.equal(error, undefined);
  const store: Store = new KyselyStore(db, dialect, sqlite);
  try {
    await store.organizations.ensureOrganization('Acme');
    const list = await store.contactLists.create({ name: 'Accounts', organizationName: 'Acme', zoneName: 'Default', lastUpdatedOn: 0 });
    for (const name of names) await store.campaigns.create(sampleCampaign(name, list.id));
  } finally {
    await store.close();
  }
}

async function checkUpgrades(url: string): Promise<void> {
  await writeBefore015(url, ['Spring', 'Summer']);
  const store = await openStore(url);
  try {
    const list = (await store.contactLists.list())[0]!;
    await assert.rejects(store.campaigns.create(sampleCampaign('SUMMER', list.id)), { code: 'CONFLICT' });
  } finally {
    await store.close();
  }
}

async function checkRefuses(url: string): Promise<void> {
  await writeBefore015(url, ['Spring', 'SPRING', 'spring', 'Summer']);
  await assert.rejects(openStore(url), {
    message: 'Database migration 015_folded_names failed: campaigns named alike but for case: SPRING, Spring, spring; rename one of each',
  });
  // Refused, not half done: once the pair is renamed, the upgrade goes through.
  const { db } = await openDatabase(url);
  try {
    await db.updateTable('campaigns').set({ name: 'Spring 2' }).where('name', '=', 'SPRING').execute();
    await db.updateTable('campaigns').set({ name: 'Spring 3' }).where('name', '=', 'spring').execute();
  } finally {
    await db.destroy();
  }
  const store = await openStore(url);
  try {
    assert.deepEqual((await store.campaigns.list()).map((c) => c.name).sort(), ['Spring', 'Spring 2', 'Spring 3', 'Summer']);
  } finally {
    await store.close();
  }
}

describe('migration 015: names unique but for case', () => {
  let dir: string;
  let cluster: TestPostgres;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nailup-migration-'));
    cluster = await startPostgres();
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
    await cluster?.stop();
  });

  it('SQLite: upgrades, then refuses a name taken but for case', async () => {
    await checkUpgrades(join(dir, 'upgrade.db'));
  });

  it('SQLite: refuses to upgrade a database holding names alike but for case, naming them', async () => {
    await checkRefuses(join(dir, 'refused.db'));
  });

  it('PostgreSQL: upgrades, then refuses a name taken but for case', async () => {
    await checkUpgrades(cluster.url);
  });
});
