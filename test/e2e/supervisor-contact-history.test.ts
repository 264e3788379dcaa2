/**
 * A contact's history end to end in real Chromium: from the contact lists to one list's contacts (a
 * page at a time, searched by account on the server), then to a contact called twice on the floor —
 * an abandoned call, then one an agent wrapped up as a Sale with notes — whose page shows its fields
 * and its attempts newest first with the completion code, the nuisance reason and the notes. The
 * attempts are written through the store nailup runs on, as the dialer writes them (the desktop's
 * notes reaching the attempt is test/tmac/nuisance-notes-sales.test.ts). Screenshots:
 * test-output/screenshots/supervisor-contact-history.png, supervisor-list-contacts.png.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Nailup } from '../../src/app.ts';
import type { ContactRecord } from '../../src/store/records.ts';
import { expectAttribute, expectText, expectVisible, screenshot } from '../support/browser.ts';
import { STEP_MS, buttonOf, cell, clickButton, expectFits, logIn, openTab, row, supervisorPages, texts } from '../support/supervisor-ui.ts';

const MINUTE = 60_000;
const LIST = 'DemoPredictiveList';
const NOTES = 'Wants the annual plan\nSend the contract by email';
const ui = supervisorPages();
let nailup: Nailup;
let page: Page;

const attempts = () => page.getByRole('table', { name: 'Call attempts' }).locator('tbody tr[data-attempt]');
const pagerStatus = () => page.getByRole('navigation', { name: 'Contact pages' }).locator('span');
const field = (key: string) => page.locator(`.contact-fields dd[data-field="${key}"]`);

describe('contact history page', () => {
  let called: ContactRecord;
  let listId: number;

  before(async () => {
    ({ nailup, page } = ui);
    const campaign = (await nailup.store.campaigns.findByName('DemoPredictive'))!;
    listId = campaign.contactListId;
    [called] = await nailup.store.contacts.nextDialable(listId, Date.now(), 99, 1) as [ContactRecord];
    const job = await nailup.store.jobs.create(campaign.id, Date.now() - 30 * MINUTE);
    const number = called.phones[0]!.number;
    // An abandoned call (no agent free in time), then a Sale the agent wrapped up with notes.
    const abandoned = await nailup.store.attempts.insert({ jobId: job.id, campaignId: campaign.id, contactId: called.id, number, kind: 'predictive', dialedAt: Date.now() - 20 * MINUTE });
    await nailup.store.attempts.update(abandoned.id, { answeredAt: abandoned.dialedAt + 6000, endedAt: abandoned.dialedAt + 9000, result: 'Abandoned', abandoned: true });
    await nailup.store.contacts.recordOutcome(called.id, { state: 'ready', nextAttemptAt: Date.now() - 10 * MINUTE, lastResult: 'Abandoned', lastCompletionCode: null, attemptedAt: abandoned.dialedAt });
    const sale = await nailup.store.attempts.insert({ jobId: job.id, campaignId: campaign.id, contactId: called.id, number, kind: 'predictive', dialedAt: Date.now() - 5 * MINUTE, agentId: '1011' });
    await nailup.store.attempts.update(sale.id, {
      answeredAt: sale.dialedAt + 8000, connectedAt: sale.dialedAt + 8000, endedAt: sale.dialedAt + 98_000, result: 'Answer_Human', agentId: '1011', completionCode: '69', notes: NOTES,
    });
    await nailup.store.contacts.recordOutcome(called.id, { state: 'done', nextAttemptAt: Date.now(), lastResult: 'Answer_Human', lastCompletionCode: '69', attemptedAt: sale.dialedAt });
  });

  it('finds the contact in its list by account', async () => {
    await logIn(page, 'supervisor');
    await openTab(page, 'Contact lists');
    await page.getByRole('link', { name: LIST, exact: true }).click();
    await expectVisible(page.getByRole('heading', { level: 3, name: `Contacts of ${LIST}` }), STEP_MS);
    const total = (await nailup.store.contacts.counts(listId)).total;
    await expectText(pagerStatus(), `Page 1 of ${Math.ceil(total / 50)} · ${total.toLocaleString('en-US')} contacts`, STEP_MS);
    assert.equal(await page.locator('tbody tr[data-contact]').count(), Math.min(50, total));
    await expectFits(page);
    await screenshot(page, 'supervisor-list-contacts');

    await page.getByLabel('Contains').fill(called.userContactId);
    await clickButton(page, 'Search');
    await expectText(pagerStatus(), /^Page 1 of 1 · /, STEP_MS);
    await expectText(cell(page, 'contact', called.userContactId, 'attempts'), '2');
    await expectText(cell(page, 'contact', called.userContactId, 'lastResult'), 'Answer_Human');
    await expectText(cell(page, 'contact', called.userContactId, 'state'), 'done');
  });

  it('opens the contact\'s history: its fields and its attempts, newest first, with the code and the notes', async () => {
    await row(page, 'contact', called.userContactId).getByRole('link', { name: `History of ${called.userContactId}` }).click();
    const name = `${called.firstName} ${called.lastName}`.trim();
    await expectVisible(page.getByRole('heading', { level: 3, name: `History of ${name} (${called.userContactId})` }), STEP_MS);
    await expectText(field('userContactId'), called.userContactId);
    await expectText(field('contactList'), LIST);
    await expectText(field('state'), 'done');
    await expectText(field('attempts'), '2');
    await expectText(field('numbers'), `${called.phones[0]!.number} (${called.phones[0]!.timezone})`);

    await expectText(attempts().first().locator('[data-col="completionCode"]'), 'Sale', STEP_MS);
    assert.equal(await attempts().count(), 2);
    const [sale, abandoned] = [attempts().nth(0), attempts().nth(1)];
    assert.deepEqual(await texts(sale.locator('[data-col="result"], [data-col="agent"], [data-col="kind"], [data-col="number"], [data-col="nuisance"]')),
      [called.phones[0]!.number, 'predictive', 'Answer_Human', '1011', '—']);
    // The notes keep their lines.
    assert.equal(await sale.locator('[data-col="notes"]').innerText(), NOTES);
    assert.deepEqual(await texts(abandoned.locator('[data-col="result"], [data-col="agent"], [data-col="completionCode"], [data-col="nuisance"], [data-col="notes"]')),
      ['Abandoned', '—', '—', 'Abandoned', '']);
    await expectFits(page);
    await screenshot(page, 'supervisor-contact-history');
  });

  it('goes back to the list, and pages through its contacts', async () => {
    await page.getByRole('link', { name: `← Contacts of ${LIST}` }).click();
    await expectVisible(page.getByRole('heading', { level: 3, name: `Contacts of ${LIST}` }), STEP_MS);
    await expectText(pagerStatus(), /^Page 1 of \d+/, STEP_MS);
    const first = await page.locator('tbody tr[data-contact]').first().getAttribute('data-contact');
    await clickButton(page, 'Next');
    await expectText(pagerStatus(), /^Page 2 of \d+/, STEP_MS);
    await expectAttribute(buttonOf(page, 'Previous'), 'type', 'button');
    // The page number moves at the click; the rows once the next page has loaded.
    await page.waitForFunction((shown) => document.querySelector('tbody tr[data-contact]')?.getAttribute('data-contact') !== shown, first, { timeout: STEP_MS });
    assert.notEqual(await page.locator('tbody tr[data-contact]').first().getAttribute('data-contact'), first, 'another page of contacts');
  });

  it('shows a contact never called, and says so of an account the list does not hold', async () => {
    const other = (await nailup.store.contacts.page(listId, { offset: 0, limit: 100, sortBy: 'id', sortDirection: 'DESC' })).contacts.find((c) => c.attempts === 0)!;
    await page.goto(`/supervisor/#lists/${listId}/${encodeURIComponent(other.userContactId)}`);
    await expectText(page.getByRole('table', { name: 'Call attempts' }).locator('tbody'), 'Not called yet', STEP_MS);
    await expectText(field('attempts'), '0');

    await page.goto(`/supervisor/#lists/${listId}/NO-SUCH-ACCOUNT`);
    await expectText(page.getByRole('alert'), /contact NO-SUCH-ACCOUNT in DemoPredictiveList/, STEP_MS);
  });
});
