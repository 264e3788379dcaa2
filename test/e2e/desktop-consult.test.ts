/**
 * Consult and transfer on the agent desktop, end to end: real Chromium on the built web client
 * (web/dist), two agents of the Preview campaign on two desktops, against nailup started in this process
 * on the real clock with the demo data (no bots), a SQLite file of its own and a fast simulated network
 * where every dial is answered by a person who talks for TALK_SECONDS and then hangs up.
 *
 * Only one preview contact can be dialled now (the others are moved to later, so the job keeps
 * running): agent 1 gets it, agent 2 stays Ready with nothing to do and is the one to consult.
 * Agent 1 dials, talks, consults agent 2 from the list; agent 2 sees who consults and the customer's
 * card; agent 1 transfers and wraps up its part; agent 2 owns the customer, and wraps up when the
 * customer hangs up. Protocol: /work/shared/docs/protocol.md §5b, docs/tmac-api.md.
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
import { seedDemo, DEMO_PASSWORD, DEMO_PREVIEW_CAMPAIGN } from '../../src/demo/demo-data.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { AgentRecord, ContactRecord } from '../../src/store/records.ts';
import {
  desktopPages, expectAttribute, expectEnabled, expectHidden, expectText, expectVisible, screenshot, waitUntil,
} from '../support/browser.ts';

const CONTACTS_PER_LIST = 40;
const LIVE_ONLY = { live: 1 };
/** How long the customer talks once connected: long enough for consult, transfer and agent 1's wrap-up. */
const TALK_SECONDS = 45;
/** How long a person-visible change may take: the dialer's nail-up, a ring, a WebSocket push. */
const STEP_MS = 10_000;

/** Chromium and the agents' pages; registered before the `after` below, so the pages close first. */
const desktops = desktopPages('the desktops');
let nailup: Nailup | null = null;
let dir = '';
/** The one preview contact dialable now. */
let offered: ContactRecord | null = null;

/**
 * Seeds the demo data with a calling window of the whole day; then every preview contact but one (none
 * of whose numbers is on the DNC list) is moved to the day after tomorrow: ready, so the job runs on,
 * but not dialable, so the second agent gets no contact of its own.
 */
async function seedOneDialableContact(database: string): Promise<ContactRecord> {
  const store = await openStore(database);
  try {
    const now = Date.now();
    const summary = await seedDemo(store, { now, contactsPerList: CONTACTS_PER_LIST, seed: 1, botAgents: 0 });
    const campaign = await store.campaigns.findByName(DEMO_PREVIEW_CAMPAIGN);
    assert.ok(campaign, `demo campaign ${DEMO_PREVIEW_CAMPAIGN} seeded`);
    await store.campaigns.update({ ...campaign, callingWindow: { hours: everyDay('00:00', '24:00') } });
    const dnc = new Set(summary.dncOverlapNumbers);
    const ready = await store.contacts.nextDialable(summary.contactListIds.preview, now + 60_000, 1000, 1000);
    const keep = ready.find((c) => c.phones.length > 0 && c.phones.every((p) => !dnc.has(p.number)));
    assert.ok(keep, 'a preview contact with no number on the DNC list');
    for (const contact of ready) if (contact.id !== keep.id) await store.contacts.release(contact.id, now + 2 * 24 * 3600_000);
    return keep;
  } finally {
    await store.close();
  }
}

async function newAgentPage(): Promise<Page> {
  assert.ok(nailup, 'nailup is running');
  return desktops.newPage(nailup.url);
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nailup-e2e-consult-'));
  const database = join(dir, 'nailup.db');
  offered = await seedOneDialableContact(database);
  const config = loadConfig({
    flags: {
      port: 0, database, logLevel: 'silent', 'demo.enabled': true, 'demo.bots': 0, 'demo.contactsPerList': CONTACTS_PER_LIST,
      'network.outcomes': LIVE_ONLY, 'network.ringTime': 1, 'network.talk': TALK_SECONDS, 'dialer.nailupDelayMs': 300,
    },
  });
  nailup = await startNailup(config);
});

after(async () => {
  await nailup?.close();
  nailup = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// ── what the agents see and do ─────────────────────────────────────────────────

const agentState = (page: Page) => page.getByTestId('agent-state');
const callState = (page: Page) => page.getByTestId('call-state');
const nailed = (page: Page) => page.getByTestId('nailed-status');
const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 2, name, exact: typeof name === 'string' });
const consultStatus = (page: Page) => page.getByTestId('consult-status');

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const fullName = (c: ContactRecord): string => [c.title, c.firstName, c.lastName].filter(Boolean).join(' ');

