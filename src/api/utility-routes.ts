/**
 * The utilities of protocol.md §6 for supervisors and administrators: contact lists, purge, the two
 * DNC operations and address removal, manual upload, campaign jobs. Each call is audited.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { validationError } from '../errors.ts';
import type { SupervisorSide } from '../utilities/supervisor-side.ts';
import { getAllContactLists } from '../utilities/get-all-contact-lists.ts';
import { purgeContact, type PurgeRequest } from '../utilities/purge-contact.ts';
import { dncAddresses, dncContacts, type DncResponse } from '../utilities/dnc.ts';
import { manualCheckerUpload } from '../utilities/manual-upload.ts';
import { campaignJob, campaignJobStatus, type JobAction } from '../utilities/campaign-jobs.ts';
import { manualUploadViews } from './manual-upload-views.ts';
import { body, bool, fileBody, int, isStream, one, principalOf, query, role } from './http-helpers.ts';

export function registerUtilityRoutes(api: FastifyInstance, side: SupervisorSide): void {
  const supervisor = { preHandler: role(side.auth, 'supervisor') };
  const ctx = side.utilities;
  const audit = side.audit;

  api.get('/contact-lists', supervisor, async (request) => {
    const onlyManual = bool(one(query(request), 'onlyManualContacts'), 'onlyManualContacts');
    return audit.around(principalOf(request), 'GetAllContactLists', ctx.options.organizationName, () => getAllContactLists(ctx, onlyManual),
      (lists) => ({ counts: { lists: lists.length }, details: { onlyManualContacts: onlyManual } }));
  });

  api.post('/contact-lists', supervisor, async (request, reply) => {
    const b = body(request);
    const list = await audit.around(principalOf(request), 'CreateContactList', String(b.contactListName ?? ''),
      () => ctx.pom.createContactList({ contactListName: String(b.contactListName ?? ''), organizationName: ctx.options.organizationName, ...(typeof b.zoneName === 'string' ? { zoneName: b.zoneName } : {}) }));
    return reply.status(201).send(list);
  });

  api.get<{ Params: { id: string } }>('/contact-lists/:id/contacts', supervisor, async (request) => {
    const q = query(request);
    const searchBy = one(q, 'searchBy');
    const values = q.searchValue === undefined ? [] : Array.isArray(q.searchValue) ? q.searchValue : [q.searchValue];
    return ctx.pom.getContacts(int(request.params.id, 'id', 1, Number.MAX_SAFE_INTEGER), {
      pageSize: int(one(q, 'pageSize'), 'pageSize', 1, 10_000, 100),
      pageNumber: int(one(q, 'pageNumber'), 'pageNumber', 1, Number.MAX_SAFE_INTEGER, 1),
      ...(searchBy ? { search: { searchBy, searchOperator: one(q, 'searchOperator') ?? 'equals', searchValue: values } } : {}),
    });
  });

  api.post('/purge', supervisor, async (request) => {
    const p = principalOf(request);
    const b = body(request);
    const values = Array.isArray(b.values) ? b.values : typeof b.value === 'string' ? [b.value] : b.values;
    if (!Array.isArray(values)) throw validationError('values', 'must be a list of values');
    const req: PurgeRequest = {
      contactName: typeof b.contactName === 'string' ? b.contactName : '',
      contactListId: int(typeof b.contactListId === 'number' ? b.contactListId : String(b.contactListId ?? ''), 'contactListId', 1, Number.MAX_SAFE_INTEGER),
      attribute: String(b.attribute ?? ''),
      filter: String(b.filter ?? ''),
      userName: p.username,
      values: values.map((v: unknown) => (typeof v === 'string' ? v : String(v))),
    };
    return audit.around(p, 'PurgeContact', `${req.contactName || req.contactListId}`, () => purgeContact(ctx, req), (r) => ({
      outcome: r.failedUserContactId === '' ? 'ok' : 'failed',
      counts: { before: r.beforePurging, after: r.afterPurging, matched: r.matched, purged: r.purged, failed: r.failedUserContactId === '' ? 0 : r.failedUserContactId.split(',').length, retries: r.retries },
      details: { attribute: req.attribute, filter: req.filter, values: req.values.slice(0, 20), mode: r.mode },
    }));
  });

  api.get('/purge-records', supervisor, async (request) => {
    const q = query(request);
    const rows = await ctx.store.purgeData.list(int(one(q, 'limit'), 'limit', 1, 1000, 100), one(q, 'contactList'));
    return rows.map((r) => ({
      Mode: r.mode, ContactList: r.contactList, CampaignID: r.campaignId, BeforePurging: r.beforePurging, AfterPurging: r.afterPurging,
      BuisnessParameter: r.businessParameter, UserName: r.userName, CreatedDateTime: new Date(r.createdAt).toISOString(),
    }));
  });

  const dncReply = (reply: FastifyReply, result: DncResponse): FastifyReply => {
    const status = result.result ? 200 : result.errorInfo?.errorCode === 'INVALID_FILE' || result.errorInfo?.errorCode === 'INVALID_PARAMETER' ? 400 : 409;
    return reply.status(status).send(result);
  };

  api.post('/dnc/contacts', supervisor, async (request, reply) => {
    const q = query(request);
    const contactListId = int(one(q, 'contactListId'), 'contactListId', 1, Number.MAX_SAFE_INTEGER);
    const name = one(q, 'contactListName') ?? String(contactListId);
    const result = await audit.around(principalOf(request), 'DNC.markUncallable', name, () => dncContacts(ctx, contactListId, fileBody(request)), (r) => ({
      outcome: r.result ? 'ok' : 'failed', counts: { rows: r.rows, sent: r.sent, rejected: r.rejected, marked: r.changed },
    }));
    return dncReply(reply, result);
  });

  for (const [path, remove] of [['/dnc/addresses', false], ['/dnc/addresses/remove', true]] as const) {
    api.post(path, supervisor, async (request, reply) => {
      const result = await audit.around(principalOf(request), remove ? 'DNC.removeAddresses' : 'DNC.addAddresses', ctx.options.organizationName,
        () => dncAddresses(ctx, fileBody(request), remove), (r) => ({
          outcome: r?.result ? 'ok' : 'failed',
          counts: r ? { rows: r.rows, sent: r.sent, rejected: r.rejected, [remove ? 'removed' : 'added']: r.changed } as Record<string, number> : {},
        }));
      if (!result) {
        return reply.status(404).send({
          result: false, failedContactIdList: null,
          errorInfo: { displayMessage: `There is no DNC list named ${ctx.options.organizationName}`, errorMessage: `no DNC list named after organization ${ctx.options.organizationName}`, errorCode: 'NO_DNC_LIST' },
        });
      }
      return dncReply(reply, result);
    });
  }

  api.get('/dnc-lists', supervisor, async () => ctx.pom.getDncLists());

  api.post('/dnc-lists', supervisor, async (request, reply) => {
    const b = body(request);
    const list = await audit.around(principalOf(request), 'CreateDncList', String(b.DNCListName ?? ''), () => ctx.pom.createDncList({
      DNCListName: String(b.DNCListName ?? ''), organizationName: ctx.options.organizationName, ...(typeof b.listType === 'string' ? { listType: b.listType } : {}),
    }));
    return reply.status(201).send(list);
  });

  api.get('/data-sources', supervisor, async (request) => {
    const raw = one(query(request), 'contactListId');
    return ctx.pom.getDataSources(raw === undefined ? undefined : int(raw, 'contactListId', 1, Number.MAX_SAFE_INTEGER));
  });

  api.post('/data-sources', supervisor, async (request, reply) => {
    const b = body(request);
    const source = await audit.around(principalOf(request), 'CreateDataSource', String(b.dataSourceName ?? ''), () => ctx.pom.createDataSource({
      dataSourceName: String(b.dataSourceName ?? ''), dataSourceType: typeof b.dataSourceType === 'string' ? b.dataSourceType : 'append',
      contactListId: int(typeof b.contactListId === 'number' ? b.contactListId : String(b.contactListId ?? ''), 'contactListId', 1, Number.MAX_SAFE_INTEGER),
      fileName: String(b.fileName ?? ''),
    }));
    return reply.status(201).send(source);
  });

  api.post('/manual-uploads', supervisor, async (request, reply) => {
    const p = principalOf(request);
    const q = query(request);
    const contactListId = int(one(q, 'contactListId'), 'contactListId', 1, Number.MAX_SAFE_INTEGER);
    const dbIdText = one(q, 'dbId');
    const result = await audit.around(p, 'ManualCheckerUpload', one(q, 'contactListName') ?? String(contactListId), () => manualCheckerUpload(ctx, {
      contactListId,
      contactListName: one(q, 'contactListName') ?? '',
      file: isStream(request.body) ? request.body : undefined,
      type: one(q, 'type') ?? 'append',
      maxBytes: side.config.imports.maxFileBytes,
      dbId: dbIdText === undefined ? undefined : int(dbIdText, 'dbId', 1, Number.MAX_SAFE_INTEGER),
      userName: p.username,
    }), (r) => ({ outcome: r.isSuccess ? 'ok' : 'failed', counts: { bytes: r.bytes ?? 0 }, details: { uploadId: r.uploadId, dbId: r.dbId, error: r.errorInfo?.errorMessage } }));
    const status = result.isSuccess ? 201 : result.errorInfo?.errorCode === 'NO_DATA_SOURCE' ? 404 : result.errorInfo?.errorCode.startsWith('SFTP') ? 502 : 409;
    return reply.status(status).send(result);
  });

  api.get('/manual-uploads', supervisor, async (request) => manualUploadViews(side, int(one(query(request), 'limit'), 'limit', 1, 1000, 100)));


  for (const action of ['start', 'stop', 'pause', 'resume'] as const satisfies readonly JobAction[]) {
    api.post<{ Params: { name: string } }>(`/campaigns/:name/job/${action}`, supervisor, async (request) => {
      const name = request.params.name;
      const label = { start: 'StartCampaignJob', stop: 'StopCampaignJob', pause: 'PauseCampaignJob', resume: 'ResumeCampaignJob' }[action];
      return audit.around(principalOf(request), label, name, () => campaignJob(ctx, name, action), (r) => ({
        outcome: r.isSuccess ? 'ok' : 'failed', details: { jobId: r.jobId, jobState: r.jobState },
      }));
    });
  }

  api.get<{ Params: { name: string } }>('/campaigns/:name/job', supervisor, async (request) => campaignJobStatus(ctx, request.params.name));
}
