/**
 * The import pages end to end in real Chromium: a contact import followed while it runs (rows done,
 * rows per second, the progress bar), then its outcome and its paged report of rejected rows with the
 * CSV download; and a manual upload's run-once import from scheduled through running to completed.
 * nailup runs on a virtual clock (the run-once import comes due when the test moves the clock on) with
 * a real SFTP server as the drop. Imports are held part-way (test/support/import-gate.ts) while the
 * test looks at them running, so nothing depends on how fast the machine is.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { Nailup } from '../../src/app.ts';
import { VirtualClock } from '../../src/clock/virtual-clock.ts';
import { expectAttribute, expectText, expectVisible, screenshot, waitUntil } from '../support/browser.ts';
import { loginAs, type Client } from '../support/nailup.ts';
import { holdImports } from '../support/import-gate.ts';
import { newList, rowPhone } from '../support/import-files.ts';
import { STEP_MS, clickButton, expectFits, logIn, openTab, supervisorPages } from '../support/supervisor-ui.ts';

/** Monday 5 January 2026, 10:00 in New York. */
const START = Date.UTC(2026, 0, 5, 15, 0, 0);

const clock = new VirtualClock(START);
const ui = supervisorPages({ sftp: true, clock });
let nailup: Nailup;
let api: Client;
let page: Page;

/** `count` contact rows; those at the indexes in `bad` have a number that is not one, those in `dnc` that number. */
function contactsCsv(count: number, bad: ReadonlySet<number>, dnc: ReadonlyMap<number, string>): string {
  let out = 'userContactId,firstName,lastName,phone1,CAMP_ID\n';
  for (let i = 0; i < count; i++) {
    const phone = bad.has(i) ? `bad-${i}` : dnc.get(i) ?? rowPhone(i, 400);
    out += `P${i},First${i},Last${i},${phone},C1\n`;
  }
  return out;
}

const numberOf = (text: string): number => Number(text.replace(/,/g, ''));

