/**
 * The OCM Export Scheduler over the supervisor API: scheduled exports of reports (daily, weekly or
 * monthly at a time of day in utilities.timeZone, as CSV or Excel files), their runs, and the files
 * the runs wrote.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { notFound, validationError } from '../errors.ts';
import { nextRunAfter } from '../reports/export-periods.ts';
import { contentTypeOf } from '../reports/report-file.ts';
import { reportById } from '../reports/reports.ts';
import { EXPORT_FORMATS, type ExportFormat, type ExportFrequency, type ReportExportRecord, type ReportExportRunRecord } from '../store/records.ts';
import type { SupervisorSide } from '../utilities/supervisor-side.ts';
import { body, int, principalOf, role } from './http-helpers.ts';

const FREQUENCIES: readonly ExportFrequency[] = ['daily', 'weekly', 'monthly'];
const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

export interface ReportExportRunView {
  id: number;
  ranAt: string;
  periodFrom: string;
  periodTo: string;
  fileName: string | null;
  rows: number;
  error: string | null;
}

export interface ReportExportView {
  id: number;
  report: string;
  title: string;
  campaign: string | null;
  frequency: ExportFrequency;
  /** The files' format: csv or xlsx. */
  format: ExportFormat;
  timeOfDay: string;
  timeZone: string;
  nextRunAt: string;
  createdBy: string;
  createdAt: string;
  lastRun: ReportExportRunView | null;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function runView(r: ReportExportRunRecord): ReportExportRunView {
  return { id: r.id, ranAt: iso(r.ranAt), periodFrom: iso(r.periodFrom), periodTo: iso(r.periodTo), fileName: r.fileName, rows: r.rows, error: r.error };
}

export function registerReportExportRoutes(api: FastifyInstance, side: SupervisorSide): void {
  const supervisor = { preHandler: role(side.auth, 'supervisor') };
  const store = side.store;

  const view = async (e: ReportExportRecord): Promise<ReportExportView> => {
    const [last] = await store.reportExports.runs(e.id, 1);
    return {
      id: e.id, report: e.report, title: reportById(e.report)?.title ?? e.report, campaign: e.campaignName, frequency: e.frequency, format: e.format,
      timeOfDay: e.timeOfDay, timeZone: e.timeZone, nextRunAt: iso(e.nextRunAt), createdBy: e.createdBy, createdAt: iso(e.createdAt),
      lastRun: last ? runView(last) : null,
    };
  };
  const exportOf = async (idText: string): Promise<ReportExportRecord> => {
    const id = int(idText, 'id', 1, Number.MAX_SAFE_INTEGER);
    const record = await store.reportExports.findById(id);
    if (!record) throw notFound(`report export ${id}`);
    return record;
  };

  api.get('/report-exports', supervisor, async (): Promise<ReportExportView[]> => Promise.all((await store.reportExports.list()).map(view)));

  api.post('/report-exports', supervisor, async (request, reply) => {
    const b = body(request);
    const report = typeof b.report === 'string' ? reportById(b.report) : undefined;
    if (!report) throw validationError('report', 'must be the id of a report (GET /api/v1/reports)');
    if (!(FREQUENCIES as readonly unknown[]).includes(b.frequency)) throw validationError('frequency', `must be one of ${FREQUENCIES.join(', ')}`);
    const frequency = b.frequency as ExportFrequency;
    if (typeof b.timeOfDay !== 'string' || !TIME_OF_DAY.test(b.timeOfDay)) throw validationError('timeOfDay', 'must be HH:MM (00:00 to 23:59)');
    const timeOfDay = b.timeOfDay;
    if (b.format !== undefined && !(EXPORT_FORMATS as readonly unknown[]).includes(b.format)) throw validationError('format', `must be one of ${EXPORT_FORMATS.join(', ')}`);
    const format = (b.format ?? 'csv') as ExportFormat;
    let campaignName: string | null = null;
    if (b.campaign !== undefined && b.campaign !== null && b.campaign !== '') {
      // An inbound report covers every queue: its exports are not narrowed.
      if (report.filter !== 'campaign') throw validationError('campaign', `the ${report.title} report is by ${report.filter}, not campaign: its export covers every ${report.filter}`);
      if (typeof b.campaign !== 'string' || !(await store.campaigns.findByName(b.campaign))) throw validationError('campaign', `no campaign named ${String(b.campaign)}`);
      campaignName = b.campaign;
    }
    const p = principalOf(request);
    const now = side.clock.now();
    const timeZone = side.config.utilities.timeZone;
    const record = await side.audit.around(p, 'ScheduleReportExport', report.id, () => store.reportExports.create({
      report: report.id, campaignName, frequency, timeOfDay, timeZone, nextRunAt: nextRunAfter(now, frequency, timeOfDay, timeZone), createdBy: p.username, createdAt: now, format,
    }), (r) => ({ details: { id: r.id, frequency, timeOfDay, campaign: campaignName, format } }));
    side.exports.arm(record);
    return reply.status(201).send(await view(record));
  });

  api.delete<{ Params: { id: string } }>('/report-exports/:id', supervisor, async (request) => {
    const record = await exportOf(request.params.id);
    await side.audit.around(principalOf(request), 'DeleteReportExport', String(record.id), () => store.reportExports.remove(record.id));
    side.exports.removed(record.id);
    return { ok: true };
  });

  api.get<{ Params: { id: string } }>('/report-exports/:id/runs', supervisor, async (request): Promise<ReportExportRunView[]> => {
    const record = await exportOf(request.params.id);
    return (await store.reportExports.runs(record.id, 100)).map(runView);
  });

  api.get<{ Params: { runId: string } }>('/report-exports/runs/:runId/file', supervisor, async (request, reply) => {
    const id = int(request.params.runId, 'runId', 1, Number.MAX_SAFE_INTEGER);
    const run = await store.reportExports.findRun(id);
    if (!run) throw notFound(`report export run ${id}`);
    if (run.fileName === null) throw notFound(`the file of run ${id} (the run failed: ${run.error ?? 'no file'})`);
    const path = join(side.config.utilities.exportFolder, run.fileName);
    if (!(await stat(path).catch(() => null))) throw notFound(`the file ${run.fileName} (removed from the export folder)`);
    return reply.type(contentTypeOf(run.fileName)).header('content-disposition', `attachment; filename="${run.fileName}"`).send(createReadStream(path));
  });
}
