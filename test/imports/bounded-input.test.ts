/**
 * Bounded input over real HTTP: a Content-Length over imports.maxFileBytes is refused before the body
 * is read; a body that grows past it, a field or a row over its limit fail the import (all or
 * nothing) with the reason and the line; a 200 MB never-ending field is refused at once with memory
 * bounded; an upload the client cuts off fails its run with the reason and frees everything; bytes
 * that are not UTF-8 reject their row, naming the column; ?encoding=windows-1252 reads latin1 files.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import type { Nailup } from '../../src/app.ts';
import { Client, loginAs, startTestNailup, type Json } from '../support/nailup.ts';
import { newList, rowPhone } from '../support/import-files.ts';

let nailup: Nailup;
let supervisor: Client;
/** A nailup whose files may have 1,000,000 bytes at most. */
let small: Nailup;
let smallSupervisor: Client;

before(async () => {
  [nailup, small] = await Promise.all([startTestNailup(), startTestNailup({ 'imports.maxFileBytes': 1_000_000 })]);
  [supervisor, smallSupervisor] = await Promise.all([loginAs(nailup, 'supervisor'), loginAs(small, 'supervisor')]);
});
after(async () => {
  await nailup?.close();
  await small?.close();
});

const HEADER = 'userContactId,firstName,phone1,notes\n';

function rows(from: number, count: number): string {
  let out = '';
  for (let i = from; i < from + count; i++) out += `B${i},First${i},${rowPhone(i, 300)},n\n`;
  return out;
}

interface RawReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Json;
  /** Bytes of the body written before the reply came. */
  sent: number;
}

/**
 * POSTs a body from `chunks` over a raw connection, honouring back-pressure, and stops writing as
 * soon as the reply comes (the server may answer before it has read the whole body).
 */
