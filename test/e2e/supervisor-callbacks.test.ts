/**
 * The callback dashboard end to end in real Chromium: the callbacks by due time with counts per
 * state, an overdue one marked, a filter by state, a callback moved (the store has its new time) and
 * one cancelled. Screenshot: test-output/screenshots/supervisor-callbacks.png.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Nailup } from '../../src/app.ts';
import type { CallbackRecord } from '../../src/store/records.ts';
import { expectHidden, expectText, expectVisible, screenshot, waitUntil } from '../support/browser.ts';
import { STEP_MS, expectFits, logIn, openTab, supervisorPages } from '../support/supervisor-ui.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const ui = supervisorPages();
let nailup: Nailup;
let page: Page;

const row = (id: number) => page.locator(`tr[data-callback="${id}"]`);
const cell = (id: number, col: string) => row(id).locator(`td[data-col="${col}"]`);
const stateCount = (state: string) => page.locator(`[data-count="${state}"]`);

describe('callback dashboard', () => {
  let overdue: CallbackRecord;
  let later: CallbackRecord;
  let name: string;

  before(async () => {
    ({ nailup, page } = ui);
    const campaign = (await nailup.store.campaigns.findByName('DemoPreview'))!;
    const [first, second] = await nailup.store.contacts.nextDialable(campaign.contactListId, Date.now(), 99, 2);
    name = `${first!.firstName} ${first!.lastName}`;
    const book = (contactId: number, dueAt: number, agentId: string | null, notes: string) => nailup.store.callbacks.create({
      campaignId: campaign.id, contactId, type: agentId ? 'Agent' : 'Campaign', agentId, dueAt, expiresAt: dueAt + HOUR,
      number: '+12125550142', timezone: 'America/New_York', notes, createdAt: Date.now(),
    });
    overdue = await book(first!.id, Date.now() - 5 * MINUTE, '1001', 'Call back about the Gold card');
    later = await book(second!.id, Date.now() + 2 * HOUR, null, '');
  });

  it('lists the callbacks by due time, with counts per state and the overdue one marked', async () => {
    await logIn(page, 'supervisor');
    await openTab(page, 'Callbacks');
    await expectText(cell(overdue.id, 'contact'), new RegExp(name), STEP_MS);
    assert.deepEqual(await page.locator('tr[data-callback]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-callback'))), [String(overdue.id), String(later.id)]);
    await expectText(cell(overdue.id, 'state'), 'pending overdue');
    await expectText(cell(later.id, 'state'), 'pending');
    await expectText(cell(overdue.id, 'agent'), /\(1001\)/);
    await expectText(cell(later.id, 'agent'), 'anyone');
    await expectText(stateCount('pending'), 'pending 2');
    await expectFits(page);
    await screenshot(page, 'supervisor-callbacks');
  });

  it('moves a pending callback and cancels another', async () => {
    await row(overdue.id).getByLabel(`New due time of callback ${overdue.id}`).fill('2031-05-06T14:30');
    await row(overdue.id).getByRole('button', { name: 'Move' }).click();
    await expectText(row(overdue.id).getByRole('status'), /^Moved to /, STEP_MS);
    const moved = await waitUntil('the new due time', () => nailup.store.callbacks.findById(overdue.id), (c) => c?.dueAt !== overdue.dueAt);
    const local = await page.evaluate(() => new Date('2031-05-06T14:30').getTime());
    assert.equal(moved?.dueAt, local);
    assert.equal(moved.expiresAt - moved.dueAt, HOUR, 'it keeps the hour it had to be reached in');
    await expectText(cell(overdue.id, 'state'), 'pending', STEP_MS);

    await row(later.id).getByRole('button', { name: 'Cancel' }).click();
    await expectText(cell(later.id, 'state'), 'cancelled', STEP_MS);
    await expectHidden(row(later.id).getByRole('button', { name: 'Cancel' }));
    assert.equal((await nailup.store.callbacks.findById(later.id))?.state, 'cancelled');
    await expectText(stateCount('cancelled'), 'cancelled 1');
  });

  it('filters by state', async () => {
    await page.getByLabel('State', { exact: true }).selectOption('cancelled');
    await page.getByRole('button', { name: 'Apply filter' }).click();
    await expectHidden(row(overdue.id), STEP_MS);
    await expectVisible(row(later.id));
  });
});
