/**
 * The OCM Export Scheduler's tables: the scheduled exports of reports (daily, weekly or monthly, at
 * a time of day in a time zone) and each run with the file it wrote.
 */
import type { Kysely, Migration } from 'kysely';
import { COLUMN_TYPES, dialectOf } from './column-types.ts';

async function createSchema(db: Kysely<unknown>): Promise<void> {
  const t = COLUMN_TYPES[dialectOf(db)];
  await db.schema.createTable('report_exports')
    .addColumn('id', t.id, t.primaryId)
    .addColumn('report', 'text', (c) => c.notNull())
    .addColumn('campaign_name', 'text')
    .addColumn('frequency', 'text', (c) => c.notNull())
    .addColumn('time_of_day', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('next_run_at', t.time, (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', t.time, (c) => c.notNull())
    .execute();
  await db.schema.createTable('report_export_runs')
    .addColumn('id', t.id, t.primaryId)
    .addColumn('export_id', t.id, (c) => c.notNull().references('report_exports.id').onDelete('cascade'))
    .addColumn('ran_at', t.time, (c) => c.notNull())
    .addColumn('period_from', t.time, (c) => c.notNull())
    .addColumn('period_to', t.time, (c) => c.notNull())
    .addColumn('file_name', 'text')
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('report_export_runs_export_idx').on('report_export_runs').columns(['export_id', 'id']).execute();
}

export const reportExportsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    if (db.isTransaction) await createSchema(db);
    else await db.transaction().execute((trx) => createSchema(trx));
  },
};
