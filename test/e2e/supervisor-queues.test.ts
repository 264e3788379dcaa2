/**
 * The inbound administration pages end to end in real Chromium. As `admin`: create a queue on the
 * Queues page (a bad service level is refused with the API's message under its input), change it;
 * give a team a blending rule into it on the Teams page (a maximum outbound under the minimum, and a
 * rule without a trigger, refused under their inputs); see the queue name the team and refuse to be
 * deleted; set an agent's level in a skill (17 refused under its input); show the Inbound Abandoned
 * report of the queue. A supervisor sees the queues
 * with no controls. Each step checks the store too. Screenshots go to
 * test-output/screenshots/supervisor-queues-*.png.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Nailup } from '../../src/app.ts';
import { expectHidden, expectText, expectVisible, screenshot, waitUntil } from '../support/browser.ts';
import {
  STEP_MS, cell, clickButton, confirmDelete, expectFieldError, expectFits, formStatus, logIn, openTab, row, supervisorPages, texts,
} from '../support/supervisor-ui.ts';

const ui = supervisorPages();
let nailup: Nailup;
let admin: Page;

describe('inbound queues and blending pages', () => {
  before(() => {
    ({ nailup, page: admin } = ui);
  });

  it('queues: in the navigation; creates one (a bad service level refused under its input), changes it', async () => {
    await logIn(admin, 'admin');
    const links = await texts(admin.getByRole('navigation', { name: 'Pages' }).getByRole('link'));
    assert.ok(links.includes('Queues'), `navigation: ${links.join(', ')}`);
    await expectFits(admin);

    await openTab(admin, 'Queues');
    await admin.locator('#new-queue-name').fill('Billing');
    await admin.locator('#new-queue-skill').fill('BillingIn');
    await admin.locator('#new-queue-serviceLevelSeconds').fill('0');
    await admin.locator('#new-queue-completionCodes').getByLabel('Sale (69)', { exact: true }).check();
    await admin.locator('#new-queue-completionCodes').getByLabel('Not Interested (70)', { exact: true }).check();
    await clickButton(admin, 'Create queue');
    await expectFieldError(admin, 'new-queue-serviceLevelSeconds', 'must be a whole number from 1 to 3600');
    assert.equal(await nailup.store.queues.findByName('Billing'), undefined, 'nothing stored');
    await screenshot(admin, 'supervisor-queues-error');

    await admin.locator('#new-queue-serviceLevelSeconds').fill('30');
    await clickButton(admin, 'Create queue');
    await expectText(formStatus(admin, 'Created'), 'Created queue Billing (skill BillingIn)', STEP_MS);
    await expectHidden(admin.locator('#new-queue-serviceLevelSeconds-error'));
    await expectText(cell(admin, 'queue', 'Billing', 'serviceLevel'), '30 s');
    await expectText(cell(admin, 'queue', 'Billing', 'codes'), '69 (default), 70');
    await expectText(cell(admin, 'queue', 'Billing', 'routing'), 'longest idle');
    const created = await nailup.store.queues.findByName('Billing');
    assert.deepEqual(
      [created?.skill, created?.serviceLevelSeconds, created?.announcementSeconds, created?.completionCodes, created?.defaultCompletionCode],
      ['BillingIn', 30, 30, ['69', '70'], '69'],
    );

    // The same name again: the API's conflict names the field.
    await admin.locator('#new-queue-name').fill('Billing');
    await admin.locator('#new-queue-skill').fill('BillingIn');
    await clickButton(admin, 'Create queue');
    await expectFieldError(admin, 'new-queue-name', 'a queue named Billing exists');

    await clickButton(admin, 'Edit Billing');
    await expectVisible(admin.getByRole('heading', { name: 'Edit Billing' }));
    await admin.locator('#edit-queue-routing').selectOption('mostSkilled');
    await admin.locator('#edit-queue-wrapupSeconds').fill('3601');
    await clickButton(admin, 'Save queue');
    await expectFieldError(admin, 'edit-queue-wrapupSeconds', 'must be a whole number from 0 to 3600');
    await admin.locator('#edit-queue-wrapupSeconds').fill('45');
    await clickButton(admin, 'Save queue');
    await expectText(row(admin, 'queue', 'Billing').getByRole('status'), 'Saved: routing, wrapupSeconds', STEP_MS);
    await expectText(cell(admin, 'queue', 'Billing', 'routing'), 'most skilled');
    await expectText(cell(admin, 'queue', 'Billing', 'wrapup'), '45 s');
    const changed = await nailup.store.queues.findByName('Billing');
    assert.deepEqual([changed?.routing, changed?.wrapupSeconds, changed?.serviceLevelSeconds], ['mostSkilled', 45, 30]);
    await expectFits(admin);
    await screenshot(admin, 'supervisor-queues');
  });

  it('teams: a blending rule into the queue (a max outbound under the min, and no trigger, refused under their inputs); the queue then names the team and stays', async () => {
    await openTab(admin, 'Teams');
    await clickButton(admin, 'Edit Preview');
    await expectVisible(admin.getByRole('heading', { name: 'Edit Preview' }));
    await expectHidden(admin.locator('#edit-team-blending-callsWaitingAbove'));
    await admin.locator('#edit-team-blending-queue').selectOption('Billing');
    // A new rule starts from the API's defaults.
    await waitUntil('the default release time', () => admin.locator('#edit-team-blending-releaseAfterEmptySeconds').inputValue(), (v) => v === '30', STEP_MS);
    await admin.locator('#edit-team-blending-callsWaitingAbove').fill('2');
    await admin.locator('#edit-team-blending-minOutbound').fill('3');
    await admin.locator('#edit-team-blending-maxOutbound').fill('1');
    await clickButton(admin, 'Save team');
    await expectFieldError(admin, 'edit-team-blending-maxOutbound', 'must be at least minOutbound (3), or null for no limit');
    assert.equal((await nailup.store.organizations.findTeam('Preview'))?.blending, null, 'nothing stored');

    await admin.locator('#edit-team-blending-maxOutbound').fill('');
    await admin.locator('#edit-team-blending-callsWaitingAbove').fill('');
    await clickButton(admin, 'Save team');
    await expectFieldError(admin, 'edit-team-blending-callsWaitingAbove', 'needs at least one trigger: callsWaitingAbove, oldestWaitAboveSeconds, serviceLevelBelowPercent');
    await screenshot(admin, 'supervisor-queues-blending-error');

    await admin.locator('#edit-team-blending-callsWaitingAbove').fill('2');
    await admin.locator('#edit-team-blending-serviceLevelBelowPercent').fill('85');
    await clickButton(admin, 'Save team');
    await expectText(row(admin, 'team', 'Preview').getByRole('status'), 'Saved: blending', STEP_MS);
    await expectText(cell(admin, 'team', 'Preview', 'blending'), 'Billing: waiting > 2 or service level < 85 %; release after 30 s; outbound 3–∞');
    assert.deepEqual((await nailup.store.organizations.findTeam('Preview'))?.blending, {
      queue: 'Billing', callsWaitingAbove: 2, oldestWaitAboveSeconds: null, serviceLevelBelowPercent: 85, releaseAfterEmptySeconds: 30, minOutbound: 3, maxOutbound: null,
    });
    await expectFits(admin);
    await screenshot(admin, 'supervisor-queues-teams');

    await openTab(admin, 'Queues');
    await expectText(cell(admin, 'queue', 'Billing', 'teams'), 'Preview', STEP_MS);
    await confirmDelete(admin, 'Billing');
    await expectText(row(admin, 'queue', 'Billing').getByRole('alert'), /^queue Billing is the blending queue of team Preview/, STEP_MS);
    assert.ok(await nailup.store.queues.findByName('Billing'), 'still there');
  });

  it('agents: a level per skill the agent has; 17 is refused under its input', async () => {
    await openTab(admin, 'Agents');
    await clickButton(admin, 'Edit 1001');
    await expectVisible(admin.getByRole('heading', { name: 'Edit agent 1001' }));
    await expectHidden(admin.locator('#edit-agent-skillLevels-BillingIn'));
    await admin.locator('#edit-agent-skills').fill('PreviewOut, BillingIn');
    await admin.locator('#edit-agent-skillLevels-BillingIn').fill('17');
    await clickButton(admin, 'Save agent');
    await expectFieldError(admin, 'edit-agent-skillLevels-BillingIn', 'must be a whole number from 1 to 16');
    assert.deepEqual((await nailup.store.agents.findByAgentId('1001'))?.skills, ['PreviewOut'], 'nothing stored');

    await admin.locator('#edit-agent-skillLevels-BillingIn').fill('2');
    await clickButton(admin, 'Save agent');
    await expectText(row(admin, 'agent', '1001').getByRole('status'), 'Saved: skills, skillLevels', STEP_MS);
    await expectText(cell(admin, 'agent', '1001', 'skills'), 'PreviewOut, BillingIn (2)');
    const agent = await nailup.store.agents.findByAgentId('1001');
    assert.deepEqual([agent?.skills, agent?.skillLevels], [['PreviewOut', 'BillingIn'], { BillingIn: 2 }]);
    await expectFits(admin);
    await screenshot(admin, 'supervisor-queues-agent-levels');
  });

  it('reports: the Inbound Abandoned report takes a queue instead of a campaign', async () => {
    const now = Date.now();
    const call = await nailup.store.inboundCalls.insert({ callId: 'E2E-1', queue: 'Billing', callingNumber: '+12125550199', arrivedAt: now - 60_000 });
    await nailup.store.inboundCalls.update(call.id, { result: 'abandoned', endedAt: now - 18_000 });
    await openTab(admin, 'Reports');
    await expectVisible(admin.locator('#report-campaign'), STEP_MS);
    await waitUntil('the report in the catalog', () => admin.locator('#report-id option[value="inbound-abandoned"]').count(), (n) => n === 1, STEP_MS);
    await admin.locator('#report-id').selectOption('inbound-abandoned');
    await expectHidden(admin.locator('#report-campaign'));
    await waitUntil('the queue in the choices', () => admin.locator('#report-queue option[value="Billing"]').count(), (n) => n === 1, STEP_MS);
    await admin.locator('#report-queue').selectOption('Billing');
    await clickButton(admin, 'Show report');
    const table = admin.getByRole('table', { name: 'Inbound Abandoned report' });
    await expectText(table.locator('td[data-col="callingNumber"]'), '+12125550199', STEP_MS);
    await expectText(table.locator('td[data-col="waitSeconds"]'), '42');
    await expectText(table.locator('td[data-col="queue"]'), 'Billing');
    await expectText(admin.locator('.report h4'), /^Inbound Abandoned: 1 rows, .*, Billing$/);
    await expectFits(admin);
    await screenshot(admin, 'supervisor-queues-report');
  });

  it('a supervisor sees the queues with no create, edit or delete controls', async () => {
    const supervisor = await ui.newProfile();
    await logIn(supervisor, 'supervisor');
    await openTab(supervisor, 'Queues');
    await expectText(cell(supervisor, 'queue', 'Billing', 'skill'), 'BillingIn', STEP_MS);
    await expectHidden(supervisor.locator('form'));
    assert.equal(await supervisor.getByRole('button', { name: /^(Edit|Delete|Create|New) / }).count(), 0);
    await waitUntil('no actions column', () => row(supervisor, 'queue', 'Billing').locator('td[data-col="actions"]').count(), (n) => n === 0, STEP_MS);
    await expectFits(supervisor);
  });
});
