import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { openStore } from '../../src/store/open-store.ts';
import { startPostgres, type TestPostgres } from '../support/postgres.ts';
import { storeContract } from './store-contract.ts';

let cluster: TestPostgres;
let admin: pg.Client;

before(async () => {
  cluster = await startPostgres();
  // Migrate once; each test then starts from emptied tables, much faster than a new database.
  await (await openStore(cluster.url)).close();
  admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
});
after(async () => {
  await admin?.end();
  await cluster?.stop();
});

/** Empties every table but the migration bookkeeping, and restarts the ids. */
async function emptyTables(): Promise<void> {
  const { rows } = await admin.query<{ tablename: string }>(
    "select tablename from pg_tables where schemaname = 'public' and tablename not like 'kysely_%'",
  );
  const tables = rows.map((r) => `"${r.tablename}"`).join(', ');
  await admin.query(`truncate ${tables} restart identity cascade`);
}

storeContract('PostgreSQL', async () => {
  await emptyTables();
  const store = await openStore(cluster.url);
  return { store, cleanup: () => store.close() };
});

describe('PostgreSQL adapter', () => {
  it('reports its dialect, accepts postgresql:// URLs and is idempotent to re-open', async () => {
    await emptyTables();
    const url = cluster.url.replace(/^postgres:/, 'postgresql:');
    const first = await openStore(url);
    assert.equal(first.dialect, 'postgres');
    const org = await first.organizations.ensureOrganization('Acme');
    await first.close();
    const second = await openStore(url);
    try {
      assert.deepEqual(await second.organizations.listOrganizations(), [org]);
    } finally {
      await second.close();
    }
  });

  it('reads bigint as numbers in its own pool only', async () => {
    const store = await openStore(cluster.url);
    try {
      const list = await store.contactLists.create({ name: 'L', organizationName: 'A', zoneName: 'Z', lastUpdatedOn: 2 ** 53 - 1 });
      assert.equal(typeof list.id, 'number');
      assert.equal(defined(await store.contactLists.findById(list.id)).lastUpdatedOn, 2 ** 53 - 1);
    } finally {
      await store.close();
    }
    // The process-wide pg parser for int8 is left as it was (strings).
    assert.equal(pg.types.getTypeParser(20)('9007199254740993'), '9007199254740993');
  });

  it('enforces foreign keys', async () => {
    const store = await openStore(cluster.url);
    try {
      await assert.rejects(store.jobs.create(12345, 0), /foreign key/);
    } finally {
      await store.close();
    }
  });
});

function defined<T>(value: T | undefined): T {
  assert.notEqual(value, undefined);
  return value as T;
}
