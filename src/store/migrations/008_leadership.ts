/**
 * The dialer's lease: which process leads, under which epoch. The epoch goes up by one at every change
 * of leader; PostgreSQL refuses a write that carries an older one (src/store/fencing.ts). One row (id 1),
 * written by the leadership only; SQLite has the table too, unused, so the schemas stay the same.
 */
import type { Kysely, Migration } from 'kysely';
import { COLUMN_TYPES, dialectOf } from './column-types.ts';

export const leadershipMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const t = COLUMN_TYPES[dialectOf(db)];
    await db.schema.createTable('leadership')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('epoch', t.id, (c) => c.notNull())
      .addColumn('holder', 'text', (c) => c.notNull())
      .addColumn('since', t.time, (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('leadership').execute();
  },
};
