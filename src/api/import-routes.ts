/**
 * File imports over HTTP: the CSV is the request body (Content-Type: text/csv), read as it arrives.
 * The reply comes when the import has committed (or failed, changing nothing); meanwhile
 * GET /imports/{id} shows its progress, and GET /imports?requestId= finds the run of an upload sent
 * with ?requestId= (the client's id for it). The report of rejected rows is paged JSON or a CSV file.
 *
 * Bounded (config `imports`): a Content-Length over imports.maxFileBytes is refused with 413 before
 * the body is read; a body that grows past it, or a field or row over its bound, fails the import.
 * An upload the client cuts off fails its run at once with the bytes that came. A reply sent before
 * the whole body was read closes the connection rather than read the rest.
 */
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound, validationError } from '../errors.ts';
import type { SupervisorSide } from '../utilities/supervisor-side.ts';
import type { ImportOutcome } from '../imports/importer.ts';
import type { ImportFeed } from '../utilities/import-feeds.ts';
import { fileBody, int, one, principalOf, query, role, type Query } from './http-helpers.ts';
import { importRunView } from './import-views.ts';
import { csvField } from '../imports/csv.ts';
import { ENCODING_LABELS, UploadCutOff, fileEncodingOf, type FileEncoding, type ImportLimits } from '../imports/import-limits.ts';

function requestIdOf(q: Query): string | undefined {
  const id = one(q, 'requestId');
  if (id !== undefined && !/^[\w-]{8,64}$/.test(id)) throw validationError('requestId', 'must be 8 to 64 letters, digits, "_" or "-"');
  return id;
}

const contentLength = (request: FastifyRequest): number | null => {
  const header = request.headers['content-length'];
  return header !== undefined && /^\d{1,15}$/.test(header) ? Number(header) : null;
};

function encodingOf(q: Query): FileEncoding | undefined {
  const name = one(q, 'encoding');
  if (name === undefined || name === '') return undefined;
  const encoding = fileEncodingOf(name);
  if (!encoding) throw validationError('encoding', `must be one of ${ENCODING_LABELS.join(', ')}`);
  return encoding;
}

/** The request's body, read as it arrives and counted, with a signal aborted if the client cuts it off. */
interface Upload {
  stream: AsyncIterable<Buffer>;
  size: number | null;
  signal: AbortSignal;
  /** The import has ended: the connection is no longer watched. */
  done(): void;
}

function uploadOf(request: FastifyRequest): Upload {
  const body = fileBody(request) as Readable;
  const raw = request.raw;
  const size = contentLength(request);
  let bytes = 0;
  const controller = new AbortController();
  // The connection closed before the body came whole: the client gave up or was cut off.
  const closed = (): void => {
    if (!raw.complete) controller.abort(new UploadCutOff(bytes + body.readableLength, size));
  };
  raw.once('close', closed);
  // Not destroyed when the import stops reading early: the reply still goes out, then the connection closes.
  const chunks = (typeof body.iterator === 'function' ? body.iterator({ destroyOnReturn: false }) : body) as AsyncIterable<Buffer>;
  const stream = (async function* counted() {
    for await (const chunk of chunks) {
      bytes += chunk.length;
      yield chunk;
    }
  })();
  return { stream, size, signal: controller.signal, done: () => raw.off('close', closed) };
}

/** A Content-Length over the limit: refused before a byte of the body is read. */
function tooLarge(reply: FastifyReply, size: number, limits: ImportLimits): FastifyReply {
  return reply.status(413).send({ error: {
    code: 'FILE_TOO_LARGE', field: 'body', limit: limits.maxFileBytes,
    message: `body: the file is ${size} bytes, more than the ${limits.maxFileBytes} allowed (imports.maxFileBytes)`,
  } });
}

/** A reply sent before the whole body came (refused, failed early): close the connection rather than read the rest. */
async function closeIfUnread(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if (!request.raw.complete) void reply.header('connection', 'close');
  return payload;
}

