/**
 * The OCM Export Scheduler on a virtual clock: a daily export of the Call Attempt report at 02:00 New
 * York time writes the day before as a CSV file in the export folder, records the run, and comes
 * round again the next night; the file is served; a weekly export's first run waits for Monday; bad
 * schedules are refused naming the field; a removed export stops; an export in the xlsx format writes an
 * Excel workbook, read back with exceljs.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import type { Nailup } from '../../src/app.ts';
import { VirtualClock } from '../../src/clock/virtual-clock.ts';
import { XLSX_CONTENT_TYPE } from '../../src/reports/report-xlsx.ts';
import { parseZoned } from '../../src/utilities/zoned-time.ts';
import { loginAs, startTestNailup, type Client, type Json } from '../support/nailup.ts';

const NY = 'America/New_York';
const at = (wall: string): number => parseZoned(wall, NY)!;
const iso = (ms: number): string => new Date(ms).toISOString();
const HOUR = 3600_000;
// A Tuesday afternoon.
const clock = new VirtualClock(at('2026-11-24T15:00'));
let folder: string;
let nailup: Nailup;
let supervisor: Client;

before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'nailup-exports-'));
  // The clock moves days on: sessions of a month, and the dialer (not under test) ticking once a minute.
  nailup = await startTestNailup({ 'utilities.exportFolder': folder, 'utilities.timeZone': NY, 'utilities.sessionHours': 720, 'dialer.tickMs': 60_000 }, { clock });
  supervisor = await loginAs(nailup, 'supervisor');
});
after(async () => {
  await nailup?.close();
  await rm(folder, { recursive: true, force: true });
});

describe('scheduled report exports', () => {
  let daily: Json;

  before(async () => {
    // Two attempts on Wednesday the 25th (New York), one on Thursday the 26th.
    const campaign = (await nailup.store.campaigns.findByName('DemoPredictive'))!;
    const contacts = await nailup.store.contacts.nextDialable(campaign.contactListId, clock.now(), 99, 3);
    const job = await nailup.store.jobs.create(campaign.id, clock.now());
    for (const [i, wall] of ['2026-11-25T10:00', '2026-11-25T23:59', '2026-11-26T00:00'].entries()) {
      const contact = contacts[i]!;
      const a = await nailup.store.attempts.insert({ jobId: job.id, campaignId: campaign.id, contactId: contact.id, number: contact.phones[0]!.number, kind: 'predictive', dialedAt: at(wall) });
      await nailup.store.attempts.update(a.id, { endedAt: at(wall) + 20_000, result: 'Ring_No_Answer' });
    }
  });

  it('schedules an export for its next time, in the configured zone', async () => {
    const created = await supervisor.post('/report-exports', { report: 'call-attempts', frequency: 'daily', timeOfDay: '02:00' });
    assert.equal(created.status, 201);
    daily = created.body;
    assert.deepEqual(daily, {
      id: daily.id, report: 'call-attempts', title: 'Call Attempt', campaign: null, frequency: 'daily', format: 'csv', timeOfDay: '02:00', timeZone: NY,
      nextRunAt: iso(at('2026-11-25T02:00')), createdBy: 'supervisor', createdAt: iso(clock.now()), lastRun: null,
    });
    const weekly = await supervisor.post('/report-exports', { report: 'predictive-job-summary', frequency: 'weekly', timeOfDay: '06:30', campaign: 'DemoPredictive' });
    assert.equal(weekly.body.nextRunAt, iso(at('2026-11-30T06:30')), 'the next Monday');
  });

  it('writes the day before as a CSV file each night, and records each run', async () => {
    await clock.runUntil(at('2026-11-26T02:00') + 1000);
    await nailup.supervisor.exports.whenIdle();
    await clock.runUntil(at('2026-11-27T02:00') + 1000);
    await nailup.supervisor.exports.whenIdle();

    const runs = (await supervisor.get(`/report-exports/${daily.id}/runs`)).body as Json[];
    assert.deepEqual(runs.map((r) => [r.periodFrom, r.periodTo, r.fileName, r.rows, r.error]), [
      [iso(at('2026-11-26T00:00')), iso(at('2026-11-27T00:00')), 'call-attempts-2026-11-26-2026-11-26.csv', 1, null],
      [iso(at('2026-11-25T00:00')), iso(at('2026-11-26T00:00')), 'call-attempts-2026-11-25-2026-11-25.csv', 2, null],
      [iso(at('2026-11-24T00:00')), iso(at('2026-11-25T00:00')), 'call-attempts-2026-11-24-2026-11-24.csv', 0, null],
    ]);
    const lines = (await readFile(join(folder, 'call-attempts-2026-11-25-2026-11-25.csv'), 'utf8')).trimEnd().split('\n');
    assert.ok(lines[0]!.startsWith('Dialed,Campaign,Job,Account,Name,Number,Kind,Result,Agent,Completion code,Answered,Connected,Ended,Talk seconds,Abandoned,Nuisance'), lines[0]);
    assert.deepEqual(lines.slice(1).map((l) => l.split(',')[0]), [iso(at('2026-11-25T10:00')), iso(at('2026-11-25T23:59'))]);
    assert.ok(!(await readdir(folder)).some((f) => f.endsWith('.part')), 'no half-written file');

    const listed = ((await supervisor.get('/report-exports')).body as Json[]).find((e) => e.id === daily.id);
    assert.equal(listed.nextRunAt, iso(at('2026-11-28T02:00')));
    assert.equal(listed.lastRun.id, runs[0].id);

    const file = await fetch(`${nailup.url}/api/v1/report-exports/runs/${runs[1].id}/file`, { headers: { authorization: supervisor.authorization } });
    assert.equal(file.headers.get('content-disposition'), 'attachment; filename="call-attempts-2026-11-25-2026-11-25.csv"');
    assert.equal((await file.text()).trimEnd().split('\n').length, 3);
  });

  it('refuses a bad schedule, naming the field', async () => {
    const bad = async (b: Json, field: string): Promise<void> => {
      const reply = await supervisor.post('/report-exports', b);
      assert.equal(reply.status, 400, JSON.stringify(b));
      assert.equal(reply.body.error.field, field);
    };
    await bad({ report: 'no-such-report', frequency: 'daily', timeOfDay: '02:00' }, 'report');
    await bad({ report: 'ntc', frequency: 'hourly', timeOfDay: '02:00' }, 'frequency');
    await bad({ report: 'ntc', frequency: 'daily', timeOfDay: '24:00' }, 'timeOfDay');
    await bad({ report: 'ntc', frequency: 'daily', timeOfDay: '02:00', campaign: 'Nope' }, 'campaign');
    await bad({ report: 'ntc', frequency: 'daily', timeOfDay: '02:00', format: 'pdf' }, 'format');
    await bad({ report: 'ntc', frequency: 'daily', timeOfDay: '02:00', format: null }, 'format');
    assert.equal((await supervisor.get('/report-exports')).body.length, 2, 'nothing was scheduled');
  });

  it('stops an export once removed', async () => {
    assert.deepEqual((await supervisor.request('DELETE', `/report-exports/${daily.id}`)).body, { ok: true });
    assert.equal((await supervisor.get(`/report-exports/${daily.id}/runs`)).status, 404);
    const files = (await readdir(folder)).length;
    await clock.advance(24 * HOUR);
    await nailup.supervisor.exports.whenIdle();
    assert.equal((await readdir(folder)).length, files, 'no new file');
  });

  it('writes an Excel workbook for an export in the xlsx format', async () => {
    // Now the night of the 28th, after 02:00: one attempt on the 28th.
    const campaign = (await nailup.store.campaigns.findByName('DemoPredictive'))!;
    const [contact] = await nailup.store.contacts.nextDialable(campaign.contactListId, clock.now(), 99, 1);
    const job = await nailup.store.jobs.create(campaign.id, clock.now());
    const dialedAt = at('2026-11-28T10:00') + 250;
    const a = await nailup.store.attempts.insert({ jobId: job.id, campaignId: campaign.id, contactId: contact!.id, number: contact!.phones[0]!.number, kind: 'predictive', dialedAt });
    await nailup.store.attempts.update(a.id, { endedAt: dialedAt + 20_000, result: 'Ring_No_Answer' });

    const created = await supervisor.post('/report-exports', { report: 'call-attempts', frequency: 'daily', timeOfDay: '02:00', format: 'xlsx' });
    assert.equal(created.status, 201);
    assert.equal(created.body.format, 'xlsx');
    assert.equal(created.body.nextRunAt, iso(at('2026-11-29T02:00')));
    await clock.runUntil(at('2026-11-29T02:00') + 1000);
    await nailup.supervisor.exports.whenIdle();

    const [run] = (await supervisor.get(`/report-exports/${created.body.id}/runs`)).body as Json[];
    assert.deepEqual([run.periodFrom, run.fileName, run.rows, run.error], [iso(at('2026-11-28T00:00')), 'call-attempts-2026-11-28-2026-11-28.xlsx', 1, null]);
    assert.ok(!(await readdir(folder)).some((f) => f.endsWith('.part')), 'no half-written file');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(folder, run.fileName));
    const sheet = workbook.worksheets[0]!;
    assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1, 4), ['Dialed', 'Campaign', 'Job']);
    assert.deepEqual([sheet.views[0]?.state, (sheet.views[0] as ExcelJS.WorksheetViewFrozen).ySplit], ['frozen', 1]);
    assert.equal(sheet.rowCount, 2);
    assert.equal((sheet.getCell('A2').value as Date).getTime(), dialedAt);
    assert.equal(sheet.getCell('C2').value, job.id);

    const file = await fetch(`${nailup.url}/api/v1/report-exports/runs/${run.id}/file`, { headers: { authorization: supervisor.authorization } });
    assert.equal(file.headers.get('content-type'), XLSX_CONTENT_TYPE);
    assert.equal(file.headers.get('content-disposition'), 'attachment; filename="call-attempts-2026-11-28-2026-11-28.xlsx"');
    const served = new ExcelJS.Workbook();
    await served.xlsx.load(await file.arrayBuffer());
    assert.equal(served.worksheets[0]!.rowCount, 2);
  });
});
