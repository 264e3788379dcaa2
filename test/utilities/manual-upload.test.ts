/**
 * ManualCheckerUpload against a real SFTP server started here (ssh2's server on a loopback port): the
 * file goes onto the drop, is verified there, the run-once import is scheduled five minutes out and
 * Outbound_ManualUploadUtility records it; at the start time the embedded POM imports the file.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Nailup } from '../../src/app.ts';
import { VirtualClock } from '../../src/clock/virtual-clock.ts';
import { Client, loginAs, pomClient, startTestNailup } from '../support/nailup.ts';
import { sftpFlags, startSftpServer, type TestSftpServer } from '../support/sftp-server.ts';
import { holdImports } from '../support/import-gate.ts';
import { waitUntil } from '../support/browser.ts';
import { newList } from '../support/import-files.ts';

/** Monday 5 January 2026, 10:00 in New York. */
const START = Date.UTC(2026, 0, 5, 15, 0, 0);

let sftp: TestSftpServer;
let clock: VirtualClock;
let nailup: Nailup;
let supervisor: Client;
let listId: number;

before(async () => {
  sftp = await startSftpServer();
  clock = new VirtualClock(START);
  nailup = await startTestNailup(sftpFlags(sftp), { clock });
  supervisor = await loginAs(nailup, 'supervisor');
  listId = (await nailup.store.contactLists.findByName('DemoPreviewList'))!.id;
});
after(async () => {
  await nailup?.close();
  await sftp?.close();
});

const FILE = 'userContactId,firstName,lastName,phone1,CAMP_ID\nM1,Mia,Moss,+12125550301,C7\nM2,Max,Moss,+13125550302,C7\nM3,Bad,Number,12345,C7\n';

async function scheduleState(id: string): Promise<{ state: string; rowsAccepted?: number; rowsRejected?: number; error: string | null }> {
  return (await pomClient(nailup).get(`/datasources/schedule/${id}`)).body;
}

