/**
 * Where a DNC address came from, for the DNC List report: `manual` (a supervisor's file, import or
 * web service call) or `dialer` (an agent's "do not call" disposition: the dialer's kill list).
 * Addresses already listed were all put there by hand.
 */
import type { Kysely, Migration } from 'kysely';

export const dncSourceMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('dnc_addresses').addColumn('source', 'text', (c) => c.notNull().defaultTo('manual')).execute();
    await db.schema.createIndex('dnc_addresses_added_at_idx').on('dnc_addresses').column('added_at').execute();
  },
};
