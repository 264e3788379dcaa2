/** The dialer's POM web services (protocol.md §6), driven over HTTP against a running nailup. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Nailup } from '../../src/app.ts';
import { Client, pomClient, startTestNailup, type Json } from '../support/nailup.ts';

let nailup: Nailup;
let pom: Client;

before(async () => {
  nailup = await startTestNailup();
  pom = pomClient(nailup);
});
after(async () => {
  await nailup?.close();
});

/** A POM error body: the three fields, and the status. */
function assertPomError(reply: { status: number; body: Json }, status: number, errorCode: string, mentions?: RegExp): void {
  assert.equal(reply.status, status, JSON.stringify(reply.body));
  assert.equal(reply.body.errorCode, errorCode);
  assert.equal(typeof reply.body.displayMessage, 'string');
  assert.equal(typeof reply.body.errorMessage, 'string');
  if (mentions) assert.match(`${reply.body.displayMessage} ${reply.body.errorMessage}`, mentions);
}

const listId = async (name: string): Promise<number> => {
  const lists = (await pom.get('/contactlists')).body as Array<{ contactListName: string; contactListId: number }>;
  return lists.find((l) => l.contactListName === name)!.contactListId;
};

describe('contact lists', () => {
  it('lists an organization\'s contact lists with the spec\'s fields', async () => {
    const reply = await pom.get('/contactlists?searchBy=organizationName&searchOperator=like&searchValue=Demo');
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body.map((l: { contactListName: string }) => l.contactListName).sort(), ['DemoPredictiveList', 'DemoPreviewList']);
    const list = reply.body.find((l: { contactListName: string }) => l.contactListName === 'DemoPreviewList');
    assert.deepEqual(Object.keys(list).sort(), [
      'availableContacts', 'contactListId', 'contactListName', 'lastUpdateOn', 'organizationName', 'totalContacts', 'totalExcludedContacts', 'zoneName',
    ]);
    assert.equal(list.totalContacts, 200);
    assert.equal(list.organizationName, 'Demo');
    assert.ok(!Number.isNaN(Date.parse(list.lastUpdateOn)));
    assert.deepEqual((await pom.get('/contactlists?searchBy=organizationName&searchOperator=like&searchValue=Nobody')).body, []);
  });

  it('refuses a search it does not know, naming the parameter', async () => {
    assertPomError(await pom.get('/contactlists?searchBy=colour&searchValue=x'), 400, 'INVALID_PARAMETER', /searchBy/);
    assertPomError(await pom.get('/contactlists?searchBy=organizationName&searchOperator=near&searchValue=x'), 400, 'INVALID_PARAMETER', /searchOperator/);
  });

  it('creates a contact list, once', async () => {
    const created = await pom.post('/contactlists', { contactListName: 'Spring Leads', organizationName: 'Demo' });
    assert.equal(created.status, 201);
    assert.equal(created.body.contactListName, 'Spring Leads');
    assert.equal(created.body.totalContacts, 0);
    assert.deepEqual((await pom.get(`/contactlists/${created.body.contactListId}`)).body, created.body);
    assertPomError(await pom.post('/contactlists', { contactListName: 'Spring Leads' }), 409, 'ALREADY_EXISTS');
    assertPomError(await pom.post('/contactlists', { organizationName: 'Demo' }), 400, 'INVALID_PARAMETER', /contactListName/);
    assertPomError(await pom.get('/contactlists/9999'), 404, 'NOT_FOUND');
  });
});