describe('supervisor import pages', () => {
  before(async () => {
    ({ nailup, page } = ui);
    api = await loginAs(nailup, 'supervisor');
  });

  it('imports a contact file with its progress while it runs, then its outcome and rejected rows', async () => {
    await logIn(page, 'supervisor');
    const listId = await newList(api, 'ImportPage');
    // 20,000 rows, 60 with a bad number and one with a number on the Demo DNC list: the report has two pages of 50.
    const demoDnc = (await nailup.store.dnc.findListByName('Demo'))!;
    const listed = await nailup.store.dnc.addressesAfter(demoDnc.id, '', 10_000);
    assert.ok(listed.length > 0 && !listed.some((n) => /^\+121240[01]/.test(n)), 'the file\'s numbers are not on the DNC list but one');
    const bad = new Set(Array.from({ length: 60 }, (_, i) => 100 + i * 300));
    const csv = contactsCsv(20_000, bad, new Map([[5, listed[0]!]]));

    await openTab(page, 'Import contacts');
    await clickButton(page, 'Import');
    await expectText(page.locator('#import-list-error'), 'Choose a contact list');
    await page.getByLabel('Contact list').selectOption({ label: `ImportPage (${listId})` });
    await page.getByLabel(/^CSV file/).setInputFiles({ name: 'big-import.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByLabel(/^Scrub against the DNC lists/).check();

    // The upload is held once the importer has read 300 kB of the file's 1 MB.
    const gate = holdImports(nailup.supervisor.importer, 300_000);
    const report = page.getByRole('region', { name: 'Progress and report' });
    const bar = report.getByRole('progressbar', { name: 'Import progress' });
    try {
      await clickButton(page, 'Import');
      await gate.held;
      await expectVisible(bar);
      const done = await waitUntil('rows done while the import runs', async () => numberOf(await report.locator('[data-field="rows-done"]').innerText()), (n) => n > 0, STEP_MS);
      assert.ok(done < 20_000, `${done} rows done of 20,000 while held`);
      const percent = await waitUntil('the share of the file read', async () => Number(await bar.getAttribute('aria-valuenow')), (n) => n > 0, STEP_MS);
      assert.ok(percent > 0 && percent < 100, `progress ${percent}%`);
      await expectText(report.locator('[data-field="rows-per-second"]'), /^[\d,]+$/);
      // The recent imports list shows the run running, with its own bar.
      const running = page.locator('tr[data-run] td[data-col="state"]').first();
      await expectText(running, 'running', STEP_MS);
      await expectFits(page);
      await screenshot(page, 'supervisor-import-running');
      assert.equal((await nailup.store.contacts.counts(listId)).total, 0, 'nothing is in the list before the import commits');
    } finally {
      gate.release();
      gate.restore();
    }

    const outcome = page.getByRole('status', { name: 'Import outcome' });
    await expectText(outcome.locator('[data-field="outcome"]'), '19,939 added to ImportPage, 61 rejected', 30_000);
    await expectText(outcome.locator('[data-count="Rows read"]'), '20,000');
    await expectText(outcome.locator('[data-count="Accepted"]'), '19,939');
    await expectText(outcome.locator('[data-count="Rejected"]'), '61');
    await expectText(outcome.locator('[data-count="Added"]'), '19,939');
    await expectText(report.getByTestId('run-state'), 'completed');
    assert.equal((await nailup.store.contacts.counts(listId)).total, 19_939);

    // The rejected rows, 50 a page.
    const rejected = report.getByRole('table', { name: 'Rejected rows' }).locator('tbody tr');
    await waitUntil('the first page of rejected rows', () => rejected.count(), (n) => n === 50);
    const cells = async (i: number) => (await rejected.nth(i).innerText()).split('\t').slice(0, 3).map((t) => t.trim());
    assert.deepEqual(await cells(0), ['7', listed[0], 'dnc'], 'scrubbed');
    assert.deepEqual(await cells(1), ['102', 'bad-100', 'bad_number']);
    await expectText(report.getByRole('navigation', { name: 'Rejected rows pages' }).locator('span'), 'Rows 1–50 of 61');
    await report.getByRole('button', { name: 'Next' }).click();
    await waitUntil('the second page', () => rejected.count(), (n) => n === 11);
    await expectText(rejected.last().locator('td').nth(1), `bad-${100 + 59 * 300}`);
    await expectFits(page);
    await screenshot(page, 'supervisor-import-report');

    // The whole report as a CSV file, fetched with the session's token.
    const [download] = await Promise.all([page.waitForEvent('download'), report.getByRole('link', { name: 'Download the report (CSV)' }).click()]);
    assert.match(download.suggestedFilename(), /^import-\d+-rejects\.csv$/);
    const lines = readFileSync((await download.path())!, 'utf8').trim().split('\n');
    assert.equal(lines.length, 62);
    assert.equal(lines[0], 'line,reason,field,message,value');
    assert.match(lines[2]!, /^102,bad_number,\w+,.*,bad-100$/);
  });

  it('follows a manual upload\'s import from scheduled through running to completed', async () => {
    const file = 'userContactId,firstName,lastName,phone1\nV1,Vera,Ward,+12125550601\nV2,Vic,Ward,+12125550602\nV3,Bad,Number,12\n';
    await openTab(page, 'Manual upload');
    await page.getByLabel('Data source (contact list)').selectOption({ label: 'DemoPreviewListAppend → DemoPreviewList' });
    await page.getByLabel(/^CSV file to put on the drop/).setInputFiles({ name: 'late-contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
    await clickButton(page, 'Upload and schedule');
    const uploadId = await expectText(page.getByRole('status', { name: 'Upload result' }).locator('[data-field="uploadId"]'), /^\d+$/, STEP_MS);
    const row = page.locator(`tr[data-upload="${uploadId}"]`);
    const state = row.locator('td[data-col="state"]');
    const progress = row.locator('td[data-col="import"]');
    await expectText(state, 'scheduled');
    // 10:05 New York time, five minutes after the upload.
    await expectText(progress, 'Starts Jan 5, 2026, 10:05:00 AM (America/New_York)');
    await screenshot(page, 'supervisor-upload-scheduled');

    // At the start time the import runs: held before it has read a byte, the page shows it running.
    const gate = holdImports(nailup.supervisor.importer, 0);
    try {
      await clock.advance(5 * 60_000);
      await gate.held;
      await expectText(state, 'running', STEP_MS);
      const bar = row.getByRole('progressbar');
      await expectAttribute(bar, 'aria-valuenow', '0', STEP_MS);
      await expectText(progress.locator('[data-field="rows-done"]'), '0');
      await expectFits(page);
      await screenshot(page, 'supervisor-upload-running');
    } finally {
      gate.release();
      gate.restore();
    }
    await nailup.supervisor.scheduler.whenIdle();
    await expectText(state, 'completed', STEP_MS);
    await expectText(progress.locator('[data-field="accepted"]'), '2');
    await expectText(progress.locator('[data-field="rejected"]'), '1');
    await screenshot(page, 'supervisor-upload-completed');

    // Its rejected rows are on the import page.
    await progress.getByRole('link', { name: 'Rejected rows' }).click();
    await expectVisible(page.getByRole('heading', { level: 2, name: 'Import contacts' }));
    const report = page.getByRole('region', { name: 'Progress and report' });
    await expectText(report.getByRole('status', { name: 'Import outcome' }).locator('[data-field="outcome"]'), '2 accepted to DemoPreviewList, 1 rejected', STEP_MS);
    const rejected = report.getByRole('table', { name: 'Rejected rows' }).locator('tbody tr');
    await waitUntil('the rejected row', () => rejected.count(), (n) => n === 1);
    assert.deepEqual((await rejected.first().innerText()).split('\t').slice(0, 3).map((t) => t.trim()), ['4', '12', 'bad_number']);
    assert.equal((await nailup.store.contacts.findByUserContactId((await nailup.store.contactLists.findByName('DemoPreviewList'))!.id, 'V2'))?.firstName, 'Vic');
  });
});
