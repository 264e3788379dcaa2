import { Migrator, type Kysely, type Migration } from 'kysely';
import { initialMigration } from './migrations/001_initial.ts';
import { desktopMigration } from './migrations/002_desktop.ts';
import { utilitiesMigration } from './migrations/003_utilities.ts';
import { reportExportsMigration } from './migrations/004_report_exports.ts';
import { dncSourceMigration } from './migrations/005_dnc_source.ts';
import { administrationMigration } from './migrations/006_administration.ts';
import { inboundMigration } from './migrations/007_inbound.ts';
import { leadershipMigration } from './migrations/008_leadership.ts';
import { ctiLoginsMigration } from './migrations/009_cti_logins.ts';
import { reportRollupsMigration } from './migrations/010_report_rollups.ts';
import { reportExportFormatMigration } from './migrations/011_report_export_format.ts';
import { listingAndNotesMigration } from './migrations/012_listing_and_notes.ts';
import { firstAttemptMigration } from './migrations/013_first_attempt.ts';
import { windowDeferralMigration } from './migrations/014_window_deferral.ts';
import { foldedNamesMigration } from './migrations/015_folded_names.ts';
import { installFencing } from './fencing.ts';
import { dialectOf } from './migrations/column-types.ts';
import type { Database } from './schema.ts';

/** Every migration, by name; names sort in the order they run. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '001_initial': initialMigration,
  '002_desktop': desktopMigration,
  '003_utilities': utilitiesMigration,
  '004_report_exports': reportExportsMigration,
  '005_dnc_source': dncSourceMigration,
  '006_administration': administrationMigration,
  '007_inbound': inboundMigration,
  '008_leadership': leadershipMigration,
  '009_cti_logins': ctiLoginsMigration,
  '010_report_rollups': reportRollupsMigration,
  '011_report_export_format': reportExportFormatMigration,
  '012_listing_and_notes': listingAndNotesMigration,
  '013_first_attempt': firstAttemptMigration,
  '014_window_deferral': windowDeferralMigration,
  '015_folded_names': foldedNamesMigration,
};

function migrator(db: Kysely<Database>): Migrator {
  // A static provider: the migrations are bundled with the code, nothing is read from disk.
  return new Migrator({ db, provider: { getMigrations: () => Promise.resolve(MIGRATIONS) } });
}

/** Brings the schema up to date. Throws, naming the migration, if one fails. */
export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const { error, results = [] } = await migrator(db).migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : String(error);
    const what = failed === undefined ? 'Database migration' : `Database migration ${failed}`;
    throw new Error(`${what} failed: ${reason}`, { cause: error });
  }
  // Every table is fenced against a deposed dialer, those of this upgrade's migrations included.
  if (dialectOf(db as Kysely<unknown>) === 'postgres') await installFencing(db);
}
