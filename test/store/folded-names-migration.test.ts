/**
 * Migration 015 on a database written before it (SQLite and PostgreSQL): names that differ only by case
 * get a unique index; a database already holding such a pair is refused, naming the pair, and left as it was.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sampleCampaign } from './contract/fixtures.ts';
import { KyselyStore } from '../../src/store/kysely-store.ts';
import { openDatabase, openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { openBefore, upgradeDatabases } from '../support/upgrades.ts';

/** Writes campaigns with these names on a schema of migration 014. */
async function writeBefore015(url: string, names: string[]): Promise<void> {
  const { db, dialect, sqlite } = await openBefore(url, '015_folded_names');
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
  const databases = upgradeDatabases();

  it('SQLite: upgrades, then refuses a name taken but for case', async () => {
    await checkUpgrades(databases.sqlite('upgrade.db'));
  });

  it('SQLite: refuses to upgrade a database holding names alike but for case, naming them', async () => {
    await checkRefuses(databases.sqlite('refused.db'));
  });

  it('PostgreSQL: upgrades, then refuses a name taken but for case', async () => {
    await checkUpgrades(databases.postgres());
  });
});
