/**
 * The callback dashboard's API: the callbacks as the dialer holds them, filtered and paged, and a
 * supervisor cancelling or moving one still pending (audited; refused once it left pending).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Nailup } from '../../src/app.ts';
import type { CallbackRecord, ContactRecord } from '../../src/store/records.ts';
import { Client, loginAs, startTestNailup, type Json } from '../support/nailup.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const iso = (ms: number): string => new Date(ms).toISOString();

let nailup: Nailup;
let supervisor: Client;
let admin: Client;
let contacts: ContactRecord[];
let campaignId: number;
let now: number;

before(async () => {
  nailup = await startTestNailup();
  supervisor = await loginAs(nailup, 'supervisor');
  admin = await loginAs(nailup, 'admin');
  const campaign = await nailup.store.campaigns.findByName('DemoPredictive');
  assert.ok(campaign);
  campaignId = campaign.id;
  contacts = await nailup.store.contacts.nextDialable(campaign.contactListId, Date.now(), 99, 3);
  now = Date.now();
});
after(async () => {
  await nailup?.close();
});

function book(contact: ContactRecord, dueAt: number, agentId: string | null, notes = ''): Promise<CallbackRecord> {
  return nailup.store.callbacks.create({
    campaignId, contactId: contact.id, type: agentId === null ? 'Campaign' : 'Agent', agentId, dueAt, expiresAt: dueAt + HOUR,
    number: contact.phones[0]!.number, timezone: 'America/New_York', notes, createdAt: now - HOUR,
  });
}

function viewOf(cb: CallbackRecord, contact: ContactRecord, agentName: string | null, state = cb.state): Json {
  return {
    id: cb.id, campaign: 'DemoPredictive', contact: { userContactId: contact.userContactId, name: `${contact.firstName} ${contact.lastName}` },
    type: cb.type, agentId: cb.agentId, agentName, number: cb.number, timezone: 'America/New_York', notes: cb.notes, state,
    overdue: state === 'pending' && cb.dueAt <= Date.now(), dueAt: iso(cb.dueAt), expiresAt: iso(cb.expiresAt), createdAt: iso(now - HOUR),
  };
}

describe('callback dashboard API', () => {
  let late: CallbackRecord;
  let soon: CallbackRecord;
  let anyone: CallbackRecord;
  let agentName: string;

  before(async () => {
    agentName = (await nailup.store.agents.findByAgentId('1001'))!.name;
    late = await book(contacts[0]!, now - 10 * MINUTE, '1001', 'asked for the manager');
    soon = await book(contacts[1]!, now + 2 * HOUR, '1001');
    anyone = await book(contacts[2]!, now + 3 * HOUR, null);
  });

  it('lists callbacks by due time with counts per state, overdue ones marked', async () => {
    const reply = await supervisor.get('/callbacks');
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, {
      total: 3,
      counts: { pending: 3, delivered: 0, done: 0, expired: 0, cancelled: 0 },
      callbacks: [viewOf(late, contacts[0]!, agentName), viewOf(soon, contacts[1]!, agentName), viewOf(anyone, contacts[2]!, null)],
    });
    assert.equal(reply.body.callbacks[0].overdue, true);
  });

  it('filters by owner, campaign and due time, and pages', async () => {
    assert.deepEqual((await supervisor.get('/callbacks?agentId=1001&limit=1&offset=1')).body.callbacks.map((c: Json) => c.id), [soon.id]);
    assert.equal((await supervisor.get('/callbacks?agentId=1001&limit=1&offset=1')).body.total, 2);
    const window = await supervisor.get(`/callbacks?campaign=DemoPredictive&from=${iso(now)}&to=${iso(now + 150 * MINUTE)}`);
    assert.deepEqual(window.body.callbacks.map((c: Json) => c.id), [soon.id]);
    assert.deepEqual((await supervisor.get('/callbacks?campaign=DemoPreview')).body, {
      total: 0, counts: { pending: 0, delivered: 0, done: 0, expired: 0, cancelled: 0 }, callbacks: [],
    });
  });

  it('names the bad parameter', async () => {
    const bad = async (path: string, field: string, message: RegExp): Promise<void> => {
      const reply = await supervisor.get(path);
      assert.equal(reply.status, 400, path);
      assert.equal(reply.body.error.code, 'VALIDATION_FAILED');
      assert.equal(reply.body.error.field, field);
      assert.match(reply.body.error.message, message);
    };
    await bad('/callbacks?state=lost', 'state', /must be one of pending, delivered, done, expired, cancelled/);
    await bad('/callbacks?campaign=Nope', 'campaign', /no campaign named Nope/);
    await bad('/callbacks?from=yesterday', 'from', /ISO 8601/);
    await bad('/callbacks?limit=0', 'limit', /from 1 to 1000/);
    assert.equal((await new Client(`${nailup.url}/api/v1`).get('/callbacks')).status, 401);
  });

  it('moves a pending callback, keeping the time it had to be reached in unless told', async () => {
    const dueAt = now + 30 * MINUTE;
    const moved = await supervisor.post(`/callbacks/${soon.id}/reschedule`, { dueAt: iso(dueAt) });
    assert.equal(moved.status, 200);
    assert.deepEqual(moved.body, viewOf({ ...soon, dueAt, expiresAt: dueAt + HOUR }, contacts[1]!, agentName));
    const told = await supervisor.post(`/callbacks/${soon.id}/reschedule`, { dueAt: iso(dueAt), expiresAt: iso(dueAt + 5 * MINUTE) });
    assert.equal(told.body.expiresAt, iso(dueAt + 5 * MINUTE));

    const refused = await supervisor.post(`/callbacks/${soon.id}/reschedule`, { dueAt: iso(dueAt), expiresAt: iso(dueAt) });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.field, 'expiresAt');
    assert.equal((await supervisor.post(`/callbacks/${soon.id}/reschedule`, {})).body.error.field, 'dueAt');
    assert.equal((await supervisor.post(`/callbacks/${soon.id}/reschedule`, { dueAt: 'soon' })).body.error.field, 'dueAt');
    assert.equal((await nailup.store.callbacks.findById(soon.id))?.expiresAt, dueAt + 5 * MINUTE, 'a refused change changes nothing');
  });

  it('cancels a pending callback once, audited; a delivered one cannot change', async () => {
    const cancelled = await supervisor.post(`/callbacks/${anyone.id}/cancel`);
    assert.equal(cancelled.status, 200);
    assert.deepEqual(cancelled.body, viewOf(anyone, contacts[2]!, null, 'cancelled'));
    const again = await supervisor.post(`/callbacks/${anyone.id}/cancel`);
    assert.equal(again.status, 409);
    assert.deepEqual(again.body, { error: { code: 'CONFLICT', message: `callback ${anyone.id} is cancelled: only a pending callback can change` } });

    await nailup.store.callbacks.transition(late.id, 'pending', 'delivered');
    assert.equal((await supervisor.post(`/callbacks/${late.id}/reschedule`, { dueAt: iso(now) })).status, 409);
    assert.equal((await supervisor.post(`/callbacks/${late.id + 1000}/cancel`)).status, 404);
    assert.deepEqual((await supervisor.get('/callbacks')).body.counts, { pending: 1, delivered: 1, done: 0, expired: 0, cancelled: 1 });

    const audit = (await admin.get('/audit?action=CancelCallback')).body as Json[];
    assert.deepEqual(audit.map((r) => [r.username, r.target, r.outcome]), [['supervisor', String(anyone.id), 'ok']]);
  });
});
