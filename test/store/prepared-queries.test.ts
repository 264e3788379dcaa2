import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { affectedRows, PreparedQueries } from '../../src/store/repositories/prepared.ts';

interface Db {
  items: { id: number; name: string; state: string; note: string | null };
}

describe('prepared queries', () => {
  let db: Kysely<Db>;
  let prepared: PreparedQueries;

  before(async () => {
    db = new Kysely<Db>({ dialect: new SqliteDialect({ database: new SqliteDatabase(':memory:') }) });
    await db.schema.createTable('items')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .execute();
    prepared = new PreparedQueries(db as Kysely<never>);
  });
  after(() => db.destroy());

  const insert = (id: number, name: string, note: string | null) =>
    prepared.run('insert', { id, name, note }, (v) => db.insertInto('items').values({ id: v.id, name: v.name, state: 'new', note: v.note }));
  const rename = (id: number, name: string) =>
    prepared.run('rename', { id, name }, (v) => db.updateTable('items').set({ name: v.name }).where('id', '=', v.id).where('state', '=', 'new'));

  it('runs one compiled query with each call\'s values, constants kept', async () => {
    await insert(1, 'first', null);
    await insert(2, 'second', 'a note');
    assert.equal(affectedRows(await rename(2, 'renamed')), 1n);
    assert.equal(affectedRows(await rename(3, 'nobody')), 0n);
    assert.deepEqual(await db.selectFrom('items').selectAll().orderBy('id').execute(), [
      { id: 1, name: 'first', state: 'new', note: null },
      { id: 2, name: 'renamed', state: 'new', note: 'a note' },
    ]);
  });

  it('refuses an undefined value, which would have been left out of the SQL', async () => {
    await assert.rejects(
      prepared.run('insert', { id: 4, name: 'x', note: undefined }, () => assert.fail('the shape is built already')),
      /prepared query insert: no value for note/,
    );
    assert.equal((await db.selectFrom('items').select('id').where('id', '=', 4).execute()).length, 0);
  });
});
