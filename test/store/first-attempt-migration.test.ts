/**
 * Migration 013 on a database written before it (SQLite and PostgreSQL): the attempts already stored give
 * each contact its first attempt, so List Accounts Not Attempted answers as it did before the upgrade.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Migrator, type Kysely } from 'kysely';
import { sampleCampaign, sampleContact } from './contract/fixtures.ts';
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
import type { Store } from '../../src/store/store.ts';
import { startPostgres, type TestPostgres } from '../support/postgres.ts';

const BEFORE_013 = {
  '001_initial': initialMigration, '002_desktop': desktopMigration, '003_utilities': utilitiesMigration, '004_report_exports': reportExportsMigration,
  '005_dnc_source': dncSourceMigration, '006_administration': administrationMigration, '007_inbound': inboundMigration, '008_leadership': leadershipMigration,
  '009_cti_logins': ctiLoginsMigration, '010_report_rollups': reportRollupsMigration, '011_report_export_format': reportExportFormatMigration,
  '012_listing_and_notes': listingAndNotesMigration,
};

const T0 = 1_767_225_600_000;
const MINUTE = 60_000;



/** Writes, on a schema of migration 012, accounts attempted early, late (twice) and never; returns the list's id. */
async function writeBefore013(url: string): Promise<number> {
  const { db, dialect, sqlite } = await openDatabase(url);
  const { error } = await new Migrator({ db: db as Kysely<unknown>, provider: { getMigrations: () => Promise.resolve(BEFORE_013) } }).migrateToLatest();
  assert.equal(error, undefined);
  const store: Store = new KyselyStore(db, dialect, sqlite);
  try {
    await store.organizations.ensureOrganization('Acme');
    const list = await store.contactLists.create({ name: 'Accounts', organizationName: 'Acme', zoneName: 'Default', lastUpdatedOn: T0 });
    const c = await store.campaigns.create(sampleCampaign('Spring', list.id));
    const job = await store.jobs.create(c.id, T0);
    await store.contacts.insertMany(list.id, ['early', 'late', 'never'].map((id) => sampleContact(id, 'UTC')));
    const dial = async (account: string, at: number): Promise<void> => {
      const target = await store.contacts.findByUserContactId(list.id, account);
      assert.ok(target, account);
      await store.attempts.insert({ jobId: job.id, campaignId: c.id, contactId: target.id, number: '+13125550100', kind: 'predictive', dialedAt: at });
    };
    // The later attempt of 'early' is stored first: the backfill takes the earliest.
    await dial('early', T0 + 30 * MINUTE);
    await dial('early', T0 + MINUTE);
    await dial('late', T0 + 20 * MINUTE);
    await dial('late', T0 + 40 * MINUTE);
    return list.id;
  } finally {
    await store.close();
  }
}

async function notAttempted(store: Store, listId: number, to: number): Promise<string[]> {
  return (await store.contacts.notAttempted([listId], to, 10, 0)).contacts.map((c) => c.userContactId);
}

async function checkUpgrade(url: string): Promise<void> {
  const listId = await writeBefore013(url);
  const store = await openStore(url);
  try {
    assert.deepEqual(await notAttempted(store, listId, T0 + 10 * MINUTE), ['late', 'never']);
    assert.deepEqual(await notAttempted(store, listId, T0 + 25 * MINUTE), ['never']);
    assert.deepEqual(await notAttempted(store, listId, T0 + MINUTE), ['early', 'late', 'never']);
  } finally {
    await store.close();
  }
}

describe('migration 013 on a database with attempts', () => {
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

  it('SQLite: gives each contact its earliest attempt', async () => {
    await checkUpgrade(join(dir, 'old.db'));
  });

  it('PostgreSQL: gives each contact its earliest attempt', async () => {
    await checkUpgrade(cluster.url);
  });
});
