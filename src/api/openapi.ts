/**
 * The OpenAPI 3 description of the supervisor API (/api/v1) and the POM web services (/pom/v1),
 * served at /api/v1/openapi.json. Built from one table of operations.
 */
import { CALLBACK_STATES, EXPORT_FORMATS } from '../store/records.ts';

interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  tag: 'auth' | 'users' | 'floor' | 'administration' | 'utilities' | 'imports' | 'callbacks' | 'reports' | 'audit' | 'pom';
  summary: string;
  /** Role needed; 'public' for none, 'pom' for the POM web services' Basic auth. */
  security: 'public' | 'supervisor' | 'administrator' | 'pom';
  query?: Array<[name: string, type: 'string' | 'integer' | 'boolean', description: string, required?: boolean]>;
  path_params?: string[];
  /** The path's {id} is a name (a report's), not a number. */
  textId?: true;
  body?: 'json' | 'csv' | 'csv-optional';
  bodySchema?: string;
  response?: string;
  status?: number;
}

const ENCODING: NonNullable<Operation['query']>[number] = ['encoding', 'string', 'the file\'s encoding: utf-8 (default: a row with bytes that are not UTF-8 is rejected), windows-1252 or latin1 (converted)'];
const REQUEST_ID: NonNullable<Operation['query']>[number] = ['requestId', 'string', 'the client\'s id of this upload (8-64 of A-Z a-z 0-9 _ -): while it runs GET /api/v1/imports?requestId= finds its run'];
const PAGE: Operation['query'] = [['pageSize', 'integer', 'contacts per page (1-10000, default 100)'], ['pageNumber', 'integer', 'page, from 1']];
const SEARCH: Operation['query'] = [
  ['searchBy', 'string', 'a contact field (userContactId, firstName, lastName, title, state) or custom attribute (CAMP_ID, expiry, …)'],
  ['searchOperator', 'string', 'equals, notEquals, like, lessThan, greaterThan'],
  ['searchValue', 'string', 'value; repeat for several (equals / notEquals / like)'],
];

/** The administration resources: list and create; read, change and delete one by its key. */
const ADMIN: Array<{ path: string; key: string; noun: string; schema: string; readOne?: false; create: string; remove: string }> = [
  { path: '/api/v1/teams', key: 'teamName', noun: 'team', schema: 'Team', create: 'Create a team: {teamName, organization?, skills?, blending?}', remove: 'Delete a team (409 while agents or campaigns are in it)' },
  { path: '/api/v1/agents', key: 'agentId', noun: 'agent', schema: 'Agent', create: 'Create an agent: it logs on at once over A3 (AgentLogin) and on the desktop with its LAN ID', remove: 'Delete an agent (409 while logged in)' },
  { path: '/api/v1/completion-codes', key: 'codeId', noun: 'completion code', schema: 'CompletionCode', readOne: false, create: 'Define a completion code (codeId assigned when not given); `campaigns` makes those campaigns offer it', remove: 'Delete a code (409 while a campaign offers it)' },
  { path: '/api/v1/campaigns', key: 'campaignName', noun: 'campaign', schema: 'Campaign', create: 'Create a campaign: campaignName, type, contactList and teamName required; the rest has defaults', remove: 'Delete a campaign that never ran (409 with a job running or in its history)' },
  { path: '/api/v1/queues', key: 'name', noun: 'inbound queue', schema: 'Queue', create: 'Create an inbound queue: name and skill required; the rest has defaults (codes: every code defined, the first the default)', remove: 'Delete a queue (409 while a team blends into it or another queue overflows into it)' },
];

const ADMIN_OPERATIONS: Operation[] = ADMIN.flatMap((r): Operation[] => [
  { method: 'get', path: r.path, tag: 'administration', summary: `The ${r.noun}s`, security: 'supervisor', response: `${r.schema}Array` },
  { method: 'post', path: r.path, tag: 'administration', summary: r.create, security: 'administrator', body: 'json', bodySchema: r.schema, status: 201, response: r.schema },
  ...(r.readOne === false ? [] : [{ method: 'get', path: `${r.path}/{${r.key}}`, tag: 'administration', summary: `One ${r.noun}`, security: 'supervisor', path_params: [r.key], response: r.schema } satisfies Operation]),
  {
    method: 'put', path: `${r.path}/{${r.key}}`, tag: 'administration', security: 'administrator', path_params: [r.key], body: 'json', bodySchema: r.schema,
    summary: r.schema === 'Campaign' ? 'Change a campaign (fields given replace, others stay); a running job takes the change at its next step, but for edit.waitsForNextJob' : `Change a ${r.noun} (fields given replace, others stay)`,
    response: r.schema === 'Campaign' ? 'CampaignEdit' : r.schema,
  },
  { method: 'delete', path: `${r.path}/{${r.key}}`, tag: 'administration', summary: r.remove, security: 'administrator', path_params: [r.key], status: 204 },
]);

const REPORT_QUERY: NonNullable<Operation['query']> = [
  ['from', 'string', 'start of the range (ISO 8601)', true], ['to', 'string', 'end of the range, excluded (ISO 8601; at most 366 days after from)', true],
  ['campaign', 'string', 'only this campaign (reports whose filter is campaign)'],
  ['queue', 'string', 'only this inbound queue (reports whose filter is queue: Inbound Abandoned)'],
];

