/**
 * `contacts.window_deferred_at`: when the dialer put off a due contact to its calling window's opening
 * (its next_attempt_at is then that opening, not a retry time of its own); null otherwise. A job that
 * starts, or whose calling window is edited, makes those contacts due again at once and checks them
 * against the window it has now: a widened window takes effect at once, not at the old opening.
 */
import type { Kysely, Migration } from 'kysely';
import { COLUMN_TYPES, dialectOf } from './column-types.ts';

export const windowDeferralMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('contacts').addColumn('window_deferred_at', COLUMN_TYPES[dialectOf(db)].time).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('contacts').dropColumn('window_deferred_at').execute();
  },
};