async function click(page: Page, name: string): Promise<void> {
  const target = button(page, name);
  await expectEnabled(target, STEP_MS);
  await target.click();
}

async function agentRecord(lanId: string): Promise<AgentRecord> {
  assert.ok(nailup);
  const agent = await nailup.store.agents.findByLanId(lanId);
  assert.ok(agent, `demo agent ${lanId}`);
  return agent;
}

/** Logs in and goes Ready: the state bar names the agent, the line is nailed up. */
async function logInReady(page: Page, agent: AgentRecord): Promise<void> {
  await page.goto('/agent/');
  await page.getByLabel('LAN ID').fill(agent.lanId);
  await page.getByLabel('Extension').fill(agent.extension);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  const bar = page.getByRole('banner', { name: 'Agent state' });
  await expectVisible(bar, STEP_MS);
  await expectVisible(bar.getByText(agent.name, { exact: true }));
  await expectText(page.getByTestId('blend'), '↗ Outbound');
  await click(page, 'Ready');
  await expectText(agentState(page), 'Ready');
  await expectAttribute(nailed(page), 'data-status', 'NailedUp', STEP_MS);
}

/** The screen pop: the customer's name, id and numbers, as the store has them. */
async function expectCustomerCard(page: Page, contact: ContactRecord): Promise<void> {
  await expectVisible(heading(page, fullName(contact)), STEP_MS);
  const card = page.getByRole('region', { name: fullName(contact) });
  await expectVisible(card.getByText(contact.userContactId, { exact: true }));
  for (const phone of contact.phones) await expectVisible(card.getByText(phone.number, { exact: true }));
}

/** The "Campaign … · Contact N" line of the call panel names the contact. */
async function expectContactLine(page: Page, contact: ContactRecord): Promise<void> {
  await expectText(page.getByText(/· Contact \d+$/), `Campaign ${DEMO_PREVIEW_CAMPAIGN} · Contact ${contact.id}`, STEP_MS);
}

/** Chooses a completion code (the one named, else the preselected or the first) and completes the wrap-up. */
async function wrapUp(page: Page, code?: string): Promise<void> {
  await expectVisible(heading(page, 'Wrap-up'), STEP_MS);
  const codes = page.getByRole('group', { name: 'Completion code' }).getByRole('radio');
  const count = await waitUntil('the completion codes are listed', () => codes.count(), (n) => n > 0, STEP_MS);
  if (code) {
    await page.getByRole('radio', { name: code, exact: true }).check();
  } else {
    let checked = false;
    for (let i = 0; i < count; i++) checked ||= await codes.nth(i).isChecked();
    if (!checked) await codes.first().check();
  }
  await click(page, 'Complete');
  await expectHidden(heading(page, 'Wrap-up'), STEP_MS);
}

async function attemptsOf(contactId: number, since: number) {
  assert.ok(nailup);
  return (await nailup.store.attempts.listBetween(since, Date.now() + 1000)).filter((a) => a.contactId === contactId);
}

// ── the test ──────────────────────────────────────────────────────────────────