function rawPost(target: Nailup, token: string, path: string, chunks: Iterator<Buffer>, headers: Record<string, string | number> = {}): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const url = new URL(`/api/v1${path}`, target.url);
    let sent = 0;
    let replied = false;
    const request = http.request(url, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}`, ...headers } });
    request.on('response', (response) => {
      replied = true;
      const parts: Buffer[] = [];
      response.on('data', (c: Buffer) => parts.push(c));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: JSON.parse(Buffer.concat(parts).toString() || 'null'), sent }));
      response.on('error', reject);
    });
    // The server closes the connection after an early reply: writes after it fail, which is expected.
    request.on('error', (error) => {
      if (!replied) setTimeout(() => !replied && reject(error), 200);
    });
    const pump = (): void => {
      while (!replied && !request.destroyed) {
        const next = chunks.next();
        if (next.done) {
          request.end();
          return;
        }
        sent += next.value.length;
        if (!request.write(next.value)) {
          request.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
}

function* pieces(...parts: Array<string | Buffer>): Iterator<Buffer> {
  for (const p of parts) yield typeof p === 'string' ? Buffer.from(p) : p;
}

const tokenOf = (client: Client): string => client.authorization.slice('Bearer '.length);
const runsOf = async (client: Client): Promise<Array<{ runId: number; state: string; targetName: string; error: string | null }>> => (await client.get('/imports?limit=1000')).body;
const threads = (): number => readdirSync('/proc/self/task').length;

describe('file size', () => {
  it('refuses a Content-Length over imports.maxFileBytes with 413 before reading the body', async () => {
    await newList(supervisor, 'BoundTooLarge');
    const runs = (await runsOf(supervisor)).length;
    const started = Date.now();
    // Only the headers are sent: the reply cannot wait for a body that never comes.
    const reply = await rawPost(nailup, tokenOf(supervisor), '/imports/contacts?list=BoundTooLarge', (function* () {})(), { 'content-length': 3 * 1024 ** 3 });
    assert.equal(reply.status, 413);
    assert.ok(Date.now() - started < 2000);
    assert.equal(reply.body.error.code, 'FILE_TOO_LARGE');
    assert.equal(reply.body.error.field, 'body');
    assert.equal(reply.body.error.limit, 2 * 1024 ** 3);
    assert.match(reply.body.error.message, /^body: the file is 3221225472 bytes, more than the 2147483648 allowed \(imports\.maxFileBytes\)$/);
    assert.equal(reply.headers.connection, 'close');
    assert.equal((await runsOf(supervisor)).length, runs, 'no run was started');

    const dnc = await rawPost(small, tokenOf(smallSupervisor), '/imports/dnc?list=Demo', pieces('x'), { 'content-length': 1_000_001 });
    assert.equal(dnc.status, 413);
  });

  it('fails an upload that grows past imports.maxFileBytes while it is read, changing nothing', async () => {
    const listId = await newList(smallSupervisor, 'BoundGrows');
    // Chunked: no Content-Length to refuse it by; 1,000,000 bytes are crossed part-way.
    function* body(): Iterator<Buffer> {
      yield Buffer.from(HEADER);
      for (let i = 0; i < 100; i++) yield Buffer.from(rows(i * 500, 500));
    }
    const reply = await rawPost(small, tokenOf(smallSupervisor), '/imports/contacts?list=BoundGrows', body());
    assert.equal(reply.status, 422, JSON.stringify(reply.body));
    assert.equal(reply.body.error.code, 'IMPORT_FAILED');
    assert.equal(reply.body.error.message, 'the file is larger than the 1000000 bytes allowed (imports.maxFileBytes); nothing was imported');
    const run = (await smallSupervisor.get(`/imports/${reply.body.error.importRunId}`)).body;
    assert.equal(run.state, 'failed');
    assert.equal(run.error, reply.body.error.message);
    assert.equal((await small.store.contacts.counts(listId)).total, 0);
  });
});

describe('field and row limits', () => {
  it('fails the import at a field over imports.maxFieldBytes, naming its line; a field at the limit is taken', async () => {
    const listId = await newList(supervisor, 'BoundField');
    const atLimit = await supervisor.csv('/imports/contacts?list=BoundField', `${HEADER}${rows(0, 3)}F1,Ann,${rowPhone(10, 300)},${'n'.repeat(65_536)}\n`);
    assert.equal(atLimit.status, 201, JSON.stringify(atLimit.body));
    assert.equal((await nailup.store.contacts.findByUserContactId(listId, 'F1'))!.customFields.notes!.length, 65_536);

    const over = await supervisor.csv('/imports/contacts?list=BoundField', `${HEADER}${rows(100, 3000)}F2,Bob,${rowPhone(3200, 300)},"${'n'.repeat(65_537)}"\n${rows(3300, 10)}`);
    assert.equal(over.status, 422, JSON.stringify(over.body));
    assert.equal(over.body.error.message, 'the file cannot be read: line 3002: a field is longer than 65536 bytes');
    const run = (await supervisor.get(`/imports/${over.body.error.importRunId}`)).body;
    assert.equal(run.state, 'failed');
    assert.equal((await nailup.store.contacts.counts(listId)).total, 4, 'all or nothing: no row of the failed file');
  });

  it('fails the import at a row over imports.maxRowBytes', async () => {
    await newList(supervisor, 'BoundRow');
    const wide = Array.from({ length: 20 }, () => 'w'.repeat(60_000)).join(',');
    const reply = await supervisor.csv('/imports/contacts?list=BoundRow', `${HEADER.trim()},${Array.from({ length: 17 }, (_, i) => `c${i}`).join(',')}\n${rows(0, 2).trim().replace(/\n/, `${','.repeat(17)}\n`)}${','.repeat(17)}\nW1,${wide}\n`);
    assert.equal(reply.status, 422, JSON.stringify(reply.body));
    assert.equal(reply.body.error.message, 'the file cannot be read: line 4: a row is longer than 1048576 bytes');
  });

  for (const kind of ['quoted', 'unquoted'] as const) {
    it(`refuses a 200 MB ${kind} field that never ends at once, with memory bounded`, async () => {
      const listId = await newList(supervisor, `BoundEndless${kind}`);
      const total = 200 * 1024 * 1024;
      const block = Buffer.alloc(64 * 1024, 'z');
      function* body(): Iterator<Buffer> {
        yield Buffer.from(`${HEADER}${rows(0, 1000)}E1,Endless,${rowPhone(5000, 300)},${kind === 'quoted' ? '"' : ''}`);
        for (let sent = 0; sent < total; sent += block.length) yield block;
      }
      const rss = process.memoryUsage().rss;
      let peak = rss;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
      const started = Date.now();
      const reply = await rawPost(nailup, tokenOf(supervisor), `/imports/contacts?list=BoundEndless${kind}`, body(), { 'content-length': total + 100_000 });
      const seconds = (Date.now() - started) / 1000;
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      assert.equal(reply.status, 422, JSON.stringify(reply.body));
      assert.equal(reply.body.error.message, 'the file cannot be read: line 1002: a field is longer than 65536 bytes');
      assert.equal(reply.headers.connection, 'close', 'the rest of the body is not read');
      assert.ok(seconds < 10, `refused after ${seconds} s`);
      assert.ok(reply.sent < 32 * 1024 * 1024, `${reply.sent} bytes were sent before the reply`);
      assert.ok(peak - rss < 150 * 1024 * 1024, `RSS grew by ${((peak - rss) / 1024 / 1024).toFixed(0)} MB`);
      const run = (await supervisor.get(`/imports/${reply.body.error.importRunId}`)).body;
      assert.equal(run.state, 'failed');
      assert.equal((await nailup.store.contacts.counts(listId)).total, 0);
    });
  }
});

describe('an upload cut off by the client', () => {
  it('fails its run with the reason at once and frees the staging, the worker thread and the request id', async () => {
    const listId = await newList(supervisor, 'BoundCut');
    await supervisor.csv('/imports/contacts?list=BoundCut', `${HEADER}${rows(0, 10)}`);
    const before_ = await nailup.store.contacts.counts(listId);
    const threadsBefore = threads();
    const file = Buffer.from(`${HEADER}${rows(100, 20_000)}`);
    const half = Math.floor(file.length / 2);
    const requestId = 'cut-off-upload-1';
    const request = http.request(new URL(`/api/v1/imports/contacts?list=BoundCut&requestId=${requestId}`, nailup.url), {
      method: 'POST', headers: { 'content-type': 'text/csv', authorization: supervisor.authorization, 'content-length': file.length },
    });
    request.on('error', () => {});
    request.write(file.subarray(0, half));

    // The run starts, reads the half it has and waits for the rest.
    let runId: number | undefined;
    let running: Json;
    for (let i = 0; i < 200; i++) {
      const found = (await supervisor.get(`/imports?requestId=${requestId}`)).body as Json[];
      running = found[0];
      if (running && running.rowsRead >= 4000 && running.bytesRead > 0) {
        runId = running.runId;
        break;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    assert.ok(runId !== undefined, 'the run is under way');
    assert.equal(running.state, 'running');
    assert.equal(running.bytesTotal, file.length);
    const threadsRunning = threads();
    assert.ok(threadsRunning > threadsBefore, 'the import has its worker thread');

    request.destroy(); // the connection closes half-way through the body
    let run: Json;
    for (let i = 0; i < 100; i++) {
      run = (await supervisor.get(`/imports/${runId}`)).body;
      if (run.state !== 'running') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(run.state, 'failed');
    assert.match(run.error, new RegExp(`^the upload was cut off after (\\d+) bytes of ${file.length}; nothing was imported$`));
    const bytes = Number(/after (\d+) bytes/.exec(run.error)![1]);
    assert.ok(bytes > 0 && bytes <= half, `${bytes} of the ${half} sent`);
    assert.ok(run.rowsRead > 0);
    assert.deepEqual(await nailup.store.contacts.counts(listId), before_, 'the list is unchanged');

    // Everything of the run is freed: the request id, the live counts, the staging and the thread.
    assert.deepEqual((await supervisor.get(`/imports?requestId=${requestId}`)).body, []);
    assert.equal(run.bytesRead, null, 'the importer no longer follows it');
    const staging = (nailup.store.imports as unknown as { staging: Map<number, unknown> }).staging;
    assert.equal(staging.has(runId!), false, 'its staging tables are dropped');
    const db = (nailup.store as unknown as { db: Kysely<unknown> }).db;
    const tables = await sql<{ name: string }>`select name from temp.sqlite_master where name like ${`import_stage_%_${runId}`}`.execute(db);
    assert.deepEqual(tables.rows, []);
    for (let i = 0; i < 50 && threads() >= threadsRunning; i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(threads() < threadsRunning, 'its worker thread has ended');

    // The same request id can be used again, and the next upload imports.
    const again = await supervisor.csv(`/imports/contacts?list=BoundCut&requestId=${requestId}`, `${HEADER}${rows(100, 100)}`);
    assert.equal(again.status, 201, JSON.stringify(again.body));
  });
});

describe('bytes that are not UTF-8', () => {
  const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');

  it('reject their row, naming the column and the bytes; a U+FFFD the file has is kept', async () => {
    const listId = await newList(supervisor, 'BoundUtf8');
    const body = Buffer.concat([
      Buffer.from(`${HEADER}U1,José,${rowPhone(1, 400)},ok\n`), // 2: UTF-8
      latin1(`U2,Jos\xe9,${rowPhone(2, 400)},ok\n`), // 3: latin1 é
      Buffer.from(`U3,Ann,${rowPhone(3, 400)},\ufffd stays\n`), // 4: a real U+FFFD
      Buffer.from('U4,Bob,'), Buffer.from([0xff, 0xfe]), Buffer.from(`,ok\n`), // 5: in phone1
      Buffer.from(`U5,Cy,${rowPhone(5, 400)},"multi\nline `), Buffer.from([0xc3]), Buffer.from(`"\n`), // 6-7: a cut character in a quoted field
    ]);
    const reply = await supervisor.csv('/imports/contacts?list=BoundUtf8', body as unknown as string);
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    assert.equal(reply.body.added, 2);
    assert.deepEqual(reply.body.progress.rejectedBy, { bad_value: 3 });
    const rejects = (await supervisor.get(`/imports/${reply.body.run.id}/rejects`)).body as Json[];
    assert.deepEqual(rejects.map((r) => [r.rowNumber, r.reason, r.field, r.value]), [
      [3, 'bad_value', 'firstName', 'Jos\\xE9'], [5, 'bad_value', 'phone1', '\\xFF\\xFE'], [6, 'bad_value', 'notes', 'multi\nline \\xC3'],
    ]);
    assert.match(rejects[0].message, /^firstName holds bytes that are not UTF-8 \(0xE9 on line 3\); save the file as UTF-8/);
    assert.equal((await nailup.store.contacts.findByUserContactId(listId, 'U1'))!.firstName, 'José');
    assert.equal((await nailup.store.contacts.findByUserContactId(listId, 'U3'))!.customFields.notes, '\ufffd stays');
    assert.equal(await nailup.store.contacts.findByUserContactId(listId, 'U2'), undefined);
  });

  it('in a DNC file reject the address; in a header fail the file', async () => {
    await new Client(`${nailup.url}/pom/v1`).post('/dnclists', { DNCListName: 'BoundDnc' });
    const reply = await supervisor.csv('/imports/dnc?list=BoundDnc', Buffer.concat([Buffer.from('address\n+12125550701\n+1212555'), Buffer.from([0x80]), Buffer.from('0702\n')]) as unknown as string);
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    const rejects = (await supervisor.get(`/imports/${reply.body.run.id}/rejects`)).body as Json[];
    assert.deepEqual(rejects.map((r) => [r.rowNumber, r.reason, r.field, r.value]), [[3, 'bad_value', 'address', '+1212555\\x800702']]);

    await newList(supervisor, 'BoundUtf8Header');
    const header = await supervisor.csv('/imports/contacts?list=BoundUtf8Header', Buffer.concat([latin1('userContactId,pr\xe9nom,phone1\n'), Buffer.from(`H1,A,${rowPhone(1, 410)}\n`)]) as unknown as string);
    assert.equal(header.status, 422);
    assert.match(header.body.error.message, /^the file cannot be read: line 1: the header holds bytes that are not UTF-8 \(0xE9 in "pr\\\\xE9nom"\)/);
  });

  it('are read as windows-1252 when the upload declares it', async () => {
    const listId = await newList(supervisor, 'BoundLatin1');
    const reply = await supervisor.csv('/imports/contacts?list=BoundLatin1&encoding=latin1', latin1(`${HEADER}L1,Jos\xe9,${rowPhone(1, 420)},\x80 5\n`) as unknown as string);
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    const contact = (await nailup.store.contacts.findByUserContactId(listId, 'L1'))!;
    assert.equal(contact.firstName, 'José');
    assert.equal(contact.customFields.notes, '€ 5');
    const bad = await supervisor.csv('/imports/contacts?list=BoundLatin1&encoding=ebcdic', `${HEADER}`);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'encoding');
  });
});