export const OPERATIONS: Operation[] = [
  { method: 'post', path: '/api/v1/auth/login', tag: 'auth', summary: 'Log in as a supervisor or administrator (agents are refused); 401 for any wrong name or password, 429 with Retry-After after repeated failures for the name or from the address', security: 'public', body: 'json', bodySchema: 'Login', response: 'Session' },
  { method: 'post', path: '/api/v1/auth/logout', tag: 'auth', summary: 'End the session', security: 'supervisor' },
  { method: 'get', path: '/api/v1/auth/me', tag: 'auth', summary: 'The logged-in user and the session\'s time left (on the server\'s clock)', security: 'supervisor', response: 'SessionView' },
  { method: 'post', path: '/api/v1/auth/extend', tag: 'auth', summary: 'Extend the session: it lasts utilities.sessionHours again from now (401 SESSION_EXPIRED once ended)', security: 'supervisor', response: 'SessionView' },
  { method: 'get', path: '/api/v1/users', tag: 'users', summary: 'Supervisors and administrators', security: 'administrator', response: 'UserArray' },
  { method: 'post', path: '/api/v1/users', tag: 'users', summary: 'Create a supervisor or administrator', security: 'administrator', body: 'json', bodySchema: 'NewUser', status: 201, response: 'User' },
  { method: 'patch', path: '/api/v1/users/{username}', tag: 'users', summary: 'Change role, name, password or disable (ends the user\'s sessions)', security: 'administrator', path_params: ['username'], body: 'json', bodySchema: 'UserChange', response: 'User' },
  { method: 'get', path: '/api/v1/audit', tag: 'audit', summary: 'The audit log, newest first', security: 'administrator', query: [['username', 'string', 'only this user'], ['action', 'string', 'only this operation'], ['beforeId', 'integer', 'page back: entries older than this id'], ['limit', 'integer', '1-1000 (default 100)']], response: 'AuditRecordArray' },
  { method: 'get', path: '/api/v1/contact-lists', tag: 'utilities', summary: 'GetAllContactLists: the organization\'s contact lists', security: 'supervisor', query: [['onlyManualContacts', 'boolean', 'only lists whose name contains utilities.contactListFilter']], response: 'ContactListArray' },
  { method: 'post', path: '/api/v1/contact-lists', tag: 'utilities', summary: 'Create a contact list', security: 'supervisor', body: 'json', status: 201, response: 'ContactList' },
  { method: 'get', path: '/api/v1/contact-lists/{id}/contacts', tag: 'utilities', summary: 'A page of a list\'s contacts', security: 'supervisor', path_params: ['id'], query: [...PAGE, ...SEARCH], response: 'ContactBatchList' },
  { method: 'get', path: '/api/v1/contact-lists/{id}/contacts/{userContactId}/history', tag: 'utilities', summary: 'A contact\'s history: its call attempts, newest first, with result, agent, completion code, nuisance reason and wrap-up notes', security: 'supervisor', path_params: ['id', 'userContactId'], query: [['limit', 'integer', 'attempts (1-1000, default 100)']] },
  { method: 'post', path: '/api/v1/purge', tag: 'utilities', summary: 'PurgeContact: purge the contacts matching attribute / filter / values', security: 'supervisor', body: 'json', bodySchema: 'PurgeRequest', response: 'PurgeResult' },
  { method: 'get', path: '/api/v1/purge-records', tag: 'utilities', summary: 'OutboundPurgeData records, newest first', security: 'supervisor', query: [['contactList', 'string', 'only this list'], ['limit', 'integer', '1-1000']] },
  { method: 'post', path: '/api/v1/dnc/contacts', tag: 'utilities', summary: 'DNC(contactListName, contactListId, csvFile): mark the file\'s userContactIds uncallable', security: 'supervisor', query: [['contactListId', 'integer', 'the list', true], ['contactListName', 'string', 'its name, for the audit']], body: 'csv', response: 'DNCResponse' },
  { method: 'post', path: '/api/v1/dnc/addresses', tag: 'utilities', summary: 'DNC(csvFile): add the file\'s addresses to the organization\'s DNC list', security: 'supervisor', body: 'csv', response: 'DNCResponse' },
  { method: 'post', path: '/api/v1/dnc/addresses/remove', tag: 'utilities', summary: 'Remove the file\'s addresses from the organization\'s DNC list', security: 'supervisor', body: 'csv', response: 'DNCResponse' },
  { method: 'get', path: '/api/v1/dnc-lists', tag: 'utilities', summary: 'DNC lists', security: 'supervisor', response: 'DNCListArray' },
  { method: 'post', path: '/api/v1/dnc-lists', tag: 'utilities', summary: 'Create a DNC list', security: 'supervisor', body: 'json', status: 201, response: 'DNCList' },
  { method: 'get', path: '/api/v1/data-sources', tag: 'utilities', summary: 'POM data sources', security: 'supervisor', query: [['contactListId', 'integer', 'only this list\'s']] },
  { method: 'post', path: '/api/v1/data-sources', tag: 'utilities', summary: 'Create an append data source (a file on the SFTP drop)', security: 'supervisor', body: 'json', status: 201 },
  { method: 'post', path: '/api/v1/manual-uploads', tag: 'utilities', summary: 'ManualCheckerUpload: put the file on the SFTP drop, verify it, schedule the run-once import', security: 'supervisor', query: [['contactListId', 'integer', 'the list', true], ['contactListName', 'string', 'its name'], ['type', 'string', 'append'], ['dbId', 'integer', 'the Outbound_ManualUploadUtility row to update']], body: 'csv-optional', status: 201, response: 'ManualUploadResponse' },
  { method: 'get', path: '/api/v1/manual-uploads', tag: 'utilities', summary: 'Outbound_ManualUploadUtility records, newest first, each with its run-once schedule and import run (state, progress, counts)', security: 'supervisor', query: [['limit', 'integer', '1-1000 (default 100)']], response: 'ManualUploadArray' },
  ...(['start', 'stop', 'pause', 'resume'] as const).map((a): Operation => ({
    method: 'post', path: `/api/v1/campaigns/{name}/job/${a}`, tag: 'utilities', summary: `${a === 'start' ? 'StartCampaignJob' : `${a[0]!.toUpperCase()}${a.slice(1)} the campaign's job`} (isSuccess: POM's isQueued)`,
    security: 'supervisor', path_params: ['name'], response: 'CampaignResponse',
  })),
  { method: 'get', path: '/api/v1/campaigns/{name}/job', tag: 'utilities', summary: 'The campaign\'s job status', security: 'supervisor', path_params: ['name'] },
  { method: 'post', path: '/api/v1/imports/contacts', tag: 'imports', summary: 'Import a CSV of contacts (streamed; all or nothing; 413 over imports.maxFileBytes, 422 with the line for a field or row over its limit)', security: 'supervisor', query: [['list', 'string', 'contact list name'], ['contactListId', 'integer', 'or its id'], ['scrub', 'boolean', 'reject rows with a number on a DNC list of the organization'], ['fileName', 'string', 'for the report'], ENCODING, REQUEST_ID], body: 'csv', status: 201, response: 'ImportOutcome' },
  { method: 'post', path: '/api/v1/imports/dnc', tag: 'imports', summary: 'Import a CSV of DNC addresses (streamed; all or nothing; the same limits as contacts)', security: 'supervisor', query: [['list', 'string', 'DNC list name', true], ['fileName', 'string', 'for the report'], ENCODING, REQUEST_ID], body: 'csv', status: 201, response: 'ImportOutcome' },
  { method: 'get', path: '/api/v1/imports', tag: 'imports', summary: 'Recent imports, newest first, with their progress; or the run of a running upload (requestId)', security: 'supervisor', query: [['limit', 'integer', '1-1000 (default 50)'], ['requestId', 'string', 'the requestId an upload was sent with: its run ([] before the run starts and once the upload has answered)']], response: 'ImportRunArray' },
  { method: 'get', path: '/api/v1/imports/{id}', tag: 'imports', summary: 'An import\'s progress: rows done, rows per second, bytes of the file read, rejected by reason', security: 'supervisor', path_params: ['id'], response: 'ImportRun' },
  { method: 'get', path: '/api/v1/imports/{id}/rejects', tag: 'imports', summary: 'The rejected rows, in line order', security: 'supervisor', path_params: ['id'], query: [['offset', 'integer', 'rows to skip'], ['limit', 'integer', '1-10000']], response: 'RejectArray' },
  { method: 'get', path: '/api/v1/imports/{id}/rejects.csv', tag: 'imports', summary: 'The rejected rows as a CSV file', security: 'supervisor', path_params: ['id'] },
  { method: 'get', path: '/api/v1/callbacks', tag: 'callbacks', summary: 'The callback dashboard: callbacks by due time, with their total and counts per state', security: 'supervisor', query: [['state', 'string', 'pending, delivered, done, expired or cancelled'], ['campaign', 'string', 'campaign name'], ['agentId', 'string', 'owner'], ['from', 'string', 'due at or after (ISO 8601)'], ['to', 'string', 'due before (ISO 8601)'], ['limit', 'integer', '1-1000 (default 100)'], ['offset', 'integer', 'callbacks to skip']], response: 'CallbackPage' },
  { method: 'post', path: '/api/v1/callbacks/{id}/cancel', tag: 'callbacks', summary: 'Cancel a pending callback (409 once delivered to an agent)', security: 'supervisor', path_params: ['id'], response: 'Callback' },
  { method: 'post', path: '/api/v1/callbacks/{id}/reschedule', tag: 'callbacks', summary: 'Move a pending callback: {dueAt, expiresAt?}; without expiresAt it keeps the time it had to be reached in', security: 'supervisor', path_params: ['id'], body: 'json', bodySchema: 'CallbackReschedule', response: 'Callback' },
  { method: 'post', path: '/api/v1/agents/{agentId}/logout', tag: 'floor', summary: 'Log an agent out (a desktop left open elsewhere, an agent gone home): its contact in hand is released, its desktop told; 404 unknown agent, 409 NOT_LOGGED_ON', security: 'supervisor', path_params: ['agentId'] },
  { method: 'get', path: '/api/v1/status', tag: 'floor', summary: 'The floor now: each running job (agents, lines ringing, customers waiting, pacing mode and reason, abandon rate by cause, contacts, attempts, warnings), the inbound queues, and every logged-on agent', security: 'supervisor' },
  { method: 'get', path: '/api/v1/reports', tag: 'reports', summary: 'The reports: id, title, description, filter (campaign or queue), columns', security: 'supervisor' },
  { method: 'get', path: '/api/v1/reports/{id}', tag: 'reports', textId: true, summary: 'A page of a report over [from, to), optionally one campaign\'s (or one queue\'s)', security: 'supervisor', path_params: ['id'], query: REPORT_QUERY.concat([['limit', 'integer', '1-1000 (default 100)'], ['offset', 'integer', 'rows to skip']]) },
  { method: 'get', path: '/api/v1/reports/{id}/csv', tag: 'reports', textId: true, summary: 'The whole report as a CSV file (audited as ExportReport)', security: 'supervisor', path_params: ['id'], query: REPORT_QUERY },
  { method: 'get', path: '/api/v1/reports/{id}/xlsx', tag: 'reports', textId: true, summary: 'The whole report as an Excel workbook: a frozen header row, dates as dates (UTC), numbers as numbers, flags as booleans (audited as ExportReport); any other format in the path is a 400 naming format', security: 'supervisor', path_params: ['id'], query: REPORT_QUERY },
  { method: 'get', path: '/api/v1/report-exports', tag: 'reports', summary: 'Scheduled report exports (the OCM Export Scheduler), each with its next and last run', security: 'supervisor', response: 'ReportExportArray' },
  { method: 'post', path: '/api/v1/report-exports', tag: 'reports', summary: 'Schedule an export: {report, frequency: daily | weekly | monthly, timeOfDay: HH:MM in utilities.timeZone, campaign?, format?: csv (default) | xlsx} (campaign: reports by campaign only; an inbound report covers every queue)', security: 'supervisor', body: 'json', bodySchema: 'NewReportExport', status: 201, response: 'ReportExport' },
  { method: 'delete', path: '/api/v1/report-exports/{id}', tag: 'reports', summary: 'Remove a scheduled export and its runs (the files stay)', security: 'supervisor', path_params: ['id'] },
  { method: 'get', path: '/api/v1/report-exports/{id}/runs', tag: 'reports', summary: 'An export\'s runs, newest first', security: 'supervisor', path_params: ['id'], response: 'ReportExportRunArray' },
  { method: 'get', path: '/api/v1/report-exports/runs/{runId}/file', tag: 'reports', summary: 'The file a run wrote (CSV, or an Excel workbook for an xlsx export)', security: 'supervisor', path_params: ['runId'] },
  ...ADMIN_OPERATIONS,
  { method: 'get', path: '/api/v1/campaign-defaults', tag: 'administration', summary: 'What a new campaign gets for each setting a POST leaves out (its codes: every code defined, the first the default)', security: 'supervisor' },
  { method: 'get', path: '/api/v1/openapi.json', tag: 'auth', summary: 'This document', security: 'public' },
  // The embedded dialer's POM web services (protocol.md §6).
  { method: 'get', path: '/pom/v1/contactlists', tag: 'pom', summary: 'Contact lists (searchBy=organizationName|contactListName, searchOperator=like|equals)', security: 'pom', query: [['searchBy', 'string', ''], ['searchOperator', 'string', ''], ['searchValue', 'string', '']], response: 'ContactListArray' },
  { method: 'post', path: '/pom/v1/contactlists', tag: 'pom', summary: 'Create a contact list', security: 'pom', body: 'json', status: 201, response: 'ContactList' },
  { method: 'get', path: '/pom/v1/contactlists/{id}', tag: 'pom', summary: 'One contact list', security: 'pom', path_params: ['id'], response: 'ContactList' },
  { method: 'get', path: '/pom/v1/contactlists/{id}/contacts/list', tag: 'pom', summary: 'Contacts, raw or filtered: {contactBatch, totalPage}', security: 'pom', path_params: ['id'], query: [...PAGE, ...SEARCH, ['sortBy', 'string', 'userContactId or id'], ['sortDirection', 'string', 'ASC or DESC']], response: 'ContactBatchList' },
  { method: 'delete', path: '/pom/v1/contactlists/{id}/contacts/{userContactId}/delete', tag: 'pom', summary: 'Delete (purge) a contact; 409 "Cannot delete contact as the attempt is in progress" while dialed (POST also accepted)', security: 'pom', path_params: ['id', 'userContactId'] },
  { method: 'post', path: '/pom/v1/contactlists/{id}/contacts/markuncallable', tag: 'pom', summary: 'Mark contacts uncallable: {userContactIds}; all or none', security: 'pom', path_params: ['id'], body: 'json' },
  { method: 'get', path: '/pom/v1/dnclists', tag: 'pom', summary: 'DNC lists', security: 'pom', response: 'DNCListArray' },
  { method: 'post', path: '/pom/v1/dnclists', tag: 'pom', summary: 'Create a DNC list: {DNCListName, listType}', security: 'pom', body: 'json', status: 201, response: 'DNCList' },
  { method: 'get', path: '/pom/v1/dnclists/{id}', tag: 'pom', summary: 'One DNC list', security: 'pom', path_params: ['id'], response: 'DNCList' },
  { method: 'post', path: '/pom/v1/dnclists/{id}/addresses', tag: 'pom', summary: 'Add addresses: {addresses}; all or none', security: 'pom', path_params: ['id'], body: 'json' },
  { method: 'post', path: '/pom/v1/dnclists/{id}/addresses/remove', tag: 'pom', summary: 'Remove addresses: {addresses}', security: 'pom', path_params: ['id'], body: 'json' },
  { method: 'get', path: '/pom/v1/dnclists/{id}/addresses', tag: 'pom', summary: 'Addresses in order, a page after `after`', security: 'pom', path_params: ['id'], query: [['after', 'string', ''], ['limit', 'integer', '']] },
  { method: 'get', path: '/pom/v1/datasources', tag: 'pom', summary: 'Data sources', security: 'pom', query: [['contactListId', 'integer', '']] },
  { method: 'post', path: '/pom/v1/datasources', tag: 'pom', summary: 'Create an append data source', security: 'pom', body: 'json', status: 201 },
  { method: 'post', path: '/pom/v1/datasources/schedule/runonce', tag: 'pom', summary: 'Schedule a run-once import: {dataSourceName, startTime, timeZone}', security: 'pom', body: 'json', status: 201 },
  { method: 'get', path: '/pom/v1/datasources/schedule/{id}', tag: 'pom', summary: 'A schedule and its import', security: 'pom', path_params: ['id'] },
  { method: 'get', path: '/pom/v1/campaigns', tag: 'pom', summary: 'Campaigns', security: 'pom' },
  { method: 'get', path: '/pom/v1/campaigns/{id}', tag: 'pom', summary: 'One campaign', security: 'pom', path_params: ['id'] },
  ...(['start', 'stop', 'pause', 'resume'] as const).map((a): Operation => ({
    method: 'post', path: `/pom/v1/campaigns/{id}/job/${a}`, tag: 'pom', summary: `${a} the campaign's job (reply carries isQueued)`, security: 'pom', path_params: ['id'],
  })),
  { method: 'get', path: '/pom/v1/campaigns/{id}/job/status', tag: 'pom', summary: 'The campaign\'s job status', security: 'pom', path_params: ['id'] },
];

