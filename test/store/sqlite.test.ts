import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { openDatabase, openStore } from '../../src/store/open-store.ts';
import { storeContract } from './store-contract.ts';

let dir: string;
let opened = 0;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nailup-sqlite-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A new database file for each test. */
function freshPath(): string {
  opened += 1;
  return join(dir, `store-${opened}.db`);
}

storeContract('SQLite', async () => {
  const store = await openStore(freshPath());
  return { store, cleanup: () => store.close() };
});

describe('SQLite adapter', () => {
  it('reports its dialect and opens sqlite: URLs and :memory:', async () => {
    for (const url of [`sqlite:${freshPath()}`, ':memory:', 'sqlite::memory:']) {
      const store = await openStore(url);
      try {
        assert.equal(store.dialect, 'sqlite');
        await store.organizations.ensureOrganization('Acme');
        assert.equal((await store.organizations.listOrganizations()).length, 1);
      } finally {
        await store.close();
      }
    }
  });

  it('creates the parent directory of the file', async () => {
    const store = await openStore(join(dir, 'nested', 'deeper', 'store.db'));
    await store.close();
  });

  it('runs in WAL mode with foreign keys on', async () => {
    const path = freshPath();
    await (await openStore(path)).close();
    const { db, dialect } = await openDatabase(path);
    try {
      assert.equal(dialect, 'sqlite');
      const journal = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db);
      assert.equal(journal.rows[0]?.journal_mode, 'wal');
      const foreignKeys = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db);
      assert.equal(foreignKeys.rows[0]?.foreign_keys, 1);
      const synchronous = await sql<{ synchronous: number }>`pragma synchronous`.execute(db);
      assert.equal(synchronous.rows[0]?.synchronous, 1); // NORMAL
    } finally {
      await db.destroy();
    }
  });

  it('keeps the data across closing and re-opening the file', async () => {
    const path = freshPath();
    const first = await openStore(path);
    const list = await first.contactLists.create({ name: 'Kept', organizationName: 'Acme', zoneName: 'Default', lastUpdatedOn: 1 });
    await first.contacts.insertMany(list.id, [{
      userContactId: 'C1', title: '', firstName: 'Ada', lastName: 'Lovelace', phones: [], emails: [],
      address: { line1: '', line2: '', line3: '', line4: '', line5: '', country: 'GB', zipCode: '' },
      customFields: {}, priority: 0,
    }]);
    await first.close();

    // Re-opening migrates again: that must be a no-op on an up-to-date file.
    const second = await openStore(path);
    try {
      assert.deepEqual(await second.contactLists.findByName('Kept'), list);
      assert.equal(defined(await second.contacts.findByUserContactId(list.id, 'C1')).lastName, 'Lovelace');
    } finally {
      await second.close();
    }
  });

  it('a failed migration names itself and leaves nothing half-made', async () => {
    const path = freshPath();
    const raw = new SqliteDatabase(path);
    raw.exec('create table agents (unrelated text)'); // clashes with a table the migration creates
    raw.close();

    await assert.rejects(openStore(path), /Database migration 001_initial failed: .*agents/);

    const check = new SqliteDatabase(path);
    try {
      const tables = check.prepare("select name from sqlite_master where type = 'table' and name = 'organizations'").all();
      assert.deepEqual(tables, []);
    } finally {
      check.close();
    }
  });

  it('enforces foreign keys', async () => {
    const store = await openStore(':memory:');
    try {
      await assert.rejects(store.jobs.create(12345, 0), /FOREIGN KEY/);
    } finally {
      await store.close();
    }
  });
});

function defined<T>(value: T | undefined): T {
  assert.notEqual(value, undefined);
  return value as T;
}
