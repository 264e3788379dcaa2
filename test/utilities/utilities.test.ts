/**
 * The supervisor utilities (protocol.md §6) over the supervisor API of a running nailup, which calls
 * the dialer's POM web services over HTTP. Roles and the audit log too.
 */
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { Nailup } from '../../src/app.ts';
import { Client, loginAs, startTestNailup } from '../support/nailup.ts';
import { newList } from '../support/import-files.ts';

let nailup: Nailup;
let supervisor: Client;
let admin: Client;

/**
 * A pass-through proxy in front of /pom/v1 that counts the delete calls and lets a test act on each
 * refused one: the utilities are pointed at it (utilities.pom.baseUrl).
 */
let proxy: Server;
let proxyTarget = '';
const deletes: Array<{ path: string; status: number }> = [];
let onDeleteAnswered: (path: string, status: number) => Promise<void> = async () => {};

before(async () => {
  proxy = createServer((req, res) => {
    const target = new URL(req.url ?? '/', proxyTarget);
    const upstream = httpRequest(target, { method: req.method, headers: req.headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        const done = async (): Promise<void> => {
          if (req.method === 'DELETE') {
            deletes.push({ path: target.pathname, status: answer.statusCode ?? 0 });
            await onDeleteAnswered(target.pathname, answer.statusCode ?? 0);
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(Buffer.concat(chunks));
        };
        void done();
      });
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const address = proxy.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  // The proxy passes its own Host (127.0.0.1:<its port>) on: it is one of nailup's names here.
  nailup = await startTestNailup({
    'utilities.pom.baseUrl': `http://127.0.0.1:${port}/pom/v1`, 'utilities.contactListFilter': 'Preview', 'http.allowedHosts': [`127.0.0.1:${port}`],
  });
  proxyTarget = nailup.url;
  supervisor = await loginAs(nailup, 'supervisor');
  admin = await loginAs(nailup, 'admin');
});
after(async () => {
  await nailup?.close();
  await new Promise<void>((resolve) => proxy?.close(() => resolve()));
});

const listIdOf = async (name: string): Promise<number> =>
  ((await supervisor.get('/contact-lists')).body as Array<{ contactListName: string; contactListId: number }>).find((l) => l.contactListName === name)!.contactListId;

/** A new list holding the CSV's contacts. */
async function listWith(name: string, csv: string): Promise<number> {
  const listId = await newList(supervisor, name);
  const imported = await supervisor.csv(`/imports/contacts?list=${encodeURIComponent(name)}`, csv);
  assert.equal(imported.status, 201, JSON.stringify(imported.body));
  return listId;
}

const ids = async (listId: number): Promise<string[]> =>
  ((await supervisor.get(`/contact-lists/${listId}/contacts?pageSize=1000`)).body.contactBatch as Array<{ userContactId: string }>).map((c) => c.userContactId).sort();

describe('logins and roles', () => {
  it('refuses agents, unknown users and wrong passwords alike', async () => {
    const api = new Client(`${nailup.url}/api/v1`);
    for (const [username, password] of [['agent1001', 'demo'], ['1001', 'demo'], ['supervisor', 'wrong'], ['nobody', 'demo']]) {
      const reply = await api.post('/auth/login', { username, password });
      assert.equal(reply.status, 401, username);
      assert.equal(reply.body.error.code, 'LOGIN_FAILED');
    }
    const missing = await api.post('/auth/login', { username: 'supervisor' });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error.field, 'password');
  });

  it('keeps agents out of the API, even with a desktop session', async () => {
    const desktop = await fetch(`${nailup.url}/tmac/v1/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lanId: 'agent1001', password: 'demo', extension: '44001' }),
    });
    const token = desktop.ok ? ((await desktop.json()) as { token: string }).token : 'not-a-session';
    for (const client of [new Client(`${nailup.url}/api/v1`), new Client(`${nailup.url}/api/v1`, { bearer: token })]) {
      const reply = await client.get('/contact-lists');
      assert.equal(reply.status, 401);
      assert.equal(reply.body.error.code, 'UNAUTHORIZED');
    }
  });

  it('gives supervisors the utilities and administrators users and the audit log too', async () => {
    assert.equal((await supervisor.get('/auth/me')).body.role, 'supervisor');
    assert.equal((await supervisor.get('/audit')).status, 403);
    assert.equal((await supervisor.get('/users')).status, 403);
    assert.equal((await admin.get('/audit')).status, 200);
    assert.equal((await admin.get('/contact-lists')).status, 200);

    const created = await admin.post('/users', { username: 'sara', name: 'Sara Lead', role: 'supervisor', password: 'long-enough-1' });
    assert.equal(created.status, 201);
    const bad = await admin.post('/users', { username: 'tim', role: 'boss', password: 'long-enough-1' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'role');
    const sara = await loginAs(nailup, 'sara', 'long-enough-1');
    assert.equal((await sara.get('/contact-lists')).status, 200);
    assert.equal((await admin.request('PATCH', '/users/sara', { disabled: true })).status, 200);
    assert.equal((await sara.get('/contact-lists')).status, 401, 'a disabled user\'s session ends');
    assert.equal((await new Client(`${nailup.url}/api/v1`).post('/auth/login', { username: 'sara', password: 'long-enough-1' })).status, 401);
  });
});

describe('GetAllContactLists', () => {
  it('returns the organization\'s lists with the spec\'s fields, filtered by ContactListFilter when asked', async () => {
    const all = await supervisor.get('/contact-lists');
    assert.equal(all.status, 200);
    const names = all.body.map((l: { contactListName: string }) => l.contactListName);
    assert.ok(names.includes('DemoPreviewList') && names.includes('DemoPredictiveList'));
    assert.equal(all.body[0].organizationName, 'Demo');
    const manual = await supervisor.get('/contact-lists?onlyManualContacts=true');
    assert.deepEqual(manual.body.map((l: { contactListName: string }) => l.contactListName), ['DemoPreviewList']);
  });
});

describe('PurgeContact', () => {
  const CSV = [
    'userContactId,firstName,phone1,CAMP_ID,expiry',
    'A1,Ann,+12125550101,C100,2025-01-31',
    'A2,Bob,+12125550102,C100,2026-06-30',
    'A3,Cal,+12125550103,C200,2025-05-01',
    'A4,Dee,+12125550104,C200,2027-01-01',
    'A5,Eve,+12125550105,C200,2025-12-31',
  ].join('\n');

  it('direct purge: the given userContactIds, with OutboundPurgeData per campaign', async () => {
    const listId = await listWith('PurgeDirect', CSV);
    const reply = await supervisor.post('/purge', { contactName: 'PurgeDirect', contactListId: listId, attribute: 'userContactId', filter: 'equal to', values: ['A1', 'A3'] });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal(reply.body.isDeleted, true);
    assert.equal(reply.body.failedUserContactId, '');
    assert.equal(reply.body.errorMessage, '');
    assert.equal(reply.body.mode, 'direct');
    assert.equal(reply.body.beforePurging, 5);
    assert.equal(reply.body.afterPurging, 3);
    assert.deepEqual(await ids(listId), ['A2', 'A4', 'A5']);
    const records = (await supervisor.get('/purge-records?contactList=PurgeDirect')).body;
    assert.deepEqual(records.map((r: Record<string, unknown>) => [r.Mode, r.CampaignID, r.BeforePurging, r.AfterPurging]).sort(), [
      ['direct', 'C100', 2, 1], ['direct', 'C200', 3, 2],
    ]);
    assert.equal(records[0].UserName, 'supervisor');
    assert.match(records[0].BuisnessParameter, /userContactId equal to A1,A3/);
  });

  it('direct purge "not equal to": every contact but the given ones', async () => {
    const listId = await listWith('PurgeAllBut', CSV);
    const reply = await supervisor.post('/purge', { contactName: 'PurgeAllBut', contactListId: listId, attribute: 'userContactId', filter: 'not equal to', values: ['A2', 'A5'] });
    assert.equal(reply.body.isDeleted, true);
    assert.equal(reply.body.purged, 3);
    assert.deepEqual(await ids(listId), ['A2', 'A5']);
  });

  it('normal purge by expiry date; expiry values must be dates', async () => {
    const listId = await listWith('PurgeExpiry', CSV);
    const refused = await supervisor.post('/purge', { contactName: 'PurgeExpiry', contactListId: listId, attribute: 'expiry', filter: 'less than', values: ['2025-13-45'] });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.field, 'values[0]');
    assert.match(refused.body.error.message, /not a date/);
    assert.equal((await ids(listId)).length, 5, 'a refused purge changes nothing');

    const reply = await supervisor.post('/purge', { contactName: 'PurgeExpiry', contactListId: listId, attribute: 'expiry', filter: 'less than', values: ['2026-01-01'] });
    assert.equal(reply.body.isDeleted, true);
    assert.equal(reply.body.mode, 'normal');
    assert.equal(reply.body.matched, 3);
    assert.deepEqual(await ids(listId), ['A2', 'A4']);
    const none = await supervisor.post('/purge', { contactName: 'PurgeExpiry', contactListId: listId, attribute: 'CAMP_ID', filter: 'equal to', values: ['C999'] });
    assert.equal(none.body.isDeleted, false);
    assert.match(none.body.errorMessage, /no contact/);
  });

  it('refuses bad requests, naming the field', async () => {
    const listId = await listIdOf('DemoPreviewList');
    for (const [body, field] of [
      [{ contactListId: listId, attribute: 'userContactId', filter: 'roughly', values: ['x'] }, 'filter'],
      [{ contactListId: listId, attribute: 'userContactId', filter: 'equal to', values: [] }, 'values'],
      [{ contactListId: 'x', attribute: 'userContactId', filter: 'equal to', values: ['a'] }, 'contactListId'],
      [{ contactListId: listId, attribute: '', filter: 'equal to', values: ['a'] }, 'attribute'],
    ] as const) {
      const reply = await supervisor.post('/purge', body);
      assert.equal(reply.status, 400, JSON.stringify(reply.body));
      assert.equal(reply.body.error.field, field);
    }
  });

  it('tries again while the attempt is in progress, and purges once it ends', async () => {
    const listId = await listWith('PurgeRetry', CSV);
    const contact = (await nailup.store.contacts.findByUserContactId(listId, 'A4'))!;
    assert.equal(await nailup.store.contacts.claim(contact.id), true, 'the dialer has A4');
    deletes.length = 0;
    let refusals = 0;
    onDeleteAnswered = async (path, status) => {
      // The attempt ends after the second refusal.
      if (path.endsWith('/A4/delete') && status === 409 && ++refusals === 2) await nailup.store.contacts.release(contact.id, 0);
    };
    try {
      const reply = await supervisor.post('/purge', { contactName: 'PurgeRetry', contactListId: listId, attribute: 'userContactId', filter: 'equal to', values: ['A4', 'A5'] });
      assert.equal(reply.body.isDeleted, true, JSON.stringify(reply.body));
      assert.equal(reply.body.retries, 2);
      assert.deepEqual(deletes.filter((d) => d.path.endsWith('/A4/delete')).map((d) => d.status), [409, 409, 200]);
      assert.deepEqual(await ids(listId), ['A1', 'A2', 'A3']);
    } finally {
      onDeleteAnswered = async () => {};
    }
  });

  it('gives up after five tries and reports the contact it could not purge', async () => {
    const listId = await listWith('PurgeBusy', CSV);
    const contact = (await nailup.store.contacts.findByUserContactId(listId, 'A2'))!;
    assert.equal(await nailup.store.contacts.claim(contact.id), true);
    deletes.length = 0;
    const reply = await supervisor.post('/purge', { contactName: 'PurgeBusy', contactListId: listId, attribute: 'userContactId', filter: 'equal to', values: ['A1', 'A2'] });
    assert.equal(reply.body.isDeleted, false);
    assert.equal(reply.body.failedUserContactId, 'A2');
    assert.equal(reply.body.errorMessage, 'Cannot delete contact as the attempt is in progress');
    assert.equal(deletes.filter((d) => d.path.endsWith('/A2/delete')).length, 5);
    assert.deepEqual(await ids(listId), ['A2', 'A3', 'A4', 'A5']);
    assert.equal((await nailup.store.contacts.findById(contact.id))!.state, 'in_progress', 'the attempt is left alone');
  });
});

describe('DNC utilities', () => {
  it('DNC(list, file): marks the file\'s userContactIds uncallable', async () => {
    const listId = await listIdOf('DemoPredictiveList');
    const before = (await supervisor.get('/contact-lists')).body.find((l: { contactListId: number }) => l.contactListId === listId);
    const reply = await supervisor.csv(`/dnc/contacts?contactListId=${listId}&contactListName=DemoPredictiveList`, 'userContactId\nQ000010\nQ000011\nQ000010\n');
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal(reply.body.result, true);
    assert.equal(reply.body.failedContactIdList, null);
    assert.equal(reply.body.changed, 2);
    assert.deepEqual(reply.body.rejects.map((r: { rowNumber: number; reason: string }) => [r.rowNumber, r.reason]), [[4, 'duplicate']]);
    const after_ = (await supervisor.get('/contact-lists')).body.find((l: { contactListId: number }) => l.contactListId === listId);
    assert.equal(after_.totalExcludedContacts, before.totalExcludedContacts + 2);
  });

  it('DNC(list, file) with bad rows or unknown contacts changes nothing', async () => {
    const listId = await listIdOf('DemoPredictiveList');
    const before = (await nailup.store.contacts.counts(listId)).excluded;
    const bad = await supervisor.csv(`/dnc/contacts?contactListId=${listId}`, 'userContactId\nQ000020\n""\nQ000021\n');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.result, false);
    assert.equal(bad.body.errorInfo.errorCode, 'INVALID_FILE');
    assert.deepEqual(bad.body.rejects.map((r: { rowNumber: number; reason: string }) => [r.rowNumber, r.reason]), [[3, 'missing_field']]);
    const unknown = await supervisor.csv(`/dnc/contacts?contactListId=${listId}`, 'Q000020\nNO-SUCH\n');
    assert.equal(unknown.body.result, false);
    assert.deepEqual(unknown.body.failedContactIdList, ['NO-SUCH']);
    assert.equal((await nailup.store.contacts.counts(listId)).excluded, before);
  });

  it('DNC(file): adds the addresses to the organization\'s DNC list; bad rows are reported and nothing is added', async () => {
    const demo = () => supervisor.get('/dnc-lists').then((r) => r.body.find((l: { DNCListName: string }) => l.DNCListName === 'Demo').totalAddresses as number);
    const before = await demo();
    const bad = await supervisor.csv('/dnc/addresses', 'address\n(212) 555-0180\nnot-a-number\n\n+1 212 555 0181\n212-555-0180\n12\n');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.result, false);
    assert.deepEqual(bad.body.failedContactIdList, ['not-a-number', '12']);
    assert.deepEqual(bad.body.rejects.map((r: { rowNumber: number; reason: string }) => [r.rowNumber, r.reason]), [[3, 'bad_number'], [6, 'duplicate'], [7, 'bad_number']]);
    assert.equal(bad.body.errorInfo.errorCode, 'INVALID_FILE');
    assert.equal(await demo(), before, 'nothing added');

    const good = await supervisor.csv('/dnc/addresses', 'address\n(212) 555-0180\n+1 212 555 0181\n');
    assert.equal(good.status, 200);
    assert.equal(good.body.result, true);
    assert.equal(good.body.changed, 2);
    assert.equal(await demo(), before + 2);
    const removed = await supervisor.csv('/dnc/addresses/remove', '2125550180\n');
    assert.equal(removed.body.changed, 1);
    assert.equal(await demo(), before + 1);
  });
});

describe('campaign jobs', () => {
  it('StartCampaignJob: isSuccess is POM\'s isQueued; stop, pause, resume and status', async () => {
    assert.equal((await supervisor.get('/campaigns/DemoPredictive/job')).body.jobState, 'running');
    const paused = await supervisor.post('/campaigns/DemoPredictive/job/pause');
    assert.equal(paused.body.isSuccess, true);
    assert.equal(paused.body.jobState, 'paused');
    assert.equal((await supervisor.post('/campaigns/DemoPredictive/job/resume')).body.isSuccess, true);
    const running = await supervisor.post('/campaigns/DemoPredictive/job/start');
    assert.equal(running.body.isSuccess, false);
    assert.equal(running.body.errorInfo.errorCode, 'JOB_ALREADY_RUNNING');
    assert.equal((await supervisor.post('/campaigns/DemoPredictive/job/stop')).body.isSuccess, true);
    const started = await supervisor.post('/campaigns/DemoPredictive/job/start');
    assert.equal(started.body.isSuccess, true);
    assert.equal(started.body.errorInfo, null);
    assert.equal(started.body.jobState, 'running');
    const unknown = await supervisor.post('/campaigns/NoSuchCampaign/job/start');
    assert.equal(unknown.status, 404);
  });
});

describe('audit log', () => {
  it('records who did what, when, with the counts', async () => {
    const entries = (await admin.get('/audit?limit=1000')).body as Array<{ username: string; action: string; outcome: string; counts: Record<string, number>; at: string; target: string }>;
    const purge = entries.find((e) => e.action === 'PurgeContact' && e.target === 'PurgeDirect')!;
    assert.equal(purge.username, 'supervisor');
    assert.equal(purge.outcome, 'ok');
    assert.deepEqual([purge.counts.before, purge.counts.after, purge.counts.purged], [5, 3, 2]);
    assert.ok(!Number.isNaN(Date.parse(purge.at)));
    const busy = entries.find((e) => e.action === 'PurgeContact' && e.target === 'PurgeBusy')!;
    assert.equal(busy.outcome, 'failed');
    assert.equal(busy.counts.failed, 1);
    for (const action of ['GetAllContactLists', 'DNC.markUncallable', 'DNC.addAddresses', 'DNC.removeAddresses', 'StartCampaignJob', 'PauseCampaignJob', 'ImportContacts', 'login', 'createUser']) {
      assert.ok(entries.some((e) => e.action === action), `${action} is audited`);
    }
    const failedLogin = entries.find((e) => e.action === 'login' && e.outcome === 'failed' && e.target === 'agent1001');
    assert.ok(failedLogin, 'failed logins are audited');
  });
});

describe('configuration', () => {
  it('reports an unreachable POM as an upstream failure', async () => {
    const lost = await startTestNailup({ 'utilities.pom.baseUrl': 'http://127.0.0.1:9/pom/v1', 'utilities.pom.timeoutMs': 2000 });
    try {
      const reply = await (await loginAs(lost, 'supervisor')).get('/contact-lists');
      assert.equal(reply.status, 502);
      assert.equal(reply.body.error.code, 'UPSTREAM_FAILED');
    } finally {
      await lost.close();
    }
  });

  it('sends the configured credentials to POM', async () => {
    const secured = await startTestNailup({ 'utilities.pom.password': 'pom-pass-1', 'utilities.organizationName': 'Acme' });
    try {
      const sup = await loginAs(secured, 'supervisor');
      const lists = await sup.get('/contact-lists');
      assert.equal(lists.status, 200);
      assert.deepEqual(lists.body, [], 'organization Acme has no lists');
      const noList = await sup.csv('/dnc/addresses', '+12125550199\n');
      assert.equal(noList.status, 404);
      assert.equal(noList.body.errorInfo.errorCode, 'NO_DNC_LIST');
    } finally {
      await secured.close();
    }
  });
});