const obj = (properties: Record<string, unknown>, required: string[] = []): Record<string, unknown> => ({ type: 'object', properties, ...(required.length ? { required } : {}) });
const s = { type: 'string' };
const n = { type: 'integer' };
const b = { type: 'boolean' };

const strings = { type: 'array', items: s };
const num = { type: 'number' };
const HOURS = obj({ start: { ...s, pattern: '^\\d{2}:\\d{2}$' }, end: { ...s, pattern: '^\\d{2}:\\d{2}$' } });
const WEEK = { type: 'object', properties: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, HOURS])), description: 'calling hours per weekday in the number\'s local time; a day left out has none' };
const list = (schema: string): unknown => ({ type: 'array', items: { $ref: `#/components/schemas/${schema}` } });
const CAMPAIGN = {
  campaignName: s, campaignId: { ...n, readOnly: true }, organization: { ...s, readOnly: true }, type: { type: 'string', enum: ['Preview', 'Progressive', 'Predictive'] },
  previewTimed: b, previewTimeoutSeconds: n, previewCanCancel: b, contactList: s, dncLists: strings, teamName: s,
  skill: { ...s, description: 'the outbound skill agents need; empty: the agents of the team' }, completionCodes: strings, defaultCompletionCode: s,
  wrapupSeconds: n, wrapupExtendable: b,
  callingWindow: obj({ hours: WEEK, states: { type: 'object', additionalProperties: WEEK, description: 'by US state (TX)' }, countries: { type: 'object', additionalProperties: WEEK, description: 'by country calling code (44)' } }, ['hours']),
  retryRules: { type: 'object', additionalProperties: n, description: 'minutes before a retry, per attempt result (Call_Busy, Ring_No_Answer, Answer_Machine, …); results left out are final' },
  maxAttempts: n, maxAttemptsPerNumber: { ...n, description: '0: no limit per number' },
  pacing: obj({ method: { type: 'string', enum: ['target', 'ratio'] }, targetAbandonRate: num, abandonCap: num, ratio: num, maxLinesPerAgent: num, connectWithinSeconds: num }),
  answeringMachine: obj({ detection: b, action: { type: 'string', enum: ['drop', 'connect', 'message'] }, falsePositiveRate: num, falseNegativeRate: num }),
  noAnswerTimeoutSeconds: n, minimumRingSeconds: n, callerId: { ...s, description: 'E.164, or empty' }, callbackExpiryMinutes: n, priority: n,
  warnings: { ...strings, readOnly: true }, job: { ...obj({ jobId: n, state: s, startedAt: s }), nullable: true, readOnly: true },
};
const nullableInt = (description: string) => ({ ...n, nullable: true, minimum: 0, description });
const BLENDING = obj({
  queue: { ...s, description: 'the inbound queue the team blends into' },
  callsWaitingAbove: nullableInt('blend to inbound while more than this many calls wait; null: no such trigger'),
  oldestWaitAboveSeconds: nullableInt('… or the oldest call has waited more than this many seconds'),
  serviceLevelBelowPercent: { ...num, nullable: true, minimum: 0, maximum: 100, description: '… or the service level is below this % (once 10 calls are counted today)' },
  releaseAfterEmptySeconds: { ...n, minimum: 0, maximum: 3600, description: 'back to outbound once the queue has been empty this long (default 30)' },
  minOutbound: { ...n, minimum: 0, description: 'never fewer of the team\'s logged-on agents outbound (default 0)' },
  maxOutbound: nullableInt('never more of the team\'s agents outbound; null: no limit; at least minOutbound'),
}, ['queue']);
const ADMIN_SCHEMAS: Record<string, unknown> = {
  BlendingRule: { ...BLENDING, description: 'At least one trigger is not null. A PUT\'s fields left out keep their values.' },
  Team: obj({
    teamName: s, organization: s, skills: strings,
    blending: { allOf: [{ $ref: '#/components/schemas/BlendingRule' }], nullable: true, description: 'how the team\'s agents blend into an inbound queue; null: outbound only' },
    agents: { ...n, readOnly: true },
  }, ['teamName']),
  TeamArray: list('Team'),
  Agent: obj({
    agentId: s, lanId: s, extension: { ...s, pattern: '^[0-9]{2,15}$' }, password: { ...s, writeOnly: true }, firstName: s, lastName: s, teamName: s,
    skills: { ...strings, description: 'none given: the team\'s' },
    skillLevels: { type: 'object', additionalProperties: { ...n, minimum: 1, maximum: 16 }, description: 'level per skill of the agent\'s, 1 (best) to 16; a skill not listed is level 1' },
    locationPreference: { type: 'string', enum: ['primary', 'auxiliary'] }, enabled: b, loggedIn: { ...b, readOnly: true },
  }, ['agentId', 'lanId', 'extension', 'password', 'firstName', 'teamName']),
  AgentArray: list('Agent'),
  CompletionCode: obj({
    codeId: s, codeValue: s, nextState: { type: 'string', enum: ['done', 'retry', 'callback', 'dnc'] }, retryMinutes: { ...n, nullable: true }, sale: b, rightPartyContact: b,
    campaigns: { ...strings, description: 'the campaigns that offer it; given, it makes exactly those offer it' },
  }, ['codeValue', 'nextState']),
  CompletionCodeArray: list('CompletionCode'),
  Campaign: obj(CAMPAIGN, ['campaignName', 'type', 'contactList', 'teamName']),
  CampaignArray: list('Campaign'),
  Queue: obj({
    name: s, organization: { ...s, description: 'default: the first organization' },
    skill: { ...s, description: 'the skill an agent needs to take the queue\'s calls' },
    routing: { type: 'string', enum: ['longestIdle', 'mostSkilled'], description: 'the agent idle longest, or the best level in the skill then idle longest (default longestIdle)' },
    serviceLevelSeconds: { ...n, minimum: 1, maximum: 3600, description: 'answered within this counts within service level (default 20)' },
    announcementSeconds: { ...n, minimum: 0, maximum: 3600, description: 'between announcements; 0: music only (default 30)' },
    overflowQueue: { ...s, nullable: true, description: 'another queue a call still waiting after overflowAfterSeconds moves to; null: never' },
    overflowAfterSeconds: { ...n, minimum: 1, maximum: 3600, description: 'default 60' },
    wrapupSeconds: { ...n, minimum: 0, maximum: 3600, description: 'after-call work limit; 0: none (default 60)' },
    completionCodes: { ...strings, description: 'codeIds of defined completion codes, at least one (default: every code defined)' },
    defaultCompletionCode: { ...s, description: 'one of completionCodes, given when wrap-up runs out (default: the first)' },
    blendingTeams: { ...strings, readOnly: true, description: 'the teams whose blending rule names the queue' },
  }, ['name', 'skill']),
  QueueArray: list('Queue'),
  CampaignEdit: obj({ ...CAMPAIGN, edit: obj({ runningJobId: { ...n, nullable: true }, waitsForNextJob: strings }) }),
};