describe('contacts', () => {
  it('pages the raw list: {contactBatch, totalPage}', async () => {
    const id = await listId('DemoPreviewList');
    const first = await pom.get(`/contactlists/${id}/contacts/list?pageSize=60&pageNumber=1`);
    assert.equal(first.status, 200);
    assert.equal(first.body.totalPage, 4);
    assert.equal(first.body.contactBatch.length, 60);
    const last = await pom.get(`/contactlists/${id}/contacts/list?pageSize=60&pageNumber=4`);
    assert.equal(last.body.contactBatch.length, 20);
    const contact = first.body.contactBatch[0];
    assert.equal(contact.userContactId, 'P000001');
    assert.match(contact.phoneNumbers[0].number, /^\+[1-9]\d{6,14}$/);
    assert.equal(typeof contact.attributes.Product, 'string');
  });

  it('filters and sorts: searchBy / searchOperator / searchValue, sortBy userContactId DESC', async () => {
    const id = await listId('DemoPreviewList');
    const one = await pom.get(`/contactlists/${id}/contacts/list?searchBy=userContactId&searchOperator=equals&searchValue=P000007&pageSize=10&pageNumber=1`);
    assert.deepEqual(one.body.contactBatch.map((c: { userContactId: string }) => c.userContactId), ['P000007']);
    assert.equal(one.body.totalPage, 1);
    const sorted = await pom.get(`/contactlists/${id}/contacts/list?searchBy=userContactId&searchOperator=like&searchValue=P00000&sortBy=userContactId&sortDirection=DESC&pageSize=3&pageNumber=1`);
    assert.deepEqual(sorted.body.contactBatch.map((c: { userContactId: string }) => c.userContactId), ['P000009', 'P000008', 'P000007']);
    const gold = await pom.get(`/contactlists/${id}/contacts/list?searchBy=Product&searchOperator=equals&searchValue=Gold%20Card&pageSize=500&pageNumber=1`);
    assert.ok(gold.body.contactBatch.length > 0);
    assert.ok(gold.body.contactBatch.every((c: { attributes: Record<string, string> }) => c.attributes.Product === 'Gold Card'));
    const notGold = await pom.get(`/contactlists/${id}/contacts/list?searchBy=Product&searchOperator=notEquals&searchValue=Gold%20Card&pageSize=500&pageNumber=1`);
    assert.equal(gold.body.contactBatch.length + notGold.body.contactBatch.length, 200);
  });

  it('refuses bad paging and search parameters, naming them', async () => {
    const id = await listId('DemoPreviewList');
    assertPomError(await pom.get(`/contactlists/${id}/contacts/list?pageSize=0&pageNumber=1`), 400, 'INVALID_PARAMETER', /pageSize/);
    assertPomError(await pom.get(`/contactlists/${id}/contacts/list?pageSize=10&pageNumber=x`), 400, 'INVALID_PARAMETER', /pageNumber/);
    assertPomError(await pom.get(`/contactlists/${id}/contacts/list?searchBy=userContactId&searchOperator=near&searchValue=1`), 400, 'INVALID_PARAMETER', /searchOperator/);
    assertPomError(await pom.get(`/contactlists/${id}/contacts/list?searchBy=userContactId&searchOperator=equals`), 400, 'INVALID_PARAMETER', /searchValue/);
    assertPomError(await pom.get(`/contactlists/${id}/contacts/list?sortDirection=UP`), 400, 'INVALID_PARAMETER', /sortDirection/);
    assertPomError(await pom.get('/contactlists/9999/contacts/list'), 404, 'NOT_FOUND');
  });

  it('deletes a contact, and refuses while its attempt is in progress', async () => {
    const id = await listId('DemoPreviewList');
    const deleted = await pom.request('DELETE', `/contactlists/${id}/contacts/P000010/delete`);
    assert.equal(deleted.status, 200);
    assert.deepEqual(deleted.body, { isDeleted: true, failedUserContactIds: [] });
    assert.equal((await pom.get(`/contactlists/${id}`)).body.totalContacts, 199);
    assert.equal((await pom.get(`/contactlists/${id}/contacts/list?searchBy=userContactId&searchOperator=equals&searchValue=P000010`)).body.contactBatch.length, 0);
    assertPomError(await pom.request('DELETE', `/contactlists/${id}/contacts/P000010/delete`), 404, 'NOT_FOUND');

    // The dialer has the contact: its attempt is in progress.
    const contact = (await nailup.store.contacts.findByUserContactId(id, 'P000011'))!;
    assert.equal(await nailup.store.contacts.claim(contact.id), true);
    const refused = await pom.post(`/contactlists/${id}/contacts/P000011/delete`);
    assertPomError(refused, 409, 'ATTEMPT_IN_PROGRESS');
    assert.equal(refused.body.errorMessage, 'Cannot delete contact as the attempt is in progress');
    assert.equal(refused.body.isDeleted, false);
    assert.equal((await nailup.store.contacts.findById(contact.id))!.state, 'in_progress');
    await nailup.store.contacts.release(contact.id, 0);
    assert.equal((await pom.post(`/contactlists/${id}/contacts/P000011/delete`)).body.isDeleted, true);
  });

  it('marks contacts uncallable, all or none', async () => {
    const id = await listId('DemoPredictiveList');
    const before = (await pom.get(`/contactlists/${id}`)).body;
    const refused = await pom.post(`/contactlists/${id}/contacts/markuncallable`, { userContactIds: ['Q000001', 'NOPE-1', 'Q000002'] });
    assertPomError(refused, 404, 'NOT_FOUND');
    assert.deepEqual(refused.body.failedContactIdList, ['NOPE-1']);
    assert.equal(refused.body.result, false);
    assert.equal((await pom.get(`/contactlists/${id}`)).body.totalExcludedContacts, before.totalExcludedContacts);

    const marked = await pom.post(`/contactlists/${id}/contacts/markuncallable`, { userContactIds: ['Q000001', 'Q000002'] });
    assert.equal(marked.status, 200);
    assert.deepEqual(marked.body, { result: true, failedContactIdList: null, marked: 2 });
    const after_ = (await pom.get(`/contactlists/${id}`)).body;
    assert.equal(after_.totalExcludedContacts, before.totalExcludedContacts + 2);
    assert.equal(after_.availableContacts, before.availableContacts - 2);
    assertPomError(await pom.post(`/contactlists/${id}/contacts/markuncallable`, { userContactIds: [] }), 400, 'INVALID_PARAMETER', /userContactIds/);
  });
});

