import type { Kysely, Selectable } from 'kysely';
import type { ReportExportRecord, ReportExportRunRecord } from '../records.ts';
import type { Database, ReportExportRunsTable, ReportExportsTable } from '../schema.ts';
import type { ReportExportRepository } from '../store.ts';
import { expectUpdated } from './columns.ts';

function exportFromRow(row: Selectable<ReportExportsTable>): ReportExportRecord {
  return {
    id: row.id, report: row.report, campaignName: row.campaign_name, frequency: row.frequency, timeOfDay: row.time_of_day,
    timeZone: row.time_zone, nextRunAt: row.next_run_at, createdBy: row.created_by, createdAt: row.created_at, format: row.format,
  };
}

function runFromRow(row: Selectable<ReportExportRunsTable>): ReportExportRunRecord {
  return {
    id: row.id, exportId: row.export_id, ranAt: row.ran_at, periodFrom: row.period_from, periodTo: row.period_to,
    fileName: row.file_name, rows: row.rows, error: row.error,
  };
}

export class KyselyReportExportRepository implements ReportExportRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(r: Omit<ReportExportRecord, 'id'>): Promise<ReportExportRecord> {
    const row = await this.db.insertInto('report_exports').values({
      report: r.report, campaign_name: r.campaignName, frequency: r.frequency, time_of_day: r.timeOfDay, time_zone: r.timeZone,
      next_run_at: r.nextRunAt, created_by: r.createdBy, created_at: r.createdAt, format: r.format,
    }).returningAll().executeTakeFirstOrThrow();
    return exportFromRow(row);
  }

  async findById(id: number): Promise<ReportExportRecord | undefined> {
    const row = await this.db.selectFrom('report_exports').selectAll().where('id', '=', id).executeTakeFirst();
    return row && exportFromRow(row);
  }

  async list(): Promise<ReportExportRecord[]> {
    return (await this.db.selectFrom('report_exports').selectAll().orderBy('id').execute()).map(exportFromRow);
  }

  async remove(id: number): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('report_export_runs').where('export_id', '=', id).execute();
      const result = await trx.deleteFrom('report_exports').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    });
  }

  async setNextRun(id: number, at: number): Promise<void> {
    expectUpdated(await this.db.updateTable('report_exports').set({ next_run_at: at }).where('id', '=', id).executeTakeFirst(), 'report export', id);
  }

  async addRun(r: Omit<ReportExportRunRecord, 'id'>): Promise<ReportExportRunRecord> {
    const row = await this.db.insertInto('report_export_runs').values({
      export_id: r.exportId, ran_at: r.ranAt, period_from: r.periodFrom, period_to: r.periodTo, file_name: r.fileName, rows: r.rows, error: r.error,
    }).returningAll().executeTakeFirstOrThrow();
    return runFromRow(row);
  }

  async runs(exportId: number, limit: number): Promise<ReportExportRunRecord[]> {
    const rows = await this.db.selectFrom('report_export_runs').selectAll().where('export_id', '=', exportId).orderBy('id', 'desc').limit(limit).execute();
    return rows.map(runFromRow);
  }

  async findRun(id: number): Promise<ReportExportRunRecord | undefined> {
    const row = await this.db.selectFrom('report_export_runs').selectAll().where('id', '=', id).executeTakeFirst();
    return row && runFromRow(row);
  }
}