const SCHEMAS: Record<string, unknown> = {
  Error: obj({ error: obj({ code: s, message: s, field: s }) }),
  ErrorInfo: obj({ displayMessage: s, errorMessage: s, errorCode: s }),
  Login: obj({ username: s, password: s }, ['username', 'password']),
  Session: obj({ token: s, expiresAt: s, user: obj({ username: s, name: s, role: { type: 'string', enum: ['supervisor', 'administrator'] } }) }),
  NewUser: obj({ username: s, name: s, role: { type: 'string', enum: ['supervisor', 'administrator'] }, password: s }, ['username', 'role', 'password']),
  ContactList: obj({ contactListName: s, contactListId: n, lastUpdateOn: s, totalContacts: n, availableContacts: n, totalExcludedContacts: n, organizationName: s, zoneName: s }),
  ContactListArray: { type: 'array', items: { $ref: '#/components/schemas/ContactList' } },
  Contact: obj({ id: n, userContactId: s, title: s, firstName: s, lastName: s, phoneNumbers: { type: 'array', items: obj({ number: s, countryCode: s, timezone: s }) }, emails: { type: 'array', items: s }, attributes: { type: 'object', additionalProperties: s }, state: s, attempts: n }),
  ContactBatchList: obj({ contactBatch: { type: 'array', items: { $ref: '#/components/schemas/Contact' } }, totalPage: n }),
  DNCList: obj({ DNCListId: n, DNCListName: s, lastUpdated: s, totalAddresses: n, listType: s }),
  DNCListArray: { type: 'array', items: { $ref: '#/components/schemas/DNCList' } },
  PurgeRequest: obj({ contactName: s, contactListId: n, attribute: s, filter: { type: 'string', enum: ['equal to', 'not equal to', 'like', 'less than', 'greater than'] }, values: { type: 'array', items: s } }, ['contactListId', 'attribute', 'filter', 'values']),
  PurgeResult: obj({ isDeleted: b, failedUserContactId: s, errorMessage: s, mode: s, matched: n, purged: n, retries: n, beforePurging: n, afterPurging: n }),
  Reject: obj({ rowNumber: n, reason: { type: 'string', enum: ['bad_number', 'missing_field', 'duplicate', 'dnc', 'bad_value'] }, field: s, message: s, value: s }),
  DNCResponse: obj({ result: b, failedContactIdList: { type: 'array', items: s, nullable: true }, errorInfo: { $ref: '#/components/schemas/ErrorInfo' }, rows: n, sent: n, rejected: n, changed: n, rejects: { type: 'array', items: { $ref: '#/components/schemas/Reject' } } }),
  ManualUploadResponse: obj({ isSuccess: b, errorInfo: { $ref: '#/components/schemas/ErrorInfo' }, dbId: n, uploadId: s, dataSourceName: s, fileName: s, bytes: n, startTime: s, timeZone: s }),
  CampaignResponse: obj({ isSuccess: b, errorInfo: { $ref: '#/components/schemas/ErrorInfo' }, campaignId: n, campaignName: s, jobId: n, jobState: s }),
  ImportProgress: obj({ runId: n, kind: s, state: s, rowsRead: n, rowsAccepted: n, rowsRejected: n, rowsPerSecond: n, elapsedMs: n, rejectedBy: { type: 'object', additionalProperties: n } }),
  ImportOutcome: obj({ run: { type: 'object' }, progress: { $ref: '#/components/schemas/ImportProgress' }, added: n }),
  ImportRun: obj({
    runId: n, kind: { type: 'string', enum: ['contacts', 'dnc'] }, state: { type: 'string', enum: ['running', 'completed', 'failed'] }, targetName: s, fileName: s,
    rowsRead: n, rowsAccepted: n, rowsRejected: n, rowsPerSecond: n, elapsedMs: n, rejectedBy: { type: 'object', additionalProperties: n },
    scrub: b, userName: s, startedAt: s, endedAt: { ...s, nullable: true }, error: { ...s, nullable: true },
    bytesRead: { ...n, nullable: true, description: 'bytes of the file read, while this nailup reads it' }, bytesTotal: { ...n, nullable: true, description: 'the file\'s size, when known' },
  }),
  ImportRunArray: { type: 'array', items: { $ref: '#/components/schemas/ImportRun' } },
  RejectArray: { type: 'array', items: { $ref: '#/components/schemas/Reject' } },
  ManualUpload: obj({
    id: n, contactListId: n, contactListName: s, fileName: s, type: s, userName: s, createdAt: s, uploadTime: { ...s, nullable: true },
    uploadId: { ...s, nullable: true, description: 'the run-once schedule\'s id' }, status: { type: 'string', enum: ['pending', 'scheduled', 'failed'] }, error: { ...s, nullable: true },
    state: { type: 'string', enum: ['pending', 'scheduled', 'running', 'completed', 'failed'], description: 'the upload\'s life: pending or failed (nothing scheduled), else its schedule\'s state' },
    schedule: { ...obj({ scheduleId: n, state: { type: 'string', enum: ['scheduled', 'running', 'completed', 'failed'] }, startTime: s, timeZone: s, error: { ...s, nullable: true }, importRunId: { ...n, nullable: true } }), nullable: true, description: 'null when nothing is scheduled, or POM is not this nailup' },
    importRun: { allOf: [{ $ref: '#/components/schemas/ImportRun' }], nullable: true },
  }),
  ManualUploadArray: { type: 'array', items: { $ref: '#/components/schemas/ManualUpload' } },
  User: obj({ username: s, name: s, role: { type: 'string', enum: ['supervisor', 'administrator'] }, disabled: b, createdAt: s }),
  UserArray: { type: 'array', items: { $ref: '#/components/schemas/User' } },
  UserChange: obj({ name: s, role: { type: 'string', enum: ['supervisor', 'administrator'] }, password: s, disabled: b }),
  AuditRecord: obj({ id: n, at: s, username: s, role: s, action: s, target: s, outcome: { type: 'string', enum: ['ok', 'failed'] }, counts: { type: 'object', additionalProperties: n }, details: { type: 'object' } }),
  AuditRecordArray: { type: 'array', items: { $ref: '#/components/schemas/AuditRecord' } },
  SessionView: obj({ username: s, name: s, role: { type: 'string', enum: ['supervisor', 'administrator'] }, expiresAt: s, expiresInSeconds: n, warnBeforeSeconds: { ...n, description: 'the pages offer to extend the session once this little is left' } }),
  ReportExportRun: obj({ id: n, ranAt: s, periodFrom: s, periodTo: s, fileName: { ...s, nullable: true }, rows: n, error: { ...s, nullable: true } }),
  ReportExportRunArray: { type: 'array', items: { $ref: '#/components/schemas/ReportExportRun' } },
  ReportExport: obj({
    id: n, report: s, title: s, campaign: { ...s, nullable: true }, frequency: { type: 'string', enum: ['daily', 'weekly', 'monthly'] }, format: { type: 'string', enum: [...EXPORT_FORMATS] }, timeOfDay: s, timeZone: s,
    nextRunAt: s, createdBy: s, createdAt: s, lastRun: { allOf: [{ $ref: '#/components/schemas/ReportExportRun' }], nullable: true },
  }),
  ReportExportArray: { type: 'array', items: { $ref: '#/components/schemas/ReportExport' } },
  NewReportExport: obj({ report: s, frequency: { type: 'string', enum: ['daily', 'weekly', 'monthly'] }, timeOfDay: s, campaign: s, format: { type: 'string', enum: [...EXPORT_FORMATS] } }, ['report', 'frequency', 'timeOfDay']),
  Callback: obj({
    id: n, campaign: s, contact: obj({ userContactId: s, name: s }), type: { type: 'string', enum: ['Agent', 'Campaign', 'StrictAgent', 'Standard'] },
    agentId: { ...s, nullable: true }, agentName: { ...s, nullable: true }, number: s, timezone: s, notes: s,
    state: { type: 'string', enum: [...CALLBACK_STATES] }, overdue: { ...b, description: 'pending and past its due time' },
    dueAt: s, expiresAt: s, createdAt: s,
  }),
  CallbackPage: obj({ total: n, counts: { type: 'object', additionalProperties: n, description: 'callbacks per state under the other filters' }, callbacks: { type: 'array', items: { $ref: '#/components/schemas/Callback' } } }),
  CallbackReschedule: obj({ dueAt: s, expiresAt: s }, ['dueAt']),
  ...ADMIN_SCHEMAS,
};