describe('DNC lists', () => {
  it('lists DNC lists with the spec\'s fields', async () => {
    const reply = await pom.get('/dnclists');
    assert.equal(reply.status, 200);
    const demo = reply.body.find((l: { DNCListName: string }) => l.DNCListName === 'Demo');
    assert.equal(demo.totalAddresses, 50);
    assert.equal(demo.listType, 'phone');
    for (const key of ['DNCListId', 'DNCListName', 'lastUpdated', 'totalAddresses', 'listType']) assert.ok(key in demo, key);
  });

  it('creates a list, adds normalized addresses, refuses bad ones without adding any, removes', async () => {
    const created = await pom.post('/dnclists', { DNCListName: 'Litigators', listType: 'phone' });
    assert.equal(created.status, 201);
    const id = created.body.DNCListId;
    assertPomError(await pom.post('/dnclists', { DNCListName: 'Litigators' }), 409, 'ALREADY_EXISTS');
    assertPomError(await pom.post('/dnclists', { DNCListName: 'X', listType: 'fax' }), 400, 'INVALID_PARAMETER', /listType/);

    const bad = await pom.post(`/dnclists/${id}/addresses`, { addresses: ['(212) 555-0134', 'not a number', '+1 312 555 0100'] });
    assertPomError(bad, 400, 'INVALID_PARAMETER');
    assert.deepEqual(bad.body.failedContactIdList, ['not a number']);
    assert.equal((await pom.get(`/dnclists/${id}`)).body.totalAddresses, 0);

    const added = await pom.post(`/dnclists/${id}/addresses`, { addresses: ['(212) 555-0134', '+1 312 555 0100', '2125550134'] });
    assert.equal(added.status, 200);
    assert.equal(added.body.result, true);
    assert.equal(added.body.added, 2);
    assert.deepEqual((await pom.get(`/dnclists/${id}/addresses`)).body.addresses, ['+12125550134', '+13125550100']);

    const removed = await pom.post(`/dnclists/${id}/addresses/remove`, { addresses: ['212-555-0134'] });
    assert.equal(removed.body.removed, 1);
    assert.equal((await pom.get(`/dnclists/${id}`)).body.totalAddresses, 1);
    assertPomError(await pom.post('/dnclists/9999/addresses', { addresses: ['+12125550134'] }), 404, 'NOT_FOUND');
  });
});

