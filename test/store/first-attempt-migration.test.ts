/**
 * Migration 013 on a database written before it (SQLite and PostgreSQL): the attempts already stored give
 * each contact its first attempt, so List Accounts Not Attempted answers as it did before the upgrade.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sampleCampaign, sampleContact } from './contract/fixtures.ts';
import { KyselyStore } from '../../src/store/kysely-store.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { openBefore, upgradeDatabases } from '../support/upgrades.ts';

const T0 = 1_767_225_600_000;
const MINUTE = 60_000;

/** Writes, on a schema of migration 012, accounts attempted early, late (twice) and never; returns the list's id. */
async function writeBefore013(url: string): Promise<number> {
  const { db, dialect, sqlite } = await openBefore(url, '013_first_attempt');
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
  const databases = upgradeDatabases();

  it('SQLite: gives each contact its earliest attempt', async () => {
    await checkUpgrade(databases.sqlite('old.db'));
  });

  it('PostgreSQL: gives each contact its earliest attempt', async () => {
    await checkUpgrade(databases.postgres());
  });
});