export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const parameters = [
      ...(op.path_params ?? []).map((name) => ({ name, in: 'path', required: true, schema: name === 'id' && !op.textId ? n : s })),
      ...(op.query ?? []).map(([name, type, description, required]) => ({ name, in: 'query', required: required === true, description, schema: { type } })),
    ];
    const responseSchema = op.response ? { $ref: `#/components/schemas/${op.response}` } : { type: 'object' };
    const entry: Record<string, unknown> = {
      tags: [op.tag],
      summary: op.summary,
      ...(parameters.length ? { parameters } : {}),
      security: op.security === 'public' ? [] : op.security === 'pom' ? [{ pomBasic: [] }] : [{ bearer: [op.security] }],
      ...(op.security === 'supervisor' || op.security === 'administrator' ? { 'x-role': op.security } : {}),
      responses: {
        [String(op.status ?? 200)]: { description: 'OK', content: { 'application/json': { schema: responseSchema } } },
        ...(op.body || op.query?.length || op.path_params?.length ? { 400: { description: 'Bad input, naming the field', content: { 'application/json': { schema: { $ref: `#/components/schemas/${op.tag === 'pom' ? 'ErrorInfo' : 'Error'}` } } } } } : {}),
        ...(op.security === 'public' ? {} : { 401: { description: 'Not logged in' } }),
        ...(op.security === 'administrator' ? { 403: { description: 'Needs the administrator role' } } : {}),
      },
    };
    if (op.body === 'json') entry.requestBody = { required: true, content: { 'application/json': { schema: op.bodySchema ? { $ref: `#/components/schemas/${op.bodySchema}` } : { type: 'object' } } } };
    if (op.body === 'csv' || op.body === 'csv-optional') entry.requestBody = { required: op.body === 'csv', content: { 'text/csv': { schema: { type: 'string', format: 'binary' } } } };
    (paths[op.path] ??= {})[op.method] = entry;
  }
  return {
    openapi: '3.0.3',
    info: { title: 'nailup supervisor API and POM web services', version: '1', description: 'Supervisor utilities (protocol.md §6): contact lists, purge, DNC, manual upload, campaign jobs, imports; and the embedded dialer\'s POM web services. See docs/utilities.md.' },
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'POST /api/v1/auth/login gives the token; roles supervisor and administrator' },
        pomBasic: { type: 'http', scheme: 'basic', description: 'utilities.pom.username / password; none set: loopback clients only' },
      },
      schemas: SCHEMAS,
    },
  };
}