describe('data sources and run-once schedules', () => {
  it('lists the demo append data sources and creates one', async () => {
    const id = await listId('DemoPreviewList');
    const sources = (await pom.get(`/datasources?contactListId=${id}`)).body;
    assert.deepEqual(sources.map((s: { dataSourceName: string; dataSourceType: string }) => [s.dataSourceName, s.dataSourceType]), [['DemoPreviewListAppend', 'append']]);
    const created = await pom.post('/datasources', { dataSourceName: 'SpringFeed', dataSourceType: 'append', contactListId: id, fileName: 'spring.csv' });
    assert.equal(created.status, 201);
    assert.equal(created.body.fileName, 'spring.csv');
    assertPomError(await pom.post('/datasources', { dataSourceName: 'Bad', contactListId: id, fileName: '../etc/passwd' }), 400, 'INVALID_PARAMETER', /fileName/);
    assertPomError(await pom.post('/datasources', { dataSourceName: 'Bad', dataSourceType: 'replace', contactListId: id, fileName: 'x.csv' }), 400, 'INVALID_PARAMETER', /dataSourceType/);
  });

  it('schedules a run-once import at a time in a zone', async () => {
    const reply = await pom.post('/datasources/schedule/runonce', { dataSourceName: 'DemoPreviewListAppend', startTime: '2099-01-05T09:30:00', timeZone: 'America/New_York' });
    assert.equal(reply.status, 201);
    assert.equal(reply.body.state, 'scheduled');
    assert.equal(reply.body.startTime, '2099-01-05T14:30:00.000Z');
    assert.deepEqual((await pom.get(`/datasources/schedule/${reply.body.scheduleId}`)).body.state, 'scheduled');
    assertPomError(await pom.post('/datasources/schedule/runonce', { dataSourceName: 'DemoPreviewListAppend', startTime: 'tomorrow' }), 400, 'INVALID_PARAMETER', /startTime/);
    assertPomError(await pom.post('/datasources/schedule/runonce', { dataSourceName: 'Nope', startTime: '2099-01-05T09:30:00' }), 404, 'NOT_FOUND');
    assertPomError(await pom.post('/datasources/schedule/runonce', { dataSourceName: 'DemoPreviewListAppend', startTime: '2099-01-05T09:30:00', timeZone: 'Mars/Olympus' }), 400, 'INVALID_PARAMETER', /timeZone/);
  });
});

describe('campaign jobs', () => {
  it('lists campaigns and controls a job: status, pause, resume, stop, start (isQueued)', async () => {
    const campaigns = (await pom.get('/campaigns')).body as Array<{ campaignId: number; campaignName: string }>;
    const preview = campaigns.find((c) => c.campaignName === 'DemoPreview')!;
    const base = `/campaigns/${preview.campaignId}/job`;
    // The demo floor started the job.
    assert.equal((await pom.get(`${base}/status`)).body.jobState, 'running');

    const paused = await pom.post(`${base}/pause`);
    assert.equal(paused.body.isQueued, true);
    assert.equal((await pom.get(`${base}/status`)).body.jobState, 'paused');
    assert.equal((await pom.post(`${base}/pause`)).body.isQueued, false);
    assert.equal((await pom.post(`${base}/resume`)).body.isQueued, true);
    assert.equal((await pom.get(`${base}/status`)).body.jobState, 'running');

    const again = await pom.post(`${base}/start`);
    assert.equal(again.body.isQueued, false, 'a running job is not started twice');
    const stopped = await pom.post(`${base}/stop`);
    assert.equal(stopped.body.isQueued, true);
    assert.match((await pom.get(`${base}/status`)).body.jobState, /stopp|completed/);
    assertPomError(await pom.post(`${base}/pause`), 409, 'NO_RUNNING_JOB');

    const started = await pom.post(`${base}/start`);
    assert.equal(started.status, 200);
    assert.equal(started.body.isQueued, true);
    assert.notEqual(started.body.jobId, stopped.body.jobId);
    assert.equal((await pom.get(`${base}/status`)).body.jobState, 'running');
    assertPomError(await pom.post('/campaigns/9999/job/start'), 404, 'NOT_FOUND');
  });

  it('answers unknown paths with a POM error', async () => {
    assertPomError(await pom.get('/nothing/here'), 404, 'NOT_FOUND');
  });
});

describe('authentication', () => {
  it('with a password set, takes HTTP Basic credentials and refuses others', async () => {
    const secured = await startTestNailup({ 'utilities.pom.username': 'pomapi', 'utilities.pom.password': 's3cret-pass' });
    try {
      assertPomError(await pomClient(secured).get('/dnclists'), 401, 'UNAUTHORIZED');
      assertPomError(await new Client(`${secured.url}/pom/v1`, { basic: ['pomapi', 'wrong'] }).get('/dnclists'), 401, 'UNAUTHORIZED');
      assert.equal((await new Client(`${secured.url}/pom/v1`, { basic: ['pomapi', 's3cret-pass'] }).get('/dnclists')).status, 200);
    } finally {
      await secured.close();
    }
  });
});
