/**
 * The administrator pages end to end in real Chromium: users (create, with the API's errors under
 * the fields they name; change name and role; disable, after which the user cannot log in; enable)
 * and the audit log (newest first, filtered by user and action, paged back); a supervisor sees
 * neither in the navigation and is told the pages are for administrators. Each user has a browser
 * profile of their own. Screenshots go to test-output/screenshots/supervisor-admin-*.png.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import type { Nailup } from '../../src/app.ts';
import { expectAttribute, expectHidden, expectText, expectVisible, screenshot, waitUntil } from '../support/browser.ts';
import { Client, loginAs } from '../support/nailup.ts';
import { STEP_MS, clickButton, expectFits, logIn, openTab, supervisorPages } from '../support/supervisor-ui.ts';

const ui = supervisorPages();
let nailup: Nailup;
let admin: Page;

const navLinks = (page: Page) => page.getByRole('navigation', { name: 'Pages' }).getByRole('link');
const userCell = (page: Page, user: string, col: string) => page.locator(`tr[data-user="${user}"] td[data-col="${col}"]`);
const texts = async (cells: Locator): Promise<string[]> => (await cells.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
const auditRows = (page: Page) => page.getByRole('table', { name: 'Audit log' }).locator('tbody tr[data-audit]');

describe('administrator pages', () => {
  before(() => {
    ({ nailup, page: admin } = ui);
  });

  it('shows administrators Users and Audit log in the navigation', async () => {
    await logIn(admin, 'admin');
    await expectVisible(admin.getByText('(administrator)'));
    assert.deepEqual(await texts(navLinks(admin)), ['Contact lists', 'Purge', 'DNC upload', 'Import contacts', 'Manual upload', 'Campaigns', 'Teams', 'Agents', 'Completion codes', 'Queues', 'Callbacks', 'Reports', 'Users', 'Audit log']);
    await expectFits(admin);
  });

  it('creates a user, showing the API\'s errors under the fields they name', async () => {
    await openTab(admin, 'Users');
    await expectText(userCell(admin, 'supervisor', 'role'), 'supervisor', STEP_MS);
    await expectText(userCell(admin, 'admin', 'role'), 'administrator');

    const username = admin.getByLabel('Username');
    const password = admin.getByLabel(/^Password/);
    await username.fill('carol reyes');
    await admin.getByLabel('Name', { exact: true }).fill('Carol Reyes');
    await password.fill('carol-pass-1');
    await clickButton(admin, 'Create user');
    await expectText(admin.locator('#new-user-username-error'), 'must be 1 to 64 letters, digits, "_", "-", "." or "@"', STEP_MS);
    await expectAttribute(username, 'aria-invalid', 'true');
    await expectAttribute(username, 'aria-describedby', 'new-user-username-error');

    await username.fill('carol');
    await password.fill('short');
    await clickButton(admin, 'Create user');
    await expectText(admin.locator('#new-user-password-error'), 'must be at least 8 characters', STEP_MS);
    await expectHidden(admin.locator('#new-user-username-error'));
    await screenshot(admin, 'supervisor-admin-user-error');

    await password.fill('carol-pass-1');
    await admin.getByLabel('Role').selectOption('supervisor');
    await clickButton(admin, 'Create user');
    await expectText(admin.getByRole('status').filter({ hasText: 'Created' }), 'Created carol (supervisor)', STEP_MS);
    await expectText(userCell(admin, 'carol', 'name'), 'Carol Reyes');
    await expectText(userCell(admin, 'carol', 'role'), 'supervisor');
    await expectText(userCell(admin, 'carol', 'state'), 'active');

    // Not a field's error: under the form.
    await username.fill('carol');
    await password.fill('carol-pass-2');
    await clickButton(admin, 'Create user');
    await expectText(admin.getByRole('alert'), 'user carol exists already', STEP_MS);
    assert.equal((await nailup.store.supervisors.findUser('carol'))?.name, 'Carol Reyes');
    await expectFits(admin);
  });

  it('changes a user\'s name and role (their session ends), disables them (they cannot log in) and enables them', async () => {
    const carol = await ui.newProfile();
    await logIn(carol, 'carol', 'carol-pass-1');
    assert.ok(!(await texts(navLinks(carol))).includes('Users'), 'a supervisor has no Users page');

    await admin.getByRole('button', { name: 'Edit carol' }).click();
    await expectVisible(admin.getByRole('heading', { name: 'Edit carol' }));
    await admin.getByLabel('Name', { exact: true }).fill('Carol R.');
    await admin.getByLabel('Role').selectOption('administrator');
    await admin.getByLabel(/^New password/).fill('tiny');
    await clickButton(admin, 'Save changes');
    await expectText(admin.locator('#edit-user-password-error'), 'must be at least 8 characters', STEP_MS);
    await admin.getByLabel(/^New password/).fill('');
    await clickButton(admin, 'Save changes');
    await expectText(userCell(admin, 'carol', 'role'), 'administrator', STEP_MS);
    await expectText(userCell(admin, 'carol', 'name'), 'Carol R.');
    await expectText(admin.locator('tr[data-user="carol"]').getByRole('status'), 'Saved: name, role');
    await expectVisible(admin.getByRole('heading', { name: 'New user' }));
    await screenshot(admin, 'supervisor-admin-users');

    // Her role changed, so her session ended: her next step takes her to the login form.
    await carol.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Purge', exact: true }).click();
    await expectVisible(carol.getByLabel('Username'), STEP_MS);
    await logIn(carol, 'carol', 'carol-pass-1');
    assert.ok((await texts(navLinks(carol))).includes('Users'), 'now an administrator');

    await clickButton(admin, 'Disable carol');
    await expectText(userCell(admin, 'carol', 'state'), 'disabled', STEP_MS);
    await expectText(admin.locator('tr[data-user="carol"]').getByRole('status'), 'Disabled: their sessions have ended');
    await expectAttribute(admin.getByRole('button', { name: 'Disable admin' }), 'title', 'You cannot disable your own account');

    await carol.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Campaigns', exact: true }).click();
    await expectVisible(carol.getByLabel('Username'), STEP_MS);
    await carol.getByLabel('Username').fill('carol');
    await carol.getByLabel('Password').fill('carol-pass-1');
    await clickButton(carol, 'Log in');
    await expectText(carol.getByRole('alert'), 'Wrong username or password', STEP_MS);
    assert.equal((await new Client(`${nailup.url}/api/v1`).post('/auth/login', { username: 'carol', password: 'carol-pass-1' })).status, 401);

    await clickButton(admin, 'Enable carol');
    await expectText(userCell(admin, 'carol', 'state'), 'active', STEP_MS);
    await clickButton(carol, 'Log in');
    await expectVisible(carol.getByRole('navigation', { name: 'Pages' }), STEP_MS);
  });

  it('shows the audit log newest first, filtered by user and action, and pages back', async () => {
    // 60 more GetAllContactLists entries: more than a page.
    const supervisor = await loginAs(nailup, 'supervisor');
    for (let i = 0; i < 60; i++) assert.equal((await supervisor.get('/contact-lists')).status, 200);

    await openTab(admin, 'Audit log');
    const rows = auditRows(admin);
    await waitUntil('a page of entries', () => rows.count(), (n) => n === 50, STEP_MS);
    const ids = (await texts(rows.locator('td:first-child'))).map(Number);
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
    await expectText(rows.first().locator('td[data-col="action"]'), 'GetAllContactLists');
    await expectText(rows.first().locator('td[data-col="counts"]'), /^lists \d+$/);

    // Every createUser: the refused ones too, with their error.
    await admin.getByLabel('Action', { exact: true }).fill('createUser');
    await clickButton(admin, 'Apply filter');
    await waitUntil('the createUser entries', () => rows.count(), (n) => n === 4, STEP_MS);
    assert.deepEqual(await texts(rows.locator('td[data-col="target"]')), ['carol', 'carol', 'carol', 'carol reyes']);
    assert.deepEqual(await texts(rows.locator('td[data-col="outcome"]')), ['failed', 'ok', 'failed', 'failed']);
    assert.deepEqual(await texts(rows.locator('td[data-col="user"]')), Array(4).fill('admin (administrator)'));
    await expectText(rows.nth(0).locator('td[data-col="details"]'), 'error: user carol exists already');
    await expectText(rows.nth(1).locator('td[data-col="details"]'), 'role: supervisor');

    // What carol did, and her logins; what was done to her account.
    await admin.getByLabel('Action', { exact: true }).fill('');
    await admin.getByLabel('User', { exact: true }).fill('carol');
    await clickButton(admin, 'Apply filter');
    await waitUntil('carol\'s entries', async () => texts(rows.locator('td[data-col="user"]')), (u) => u.length > 0 && u.every((x) => x.startsWith('carol')), STEP_MS);
    assert.ok((await texts(rows.locator('td[data-col="action"]'))).includes('GetAllContactLists'), 'the lists her pages loaded');
    await admin.getByLabel('Action', { exact: true }).fill('login');
    await clickButton(admin, 'Apply filter');
    await waitUntil('carol\'s logins', async () => texts(rows.locator('td[data-col="action"]')), (a) => a.length > 0 && a.every((x) => x === 'login'), STEP_MS);
    assert.deepEqual(await texts(rows.locator('td[data-col="outcome"]')), ['ok', 'failed', 'failed', 'ok', 'ok'], 'her logins, newest first: the two refused while disabled (page, API)');
    await admin.getByLabel('User', { exact: true }).fill('admin');
    await admin.getByLabel('Action', { exact: true }).fill('updateUser');
    await clickButton(admin, 'Apply filter');
    await waitUntil('the updateUser entries', async () => texts(rows.locator('td[data-col="details"]')), (d) => d.length === 4, STEP_MS);
    assert.deepEqual(await texts(rows.locator('td[data-col="details"]')), [
      'role: administrator; disabled: false', 'role: administrator; disabled: true', 'role: administrator; disabled: false', 'error: password: must be at least 8 characters',
    ]);
    await expectFits(admin);
    await screenshot(admin, 'supervisor-admin-audit');

    // Paged back with beforeId, and forward again.
    await admin.getByLabel('User', { exact: true }).fill('supervisor');
    await admin.getByLabel('Action', { exact: true }).fill('GetAllContactLists');
    await clickButton(admin, 'Apply filter');
    const pager = admin.getByRole('navigation', { name: 'Audit log pages' });
    await expectText(pager.locator('span'), /^Entries \d+–\d+ \(newest\)$/, STEP_MS);
    await waitUntil('a full page', () => rows.count(), (n) => n === 50);
    const firstPage = (await texts(rows.locator('td:first-child'))).map(Number);
    await pager.getByRole('button', { name: 'Older' }).click();
    await waitUntil('the older entries', async () => (await texts(rows.locator('td:first-child'))).map(Number), (p) => p.length >= 10 && p[0]! < firstPage.at(-1)!, STEP_MS);
    await expectText(pager.locator('span'), /^Entries \d+–\d+$/);
    await pager.getByRole('button', { name: 'Newer' }).click();
    await waitUntil('the newest page again', async () => (await texts(rows.locator('td:first-child'))).map(Number), (p) => p[0] === firstPage[0] && p.length === 50, STEP_MS);
  });

  it('does not show supervisors the administrator pages, and tells one who opens them', async () => {
    const supervisor = await ui.newProfile();
    await logIn(supervisor, 'supervisor');
    const links = await texts(navLinks(supervisor));
    assert.ok(!links.includes('Users') && !links.includes('Audit log'), `navigation: ${links.join(', ')}`);
    for (const [hash, title] of [['users', 'Users'], ['audit', 'Audit log']] as const) {
      await supervisor.goto(`/supervisor/#${hash}`);
      await expectVisible(supervisor.getByRole('heading', { level: 2, name: title }), STEP_MS);
      await expectText(supervisor.getByRole('alert'), `${title} is for administrators only. You are logged in as supervisor, a supervisor.`);
      await expectHidden(supervisor.getByRole('table'));
    }
    await screenshot(supervisor, 'supervisor-admin-refused');
  });
});
