/**
 * The agent desktop end to end, as an agent uses it: real Chromium on the built web client (web/dist),
 * against nailup started in this process on the real clock with the demo data (no bots), a SQLite file
 * of its own and a fast simulated network where every dial is answered by a person.
 *
 * Three floors: one where the customer never hangs up first (the agent ends the call with Disconnect),
 * one where the customer hangs up after a few seconds (the predictive flow), and one with a short idle
 * timeout (the session warning). Each step checks what the agent sees and, where it matters, what the
 * store recorded. Screenshots of the screens go to test-output/screenshots/.
 */
import { everyDay } from '../../src/dialer/compliance/calling-window.ts';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startNailup, type Nailup } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { seedDemo, DEMO_PASSWORD, DEMO_PREDICTIVE_CAMPAIGN, DEMO_PREVIEW_CAMPAIGN } from '../../src/demo/demo-data.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { ContactRecord } from '../../src/store/records.ts';
import {
  desktopPages, expectAttribute, expectEnabled, expectHidden, expectText, expectVisible, screenshot, waitUntil,
} from '../support/browser.ts';

const CONTACTS_PER_LIST = 40;
const LIVE_ONLY = { live: 1 };
/** How long a person-visible change may take: the dialer's nail-up, a ring, a WebSocket push. */
const STEP_MS = 10_000;

// ── floors: nailup in this process, one temp SQLite file each ──────────────────

interface Floor {
  nailup: Nailup;
  dir: string;
}

/** Chromium and the agents' pages; registered before the `after` below, so the pages close first. */
const desktops = desktopPages('the desktop');
const floors: Floor[] = [];

/**
 * Seeds the demo data with a calling window of the whole day, so a contact is dialable whatever the
 * time the tests run at; nailup then finds the demo campaigns in place and starts their jobs.
 */
async function seedAllDay(database: string): Promise<void> {
  const store = await openStore(database);
  try {
    await seedDemo(store, { now: Date.now(), contactsPerList: CONTACTS_PER_LIST, seed: 1, botAgents: 0 });
    for (const name of [DEMO_PREVIEW_CAMPAIGN, DEMO_PREDICTIVE_CAMPAIGN]) {
      const campaign = await store.campaigns.findByName(name);
      assert.ok(campaign, `demo campaign ${name} seeded`);
      await store.campaigns.update({ ...campaign, callingWindow: { hours: everyDay('00:00', '24:00') } });
    }
  } finally {
    await store.close();
  }
}

async function startFloor(flags: Record<string, unknown>): Promise<Nailup> {
  const dir = mkdtempSync(join(tmpdir(), 'nailup-e2e-'));
  const database = join(dir, 'nailup.db');
  await seedAllDay(database);
  const config = loadConfig({
    flags: {
      port: 0, database, logLevel: 'silent', 'demo.enabled': true, 'demo.bots': 0, 'demo.contactsPerList': CONTACTS_PER_LIST,
      'network.outcomes': LIVE_ONLY, 'network.ringTime': 1, 'dialer.nailupDelayMs': 300, ...flags,
    },
  });
  const nailup = await startNailup(config);
  floors.push({ nailup, dir });
  return nailup;
}

const newAgentPage = (nailup: Nailup): Promise<Page> => desktops.newPage(nailup.url);

