/**
 * The OCM reports (src/reports/reports.ts) over the supervisor API: the catalog, a report's page as
 * JSON, and the whole report as a file written page by page: `/reports/:id/csv` (CSV) or
 * `/reports/:id/xlsx` (an Excel workbook); any other format is refused naming `format`. A report is
 * narrowed by a campaign or, for the inbound ones, a queue (its `filter`); the other filter is refused.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound, validationError } from '../errors.ts';
import { REPORTS, reportById, type Report, type ReportColumn, type ReportFilter, type ReportParams, type ReportRow } from '../reports/reports.ts';
import { CONTENT_TYPES, EXPORT_FORMATS, reportFile, type ExportFormat } from '../reports/report-file.ts';
import type { Store } from '../store/store.ts';
import type { SupervisorSide } from '../utilities/supervisor-side.ts';
import { int, isoTime, one, principalOf, query, role, type Query } from './http-helpers.ts';

export interface ReportEntry {
  id: string;
  title: string;
  description: string;
  /** What narrows it besides the range: `campaign` or `queue`, the query parameter it takes. */
  filter: ReportFilter;
  columns: readonly ReportColumn[];
}

export interface ReportReply {
  report: string;
  title: string;
  from: string;
  to: string;
  campaign: string | null;
  queue: string | null;
  columns: readonly ReportColumn[];
  total: number;
  rows: ReportRow[];
}

/** The longest range one report covers. */
const MAX_RANGE_MS = 366 * 86_400_000;

function time(q: Query, name: string): number {
  const ms = isoTime(one(q, name), name);
  if (ms === undefined) throw validationError(name, 'is required (ISO 8601)');
  return ms;
}

/** The range, and the campaign or queue named if the report is narrowed by it (the other is refused). */
async function paramsOf(store: Store, q: Query, report: Report): Promise<ReportParams> {
  const from = time(q, 'from');
  const to = time(q, 'to');
  if (to <= from) throw validationError('to', 'must be after from');
  if (to - from > MAX_RANGE_MS) throw validationError('to', 'the range may cover at most 366 days');
  const named = (filter: ReportFilter): string | undefined => {
    const name = one(q, filter);
    if (name === undefined || name === '') return undefined;
    if (report.filter !== filter) throw validationError(filter, `the ${report.title} report is by ${report.filter}, not ${filter}`);
    return name;
  };
  const campaignName = named('campaign');
  const queue = named('queue');
  if (campaignName !== undefined) {
    const campaign = await store.campaigns.findByName(campaignName);
    if (!campaign) throw validationError('campaign', `no campaign named ${campaignName}`);
    return { from, to, campaign };
  }
  if (queue !== undefined) {
    if (!(await store.queues.findByName(queue))) throw validationError('queue', `no queue named ${queue}`);
    return { from, to, queue };
  }
  return { from, to };
}

function reportOf(id: string) {
  const report = reportById(id);
  if (!report) throw notFound(`report ${id}`);
  return report;
}

export function registerReportRoutes(api: FastifyInstance, side: SupervisorSide): void {
  const supervisor = { preHandler: role(side.auth, 'supervisor') };
  const store = side.store;

  api.get('/reports', supervisor, async (): Promise<ReportEntry[]> => REPORTS.map(({ id, title, description, filter, columns }) => ({ id, title, description, filter, columns })));

  api.get<{ Params: { id: string } }>('/reports/:id', supervisor, async (request): Promise<ReportReply> => {
    const report = reportOf(request.params.id);
    const q = query(request);
    const params = await paramsOf(store, q, report);
    const limit = int(one(q, 'limit'), 'limit', 1, 1000, 100);
    const offset = int(one(q, 'offset'), 'offset', 0, Number.MAX_SAFE_INTEGER, 0);
    const page = await report.page(store, params, limit, offset);
    return {
      report: report.id, title: report.title, from: new Date(params.from).toISOString(), to: new Date(params.to).toISOString(),
      campaign: params.campaign?.name ?? null, queue: params.queue ?? null, columns: report.columns, total: page.total, rows: page.rows,
    };
  });

  /** The whole report as a file of `format`, audited as ExportReport. */
  const download = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, format: ExportFormat) => {
    const report = reportOf(request.params.id);
    const params = await paramsOf(store, query(request), report);
    await side.audit.record(principalOf(request), {
      action: 'ExportReport', target: report.id, outcome: 'ok',
      details: {
        from: new Date(params.from).toISOString(), to: new Date(params.to).toISOString(), campaign: params.campaign?.name ?? null,
        ...(report.filter === 'queue' ? { queue: params.queue ?? null } : {}), format,
      },
    });
    const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
    return reply.type(CONTENT_TYPES[format])
      .header('content-disposition', `attachment; filename="${report.id}-${day(params.from)}-${day(params.to)}.${format}"`)
      .send(reportFile(format, report, store, params, { now: side.clock.now() }));
  };
  for (const format of EXPORT_FORMATS) {
    api.get<{ Params: { id: string } }>(`/reports/:id/${format}`, supervisor, (request, reply) => download(request, reply, format));
  }
  // Any other format: refused, naming it (the static routes above take csv and xlsx first).
  api.get<{ Params: { id: string; format: string } }>('/reports/:id/:format', supervisor, async (request) => {
    reportOf(request.params.id);
    throw validationError('format', `must be one of ${EXPORT_FORMATS.join(', ')}, not ${request.params.format}`);
  });
}
