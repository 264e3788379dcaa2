/**
 * The session manager in real Chromium, nailup on a virtual clock with one-hour sessions: five
 * minutes before the end the page offers to stay logged in, and staying extends the session by an
 * hour; once the time is up the login page says the session has ended. The page reads the time left
 * when its window comes back into focus (as it does every minute). Screenshot:
 * test-output/screenshots/supervisor-session-warning.png.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { VirtualClock } from '../../src/clock/virtual-clock.ts';
import { expectHidden, expectText, expectVisible, screenshot, waitUntil } from '../support/browser.ts';
import { STEP_MS, clickButton, logIn, supervisorPages } from '../support/supervisor-ui.ts';

const START = Date.UTC(2026, 10, 24, 14, 0, 0);
const MINUTE = 60_000;
const clock = new VirtualClock(START);
const ui = supervisorPages({ clock, flags: { 'utilities.sessionHours': 1, 'utilities.sessionWarningMinutes': 5 } });
let page: Page;

const warning = () => page.getByRole('alertdialog');
const refocus = () => page.evaluate(() => dispatchEvent(new Event('focus')));

describe('supervisor session', () => {
  before(() => {
    page = ui.page;
  });

  it('offers to stay logged in five minutes before the end, and staying extends the session', async () => {
    await logIn(page, 'supervisor');
    await clock.advance(50 * MINUTE);
    await refocus();
    await expectVisible(page.getByRole('heading', { level: 2, name: 'Contact lists' }));
    assert.equal(await warning().count(), 0, 'no offer with ten minutes left');

    await clock.advance(6 * MINUTE);
    await refocus();
    await expectText(warning(), /Your session ends in [34]:\d\d\./, STEP_MS);
    await screenshot(page, 'supervisor-session-warning');
    await clickButton(page, 'Stay logged in');
    await expectHidden(warning(), STEP_MS);
    const [extended] = await waitUntil('the session extended', () => ui.nailup.store.audit.list({ action: 'extendSession', limit: 5 }), (entries) => entries.length === 1);
    assert.deepEqual(extended?.details, { expiresAt: new Date(START + 116 * MINUTE).toISOString() }, 'an hour from the click');

    await clock.advance(30 * MINUTE);
    await refocus();
    await page.getByRole('link', { name: 'Campaigns', exact: true }).click();
    await expectVisible(page.getByRole('heading', { level: 2, name: 'Campaigns' }), STEP_MS);
    assert.equal(await warning().count(), 0, 'half an hour left after the extension');
  });

  it('sends the user to the login page once the time is up, saying why', async () => {
    await clock.advance(31 * MINUTE);
    await refocus();
    await expectText(page.getByRole('status').filter({ hasText: 'session' }), 'Your session has ended. Log in again.', STEP_MS);
    await expectVisible(page.getByLabel('Password'));
  });
});
