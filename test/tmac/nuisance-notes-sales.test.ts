/**
 * Over the real APIs (the desktop's `POST /tmac/v1/commands/…` and socket, the supervisor API) on a real
 * floor: a predictive call connected to an agent who goes to Aux on it is an Outbound Nuisance with the
 * reason "Agent went to Aux" (in the spec's own report as well); the sales record the agent submits is a
 * row of the Sales report with its prefilled contact fields; the wrap-up notes are kept with the attempt,
 * in the Call Attempt report and the contact's history.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Nailup } from '../../src/app.ts';
import { seedDemoAllDay } from '../support/cluster.ts';
import { DesktopSocket } from '../support/desktop-socket.ts';
import { loginAs, startTestNailup, type Client, type Json } from '../support/nailup.ts';

void describe('nuisance, sales and wrap-up notes from the desktop to the reports', () => {
  let dir: string;
  let nailup: Nailup;
  let token: string;
  let desk: DesktopSocket;
  let supervisor: Client;
  const started = Date.now();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nailup-nuisance-'));
    const database = join(dir, 'floor.db');
    // Calling hours all day: the test dials whatever the hour. Every number answers, and talks long.
    await seedDemoAllDay(database);
    nailup = await startTestNailup({ database, 'network.outcomes': { live: 1 }, 'network.ringTime': 1, 'network.talk': 600, 'dialer.nailupDelayMs': 10 });
    supervisor = await loginAs(nailup, 'supervisor');
    const login = await post('/tmac/v1/login', { lanId: 'agent1011', extension: '44011', password: 'demo' });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    token = login.body.token as string;
    desk = await DesktopSocket.open(nailup.url, token);
  });
  after(async () => {
    desk?.close();
    await nailup?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function request(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${nailup.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
  }
  const post = (path: string, body: unknown) => request('POST', path, body);
  async function command(name: string, body: unknown = {}): Promise<void> {
    const reply = await post(`/tmac/v1/commands/${name}`, body);
    assert.equal(reply.status, 200, `${name}: ${JSON.stringify(reply.body)}`);
  }
  const next = (what: string, match: (state: Json) => boolean): Promise<Json> => desk.next(what, match);
  const range = (): string => `from=${new Date(started - 1000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`;

  void it('reports the Aux nuisance, the sales record and the notes', async () => {
    await command('ready');
    const talking = await next('a predictive call connected', (s) => s.callState === 'Talking' && s.call !== null);
    assert.equal(talking.call.campaignName, 'DemoPredictive');
    const contactId = talking.call.contact.ContactID as number;
    const contact = (await nailup.store.contacts.findById(contactId))!;

    // The agent goes to Aux on the call: the spec's nuisance.
    await command('notReady', { reasonCode: 1 });
    await next('pending not ready', (s) => s.agentState === 'PendingNotReady');

    // The sales screen, prefilled from the contact, submitted.
    const prefill = await request('GET', '/tmac/v1/sales-screens/insurance/prefill');
    assert.equal(prefill.status, 200, JSON.stringify(prefill.body));
    assert.equal(prefill.body.fields.customerName, `${contact.firstName} ${contact.lastName}`);
    const fields = { ...prefill.body.fields as Record<string, string>, plan: 'Plus', premium: '19.5' };
    await command('salesRecord', { screenId: 'insurance', fields });

    await command('disconnect');
    const wrapup = await next('in wrap-up with its codes', (s) => s.call?.wrapup?.codes.length > 0);
    const code = wrapup.call.wrapup.codes.find((c: Json) => c.codeValue === 'Sale') ?? wrapup.call.wrapup.codes[0];
    const notes = 'Took the Plus plan; "call after 5"\nsecond line';
    await command('wrapup', { codeID: code.codeID, notes: `  ${notes} ` });
    await next('Not Ready once the call is done', (s) => s.agentState === 'NotReady' && s.call === null);

    const [attempt] = (await nailup.store.attempts.listByContact(contactId, 10));
    assert.ok(attempt);
    assert.deepEqual([attempt.kind, attempt.agentId, attempt.completionCode, attempt.nuisance, attempt.nuisanceReason, attempt.notes],
      ['predictive', '1011', code.codeID, true, 'agent_aux', notes]);

    // Outbound Nuisance: this call with its reason; any call the floor abandoned meanwhile with its own.
    const nuisance = (await supervisor.get(`/reports/outbound-nuisance?${range()}&campaign=DemoPredictive&limit=1000`)).body;
    const ours = nuisance.rows.filter((r: Json) => r.userContactId === contact.userContactId);
    assert.deepEqual(ours.map((r: Json) => [r.agentId, r.nuisance, r.abandoned, r.nuisanceReason, r.completionCode, r.notes]),
      [['1011', true, false, 'Agent went to Aux', code.codeValue, notes]]);
    for (const r of nuisance.rows.filter((x: Json) => x.userContactId !== contact.userContactId)) {
      assert.deepEqual([r.abandoned, r.nuisanceReason], [true, 'Abandoned'], JSON.stringify(r));
    }
    // The spec's own set: only the calls whose agent went to Aux.
    const spec = (await supervisor.get(`/reports/outbound-nuisance-agent-aux?${range()}`)).body;
    assert.deepEqual([spec.total, spec.rows.map((r: Json) => [r.userContactId, r.nuisanceReason])], [1, [[contact.userContactId, 'Agent went to Aux']]]);

    // Call Attempt: the notes with the attempt.
    const attempts = (await supervisor.get(`/reports/call-attempts?${range()}&campaign=DemoPredictive&limit=1000`)).body;
    assert.deepEqual(attempts.rows.filter((r: Json) => r.notes !== null).map((r: Json) => [r.userContactId, r.notes]), [[contact.userContactId, notes]]);

    // The contact's history.
    const history = await supervisor.get(`/contact-lists/${contact.contactListId}/contacts/${encodeURIComponent(contact.userContactId)}/history`);
    assert.equal(history.status, 200, JSON.stringify(history.body));
    const list = (await nailup.store.contactLists.findById(contact.contactListId))!;
    assert.deepEqual(history.body, {
      contactList: list.name, userContactId: contact.userContactId, contactName: `${contact.firstName} ${contact.lastName}`.trim(),
      state: (await nailup.store.contacts.findById(contactId))!.state, attempts: 1,
      history: [{
        dialedAt: new Date(attempt.dialedAt).toISOString(), campaign: 'DemoPredictive', number: attempt.number, kind: 'predictive', result: 'Answer_Human',
        agentId: '1011', completionCode: code.codeValue, connectedAt: new Date(attempt.connectedAt!).toISOString(), endedAt: new Date(attempt.endedAt!).toISOString(),
        nuisanceReason: 'Agent went to Aux', notes,
      }],
    });
    const missing = await supervisor.get(`/contact-lists/${contact.contactListId}/contacts/nobody/history`);
    assert.equal(missing.status, 404);

    // Sales: the record, its prefilled fields as submitted.
    const sales = (await supervisor.get(`/reports/sales?${range()}&campaign=DemoPredictive`)).body;
    const [record] = await nailup.store.salesRecords.list(started - 1000, Date.now() + 1000);
    assert.ok(record);
    assert.deepEqual(sales.rows, [{
      at: new Date(record.at).toISOString(), agentId: '1011', agentName: (await nailup.store.agents.findByAgentId('1011'))!.name, campaign: 'DemoPredictive',
      userContactId: contact.userContactId, screen: 'insurance', fields: JSON.stringify(fields),
    }]);
    assert.deepEqual(JSON.parse(sales.rows[0].fields as string), {
      customerName: `${contact.firstName} ${contact.lastName}`, email: contact.emails[0] ?? '', plan: 'Plus', premium: '19.5', address: prefill.body.fields.address,
    });
    assert.equal((await supervisor.get(`/reports/sales?${range()}&campaign=DemoPreview`)).body.total, 0);
  });
});
