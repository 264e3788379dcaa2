/** Data sources (files on the SFTP drop that import into a list) and their run-once schedules. */
import type { FastifyInstance } from 'fastify';
import type { PomRestDeps } from './deps.ts';
import { PomError, invalid, missing } from './errors.ts';
import { asQuery, bodyObject, id, optionalString, requiredString, text } from './params.ts';
import { dataSourceView, scheduleView } from './views.ts';
import { checkFileName } from '../utilities/sftp-drop.ts';
import { parseZoned } from '../utilities/zoned-time.ts';
import { isTimeZone } from '../dialer/compliance/calling-window.ts';
import { NailupError } from '../errors.ts';
import type { DataSourceRecord } from '../store/records.ts';

export function registerDataSourceRoutes(app: FastifyInstance, deps: PomRestDeps): void {
  const { store } = deps;
  const view = async (source: DataSourceRecord) => dataSourceView(source, (await store.contactLists.findById(source.contactListId))?.name ?? '');

  app.get('/datasources', async (request) => {
    const raw = text(asQuery(request.query), 'contactListId');
    const sources = await store.dataSources.list(raw === undefined ? undefined : id(raw, 'contactListId'));
    return Promise.all(sources.map(view));
  });

  app.post('/datasources', async (request, reply) => {
    const body = bodyObject(request.body);
    const name = requiredString(body, 'dataSourceName');
    const type = optionalString(body, 'dataSourceType', 'append');
    if (type !== 'append') throw invalid('dataSourceType', 'must be append (contacts of the file are added to the list)');
    const listId = typeof body.contactListId === 'number' ? body.contactListId : id(String(body.contactListId ?? ''), 'contactListId');
    const list = await store.contactLists.findById(listId);
    if (!list) throw missing(`Contact list ${listId}`);
    let fileName: string;
    try {
      fileName = checkFileName(requiredString(body, 'fileName'));
    } catch (error) {
      if (error instanceof NailupError) throw invalid('fileName', error.message.replace(/^fileName: /, ''));
      throw error;
    }
    if (await store.dataSources.findByName(name)) throw new PomError('ALREADY_EXISTS', `A data source named ${name} exists already`);
    const source = await store.dataSources.create({ name, type, contactListId: list.id, fileName, createdAt: deps.clock.now() });
    return reply.status(201).send(await view(source));
  });

  app.post('/datasources/schedule/runonce', async (request, reply) => {
    const body = bodyObject(request.body);
    const name = requiredString(body, 'dataSourceName');
    const timeZone = optionalString(body, 'timeZone', deps.options.timeZone);
    if (!isTimeZone(timeZone)) throw invalid('timeZone', `${timeZone} is not an IANA time zone`);
    const startText = requiredString(body, 'startTime');
    const startAt = parseZoned(startText, timeZone);
    if (startAt === undefined) throw invalid('startTime', 'must be yyyy-MM-ddTHH:mm:ss in timeZone, or an ISO time with an offset');
    const source = await store.dataSources.findByName(name);
    if (!source) throw missing(`Data source ${name}`);
    const schedule = await deps.scheduler.schedule(source, startAt, timeZone);
    return reply.status(201).send(scheduleView(schedule, source.name, undefined));
  });

  app.get<{ Params: { id: string } }>('/datasources/schedule/:id', async (request) => {
    const schedule = await store.dataSources.findSchedule(id(request.params.id, 'scheduleId'));
    if (!schedule) throw missing(`Schedule ${request.params.id}`);
    const source = await store.dataSources.findById(schedule.dataSourceId);
    const run = schedule.importRunId === null ? undefined : await store.imports.findRun(schedule.importRunId);
    return scheduleView(schedule, source?.name ?? '', run);
  });
}
