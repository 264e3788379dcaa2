/**
 * Reports as Excel workbooks over the supervisor API, read back with exceljs: the header row (bold,
 * frozen), cells typed by their columns (an instant is a date, a count a number, a flag a boolean), a
 * contact imported from a file with a name that is a formula written as text in the workbook and in
 * the CSV alike, a report of several pages streamed whole, and a bad format refused naming `format`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import type { Nailup } from '../../src/app.ts';
import { XLSX_CONTENT_TYPE } from '../../src/reports/report-xlsx.ts';
import type { CampaignRecord, ContactRecord } from '../../src/store/records.ts';
import { loginAs, startTestNailup, type Client } from '../support/nailup.ts';

const T0 = Date.UTC(2026, 10, 2, 15, 0, 0);
const MINUTE = 60_000;
const iso = (ms: number): string => new Date(ms).toISOString();

let nailup: Nailup;
let supervisor: Client;
let campaign: CampaignRecord;

before(async () => {
  nailup = await startTestNailup();
  supervisor = await loginAs(nailup, 'supervisor');
  campaign = (await nailup.store.campaigns.findByName('DemoPredictive'))!;
});
after(async () => {
  await nailup?.close();
});

async function fetchFile(path: string): Promise<Response> {
  return fetch(`${nailup.url}/api/v1${path}`, { headers: { authorization: supervisor.authorization } });
}

async function workbookOf(response: Response): Promise<ExcelJS.Worksheet> {
  assert.equal(response.status, 200, await response.clone().text());
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  assert.equal(workbook.worksheets.length, 1);
  return workbook.worksheets[0]!;
}

/** A row's cell values, from column A (exceljs numbers them from 1). */
const valuesOf = (sheet: ExcelJS.Worksheet, row: number): unknown[] => (sheet.getRow(row).values as unknown[]).slice(1);