describe('ManualCheckerUpload', () => {
  it('puts the file on the SFTP drop, verifies it, schedules the import in five minutes and records it', async () => {
    const reply = await supervisor.csv(`/manual-uploads?contactListId=${listId}&contactListName=DemoPreviewList&type=append`, FILE);
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    const r = reply.body;
    assert.equal(r.isSuccess, true);
    assert.equal(r.errorInfo, null);
    assert.equal(r.dataSourceName, 'DemoPreviewListAppend');
    assert.equal(r.fileName, 'DemoPreviewList.csv');
    assert.equal(r.bytes, Buffer.byteLength(FILE));
    // StartTime = now + 5 minutes, as wall-clock time in the configured zone.
    assert.equal(r.startTime, '2026-01-05T10:05:00');
    assert.equal(r.timeZone, 'America/New_York');

    // The file is on the server, whole; it was checked there (STAT) after the upload.
    assert.equal(readFileSync(join(sftp.localFolder, 'DemoPreviewList.csv'), 'utf8'), FILE);
    assert.ok((sftp.requests.get('WRITE') ?? 0) > 0 && (sftp.requests.get('RENAME') ?? 0) > 0 && (sftp.requests.get('STAT') ?? 0) > 0);

    const rows = (await supervisor.get('/manual-uploads')).body;
    assert.equal(rows[0].id, r.dbId);
    assert.equal(rows[0].uploadId, r.uploadId);
    assert.equal(rows[0].status, 'scheduled');
    assert.equal(rows[0].uploadTime, new Date(START).toISOString());
    assert.equal(rows[0].userName, 'supervisor');

    // Nothing happens before the start time.
    assert.equal((await scheduleState(r.uploadId)).state, 'scheduled');
    await clock.advance(4 * 60_000);
    assert.equal((await scheduleState(r.uploadId)).state, 'scheduled');
    assert.equal((await nailup.store.contacts.counts(listId)).total, 200);

    await clock.advance(60_000);
    await nailup.supervisor.scheduler.whenIdle();
    const done = await scheduleState(r.uploadId);
    assert.equal(done.state, 'completed', JSON.stringify(done));
    assert.equal(done.rowsAccepted, 2);
    assert.equal(done.rowsRejected, 1);
    assert.equal((await nailup.store.contacts.counts(listId)).total, 202);
    assert.equal((await nailup.store.contacts.findByUserContactId(listId, 'M2'))!.phones[0]!.timezone, 'America/Chicago');
  });

  it('updates the record given by dbId', async () => {
    const first = (await supervisor.get('/manual-uploads')).body[0];
    const reply = await supervisor.csv(`/manual-uploads?contactListId=${listId}&contactListName=DemoPreviewList&dbId=${first.id}`, 'userContactId,phone1\nM9,+12125550309\n');
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    assert.equal(reply.body.dbId, first.id);
    assert.notEqual(reply.body.uploadId, first.uploadId);
    const row = (await supervisor.get('/manual-uploads')).body.find((u: { id: number }) => u.id === first.id);
    assert.equal(row.uploadId, reply.body.uploadId);
    const wrong = await supervisor.csv(`/manual-uploads?contactListId=${listId}&dbId=99999`, 'userContactId,phone1\nM9,+12125550309\n');
    assert.equal(wrong.status, 404);
  });

  it('schedules nothing when the file is not on the drop', async () => {
    rmSync(join(sftp.localFolder, 'DemoPreviewList.csv'), { force: true });
    const before_ = (await nailup.store.dataSources.listSchedules()).length;
    // No file sent: the one on the drop is used, and there is none.
    const reply = await supervisor.post(`/manual-uploads?contactListId=${listId}&contactListName=DemoPreviewList`);
    assert.equal(reply.status, 409, JSON.stringify(reply.body));
    assert.equal(reply.body.isSuccess, false);
    assert.equal(reply.body.errorInfo.errorCode, 'FILE_NOT_ON_SFTP');
    assert.match(reply.body.errorInfo.errorMessage, /\/upload\/DemoPreviewList\.csv is not on the SFTP drop/);
    assert.equal((await nailup.store.dataSources.listSchedules()).length, before_);
    assert.equal(existsSync(join(sftp.localFolder, 'DemoPreviewList.csv')), false);
  });

  it('refuses a list without an append data source', async () => {
    const noFeed = await newList(supervisor, 'NoFeed');
    const reply = await supervisor.csv(`/manual-uploads?contactListId=${noFeed}&contactListName=NoFeed`, FILE);
    assert.equal(reply.status, 404);
    assert.equal(reply.body.errorInfo.errorCode, 'NO_DATA_SOURCE');
    const type = await supervisor.csv(`/manual-uploads?contactListId=${listId}&type=replace`, FILE);
    assert.equal(type.status, 400);
    assert.equal(type.body.error.field, 'type');
  });

  it('lists each upload with its schedule and import: scheduled, running with its progress, completed or failed', async () => {
    // The upload of 'updates the record given by dbId' comes due first; its file was taken off the drop since.
    const pending = (await supervisor.get('/manual-uploads')).body.find((u: { state: string }) => u.state === 'scheduled');
    assert.ok(pending, 'an upload is still scheduled');
    await clock.advance(5 * 60_000);
    await nailup.supervisor.scheduler.whenIdle();
    const failed = (await supervisor.get('/manual-uploads')).body.find((u: { id: number }) => u.id === pending.id);
    assert.equal(failed.state, 'failed');
    assert.equal(failed.schedule.state, 'failed');
    assert.match(failed.schedule.error, /^SFTP drop 127\.0\.0\.1:\d+: No such file/);
    assert.equal(failed.importRun, null, 'no import ran');

    const file = 'userContactId,firstName,phone1\nU1,Una,+12125550311\nU2,Uli,+12125550312\nU3,Bad,555\n';
    const reply = await supervisor.csv(`/manual-uploads?contactListId=${listId}&contactListName=DemoPreviewList&type=append`, file);
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    const { dbId, uploadId } = reply.body;
    const now = clock.now();
    const row = async () => (await supervisor.get('/manual-uploads?limit=1')).body[0];
    const base = {
      id: dbId, contactListId: listId, contactListName: 'DemoPreviewList', fileName: 'DemoPreviewList.csv', type: 'append', userName: 'supervisor',
      createdAt: new Date(now).toISOString(), uploadTime: new Date(now).toISOString(), uploadId, status: 'scheduled', error: null,
    };
    const schedule = { scheduleId: Number(uploadId), startTime: new Date(now + 5 * 60_000).toISOString(), timeZone: 'America/New_York', error: null };
    assert.deepEqual(await row(), { ...base, state: 'scheduled', schedule: { ...schedule, state: 'scheduled', importRunId: null }, importRun: null });

    // Held before the importer has read a byte: the run is there, with nothing read yet.
    const gate = holdImports(nailup.supervisor.importer, 0);
    try {
      await clock.advance(5 * 60_000);
      await gate.held;
      const running = await waitUntil('the upload running', row, (r) => r.state === 'running' && r.importRun !== null);
      const runId = running.schedule.importRunId;
      assert.equal(typeof runId, 'number');
      assert.ok(Number.isInteger(running.importRun.elapsedMs));
      assert.deepEqual(running, {
        ...base, state: 'running', schedule: { ...schedule, state: 'running', importRunId: runId },
        importRun: {
          runId, kind: 'contacts', state: 'running', targetName: 'DemoPreviewList', fileName: 'DemoPreviewList.csv',
          rowsRead: 0, rowsAccepted: 0, rowsRejected: 0, rowsPerSecond: 0, elapsedMs: running.importRun.elapsedMs, rejectedBy: {},
          scrub: false, userName: 'datasource:DemoPreviewListAppend', startedAt: new Date(now + 5 * 60_000).toISOString(), endedAt: null, error: null,
          bytesRead: 0, bytesTotal: Buffer.byteLength(file),
        },
      });
    } finally {
      gate.release();
      gate.restore();
    }
    await nailup.supervisor.scheduler.whenIdle();
    const done = await row();
    const runId = done.schedule.importRunId;
    assert.equal(typeof done.importRun.rowsPerSecond, 'number');
    assert.deepEqual(done, {
      ...base, state: 'completed', schedule: { ...schedule, state: 'completed', importRunId: runId },
      importRun: {
        runId, kind: 'contacts', state: 'completed', targetName: 'DemoPreviewList', fileName: 'DemoPreviewList.csv',
        rowsRead: 3, rowsAccepted: 2, rowsRejected: 1, rowsPerSecond: done.importRun.rowsPerSecond, elapsedMs: 0, rejectedBy: {},
        scrub: false, userName: 'datasource:DemoPreviewListAppend', startedAt: new Date(now + 5 * 60_000).toISOString(),
        endedAt: new Date(now + 5 * 60_000).toISOString(), error: null, bytesRead: null, bytesTotal: null,
      },
    });
  });

  it('reports an SFTP drop it cannot log in to, and schedules nothing', async () => {
    const other = await startTestNailup(sftpFlags(sftp, 'wrong-password'), { clock: new VirtualClock(START) });
    try {
      const sup = await loginAs(other, 'supervisor');
      const id = (await other.store.contactLists.findByName('DemoPreviewList'))!.id;
      const reply = await sup.csv(`/manual-uploads?contactListId=${id}&contactListName=DemoPreviewList`, FILE);
      assert.equal(reply.status, 502, JSON.stringify(reply.body));
      assert.equal(reply.body.errorInfo.errorCode, 'SFTP_UPLOAD_FAILED');
      assert.deepEqual(await other.store.dataSources.listSchedules(), []);
    } finally {
      await other.close();
    }
  });
});