describe('agent desktop: consult and transfer between two preview agents', () => {
  it('consults a listed agent, transfers the customer, and each agent wraps up its part', async () => {
    const started = Date.now();
    const contact = offered;
    assert.ok(contact);
    const first = await agentRecord('agent1001');
    const second = await agentRecord('agent1002');
    const page1 = await newAgentPage();
    const page2 = await newAgentPage();

    // Agent 1 gets the one contact dialable now; agent 2 is Ready with nothing to do.
    await logInReady(page1, first);
    await expectText(callState(page1), 'Preview', STEP_MS);
    await expectContactLine(page1, contact);
    await logInReady(page2, second);
    await expectVisible(heading(page2, 'Waiting for the next contact'), STEP_MS);

    // Agent 1 dials and talks with the customer.
    await click(page1, 'Dial');
    await expectText(callState(page1), 'Talking', STEP_MS);
    const answeredAt = Date.now();
    await expectCustomerCard(page1, contact);

    // The consult: the Ready agents of the organization, agent 2 among them; pick it, Consult.
    const consultForm = page1.getByRole('form', { name: 'Consult' });
    await expectVisible(consultForm);
    await consultForm.getByRole('combobox', { name: 'Consult type' }).selectOption('Agent');
    await click(page1, 'Show destinations');
    const destinations = page1.getByRole('radiogroup', { name: 'Consult destinations' });
    await expectVisible(destinations, STEP_MS);
    const agent2Radio = destinations.getByRole('radio', { name: new RegExp(`^${escapeRegExp(second.name)} ${second.agentId}\\b`) });
    await expectVisible(agent2Radio, STEP_MS);
    assert.equal(await destinations.getByRole('radio', { name: new RegExp(`^${escapeRegExp(first.name)} `) }).count(), 0, 'an agent is not offered itself');
    await agent2Radio.check();
    await screenshot(page1, 'consult-pick');
    await click(page1, 'Consult');

    // Agent 1: consulting agent 2, the customer on hold; Transfer once the consult is connected.
    await expectText(consultStatus(page1), new RegExp(`^Consulting ${escapeRegExp(second.name)} \\(${second.agentId}\\)`), STEP_MS);
    await expectEnabled(button(page1, 'Transfer'), STEP_MS);
    await expectEnabled(button(page1, 'Cancel consult'));
    await expectVisible(button(page1, 'Conference'));
    await expectHidden(consultForm);

    // Agent 2: who consults, and the customer's card.
    await expectText(consultStatus(page2), `${first.name} (${first.agentId}) is consulting you about this customer.`, STEP_MS);
    await expectAttribute(consultStatus(page2), 'data-role', 'destination');
    await expectCustomerCard(page2, contact);
    await expectText(callState(page2), 'Talking', STEP_MS);
    await expectEnabled(button(page2, 'Disconnect'));
    await expectHidden(button(page2, 'Transfer'));
    await expectHidden(heading(page2, 'Sales screen'));
    await screenshot(page1, 'consult-requester');
    await screenshot(page2, 'consult-destination');

    // Agent 1 transfers: its call ends as Transferred, and it wraps up its part.
    await click(page1, 'Transfer');
    await expectText(callState(page1), 'Wrap-up', STEP_MS);
    await expectVisible(page1.getByRole('status').filter({ hasText: `Transferred to ${second.name} (${second.agentId})` }), STEP_MS);

    // Agent 2 owns the customer: the call is its own, with the card, the sales screen and the call buttons.
    await expectVisible(page2.getByRole('status').filter({ hasText: `Transferred to you by ${first.name} (${first.agentId})` }), STEP_MS);
    await expectContactLine(page2, contact);
    await expectCustomerCard(page2, contact);
    await expectText(callState(page2), 'Talking');
    await expectVisible(heading(page2, 'Sales screen'), STEP_MS);
    await expectEnabled(button(page2, 'Hold'));
    await expectEnabled(button(page2, 'Disconnect'));
    await expectHidden(consultStatus(page2));
    await screenshot(page2, 'transfer-destination');

    await screenshot(page1, 'transfer-requester-wrapup');
    await wrapUp(page1);
    await expectText(agentState(page1), 'Ready', STEP_MS);
    await expectText(callState(page1), 'Idle', STEP_MS);
    assert.ok(Date.now() - answeredAt < TALK_SECONDS * 1000, `consult, transfer and agent 1's wrap-up took ${Date.now() - answeredAt} ms: the customer must still be talking`);
    await expectText(callState(page2), 'Talking', 1000);

    // The customer hangs up: agent 2 wraps up the contact.
    await expectText(callState(page2), 'Wrap-up', TALK_SECONDS * 1000 + STEP_MS);
    await expectVisible(page2.getByRole('status').filter({ hasText: 'Customer hung up' }));
    await screenshot(page2, 'transfer-destination-wrapup');
    await wrapUp(page2, 'Sale');
    await expectText(agentState(page2), 'Ready', STEP_MS);
    await expectText(callState(page2), 'Idle', STEP_MS);

    // The contact's attempt carries the code agent 2 chose.
    const attempts = await waitUntil('the attempt has the completion code of agent 2', () => attemptsOf(contact.id, started), (a) => a.some((x) => x.completionCode === '69'), STEP_MS);
    assert.ok(attempts.every((a) => a.endedAt !== null), 'the attempt has ended');
  });
});
