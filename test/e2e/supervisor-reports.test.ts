/**
 * The reports page end to end in real Chromium: today's Call Attempt report, the NSP List keeping to
 * its calls, the CSV file and the Excel workbook downloaded, an Excel export scheduled (a bad time
 * refused under its field) and removed, and a range that ends before it starts refused under its
 * field. Screenshots: test-output/screenshots/supervisor-reports.png, supervisor-report-exports.png.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import type { Nailup } from '../../src/app.ts';
import type { ContactRecord } from '../../src/store/records.ts';
import { expectText, screenshot } from '../support/browser.ts';
import { STEP_MS, clickButton, expectFits, logIn, openTab, supervisorPages } from '../support/supervisor-ui.ts';

const ui = supervisorPages();
let nailup: Nailup;
let page: Page;
let contacts: ContactRecord[];

const reportRows = (title: string) => page.getByRole('table', { name: `${title} report` }).locator('tbody tr');

describe('reports page', () => {
  before(async () => {
    ({ nailup, page } = ui);
    const campaign = (await nailup.store.campaigns.findByName('DemoPredictive'))!;
    contacts = await nailup.store.contacts.nextDialable(campaign.contactListId, Date.now(), 99, 2);
    const job = await nailup.store.jobs.create(campaign.id, Date.now());
    const now = Date.now();
    for (const [i, code] of ['69', '72'].entries()) {
      const contact = contacts[i]!;
      const a = await nailup.store.attempts.insert({ jobId: job.id, campaignId: campaign.id, contactId: contact.id, number: contact.phones[0]!.number, kind: 'predictive', dialedAt: now - (2 - i) * 60_000 });
      await nailup.store.attempts.update(a.id, { answeredAt: a.dialedAt + 8000, connectedAt: a.dialedAt + 8000, endedAt: a.dialedAt + 98_000, result: 'Answer_Human', agentId: '1011', completionCode: code });
    }
  });

  it('shows today\'s call attempts and keeps the NSP List to its calls', async () => {
    await logIn(page, 'supervisor');
    await openTab(page, 'Reports');
    await clickButton(page, 'Show report');
    await expectText(page.getByRole('heading', { level: 4 }), /^Call Attempt: 2 rows/, STEP_MS);
    assert.deepEqual(await reportRows('Call Attempt').locator('td[data-col="completionCode"]').allInnerTexts(), ['Sale', 'NSP']);
    assert.deepEqual(await reportRows('Call Attempt').locator('td[data-col="talkSeconds"]').allInnerTexts(), ['90', '90']);
    await expectFits(page);
    await screenshot(page, 'supervisor-reports');

    await page.getByRole('combobox', { name: 'Report', exact: true }).selectOption('nsp-list');
    await clickButton(page, 'Show report');
    await expectText(page.getByRole('heading', { level: 4 }), /^NSP List: 1 rows/, STEP_MS);
    assert.deepEqual(await reportRows('NSP List').locator('td[data-col="userContactId"]').allInnerTexts(), [contacts[1]!.userContactId]);
  });

  it('downloads the report as a CSV file', async () => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
    assert.match(file.suggestedFilename(), /^nsp-list-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv$/);
    const lines = (await readFile((await file.path())!, 'utf8')).trimEnd().split('\n');
    assert.ok(lines[0]!.startsWith('Dialed,Campaign,Job,Account,Name,Number,Kind,Result,Agent,Completion code,Answered,Connected,Ended,Talk seconds,Abandoned,Nuisance'), lines[0]);
    assert.equal(lines.length, 2);
    assert.match(lines[1]!, new RegExp(`,DemoPredictive,\\d+,${contacts[1]!.userContactId},.*,NSP,.*,90,N,N(,|$)`));
  });

  it('downloads the report as an Excel workbook', async () => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download Excel' }).click()]);
    assert.match(file.suggestedFilename(), /^nsp-list-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await file.path())!);
    const sheet = workbook.worksheets[0]!;
    assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1, 4), ['Dialed', 'Campaign', 'Job']);
    assert.equal(sheet.rowCount, 2);
    assert.ok(sheet.getCell('A2').value instanceof Date);
    assert.equal(sheet.getCell('D2').value, contacts[1]!.userContactId);
  });

  it('schedules an export, showing its next run, and removes it', async () => {
    await page.getByLabel('Export report').selectOption('ntc');
    await page.getByLabel('At', { exact: true }).fill('');
    await clickButton(page, 'Schedule export');
    await expectText(page.locator('#export-time-error'), 'must be HH:MM (00:00 to 23:59)', STEP_MS);

    await page.getByLabel('At', { exact: true }).fill('02:00');
    await page.getByLabel('Format').selectOption('xlsx');
    await clickButton(page, 'Schedule export');
    const row = page.getByRole('table', { name: 'Scheduled exports' }).locator('tr[data-export]');
    await expectText(row.locator('td').first(), 'NTC', STEP_MS);
    await expectText(row.locator('td[data-col="format"]'), 'Excel');
    await expectText(row.locator('td[data-col="last"]'), 'not yet');
    const [created] = await nailup.store.reportExports.list();
    assert.equal(created?.report, 'ntc');
    assert.equal(created.format, 'xlsx');
    assert.ok(created.nextRunAt > Date.now() && created.nextRunAt <= Date.now() + 24 * 3600_000, 'the next 02:00');
    await screenshot(page, 'supervisor-report-exports');

    await row.getByRole('button', { name: 'Remove' }).click();
    await expectText(page.getByRole('table', { name: 'Scheduled exports' }).locator('tbody'), 'No scheduled exports', STEP_MS);
    assert.deepEqual(await nailup.store.reportExports.list(), []);
  });

  it('refuses a range that ends before it starts, under the field', async () => {
    await page.getByLabel('To (included)').fill('2020-01-01');
    await clickButton(page, 'Show report');
    await expectText(page.locator('#report-to-error'), 'must be after from', STEP_MS);
  });
});
