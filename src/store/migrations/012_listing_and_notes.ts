/**
 * The Account Not in Listing report's table — the accounts of a contact upload that did not make it into
 * the dial list (rejected rows, DNC-scrubbed, duplicates), written by the import with its rejects as the
 * spec's pre-processing script would — and two columns of an attempt: why the dialer marked it nuisance
 * (`agent_aux`: the spec's Outbound Nuisance) and the agent's wrap-up notes.
 */
import type { Kysely, Migration } from 'kysely';
import { COLUMN_TYPES, dialectOf } from './column-types.ts';

export const listingAndNotesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const t = COLUMN_TYPES[dialectOf(db)];
    await db.schema.createTable('unlisted_accounts')
      .addColumn('id', t.id, t.primaryId)
      .addColumn('run_id', t.id, (c) => c.notNull())
      .addColumn('contact_list_id', t.id, (c) => c.notNull())
      .addColumn('user_contact_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('number', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('at', t.time, (c) => c.notNull())
      .execute();
    // The report reads a range of time (of one campaign's list: a filter on that range). One index, so
    // that the import's writes stay light.
    await db.schema.createIndex('unlisted_accounts_at').on('unlisted_accounts').columns(['at', 'id']).execute();
    await db.schema.alterTable('call_attempts').addColumn('nuisance_reason', 'text').execute();
    await db.schema.alterTable('call_attempts').addColumn('notes', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('call_attempts').dropColumn('notes').execute();
    await db.schema.alterTable('call_attempts').dropColumn('nuisance_reason').execute();
    await db.schema.dropTable('unlisted_accounts').execute();
  },
};
