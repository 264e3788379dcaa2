/**
 * The floor's administration pages end to end in real Chromium: teams, agents, completion codes and
 * campaigns. As `admin`: create one of each, change it, send a bad value and see the API's message
 * under the input it names, delete it (and see a refused delete explained in its row); a campaign's
 * page shows its settings beside its live job figures, refreshed, and its warnings. A supervisor sees
 * the same lists with no create, edit or delete controls. On the floor page (/floor) a supervisor logs
 * an agent out with the row's Log out button, after a confirm. Each step checks the store or the dialer
 * too. Screenshots go to test-output/screenshots/supervisor-floor-admin-*.png.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import type { Nailup } from '../../src/app.ts';
import { expectHidden, expectText, expectVisible, screenshot, waitUntil } from '../support/browser.ts';
import { DesktopSocket } from '../support/desktop-socket.ts';
import { loginAs } from '../support/nailup.ts';
import {
  STEP_MS, buttonOf, cell, clickButton, confirmDelete, expectFieldError, expectFits, formStatus, logIn, openTab, row, supervisorPages, texts,
} from '../support/supervisor-ui.ts';

const ui = supervisorPages();
let nailup: Nailup;
let admin: Page;

const navLinks = (page: Page) => page.getByRole('navigation', { name: 'Pages' }).getByRole('link');
const hashOf = (page: Page) => page.evaluate(() => location.hash);
const expectValue = (input: Locator, value: string) => waitUntil(`value of ${String(input)} should be ${value}`, () => input.inputValue(), (v) => v === value, STEP_MS);

describe('floor administration pages', () => {
  before(() => {
    ({ nailup, page: admin } = ui);
  });

  it('shows Teams, Agents and Completion codes beside Campaigns', async () => {
    await logIn(admin, 'admin');
    const links = await texts(navLinks(admin));
    for (const page of ['Campaigns', 'Teams', 'Agents', 'Completion codes']) assert.ok(links.includes(page), `navigation: ${links.join(', ')}`);
    await expectFits(admin);
  });

  it('teams: creates one, refuses a bad name under its field, changes its skills, deletes it', async () => {
    await openTab(admin, 'Teams');
    await expectText(cell(admin, 'team', 'Preview', 'organization'), 'Demo', STEP_MS);

    await admin.locator('#new-team-teamName').fill('#night');
    await clickButton(admin, 'Create team');
    await expectFieldError(admin, 'new-team-teamName', 'must start with a letter or digit and hold only letters, digits, spaces, . _ -');

    await admin.locator('#new-team-teamName').fill('Night shift');
    await admin.locator('#new-team-skills').fill('night, sales');
    await clickButton(admin, 'Create team');
    await expectText(formStatus(admin, 'Created'), 'Created team Night shift (Demo)', STEP_MS);
    await expectHidden(admin.locator('#new-team-teamName-error'));
    await expectText(cell(admin, 'team', 'Night shift', 'skills'), 'night, sales');
    await expectText(cell(admin, 'team', 'Night shift', 'agents'), '0');
    assert.deepEqual((await nailup.store.organizations.findTeam('Night shift'))?.skills, ['night', 'sales']);
    await expectValue(admin.locator('#new-team-teamName'), '');

    // The same name again: the API's conflict names the field.
    await admin.locator('#new-team-teamName').fill('Night shift');
    await clickButton(admin, 'Create team');
    await expectFieldError(admin, 'new-team-teamName', 'a team named Night shift exists');

    // The search box filters the rows.
    await admin.getByLabel('Search teams').fill('night');
    await waitUntil('only the night team', () => texts(admin.getByRole('table', { name: 'Teams' }).locator('tbody th')), (t) => t.length === 1 && t[0] === 'Night shift');
    await admin.getByLabel('Search teams').fill('');

    await clickButton(admin, 'Edit Night shift');
    await expectVisible(admin.getByRole('heading', { name: 'Edit Night shift' }));
    await admin.locator('#edit-team-skills').fill('night, bad/skill');
    await clickButton(admin, 'Save team');
    await expectFieldError(admin, 'edit-team-skills', 'must start with a letter or digit and hold only letters, digits, spaces, . _ -');
    await admin.locator('#edit-team-skills').fill('night');
    await clickButton(admin, 'Save team');
    await expectText(cell(admin, 'team', 'Night shift', 'skills'), 'night', STEP_MS);
    await expectText(row(admin, 'team', 'Night shift').getByRole('status'), 'Saved: skills');
    assert.deepEqual((await nailup.store.organizations.findTeam('Night shift'))?.skills, ['night']);
    await expectFits(admin);
    await screenshot(admin, 'supervisor-floor-admin-teams');

    // A team in use stays, and its row says why.
    await confirmDelete(admin, 'Preview');
    await expectText(row(admin, 'team', 'Preview').getByRole('alert'), /^team Preview is in use by 10 agent\(s\), campaign DemoPreview/, STEP_MS);

    await confirmDelete(admin, 'Night shift');
    await expectHidden(row(admin, 'team', 'Night shift'), STEP_MS);
    assert.equal(await nailup.store.organizations.findTeam('Night shift'), undefined);
  });

  it('agents: creates one (a bad extension is refused under its field), changes and disables it, deletes it; a logged-in agent stays', async () => {
    await openTab(admin, 'Agents');
    await expectText(cell(admin, 'agent', '1001', 'lanId'), 'agent1001', STEP_MS);

    await admin.locator('#new-agent-agentId').fill('3001');
    await admin.locator('#new-agent-lanId').fill('agent3001');
    await admin.locator('#new-agent-extension').fill('abc');
    await admin.locator('#new-agent-password').fill('pass3001');
    await admin.locator('#new-agent-firstName').fill('Nora');
    await admin.locator('#new-agent-lastName').fill('Quinn');
    await admin.locator('#new-agent-teamName').selectOption('Preview');
    await clickButton(admin, 'Create agent');
    await expectFieldError(admin, 'new-agent-extension', 'must be 2 to 15 digits');
    await screenshot(admin, 'supervisor-floor-admin-agent-error');

    await admin.locator('#new-agent-extension').fill('45001');
    await clickButton(admin, 'Create agent');
    await expectText(formStatus(admin, 'Created'), 'Created agent 3001 (agent3001, extension 45001)', STEP_MS);
    await expectText(cell(admin, 'agent', '3001', 'name'), 'Nora Quinn');
    await expectText(cell(admin, 'agent', '3001', 'team'), 'Preview');
    await expectText(cell(admin, 'agent', '3001', 'state'), 'active');
    const created = await nailup.store.agents.findByAgentId('3001');
    assert.equal(created?.extension, '45001');
    assert.deepEqual(created?.skills, (await nailup.store.organizations.findTeam('Preview'))?.skills, 'the team\'s skills');

    await clickButton(admin, 'Edit 3001');
    await expectVisible(admin.getByRole('heading', { name: 'Edit agent 3001' }));
    await admin.locator('#edit-agent-lastName').fill('Quinn-Ortiz');
    await admin.locator('#edit-agent-enabled').uncheck();
    await clickButton(admin, 'Save agent');
    await expectText(row(admin, 'agent', '3001').getByRole('status'), 'Saved: lastName, enabled', STEP_MS);
    await expectText(cell(admin, 'agent', '3001', 'name'), 'Nora Quinn-Ortiz');
    await expectText(cell(admin, 'agent', '3001', 'state'), 'disabled');
    assert.equal((await nailup.store.agents.findByAgentId('3001'))?.enabled, false);
    await expectFits(admin);
    await screenshot(admin, 'supervisor-floor-admin-agents');

    await confirmDelete(admin, '3001');
    await expectHidden(row(admin, 'agent', '3001'), STEP_MS);
    assert.equal(await nailup.store.agents.findByAgentId('3001'), undefined);

    // An agent logged on to the dialer (through the desktop's login) is not deleted.
    const login = await fetch(`${nailup.url}/tmac/v1/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lanId: 'agent1002', password: 'demo', extension: '44002' }),
    });
    assert.equal(login.status, 200, await login.clone().text());
    await waitUntil('agent 1002 logged on', () => nailup.dialer.isLoggedOn('1002'), (v) => v, STEP_MS);
    await clickButton(admin, 'Refresh agents');
    await expectText(cell(admin, 'agent', '1002', 'state'), 'active logged in', STEP_MS);
    await confirmDelete(admin, '1002');
    await expectText(row(admin, 'agent', '1002').getByRole('alert'), /^agent 1002 is logged in/, STEP_MS);
    assert.ok(await nailup.store.agents.findByAgentId('1002'), 'still there');
  });

  it('completion codes: creates one (a bad retry time is refused under its field), offers it to a campaign, deletes it once no campaign offers it', async () => {
    await openTab(admin, 'Completion codes');
    await expectText(cell(admin, 'code', '69', 'codeValue'), 'Sale', STEP_MS);

    await admin.locator('#new-code-codeValue').fill('Survey done');
    await admin.locator('#new-code-nextState').selectOption('retry');
    await admin.locator('#new-code-retryMinutes').fill('0');
    await clickButton(admin, 'Create code');
    await expectFieldError(admin, 'new-code-retryMinutes', 'must be a whole number from 1 to 525600');

    await admin.locator('#new-code-retryMinutes').fill('90');
    await admin.locator('#new-code-campaigns').getByLabel('DemoPreview', { exact: true }).check();
    await clickButton(admin, 'Create code');
    await expectText(formStatus(admin, 'Created'), /^Created code \d+ \(Survey done\)$/, STEP_MS);
    const code = (await nailup.store.completionCodes.list()).find((c) => c.codeValue === 'Survey done');
    assert.ok(code, 'the code is stored');
    assert.equal(code.retryMinutes, 90);
    await expectText(cell(admin, 'code', code.codeID, 'campaigns'), 'DemoPreview');
    await expectText(cell(admin, 'code', code.codeID, 'retryMinutes'), '90');
    assert.ok((await nailup.store.campaigns.findByName('DemoPreview'))?.completionCodes.some((c) => c.codeID === code.codeID), 'DemoPreview offers it');

    // Offered by a campaign: not deleted, and the row says why.
    await confirmDelete(admin, 'Survey done');
    await expectText(row(admin, 'code', code.codeID).getByRole('alert'), `completion code ${code.codeID} is offered by DemoPreview: take it from those campaigns first`, STEP_MS);

    await clickButton(admin, 'Edit Survey done');
    await admin.locator('#edit-code-sale').check();
    await admin.locator('#edit-code-campaigns').getByLabel('DemoPreview', { exact: true }).uncheck();
    await clickButton(admin, 'Save code');
    await expectText(row(admin, 'code', code.codeID).getByRole('status'), 'Saved: sale, campaigns', STEP_MS);
    await expectText(cell(admin, 'code', code.codeID, 'sale'), 'yes');
    await expectText(cell(admin, 'code', code.codeID, 'campaigns'), '—');
    await expectFits(admin);
    await screenshot(admin, 'supervisor-floor-admin-codes');

    await confirmDelete(admin, 'Survey done');
    await expectHidden(row(admin, 'code', code.codeID), STEP_MS);
    assert.equal(await nailup.store.completionCodes.findById(code.codeID), undefined);
  });

  it('campaigns: creates one (a target abandon rate above the cap is refused under its input), shows its page and warnings, edits its calling window and retries, deletes it', async () => {
    await openTab(admin, 'Campaigns');
    await expectText(admin.getByTestId('job-state-DemoPredictive'), 'running', STEP_MS);
    await clickButton(admin, 'New campaign');
    await expectVisible(admin.getByRole('heading', { name: 'New campaign' }), STEP_MS);
    // Defaults are shown.
    await expectValue(admin.locator('#new-campaign-pacing-abandonCap'), '0.03');
    await expectValue(admin.locator('#new-campaign-callingWindow-hours-mon-start'), '08:00');

    await admin.locator('#new-campaign-campaignName').fill('Spring Drive');
    await admin.locator('#new-campaign-type').selectOption('Progressive');
    await admin.locator('#new-campaign-contactList').selectOption('DemoPreviewList');
    await admin.locator('#new-campaign-dncLists').getByLabel('Demo', { exact: true }).check();
    await admin.locator('#new-campaign-teamName').selectOption('Preview');
    await admin.locator('#new-campaign-pacing-targetAbandonRate').fill('0.05');
    await admin.locator('#new-campaign-answeringMachine-detection').check();
    await admin.locator('#new-campaign-answeringMachine-action').selectOption('drop');
    await admin.locator('#new-campaign-answeringMachine-falsePositiveRate').fill('0.04');
    await clickButton(admin, 'Create campaign');
    await expectFieldError(admin, 'new-campaign-pacing-targetAbandonRate', 'must be below the abandon cap (0.03)');
    await screenshot(admin, 'supervisor-floor-admin-campaign-error');

    await admin.locator('#new-campaign-pacing-targetAbandonRate').fill('0.02');
    await clickButton(admin, 'Create campaign');
    await waitUntil('the new campaign\'s page', () => hashOf(admin), (h) => h === '#campaigns/Spring%20Drive', STEP_MS);
    await expectText(admin.getByRole('status').filter({ hasText: 'Created' }), 'Created campaign Spring Drive.', STEP_MS);
    await expectText(admin.locator('dd[data-setting="type"]'), 'Progressive');
    await expectText(admin.locator('dd[data-setting="contactList"]'), 'DemoPreviewList');
    await expectText(admin.locator('dd[data-setting="dncLists"]'), 'Demo');
    await expectText(admin.locator('dd[data-setting="pacing.targetAbandonRate"]'), '2%');
    await expectText(admin.locator('dd[data-setting="callingWindow.hours.sun"]'), '08:00–21:00');
    await expectText(admin.locator('[data-figure="none"]'), 'No job running.');
    // Detection that hangs up on 4% of people breaks the 3% cap: the page says so.
    await expectText(admin.getByRole('region', { name: /warning/i }).locator('li'), /^Answering-machine detection's estimated false positives \(4%\) alone break the 3% abandon cap/, STEP_MS);
    const stored = await nailup.store.campaigns.findByName('Spring Drive');
    assert.equal(stored?.type, 'Progressive');
    assert.equal(stored?.pacing.targetAbandonRate, 0.02);
    assert.equal(stored?.completionCodes.length, (await nailup.store.completionCodes.list()).length, 'every code, by default');
    await expectFits(admin);
    await screenshot(admin, 'supervisor-floor-admin-campaign-new');

    // Edit: a bad time under its day's input, then Monday from 09:00, Sunday off, busy final, machines connected.
    await clickButton(admin, 'Edit Spring Drive');
    await expectVisible(admin.getByRole('heading', { name: 'Edit Spring Drive' }), STEP_MS);
    await expectValue(admin.locator('#edit-campaign-pacing-targetAbandonRate'), '0.02');
    await admin.locator('#edit-campaign-callingWindow-hours-mon-start').fill('25:00');
    await clickButton(admin, 'Save campaign');
    await expectFieldError(admin, 'edit-campaign-callingWindow-hours-mon-start', 'must be a time of day HH:MM (00:00 to 24:00)');
    await admin.locator('#edit-campaign-callingWindow-hours-mon-start').fill('09:00');
    await admin.locator('#edit-campaign-callingWindow-states').fill('{"TX": {"mon": {"start": "10:00", "end": "26:00"}}}');
    await clickButton(admin, 'Save campaign');
    await expectFieldError(admin, 'edit-campaign-callingWindow-states', 'TX.mon.end: must be a time of day HH:MM (00:00 to 24:00)');
    await admin.locator('#edit-campaign-callingWindow-states').fill('{"TX": {"mon": {"start": "10:00", "end": "20:00"}}');
    await clickButton(admin, 'Save campaign');
    await expectFieldError(admin, 'edit-campaign-callingWindow-states', /^must be JSON: /);
    await admin.locator('#edit-campaign-callingWindow-states').fill('{"TX": {"mon": {"start": "10:00", "end": "20:00"}}}');
    await admin.locator('#edit-campaign-callingWindow-hours-sun-off').check();
    assert.ok(await admin.locator('#edit-campaign-callingWindow-hours-sun-start').isDisabled(), 'a day off has no hours');
    await admin.locator('#edit-campaign-retryRules-Call_Busy').fill('');
    await admin.locator('#edit-campaign-answeringMachine-action').selectOption('connect');
    await screenshot(admin, 'supervisor-floor-admin-campaign-edit');
    await clickButton(admin, 'Save campaign');
    await expectText(admin.getByRole('status').filter({ hasText: 'Saved' }),
      'Saved callingWindow, retryRules, answeringMachine. No job is running: the next job starts with the change.', STEP_MS);
    await expectText(admin.locator('dd[data-setting="callingWindow.hours.mon"]'), '09:00–21:00');
    await expectText(admin.locator('dd[data-setting="callingWindow.hours.sun"]'), 'off');
    await expectText(admin.locator('dd[data-setting="callingWindow.states.TX"]'), 'Mon 10:00–20:00; Tue–Sun off');
    await expectHidden(admin.locator('dd[data-setting="retryRules.Call_Busy"]'));
    await expectHidden(admin.getByRole('region', { name: /warning/i }), STEP_MS);
    const edited = await nailup.store.campaigns.findByName('Spring Drive');
    assert.deepEqual(edited?.callingWindow.hours.mon, { start: '09:00', end: '21:00' });
    assert.equal(edited?.callingWindow.hours.sun, undefined);
    assert.deepEqual(edited?.callingWindow.states, { TX: { mon: { start: '10:00', end: '20:00' } } });
    assert.equal(edited?.retryRules.Call_Busy, undefined);
    assert.equal(edited?.retryRules.Ring_No_Answer, 60, 'the other rules kept');

    await confirmDelete(admin, 'Spring Drive');
    await waitUntil('back to the list', () => hashOf(admin), (h) => h === '#campaigns', STEP_MS);
    await expectVisible(admin.locator('tr[data-campaign="DemoPreview"]'), STEP_MS);
    await expectHidden(admin.locator('tr[data-campaign="Spring Drive"]'));
    assert.equal(await nailup.store.campaigns.findByName('Spring Drive'), undefined);
  });

  it('a running campaign\'s page: live figures refreshed, an edit the job takes now but for its type, a delete refused', async () => {
    const name = 'DemoPredictive';
    const jobId = nailup.dialer.runningJobs().find((r) => r.campaign.name === name)!.job.id;
    await admin.locator(`tr[data-campaign="${name}"]`).getByRole('link', { name }).click();
    await waitUntil('the campaign page', () => hashOf(admin), (h) => h === `#campaigns/${name}`, STEP_MS);
    await expectText(admin.getByTestId('live-job-state'), 'running', STEP_MS);
    await expectText(admin.locator('dd[data-figure="jobId"]'), String(jobId));
    await expectText(admin.locator('dd[data-figure="agents"]'), '0');
    await expectText(admin.locator('dd[data-figure="contactsLeft"]'), /^[\d,]+$/);
    await expectText(admin.locator('dd[data-figure="abandonRate"]'), /^[\d.]+%$/);
    const asOf = await admin.locator('.live .hint').innerText();
    await waitUntil('the figures refreshed', () => admin.locator('.live .hint').innerText(), (t) => t !== asOf, 6_000);

    await clickButton(admin, `Edit ${name}`);
    await expectVisible(admin.getByRole('heading', { name: `Edit ${name}` }), STEP_MS);
    await admin.locator('#edit-campaign-type').selectOption('Progressive');
    await admin.locator('#edit-campaign-maxAttempts').fill('6');
    await clickButton(admin, 'Save campaign');
    await expectText(admin.getByRole('status').filter({ hasText: 'Saved' }),
      `Saved type, maxAttempts. The running job ${jobId} takes the change now; type waits for the next job.`, STEP_MS);
    await expectText(admin.locator('dd[data-setting="maxAttempts"]'), '6');
    assert.equal(nailup.dialer.runningJobs().find((r) => r.campaign.name === name)?.campaign.maxAttempts, 6, 'the running job has it');
    await expectFits(admin);
    await screenshot(admin, 'supervisor-floor-admin-campaign-page');

    await confirmDelete(admin, name);
    await expectText(admin.locator('.campaign > .error'), `campaign ${name} has job ${jobId} running: stop it first`, STEP_MS);
    assert.ok(await nailup.store.campaigns.findByName(name), 'still there');
  });

  it('a supervisor sees the lists and campaign pages but no create, edit or delete controls', async () => {
    const supervisor = await ui.newProfile();
    await logIn(supervisor, 'supervisor');
    const editing = supervisor.getByRole('button', { name: /^(Edit|Delete|Create|New) / });
    for (const [tab, kind, key] of [['Teams', 'team', 'Preview'], ['Agents', 'agent', '1001'], ['Completion codes', 'code', '69']] as const) {
      await openTab(supervisor, tab);
      await expectVisible(row(supervisor, kind, key), STEP_MS);
      await expectHidden(supervisor.locator('form'));
      assert.equal(await editing.count(), 0, `${tab}: no edit controls`);
      assert.equal(await row(supervisor, kind, key).locator('td[data-col="actions"]').count(), 0, `${tab}: no actions column`);
      await expectFits(supervisor);
    }
    await screenshot(supervisor, 'supervisor-floor-admin-readonly');

    await openTab(supervisor, 'Campaigns');
    await expectText(supervisor.getByTestId('job-state-DemoPreview'), 'running', STEP_MS);
    await expectHidden(buttonOf(supervisor, 'New campaign'));
    await supervisor.locator('tr[data-campaign="DemoPreview"]').getByRole('link', { name: 'DemoPreview' }).click();
    await expectText(supervisor.locator('dd[data-setting="type"]'), 'Preview', STEP_MS);
    await expectText(supervisor.getByTestId('live-job-state'), 'running', STEP_MS);
    await expectVisible(buttonOf(supervisor, 'Pause DemoPreview'));
    assert.equal(await editing.count(), 0, 'no edit or delete on the campaign page');
    await expectFits(supervisor);

    // And the API refuses their writes.
    const api = await loginAs(nailup, 'supervisor');
    const refused = await api.post('/teams', { teamName: 'Sneaky' });
    assert.equal(refused.status, 403);
    assert.equal((refused.body as { error: { code: string } }).error.code, 'FORBIDDEN');
  });
  it('the floor page: a supervisor logs an agent out from its row, after a confirm', async () => {
    const login = await fetch(`${nailup.url}/tmac/v1/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lanId: 'agent1006', password: 'demo', extension: '44006' }),
    });
    assert.equal(login.status, 200, await login.clone().text());
    const desk = await DesktopSocket.open(nailup.url, ((await login.json()) as { token: string }).token);
    try {
      const floor = await ui.newProfile();
      await logIn(floor, 'supervisor');
      await floor.goto('/floor');
      const agents = floor.getByRole('table', { name: 'Agents' });
      const logOut = agents.getByRole('button', { name: 'Log out agent 1006' });
      await expectVisible(logOut, STEP_MS);
      await expectVisible(agents.getByRole('columnheader', { name: 'Actions' }));

      // Cancelled at the confirm: nothing happens.
      const asked: string[] = [];
      floor.once('dialog', (dialog) => {
        asked.push(dialog.message());
        void dialog.dismiss();
      });
      await logOut.click();
      await waitUntil('the confirm was shown', () => asked.length, (n) => n === 1, STEP_MS);
      assert.match(asked[0]!, /^Log out agent 1006\? A preview contact goes back to its list/);
      assert.ok(nailup.dialer.isLoggedOn('1006'), 'still logged on after Cancel');

      // Confirmed: logged out, the row goes, the desktop is told.
      floor.once('dialog', (dialog) => void dialog.accept());
      await logOut.click();
      await expectText(floor.getByRole('status').filter({ hasText: 'Agent 1006' }), 'Agent 1006 was logged out.', STEP_MS);
      await expectHidden(logOut, STEP_MS);
      assert.equal(nailup.dialer.isLoggedOn('1006'), false);
      assert.deepEqual(await desk.message('the desktop told', (m) => m.type === 'loggedOut'), { type: 'loggedOut', reason: 'logged out by a supervisor' });
      const audited = await nailup.store.audit.list({ action: 'LogoutAgent', limit: 5 });
      assert.deepEqual(audited.map((a) => [a.username, a.target, a.outcome]), [['supervisor', '1006', 'ok']]);
      await screenshot(floor, 'supervisor-floor-admin-floor-logout');
    } finally {
      desk.close();
    }
  });
});
