/**
 * Following an import over the supervisor API while its upload runs: the upload carries a request
 * id of the client's, GET /imports?requestId= finds its run before the POST has answered, with the
 * bytes of the file read of how many; GET /imports and /imports/{id} show the run's record beside
 * its progress. The upload is held part-way (test/support/import-gate.ts), so nothing races.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Nailup } from '../../src/app.ts';
import { Client, loginAs, startTestNailup, type Json } from '../support/nailup.ts';
import { holdImports } from '../support/import-gate.ts';
import { newList, rowPhone } from '../support/import-files.ts';
import { waitUntil } from '../support/browser.ts';

let nailup: Nailup;
let supervisor: Client;

before(async () => {
  nailup = await startTestNailup();
  supervisor = await loginAs(nailup, 'supervisor');
});
after(async () => {
  await nailup?.close();
});

function csvOf(count: number, bad: number[] = []): string {
  let out = 'userContactId,firstName,phone1\n';
  for (let i = 0; i < count; i++) out += `T${i},First${i},${bad.includes(i) ? 'not-a-number' : rowPhone(i, 300)}\n`;
  return out;
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** The reply with its timing figures checked and set aside: the rest is compared exactly. */
function timingless(view: Json): Json {
  assert.equal(typeof view.rowsPerSecond, 'number');
  assert.ok(Number.isInteger(view.elapsedMs) && view.elapsedMs >= 0, `elapsedMs ${view.elapsedMs}`);
  assert.match(view.startedAt, ISO);
  const { rowsPerSecond: _r, elapsedMs: _e, startedAt: _s, ...rest } = view;
  return rest;
}

const withoutCounts = ({ rowsRead: _r, rowsAccepted: _a, rowsRejected: _j, rejectedBy: _b, bytesRead: _y, ...rest }: Json): Json => rest;

describe('import progress while the upload runs', () => {
  it('finds the run by the upload\'s request id, with the bytes read, and reports the outcome', async () => {
    await newList(supervisor, 'Followed');
    const csv = csvOf(10_000, [3, 7_000]);
    const size = Buffer.byteLength(csv);
    const requestId = 'page-7f3a9c01';
    assert.deepEqual((await supervisor.get(`/imports?requestId=${requestId}`)).body, [], 'nothing before the upload');

    const gate = holdImports(nailup.supervisor.importer, 100_000);
    const upload = supervisor.csv(`/imports/contacts?list=Followed&fileName=followed.csv&requestId=${requestId}`, csv);
    try {
      await gate.held;
      const [running] = await waitUntil('the run of the request', async () => (await supervisor.get(`/imports?requestId=${requestId}`)).body as Json[],
        (runs) => runs.length === 1 && runs[0].rowsRead > 0);
      assert.ok(running.bytesRead >= 100_000 && running.bytesRead < size, `bytes read ${running.bytesRead} of ${size}`);
      assert.ok(running.rowsRead < 10_000);
      assert.deepEqual(timingless(running), {
        runId: running.runId, kind: 'contacts', state: 'running', targetName: 'Followed', fileName: 'followed.csv',
        rowsRead: running.rowsRead, rowsAccepted: running.rowsAccepted, rowsRejected: running.rowsRejected, rejectedBy: running.rejectedBy,
        scrub: false, userName: 'supervisor', endedAt: null, error: null, bytesRead: running.bytesRead, bytesTotal: size,
      });
      // The same run by its id (the importer may still be working through what it read before the hold).
      const byId = (await supervisor.get(`/imports/${running.runId}`)).body;
      assert.ok(byId.rowsRead >= running.rowsRead);
      assert.deepEqual(withoutCounts(timingless(byId)), withoutCounts(timingless(running)));

      // The id is the upload's while it runs: a second upload under it is refused.
      const again = await supervisor.csv(`/imports/contacts?list=Followed&requestId=${requestId}`, csv);
      assert.equal(again.status, 409, JSON.stringify(again.body));
      assert.deepEqual(again.body, { error: { code: 'CONFLICT', message: `request ${requestId} is already running` } });
    } finally {
      gate.release();
      gate.restore();
    }

    const reply = await upload;
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    const runId = reply.body.run.id;
    assert.deepEqual((await supervisor.get(`/imports?requestId=${requestId}`)).body, [], 'forgotten once the upload has answered');
    const done = (await supervisor.get(`/imports/${runId}`)).body;
    assert.match(done.endedAt, ISO);
    assert.deepEqual(timingless({ ...done, endedAt: 'ended' }), {
      runId, kind: 'contacts', state: 'completed', targetName: 'Followed', fileName: 'followed.csv',
      rowsRead: 10_000, rowsAccepted: 9_998, rowsRejected: 2, rejectedBy: {},
      scrub: false, userName: 'supervisor', endedAt: 'ended', error: null, bytesRead: null, bytesTotal: null,
    });
    const listed = ((await supervisor.get('/imports?limit=5')).body as Json[]).find((r) => r.runId === runId);
    assert.deepEqual(listed, done, 'GET /imports lists the same view');
    assert.deepEqual((await supervisor.get(`/imports/${runId}/rejects`)).body.map((r: Json) => [r.rowNumber, r.reason]), [[5, 'bad_number'], [7002, 'bad_number']]);
  });

  it('refuses a malformed request id, naming the field', async () => {
    for (const reply of [
      await supervisor.get('/imports?requestId=short'),
      await supervisor.csv('/imports/contacts?list=Followed&requestId=has%20space%20in%20it', 'userContactId,phone1\n'),
    ]) {
      assert.equal(reply.status, 400);
      assert.deepEqual(reply.body, { error: { code: 'VALIDATION_FAILED', message: 'requestId: must be 8 to 64 letters, digits, "_" or "-"', field: 'requestId' } });
    }
  });
});
