/**
 * The format of a scheduled export's files: `csv` (every export scheduled before this one) or `xlsx`
 * (an Excel workbook, src/reports/report-xlsx.ts).
 */
import type { Kysely, Migration } from 'kysely';

export const reportExportFormatMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('report_exports').addColumn('format', 'text', (c) => c.notNull().defaultTo('csv')).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('report_exports').dropColumn('format').execute();
  },
};
