/**
 * The supervisor pages end to end, as a supervisor uses them: real Chromium on the built pages
 * (web/supervisor/dist), against nailup started in this process with the demo data (no bots, store in
 * memory) and a real SFTP server on a loopback port as the manual upload's drop. Each step checks what
 * the page shows and what the store, the dialer or the SFTP drop hold. Screenshots go to
 * test-output/screenshots/supervisor-*.png.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Nailup } from '../../src/app.ts';
import { expectEnabled, expectHidden, expectText, expectVisible, screenshot, waitUntil } from '../support/browser.ts';
import { loginAs, pomClient, type Client } from '../support/nailup.ts';
import { STEP_MS, buttonOf, clickButton, expectFits as fits, openTab as openPageTab, supervisorPages } from '../support/supervisor-ui.ts';

const ui = supervisorPages({ sftp: true });
let nailup: Nailup;
let api: Client;
let page: Page;

// ── what the supervisor sees and does ──────────────────────────────────────────

const button = (name: string) => buttonOf(page, name);
const alert = () => page.getByRole('alert');
const listCell = (list: string, col: string) => page.locator(`tr[data-list="${list}"] td[data-col="${col}"]`);
const click = (name: string) => clickButton(page, name);
const openTab = (name: string) => openPageTab(page, name);
const expectFits = () => fits(page);

async function listCounts(name: string): Promise<{ total: number; available: number; excluded: number }> {
  const list = (await api.get('/contact-lists')).body.find((l: { contactListName: string }) => l.contactListName === name);
  assert.ok(list, `list ${name}`);
  return { total: list.totalContacts, available: list.availableContacts, excluded: list.totalExcludedContacts };
}

async function expectListRow(name: string): Promise<void> {
  const counts = await listCounts(name);
  const id = (await nailup.store.contactLists.findByName(name))!.id;
  await expectVisible(page.locator(`tr[data-list="${name}"]`));
  await expectText(page.locator(`tr[data-list="${name}"] td`).first(), String(id));
  await expectText(listCell(name, 'total'), String(counts.total));
  await expectText(listCell(name, 'available'), String(counts.available));
  await expectText(listCell(name, 'excluded'), String(counts.excluded));
}

const jobState = (campaign: string) => page.getByTestId(`job-state-${campaign}`);
const dialerState = (campaign: string): string =>
  nailup.dialer.runningJobs().filter((r) => r.campaign.name === campaign).map((r) => r.state).at(-1) ?? 'none';

// ── the tests ─────────────────────────────────────────────────────────────────

describe('supervisor pages', () => {
  before(async () => {
    ({ nailup, page } = ui);
    api = await loginAs(nailup, 'supervisor');
  });

  it('refuses a wrong password, then logs in', async () => {
    await page.goto('/supervisor/');
    await expectVisible(page.getByRole('heading', { level: 1, name: 'Supervisor' }));
    await click('Log in');
    await expectText(alert(), 'Enter your username and password');
    await page.getByLabel('Username').fill('supervisor');
    await page.getByLabel('Password').fill('wrong');
    await click('Log in');
    await expectText(alert(), 'Wrong username or password');
    await screenshot(page, 'supervisor-login-error');
    await page.getByLabel('Password').fill('demo');
    await click('Log in');
    await expectVisible(page.getByRole('navigation', { name: 'Pages' }), STEP_MS);
    await expectHidden(page.getByLabel('Password'));
    await expectVisible(page.getByText('(supervisor)'));
  });

  it('shows the contact lists with their counts', async () => {
    await openTab('Contact lists');
    await expectListRow('DemoPreviewList');
    await expectListRow('DemoPredictiveList');
    assert.equal((await listCounts('DemoPreviewList')).total, 200, 'the demo list as seeded');
    await expectFits();
    await screenshot(page, 'supervisor-lists');
  });

  it('purges one contact by userContactId, and the counts change', async () => {
    const before_ = await listCounts('DemoPreviewList');
    const listId = (await nailup.store.contactLists.findByName('DemoPreviewList'))!.id;
    const contacts = (await pomClient(nailup).get(`/contactlists/${listId}/contacts/list?pageSize=200&pageNumber=1`)).body.contactBatch;
    const victim = contacts.at(-1).userContactId as string;
    const record = await nailup.store.contacts.findByUserContactId(listId, victim);
    assert.ok(record, `contact ${victim} is in the store`);

    await openTab('Purge');
    // A purge without values is refused on the page.
    await page.getByLabel('Contact list').selectOption({ label: `DemoPreviewList (${listId})` });
    await click('Purge');
    await expectText(alert(), 'Enter at least one value');
    await page.getByLabel('Attribute').fill('userContactId');
    await page.getByLabel('Filter').selectOption('equals');
    await page.getByLabel(/^Values/).fill(victim);
    await click('Purge');
    const result = page.getByRole('status', { name: 'Purge result' });
    await expectText(result.locator('[data-field="isDeleted"]'), 'true', STEP_MS);
    await expectText(result.locator('[data-field="purged"]'), '1');
    await expectText(result.locator('[data-field="failed"]'), 'none');
    // The purge record is listed.
    await expectVisible(page.getByRole('table', { name: 'Purge records' }).getByRole('cell', { name: victim }));
    await expectFits();
    await screenshot(page, 'supervisor-purge');

    assert.equal((await nailup.store.contacts.findById(record.id))?.state, 'purged', 'the contact is purged in the store');
    assert.equal(await nailup.store.contacts.findByUserContactId(listId, victim), undefined, 'and no longer found');
    await openTab('Contact lists');
    await expectText(listCell('DemoPreviewList', 'total'), String(before_.total - 1));
    assert.equal((await listCounts('DemoPreviewList')).total, before_.total - 1);
  });

  it('uploads a DNC file with bad rows: the report names them and the good rows are added', async () => {
    const dnc = (await nailup.store.dnc.findListByName('Demo'))!;
    const before_ = await nailup.store.dnc.countAddresses(dnc.id);
    await openTab('DNC upload');
    await page.getByLabel('Operation').selectOption({ label: 'Add to a DNC list (skip bad rows)' });
    await page.getByLabel('DNC list', { exact: true }).selectOption('Demo');
    await page.getByLabel(/^CSV file/).setInputFiles({
      name: 'dnc.csv', mimeType: 'text/csv', buffer: Buffer.from('address\n+12125550401\nnot-a-number\n(212) 555-0402\n12\n+12125550401\n'),
    });
    await click('Upload');
    const report = page.getByRole('status', { name: 'DNC report' });
    await expectText(report.locator('[data-field="message"]'), '2 added to Demo, 3 rejected', STEP_MS);
    await expectText(report.locator('[data-count="Rows read"]'), '5');
    await expectText(report.locator('[data-count="Rejected"]'), '3');
    await expectText(report.locator('[data-count="Added"]'), '2');
    const rows = report.getByRole('table', { name: 'Rejected rows' }).locator('tbody tr');
    await waitUntil('three rejected rows', () => rows.count(), (n) => n === 3);
    const seen = (await rows.allInnerTexts()).map((t) => t.split('\t').slice(0, 3).map((s) => s.trim()));
    assert.deepEqual(seen, [['3', 'not-a-number', 'bad_number'], ['5', '12', 'bad_number'], ['6', '+12125550401', 'duplicate']]);
    await expectFits();
    await screenshot(page, 'supervisor-dnc');
    assert.equal(await nailup.store.dnc.countAddresses(dnc.id), before_ + 2, 'the two good numbers are on the DNC list');
    await expectText(page.locator('tr[data-dnc-list="Demo"] td[data-col="addresses"]'), String(before_ + 2));

    // Pasted rows to the organization's list: all or nothing, so a bad row changes nothing.
    await page.reload();
    await expectVisible(page.getByRole('heading', { level: 2, name: 'DNC upload' }));
    await page.getByLabel('Operation').selectOption({ label: 'Add to the organization list (all or nothing)' });
    await page.getByLabel('Or paste the rows').fill('+12125550403\nbad\n');
    await click('Upload');
    await expectText(report.locator('[data-field="message"]'), /^Nothing changed: /, STEP_MS);
    await expectText(report.locator('[data-count="Added"]'), '0');
    await expectVisible(report.getByRole('table', { name: 'Rejected rows' }).getByRole('cell', { name: 'bad', exact: true }));
    assert.equal(await nailup.store.dnc.countAddresses(dnc.id), before_ + 2, 'nothing added');
  });

  it('puts a file on the SFTP drop and schedules its run-once import', async () => {
    const schedulesBefore = (await nailup.store.dataSources.listSchedules()).length;
    const file = 'userContactId,firstName,lastName,phone1\nS1,Sam,Page,+12125550501\nS2,Sue,Page,+12125550502\n';
    await openTab('Manual upload');
    // Without a data source chosen nothing is sent.
    await click('Schedule run-once');
    await expectText(alert(), 'Choose a data source');
    await page.getByLabel('Data source (contact list)').selectOption({ label: 'DemoPreviewListAppend → DemoPreviewList' });
    await expectText(page.locator('[data-field="drop-file"]'), 'DemoPreviewList.csv');
    await page.getByLabel(/^CSV file to put on the drop/).setInputFiles({ name: 'new-contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
    await click('Upload and schedule');
    const result = page.getByRole('status', { name: 'Upload result' });
    await expectText(result.locator('[data-field="outcome"]'), /^Scheduled for \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d \(America\/New_York\)$/, STEP_MS);
    const uploadId = await expectText(result.locator('[data-field="uploadId"]'), /^\S+$/);
    await expectText(page.locator(`tr[data-upload="${uploadId}"] td[data-col="state"]`), 'scheduled');
    await expectFits();
    await screenshot(page, 'supervisor-manual-upload');

    assert.equal(readFileSync(join(ui.sftp.localFolder, 'DemoPreviewList.csv'), 'utf8'), file, 'the file is on the drop, whole');
    assert.equal((await nailup.store.dataSources.listSchedules()).length, schedulesBefore + 1);
    const schedule = (await pomClient(nailup).get(`/datasources/schedule/${uploadId}`)).body;
    assert.equal(schedule.state, 'scheduled');
  });

  it('starts, pauses, resumes and stops a campaign job', async () => {
    const name = 'DemoPredictive';
    await openTab('Campaigns');
    await expectText(jobState(name), 'running', STEP_MS);
    assert.equal(dialerState(name), 'running');
    await expectVisible(page.locator(`tr[data-campaign="DemoPreview"]`));

    await click(`Pause ${name}`);
    await expectText(jobState(name), 'paused', STEP_MS);
    assert.equal(dialerState(name), 'paused');
    await screenshot(page, 'supervisor-campaigns-paused');

    await click(`Resume ${name}`);
    await expectText(jobState(name), 'running', STEP_MS);
    assert.equal(dialerState(name), 'running');

    await click(`Stop ${name}`);
    await expectText(jobState(name), /^(stopping|stopped)$/, STEP_MS);
    // The job ends once the dialer has drained it (at its next tick); the page looks again until then.
    await waitUntil('the dialer ends the job', () => dialerState(name), (s) => s === 'none', 30_000);
    await expectText(jobState(name), 'stopped', STEP_MS);
    await expectEnabled(button(`Start ${name}`));

    await click(`Start ${name}`);
    await expectText(jobState(name), 'running', STEP_MS);
    assert.equal(dialerState(name), 'running');
    assert.equal((await api.get(`/campaigns/${name}/job`)).body.jobState, 'running');
    await expectFits();
    await screenshot(page, 'supervisor-campaigns');
  });
});