after(async () => {
  for (const { nailup, dir } of floors.splice(0)) {
    await nailup.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

// ── what the agent sees and does ───────────────────────────────────────────────

const agentState = (page: Page) => page.getByTestId('agent-state');
const callState = (page: Page) => page.getByTestId('call-state');
const nailed = (page: Page) => page.getByTestId('nailed-status');
const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 2, name, exact: typeof name === 'string' });
const loginHeading = (page: Page) => page.getByRole('heading', { level: 1, name: 'Agent desktop' });

async function click(page: Page, name: string): Promise<void> {
  const target = button(page, name);
  await expectEnabled(target, STEP_MS);
  await target.click();
}

async function logIn(page: Page, lanId: string, extension: string, password = DEMO_PASSWORD): Promise<void> {
  if (!(await loginHeading(page).isVisible())) await page.goto('/agent/');
  await expectVisible(loginHeading(page));
  await page.getByLabel('LAN ID').fill(lanId);
  await page.getByLabel('Extension').fill(extension);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** At the desk: the state bar names the agent (from the store) and the login form is gone. */
async function expectDesk(page: Page, nailup: Nailup, lanId: string): Promise<void> {
  const agent = await nailup.store.agents.findByLanId(lanId);
  assert.ok(agent, `demo agent ${lanId}`);
  const bar = page.getByRole('banner', { name: 'Agent state' });
  await expectVisible(bar, STEP_MS);
  await expectVisible(bar.getByText(agent.name, { exact: true }));
  await expectText(bar.getByText(/^ID \d+ · Ext \d+$/), `ID ${agent.agentId} · Ext ${agent.extension}`);
  await expectHidden(page.getByLabel('LAN ID'));
}

/** Ready: the first Ready nails the agent up. */
async function goReady(page: Page): Promise<void> {
  await click(page, 'Ready');
  await expectText(agentState(page), 'Ready');
  await expectAttribute(nailed(page), 'data-status', 'NailedUp', STEP_MS);
  await expectText(nailed(page), 'Nailed up');
}

/** The contact on screen: its store record, read from the "Contact N" of the call panel. */
async function contactOnScreen(page: Page, nailup: Nailup, campaign: string): Promise<ContactRecord> {
  const meta = await expectText(page.getByText(/· Contact \d+$/), new RegExp(`^Campaign ${campaign} · Contact \\d+$`), STEP_MS);
  const id = Number(/Contact (\d+)$/.exec(meta)?.[1]);
  const contact = await nailup.store.contacts.findById(id);
  assert.ok(contact, `contact ${id} is in the store`);
  return contact;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const fullName = (c: ContactRecord): string => [c.title, c.firstName, c.lastName].filter(Boolean).join(' ');

/** The screen pop: the customer's name as the store has it, the customer id and the numbers. */
async function expectCustomerCard(page: Page, contact: ContactRecord): Promise<void> {
  await expectVisible(heading(page, fullName(contact)), STEP_MS);
  const card = page.getByRole('region', { name: fullName(contact) });
  await expectVisible(card.getByText(contact.userContactId, { exact: true }));
  for (const phone of contact.phones) await expectVisible(card.getByText(phone.number, { exact: true }));
}

/** "YYYY-MM-DD" and "HH:MM" of an instant in a time zone. */
function localDateTime(at: number, timeZone: string): { date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .formatToParts(at).map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

async function attemptsOf(nailup: Nailup, contactId: number, since: number) {
  return (await nailup.store.attempts.listBetween(since, Date.now() + 1000)).filter((a) => a.contactId === contactId);
}

// ── the tests ─────────────────────────────────────────────────────────────────

describe('agent desktop: a preview agent (the agent ends the call)', () => {
  let nailup: Nailup;

  before(async () => {
    nailup = await startFloor({ 'network.talk': 600 });
  });

  it('logs in, previews, dials, holds, disconnects, schedules a callback, saves a sale, wraps up, goes Not Ready and logs out', async () => {
    const started = Date.now();
    const page = await newAgentPage(nailup);

    // The login page.
    await page.goto('/agent/');
    await expectVisible(loginHeading(page));
    await expectVisible(page.getByText('Log in with your LAN ID and the extension of your phone.'));
    await screenshot(page, 'login');

    await logIn(page, 'agent1001', '44001');
    await expectDesk(page, nailup, 'agent1001');
    await expectText(agentState(page), 'Not Ready (Aux: Default)');
    await expectText(callState(page), 'No call');
    await expectText(page.getByTestId('blend'), '↗ Outbound');
    await expectVisible(heading(page, 'You are Not Ready'));

    // Ready: the line is nailed up and the first preview contact is offered.
    await goReady(page);
    await expectText(callState(page), 'Preview', STEP_MS);
    await expectVisible(heading(page, 'Preview contact'));
    const contact = await contactOnScreen(page, nailup, DEMO_PREVIEW_CAMPAIGN);
    await expectCustomerCard(page, contact);
    const defaultNumber = contact.phones[0]!.number;
    const defaultRadio = page.getByRole('radio', { name: new RegExp(`^${escapeRegExp(defaultNumber)} .*default$`) });
    await expectVisible(defaultRadio);
    assert.equal(await defaultRadio.isChecked(), true, 'the default number is chosen');
    await expectEnabled(button(page, 'Dial'));
    await expectEnabled(button(page, 'Cancel'));
    await expectVisible(page.getByText('The sales screen and callbacks are available once the customer is connected.'));
    await screenshot(page, 'preview');

    // Dial: the customer answers after a ring.
    await click(page, 'Dial');
    await expectText(callState(page), 'Talking', STEP_MS);
    await expectVisible(heading(page, 'Sales screen'));
    await expectVisible(heading(page, 'Schedule a callback'));
    await expectEnabled(button(page, 'Hold'));
    await expectEnabled(button(page, 'Disconnect'));
    const dialed = await waitUntil('the attempt is stored as answered', () => attemptsOf(nailup, contact.id, started), (a) => a.length === 1 && a[0]!.answeredAt !== null);
    assert.equal(dialed[0]!.number, defaultNumber);
    assert.equal(dialed[0]!.agentId, '1001');
    await screenshot(page, 'talking');

    // Hold and Unhold: one button that changes its name.
    await click(page, 'Hold');
    await expectText(callState(page), 'On hold');
    await expectVisible(page.getByRole('region', { name: 'Preview contact' }).getByText('On hold', { exact: true }));
    await expectEnabled(button(page, 'Unhold'));
    await expectHidden(button(page, 'Hold'));
    await screenshot(page, 'held');
    await click(page, 'Unhold');
    await expectText(callState(page), 'Talking');
    await expectEnabled(button(page, 'Hold'));

    // Disconnect: wrap-up with the campaign's completion codes. The customer was talked to, so the agent
    // chooses the code: the campaign default (No Answer) is not preselected, and Complete waits for a choice.
    await click(page, 'Disconnect');
    await expectText(callState(page), 'Wrap-up');
    await expectText(agentState(page), 'Wrap-up');
    await expectVisible(heading(page, 'Wrap-up'));
    const codes = page.getByRole('group', { name: 'Completion code' }).getByRole('radio');
    await waitUntil('the completion codes are listed', () => codes.count(), (n) => n === 8);
    assert.equal(await page.getByRole('radio', { name: 'No Answer' }).isChecked(), false, 'the campaign default (No Answer) is not preselected after a conversation');
    await waitUntil('no code is chosen', async () => (await Promise.all((await codes.all()).map((c) => c.isChecked()))).filter(Boolean).length, (n) => n === 0);
    assert.equal(await button(page, 'Complete').isDisabled(), true, 'Complete waits for a code');
    await expectText(page.getByText(/^Choose a completion code\./), 'Choose a completion code. When the time runs out the contact gets No Answer.');
    await page.getByRole('radio', { name: 'Sale', exact: true }).check();
    await expectEnabled(button(page, 'Complete'));
    assert.equal(await page.getByRole('radio', { name: 'Sale', exact: true }).isChecked(), true);

    // A callback for tomorrow 14:30 in the contact's time zone, on the Agent's own list.
    const callbackForm = page.getByRole('region', { name: 'Schedule a callback' });
    const field = (label: string) => callbackForm.getByLabel(label, { exact: true });
    await field('Callback type').selectOption({ label: 'Agent' });
    assert.equal(await field('Number').inputValue(), defaultNumber, 'the callback number defaults to the default number');
    const zone = await field('Time zone').inputValue();
    assert.equal(zone, contact.phones[0]!.timezone, 'the time zone defaults to the contact\'s');
    const tomorrow = localDateTime(Date.now() + 24 * 3600_000, zone).date;
    await field('Date').fill(tomorrow);
    await field('Time').fill('14:30');
    await field('Callback notes').fill('Wants the upgrade details after lunch');
    await click(page, 'Schedule callback');
    await expectVisible(page.getByRole('status').filter({ hasText: 'Callback scheduled' }), STEP_MS);
    const callbacks = await waitUntil('the callback is stored', () => nailup.store.callbacks.list({ agentId: '1001' }), (c) => c.length === 1);
    const callback = callbacks[0]!;
    assert.equal(callback.type, 'Agent');
    assert.equal(callback.contactId, contact.id);
    assert.equal(callback.number, defaultNumber);
    assert.equal(callback.timezone, zone);
    assert.equal(callback.state, 'pending');
    assert.equal(callback.notes, 'Wants the upgrade details after lunch');
    assert.deepEqual(localDateTime(callback.dueAt, zone), { date: tomorrow, time: '14:30' });

    // The sales screen: the customer's data filled in, the rest typed, saved for the reports.
    await page.getByRole('combobox', { name: 'Sales screen' }).selectOption({ label: 'Product upgrade' });
    const form = page.getByRole('form', { name: 'Product upgrade' });
    await expectVisible(form, STEP_MS);
    const custom = (key: string): string => contact.customFields[key] ?? '';
    await waitUntil('the customer name is filled in', () => form.getByLabel('Customer name').inputValue(), (v) => v === `${contact.firstName} ${contact.lastName}`);
    assert.equal(await form.getByLabel('Account number').inputValue(), custom('Account Number'));
    assert.equal(await form.getByLabel('Current product').inputValue(), custom('Product'));
    assert.equal(await form.getByLabel('Contact number').inputValue(), defaultNumber);
    assert.equal(await form.getByLabel('Upgrade to').inputValue(), '', 'what the customer buys is left to the agent');
    await form.getByLabel('Upgrade to').selectOption('Unlimited Plan');
    await form.getByLabel('Monthly value').fill('24.99');
    await form.getByLabel('Remarks').fill('Upgrade from the next bill');
    await click(page, 'Save sales record');
    await expectVisible(page.getByRole('status').filter({ hasText: 'Sales record saved' }), STEP_MS);
    const sales = await waitUntil('the sales record is stored', () => nailup.store.salesRecords.list(started, Date.now() + 1000), (s) => s.length === 1);
    assert.equal(sales[0]!.agentId, '1001');
    assert.equal(sales[0]!.screenId, 'upgrade');
    assert.equal(sales[0]!.contactId, contact.id);
    assert.equal(sales[0]!.campaignName, DEMO_PREVIEW_CAMPAIGN);
    assert.deepEqual(sales[0]!.fields, {
      customerName: `${contact.firstName} ${contact.lastName}`, accountNumber: custom('Account Number'), product: custom('Product'),
      upgradeTo: 'Unlimited Plan', monthlyValue: '24.99', phone: defaultNumber, remarks: 'Upgrade from the next bill',
    });
    await page.getByRole('textbox', { name: 'Wrap-up notes' }).fill('Sold the unlimited plan; callback booked');
    await screenshot(page, 'wrapup-callback-sales');

    // Not Ready for lunch, asked for during the wrap-up so that no new contact is offered: pending until Complete.
    await page.getByRole('combobox', { name: 'Not Ready reason' }).selectOption({ label: 'Lunch' });
    await click(page, 'Not Ready');
    await expectText(agentState(page), 'Wrap-up');
    await expectText(page.getByText(/^Pending Not Ready \(Aux: /), 'Pending Not Ready (Aux: Lunch)');

    // Complete: the attempt carries the chosen code, and the agent is Not Ready with the reason.
    await click(page, 'Complete');
    await expectHidden(heading(page, 'Wrap-up'), STEP_MS);
    const completed = await waitUntil('the attempt has its completion code', () => attemptsOf(nailup, contact.id, started), (a) => a.length === 1 && a[0]!.completionCode !== null);
    assert.equal(completed[0]!.completionCode, '69', 'completion code Sale (69)');
    assert.equal(completed[0]!.agentId, '1001');
    assert.equal(completed[0]!.result, 'Answer_Human');
    assert.ok(completed[0]!.endedAt !== null, 'the attempt has ended');
    await expectText(agentState(page), 'Not Ready (Aux: Lunch)', STEP_MS);
    await expectText(callState(page), 'Idle');
    await expectVisible(heading(page, 'You are Not Ready'));
    await expectVisible(page.getByText('Aux reason: Lunch. Press Ready (Alt+R) to receive contacts.'));
    await expectEnabled(button(page, 'Ready'));
    assert.equal(await button(page, 'Not Ready').isDisabled(), true, 'Not Ready again with the same reason is not offered');
    await screenshot(page, 'not-ready');

    // Log out: back at the login page.
    await click(page, 'Log out');
    const afterLogout = await waitUntil(
      'the login page (or an error) after Log out',
      async () => (await loginHeading(page).isVisible()) ? 'login page'
        : (await page.getByRole('alert').count()) > 0 ? `error: ${(await page.getByRole('alert').first().innerText()).replace(/\s*×\s*$/, '')}` : null,
      (seen) => seen !== null, STEP_MS,
    );
    await screenshot(page, 'logged-out');
    assert.equal(afterLogout, 'login page', 'Log out returns to the login page');
    await expectText(page.getByRole('status'), 'You have logged out.');
    await expectVisible(page.getByLabel('LAN ID'));
    await waitUntil('the desktop session is ended in the store', () => nailup.store.tmacSessions.open(), (open) => open.every((s) => s.agentId !== '1001'));
  });

  it('keeps the call on screen after a reload, without logging in again', async () => {
    const page = await newAgentPage(nailup);
    await logIn(page, 'agent1002', '44002');
    await expectDesk(page, nailup, 'agent1002');
    await goReady(page);
    await expectText(callState(page), 'Preview', STEP_MS);
    const contact = await contactOnScreen(page, nailup, DEMO_PREVIEW_CAMPAIGN);
    await click(page, 'Dial');
    await expectText(callState(page), 'Talking', STEP_MS);
    await expectCustomerCard(page, contact);

    await page.reload();
    await expectText(callState(page), 'Talking', STEP_MS);
    await expectText(agentState(page), 'Ready');
    await expectDesk(page, nailup, 'agent1002');
    assert.equal((await contactOnScreen(page, nailup, DEMO_PREVIEW_CAMPAIGN)).id, contact.id, 'the same contact');
    await expectCustomerCard(page, contact);
    await expectEnabled(button(page, 'Hold'));
    await expectEnabled(button(page, 'Disconnect'));
    await screenshot(page, 'reload-talking');

    // The call is still the agent's to end.
    await click(page, 'Disconnect');
    await expectText(callState(page), 'Wrap-up');
  });

  it('shows the -17 message for a wrong password', async () => {
    const page = await newAgentPage(nailup);
    await logIn(page, 'agent1003', '44003', 'not-the-password');
    const alert = page.getByRole('alert');
    await expectVisible(alert, STEP_MS);
    const text = await alert.innerText();
    assert.match(text, /Login failure\. Authentication of agent failed\./);
    assert.match(text, /-17/);
    await expectVisible(loginHeading(page));
    await expectHidden(page.getByRole('banner', { name: 'Agent state' }));
    assert.equal(await page.getByLabel('LAN ID').inputValue(), 'agent1003', 'the LAN ID is kept for the next try');
    await screenshot(page, 'login-error');
    const actions = await waitUntil('the failed login is recorded', () => nailup.store.agentActions.list('1003', 0, Date.now() + 1000), (a) => a.length > 0);
    assert.deepEqual(actions.map((a) => [a.action, a.result]), [['login', -17]]);
    assert.equal((await nailup.store.tmacSessions.open()).some((session) => session.agentId === '1003'), false, 'no session was opened');
  });
});

describe('agent desktop: a session left open in a closed window', () => {
  let nailup: Nailup;

  before(async () => {
    nailup = await startFloor({ 'network.talk': 600 });
  });

  it('logging in again offers to continue here; the session comes as it was, the other window is logged out', async () => {
    // The first window: Ready, a preview contact in hand; then the window is closed without logging out.
    const first = await newAgentPage(nailup);
    await logIn(first, 'agent1005', '44005');
    await expectDesk(first, nailup, 'agent1005');
    await goReady(first);
    await expectText(callState(first), 'Preview', STEP_MS);
    const contact = await contactOnScreen(first, nailup, DEMO_PREVIEW_CAMPAIGN);
    await first.context().close();

    // A new window: the login is refused as already logged in, with the way out.
    const second = await newAgentPage(nailup);
    await logIn(second, 'agent1005', '44005');
    await expectText(second.getByRole('alert'), 'Agent is already logged in (-7)', STEP_MS);
    const offer = second.getByRole('group', { name: 'Still logged in elsewhere' });
    await expectVisible(offer);
    await expectVisible(offer.getByText(/^Your session is still open in another window/));
    await screenshot(second, 'login-take-over');
    await click(second, 'Continue here');

    // The session as it was: Ready, nailed up, the same preview contact.
    await expectDesk(second, nailup, 'agent1005');
    await expectText(agentState(second), 'Ready', STEP_MS);
    await expectText(nailed(second), 'Nailed up');
    await expectText(callState(second), 'Preview');
    assert.equal((await contactOnScreen(second, nailup, DEMO_PREVIEW_CAMPAIGN)).id, contact.id, 'the same contact');
    await expectCustomerCard(second, contact);
    await expectEnabled(button(second, 'Dial'));
    await screenshot(second, 'taken-over');
    const audited = await waitUntil('the take-over is audited', () => nailup.store.audit.list({ username: 'agent1005', limit: 20 }), (rows) => rows.some((r) => r.action === 'desktopTakeOver'));
    assert.deepEqual(audited.map((r) => `${r.action} ${r.outcome}`).slice(0, 2), ['desktopTakeOver ok', 'desktopLogout ok']);

    // Once more from a third window while the second is open: the second is told why it is back at the login.
    const third = await newAgentPage(nailup);
    await logIn(third, 'agent1005', '44005');
    await click(third, 'Continue here');
    await expectText(callState(third), 'Preview', STEP_MS);
    await expectText(second.getByRole('status'), 'This session was taken over from another window.', STEP_MS);
    await expectVisible(loginHeading(second));

    // A supervisor logs the agent out: the desktop says so, and the contact goes back to its list.
    const supervisor = await fetch(`${nailup.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'supervisor', password: DEMO_PASSWORD }) });
    const { token } = await supervisor.json() as { token: string };
    const logout = await fetch(`${nailup.url}/api/v1/agents/1005/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    assert.equal(logout.status, 200, await logout.clone().text());
    await expectText(third.getByRole('status'), 'Logged out by a supervisor.', STEP_MS);
    await expectVisible(loginHeading(third));
    assert.equal((await nailup.store.contacts.findById(contact.id))?.state, 'ready', 'the preview contact is released');
    await screenshot(third, 'logged-out-by-supervisor');
  });
});

describe('agent desktop: a predictive agent (the customer hangs up)', () => {
  let nailup: Nailup;

  before(async () => {
    nailup = await startFloor({ 'network.talk': 6, 'network.ringTime': 2, 'network.amd': null });
  });

  it('gets a connected customer with a screen pop and wraps up after the customer hangs up', async () => {
    const started = Date.now();
    const page = await newAgentPage(nailup);
    await logIn(page, 'agent1011', '44011');
    await expectDesk(page, nailup, 'agent1011');
    await goReady(page);
    await expectVisible(heading(page, 'Waiting for the next contact'));
    await expectVisible(page.getByText('Your line is nailed up. The next customer will appear here.'));
    await screenshot(page, 'ready-waiting');

    // The dialer connects a customer who answered: the screen pop.
    await expectText(callState(page), 'Talking', STEP_MS);
    await expectVisible(heading(page, 'Predictive contact'));
    const contact = await contactOnScreen(page, nailup, DEMO_PREDICTIVE_CAMPAIGN);
    await expectCustomerCard(page, contact);
    await expectHidden(button(page, 'Dial'));
    await expectEnabled(button(page, 'Disconnect'));
    await screenshot(page, 'predictive-pop');

    // The customer hangs up: wrap-up, with the reason on screen.
    await expectText(callState(page), 'Wrap-up', 15_000);
    await expectVisible(page.getByRole('status').filter({ hasText: 'Customer hung up' }));
    await expectVisible(heading(page, 'Wrap-up'));
    await page.getByRole('radio', { name: 'Not Interested', exact: true }).check();
    await screenshot(page, 'predictive-wrapup');
    await click(page, 'Complete');
    await expectHidden(heading(page, 'Wrap-up'), STEP_MS);
    const attempts = await waitUntil('the attempt has its completion code', () => attemptsOf(nailup, contact.id, started), (a) => a.length === 1 && a[0]!.completionCode !== null);
    assert.equal(attempts[0]!.completionCode, '70', 'completion code Not Interested (70)');
    assert.equal(attempts[0]!.agentId, '1011');
    assert.equal(attempts[0]!.result, 'Answer_Human');
    await expectText(agentState(page), 'Ready');
  });
});

describe('agent desktop: an idle session', () => {
  let nailup: Nailup;

  before(async () => {
    nailup = await startFloor({ 'tmac.idleTimeoutSeconds': 20, 'tmac.warnBeforeSeconds': 15 });
  });

  it('warns before it expires and stays valid when the agent asks for it', async () => {
    const page = await newAgentPage(nailup);
    await logIn(page, 'agent1004', '44004');
    await expectDesk(page, nailup, 'agent1004');
    const token = await page.evaluate(() => sessionStorage.getItem('nailup.desk.token'));
    assert.ok(token, 'the desktop keeps its session token');
    const serverState = async (): Promise<{ status: number; idleExpiresAt: number }> => {
      const reply = await fetch(`${nailup.url}/tmac/v1/state`, { headers: { authorization: `Bearer ${token}` } });
      const body = await reply.json() as { state?: { session: { idleExpiresAt: number } } };
      return { status: reply.status, idleExpiresAt: body.state?.session.idleExpiresAt ?? 0 };
    };
    const first = await serverState();
    assert.equal(first.status, 200);

    // 15 s before the idle deadline, the dialog.
    const dialog = page.getByRole('alertdialog', { name: 'Session expiring' });
    await expectVisible(dialog, STEP_MS);
    const warning = await expectText(dialog.getByText(/^Your session expires in/), /^Your session expires in \d+ s\. Stay logged in to keep working\.$/);
    const secondsLeft = Number(/in (\d+) s/.exec(warning)?.[1]);
    assert.ok(secondsLeft > 0 && secondsLeft <= 15, `the dialog counts the last 15 s (shows ${secondsLeft} s)`);
    await screenshot(page, 'session-warning');

    // Stay logged in: the dialog goes, the deadline moves out.
    await click(page, 'Stay logged in');
    await expectHidden(dialog, STEP_MS);
    const extended = await serverState();
    assert.equal(extended.status, 200);
    assert.ok(extended.idleExpiresAt > first.idleExpiresAt, 'the idle deadline moved out');

    // Past the first deadline (and the server's 5 s sweep after it) the agent is still at the desk.
    // The warning of the new deadline comes in the meantime: the agent stays logged in again.
    await expectVisible(dialog, 20_000);
    await click(page, 'Stay logged in');
    await expectHidden(dialog, STEP_MS);
    await waitUntil('the first idle deadline and a sweep have passed', () => Date.now(), (now) => now > first.idleExpiresAt + 5500, 30_000);
    assert.equal((await serverState()).status, 200, 'the session is still valid');
    await expectVisible(page.getByRole('banner', { name: 'Agent state' }));
    await expectHidden(loginHeading(page));
  });
});