describe('reports as Excel workbooks', () => {
  let contact: ContactRecord;
  let dialedAt: number;

  before(async () => {
    // A hostile upload: a name a spreadsheet would run as a formula.
    const list = (await nailup.store.contactLists.findById(campaign.contactListId))!;
    const upload = await supervisor.csv(`/imports/contacts?list=${encodeURIComponent(list.name)}`,
      'userContactId,firstName,lastName,phone1\nFORMULA-1,"=HYPERLINK(""http://x"",""y"")",Smith,+12125550199\n');
    assert.equal(upload.status, 201, JSON.stringify(upload.body));
    contact = (await nailup.store.contacts.findByUserContactId(campaign.contactListId, 'FORMULA-1'))!;
    const job = await nailup.store.jobs.create(campaign.id, T0);
    dialedAt = T0 + 90_123;
    const a = await nailup.store.attempts.insert({ jobId: job.id, campaignId: campaign.id, contactId: contact.id, number: '+12125550199', kind: 'predictive', dialedAt, agentId: '1011' });
    await nailup.store.attempts.update(a.id, {
      answeredAt: dialedAt + 5000, connectedAt: dialedAt + 6000, endedAt: dialedAt + 96_500, result: 'Answer_Human', completionCode: '69', abandoned: false, nuisance: true,
    });
  });

  it('writes the header row frozen, and each cell typed by its column', async () => {
    const reply = await fetchFile(`/reports/call-attempts/xlsx?from=${iso(T0)}&to=${iso(T0 + 10 * MINUTE)}`);
    assert.equal(reply.headers.get('content-type'), XLSX_CONTENT_TYPE);
    assert.equal(reply.headers.get('content-disposition'), 'attachment; filename="call-attempts-2026-11-02-2026-11-02.xlsx"');
    const sheet = await workbookOf(reply);
    assert.equal(sheet.name, 'Call Attempt');
    const labels = ((await supervisor.get('/reports')).body as Array<{ id: string; columns: Array<{ label: string }> }>)
      .find((r) => r.id === 'call-attempts')!.columns.map((c) => c.label);
    assert.deepEqual(labels.slice(0, 3), ['Dialed', 'Campaign', 'Job']);
    assert.deepEqual(valuesOf(sheet, 1), labels);
    assert.equal(sheet.getRow(1).font?.bold, true);
    assert.equal(sheet.views[0]?.state, 'frozen');
    assert.equal((sheet.views[0] as ExcelJS.WorksheetViewFrozen).ySplit, 1);
    assert.equal(sheet.rowCount, 2);

    const row = sheet.getRow(2);
    const cell = (label: string): ExcelJS.Cell => row.getCell(labels.indexOf(label) + 1);
    assert.ok(cell('Dialed').value instanceof Date, String(cell('Dialed').value));
    assert.equal((cell('Dialed').value as Date).getTime(), dialedAt, 'the instant, to the millisecond');
    assert.equal(cell('Dialed').numFmt, 'yyyy-mm-dd hh:mm:ss');
    assert.equal((cell('Ended').value as Date).getTime(), dialedAt + 96_500);
    assert.equal(cell('Job').type, ExcelJS.ValueType.Number);
    assert.equal(typeof cell('Job').value, 'number');
    const json = (await supervisor.get(`/reports/call-attempts?from=${iso(T0)}&to=${iso(T0 + 10 * MINUTE)}`)).body;
    assert.equal(cell('Talk seconds').value, json.rows[0].talkSeconds);
    assert.equal(typeof cell('Talk seconds').value, 'number');
    assert.deepEqual([cell('Abandoned').value, cell('Nuisance').value], [false, true]);
    assert.equal(cell('Completion code').value, 'Sale');
    assert.equal(cell('Number').value, '+12125550199', 'a phone number stays as it is, as text');
    assert.equal(cell('Number').type, ExcelJS.ValueType.String);
    // The name from the file is text with the neutralising apostrophe, never a formula.
    assert.equal(cell('Name').type, ExcelJS.ValueType.String);
    assert.equal(cell('Name').value, '\'=HYPERLINK("http://x","y") Smith');
    for (let c = 1; c <= labels.length; c++) assert.notEqual(row.getCell(c).type, ExcelJS.ValueType.Formula, labels[c - 1]);
  });

  it('neutralises the same name in the CSV', async () => {
    const reply = await fetchFile(`/reports/call-attempts/csv?from=${iso(T0)}&to=${iso(T0 + 10 * MINUTE)}`);
    const line = (await reply.text()).split('\n').find((l) => l.includes(',FORMULA-1,'));
    assert.ok(line?.includes(',"\'=HYPERLINK(""http://x"",""y"") Smith",+12125550199,'), line);
  });

  it('leaves a cell empty for no value', async () => {
    const list = (await nailup.store.contactLists.findById(campaign.contactListId))!;
    const sheet = await workbookOf(await fetchFile(`/reports/not-attempted/xlsx?from=${iso(T0)}&to=${iso(T0 + 10 * MINUTE)}&campaign=${campaign.name}`));
    assert.ok(sheet.rowCount > 1, `${list.name} has accounts not attempted`);
    const report = ((await supervisor.get(`/reports/not-attempted?from=${iso(T0)}&to=${iso(T0 + 10 * MINUTE)}&campaign=${campaign.name}&limit=1`)).body);
    assert.deepEqual(valuesOf(sheet, 1), report.columns.map((c: { label: string }) => c.label));
    const first = report.rows[0] as Record<string, unknown>;
    report.columns.forEach((c: { key: string; type: string }, i: number) => {
      const value = sheet.getRow(2).getCell(i + 1).value;
      if (first[c.key] === null) assert.equal(value, null, c.key);
      else if (c.type === 'datetime') assert.equal((value as Date).getTime(), Date.parse(first[c.key] as string), c.key);
      else assert.equal(value, first[c.key], c.key);
    });
  });

  it('streams a report of several pages whole, in order', async () => {
    const job = await nailup.store.jobs.create(campaign.id, T0);
    const from = T0 + 60 * MINUTE;
    const count = 2345;
    for (let i = 0; i < count; i++) {
      await nailup.store.attempts.insert({ jobId: job.id, campaignId: campaign.id, contactId: contact.id, number: '+12125550199', kind: 'predictive', dialedAt: from + i * 1000 });
    }
    const sheet = await workbookOf(await fetchFile(`/reports/call-attempts/xlsx?from=${iso(from)}&to=${iso(from + count * 1000)}`));
    assert.equal(sheet.rowCount, count + 1);
    const dialed = sheet.getColumn(1).values.slice(2) as Date[];
    assert.equal(dialed.length, count);
    assert.ok(dialed.every((d, i) => d instanceof Date && d.getTime() === from + i * 1000), 'every row, in order');
    assert.equal(sheet.getRow(count + 1).getCell(3).value, job.id);
  });

  it('refuses a format it does not write, naming format', async () => {
    const reply = await fetchFile(`/reports/call-attempts/pdf?from=${iso(T0)}&to=${iso(T0 + MINUTE)}`);
    assert.equal(reply.status, 400);
    const body = (await reply.json()) as { error: { field: string; message: string } };
    assert.equal(body.error.field, 'format');
    assert.match(body.error.message, /csv, xlsx/);
    assert.equal((await fetchFile(`/reports/no-such-report/pdf?from=${iso(T0)}&to=${iso(T0 + MINUTE)}`)).status, 404);
    // The range is checked as for the CSV, before any byte is sent.
    const bad = await fetchFile(`/reports/call-attempts/xlsx?from=${iso(T0)}&to=${iso(T0)}`);
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: { field: string } }).error.field, 'to');
  });
});