export function registerImportRoutes(api: FastifyInstance, side: SupervisorSide): void {
  const supervisor = { preHandler: role(side.auth, 'supervisor') };
  const upload = { ...supervisor, onSend: closeIfUnread };
  const { store, importer, audit, feeds } = side;
  const limits: ImportLimits = side.config.imports;
  /** The Content-Length, when it is over the file limit. */
  const oversize = (request: FastifyRequest): number | null => {
    const size = contentLength(request);
    return size !== null && size > limits.maxFileBytes ? size : null;
  };
  /** Runs an import of the request's file under the client's request id. */
  const fed = async <T>(request: FastifyRequest, run: (feed: ImportFeed, upload: Upload) => Promise<T>): Promise<T> => {
    const feed = feeds.open(requestIdOf(query(request)));
    let body: Upload | undefined;
    try {
      body = uploadOf(request);
      return await run(feed, body);
    } finally {
      body?.done();
      feed.close();
    }
  };
  const summary = (o: ImportOutcome) => ({ run: { ...o.run, startedAt: new Date(o.run.startedAt).toISOString(), endedAt: o.run.endedAt === null ? null : new Date(o.run.endedAt).toISOString() }, progress: o.progress, added: o.added });

  api.post('/imports/contacts', upload, async (request, reply) => {
    const tooBig = oversize(request);
    if (tooBig !== null) return tooLarge(reply, tooBig, limits);
    const p = principalOf(request);
    const q = query(request);
    const encoding = encodingOf(q);
    const name = one(q, 'list');
    const idText = one(q, 'contactListId');
    const list = idText !== undefined ? await store.contactLists.findById(int(idText, 'contactListId', 1, Number.MAX_SAFE_INTEGER))
      : name !== undefined ? await store.contactLists.findByName(name) : undefined;
    if (name === undefined && idText === undefined) throw validationError('list', 'name the contact list: ?list=NAME or ?contactListId=ID');
    if (!list) throw notFound(`contact list ${name ?? idText}`);
    const scrub = one(q, 'scrub') === 'true' || one(q, 'scrub') === '1';
    const fileName = one(q, 'fileName') ?? 'upload.csv';
    const outcome = await fed(request, (feed, body) => audit.around(p, 'ImportContacts', list.name, () => importer.importContacts({
      contactListId: list.id, scrub, userName: p.username, limits,
      source: { fileName, stream: body.stream, size: body.size, signal: body.signal, ...(encoding ? { encoding } : {}) }, onStart: (run) => feed.started(run.id),
    }), (o) => ({ counts: { rows: o.run.rowsRead, accepted: o.run.rowsAccepted, rejected: o.run.rowsRejected, added: o.added }, details: { runId: o.run.id, fileName, scrub } })));
    return reply.status(201).send(summary(outcome));
  });

  api.post('/imports/dnc', upload, async (request, reply) => {
    const tooBig = oversize(request);
    if (tooBig !== null) return tooLarge(reply, tooBig, limits);
    const p = principalOf(request);
    const q = query(request);
    const encoding = encodingOf(q);
    const name = one(q, 'list');
    if (name === undefined) throw validationError('list', 'name the DNC list: ?list=NAME');
    const list = await store.dnc.findListByName(name);
    if (!list) throw notFound(`DNC list ${name}`);
    const fileName = one(q, 'fileName') ?? 'upload.csv';
    const outcome = await fed(request, (feed, body) => audit.around(p, 'ImportDnc', list.name, () => importer.importDnc({
      dncListId: list.id, userName: p.username, limits,
      source: { fileName, stream: body.stream, size: body.size, signal: body.signal, ...(encoding ? { encoding } : {}) }, onStart: (run) => feed.started(run.id),
    }), (o) => ({ counts: { rows: o.run.rowsRead, accepted: o.run.rowsAccepted, rejected: o.run.rowsRejected, added: o.added }, details: { runId: o.run.id, fileName } })));
    return reply.status(201).send(summary(outcome));
  });

  api.get('/imports', supervisor, async (request) => {
    const q = query(request);
    const requestId = requestIdOf(q);
    if (requestId !== undefined) {
      // The upload's run, once it has started and while the upload runs: [] before and after.
      const runId = feeds.runOfRequest(requestId);
      const view = runId === undefined ? undefined : await importRunView(side, runId);
      return view ? [view] : [];
    }
    const runs = await store.imports.listRuns(int(one(q, 'limit'), 'limit', 1, 1000, 50));
    return (await Promise.all(runs.map((r) => importRunView(side, r)))).filter((v) => v !== undefined);
  });

  api.get<{ Params: { id: string } }>('/imports/:id', supervisor, async (request) => {
    const view = await importRunView(side, int(request.params.id, 'id', 1, Number.MAX_SAFE_INTEGER));
    if (!view) throw notFound(`import ${request.params.id}`);
    return view;
  });

  api.get<{ Params: { id: string } }>('/imports/:id/rejects', supervisor, async (request) => {
    const runId = int(request.params.id, 'id', 1, Number.MAX_SAFE_INTEGER);
    if (!(await store.imports.findRun(runId))) throw notFound(`import ${runId}`);
    const q = query(request);
    return store.imports.rejects(runId, int(one(q, 'offset'), 'offset', 0, Number.MAX_SAFE_INTEGER, 0), int(one(q, 'limit'), 'limit', 1, 10_000, 100));
  });

  api.get<{ Params: { id: string } }>('/imports/:id/rejects.csv', supervisor, async (request, reply) => {
    const runId = int(request.params.id, 'id', 1, Number.MAX_SAFE_INTEGER);
    if (!(await store.imports.findRun(runId))) throw notFound(`import ${runId}`);
    // Page by page: a report of a million rows is never in memory whole.
    async function* lines(): AsyncGenerator<string> {
      yield 'line,reason,field,message,value\n';
      for (let offset = 0; ; offset += 5000) {
        const page = await store.imports.rejects(runId, offset, 5000);
        yield page.map((r) => [r.rowNumber, r.reason, r.field, r.message, r.value].map(csvField).join(',')).join('\n') + (page.length ? '\n' : '');
        if (page.length < 5000) return;
      }
    }
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="import-${runId}-rejects.csv"`).send((await import('node:stream')).Readable.from(lines()));
  });
}
