/**
 * The agents logged on through the CTI server (over A3, or by a TMAC desktop), with their extension: a
 * dialer that takes over the lead logs each on again without a password, so that A3/A4 clients and
 * desktops keep their agents through a failover. A one-process restart clears it (its clients died with it).
 */
import type { Kysely, Migration } from 'kysely';
import { COLUMN_TYPES, dialectOf } from './column-types.ts';

export const ctiLoginsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const t = COLUMN_TYPES[dialectOf(db)];
    await db.schema.createTable('cti_logins')
      .addColumn('agent_id', 'text', (c) => c.primaryKey())
      .addColumn('extension', 'text', (c) => c.notNull())
      .addColumn('since', t.time, (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('cti_logins').execute();
  },
};
