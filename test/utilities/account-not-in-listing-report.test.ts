/**
 * The Account Not in Listing report over the supervisor API: a contact upload with bad rows, numbers on a
 * DNC list and duplicates (in the file, and already in the list) lists exactly those accounts, with their
 * reason and the row's error, narrowed by the campaign's contact list; a completed upload elsewhere is
 * in the unnarrowed report only, and a DNC upload adds nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Nailup } from '../../src/app.ts';
import { loginAs, startTestNailup, type Client, type Json } from '../support/nailup.ts';
import { newList } from '../support/import-files.ts';

let nailup: Nailup;
let supervisor: Client;

before(async () => {
  nailup = await startTestNailup();
  supervisor = await loginAs(nailup, 'supervisor');
});
after(async () => {
  await nailup?.close();
});

describe('Account Not in Listing report', () => {
  it('lists the accounts of an upload that did not make it into the dial list, with why', async () => {
    const started = Date.now();
    const campaign = (await nailup.store.campaigns.findByName('DemoPredictive'))!;
    const list = (await nailup.store.contactLists.findById(campaign.contactListId))!;
    const existing = (await nailup.store.contacts.page(list.id, { limit: 1, offset: 0, sortBy: 'id', sortDirection: 'ASC' })).contacts[0]!;
    const listed = (await nailup.store.dnc.addressesAfter((await nailup.store.dnc.findListByName('Demo'))!.id, '', 1))[0]!;
    const csv = [
      'userContactId,firstName,lastName,phone1,phone2',
      'L1,Ann,Lee,+12125550301,', // 2 ok
      'L2,Bob,Ray,not a phone,', // 3 rejected: bad number
      ',Cal,Fox,+12125550303,', // 4 rejected: no userContactId
      `L4,Dee,Kim,${listed},`, // 5 DNC
      'L1,Eve,Lee,+12125550305,', // 6 duplicate of line 2
      `${existing.userContactId},Fay,Old,+12125550306,`, // 7 already in the list
      `L7,Gus,Tan,+12125550307,${listed}`, // 8 DNC, its second number
      'L8,Hal,Ng,+12125550308,', // 9 ok
    ].join('\n');
    const upload = await supervisor.csv(`/imports/contacts?list=${encodeURIComponent(list.name)}&fileName=listing.csv&scrub=true`, csv);
    assert.equal(upload.status, 201, JSON.stringify(upload.body));
    assert.deepEqual([upload.body.run.rowsRead, upload.body.added], [8, 2]);
    const runId = upload.body.run.id as number;
    const rejects = (await supervisor.get(`/imports/${runId}/rejects`)).body as Json[];
    const detail = (line: number): string => rejects.find((r) => r.rowNumber === line)!.message;

    // Another list's upload, and a DNC upload: neither is the campaign's list.
    await newList(supervisor, 'ListingOther');
    const other = await supervisor.csv('/imports/contacts?list=ListingOther&fileName=other.csv', 'userContactId,firstName,phone1\nO1,Ola,12\n');
    assert.equal(other.status, 201, JSON.stringify(other.body));
    assert.equal((await supervisor.csv('/imports/dnc?list=Demo&fileName=dnc.csv', 'address\nnot a number\n')).status, 201);

    const range = `from=${new Date(started - 1000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`;
    const reply = await supervisor.get(`/reports/account-not-in-listing?${range}&campaign=DemoPredictive`);
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    const at = reply.body.rows[0]?.at as string;
    assert.ok(Date.parse(at) >= started && Date.parse(at) <= Date.now(), at);
    const row = (line: number, userContactId: string, contactName: string, number: string, reason: string): Json => ({
      at, importId: runId, fileName: 'listing.csv', contactList: list.name, userContactId, contactName, number, reason, detail: detail(line),
    });
    assert.deepEqual(reply.body.rows, [
      row(3, 'L2', 'Bob Ray', 'not a phone', 'Rejected'),
      row(4, '', 'Cal Fox', '+12125550303', 'Rejected'),
      row(5, 'L4', 'Dee Kim', listed, 'DNC'),
      row(6, 'L1', 'Eve Lee', '+12125550305', 'Duplicate'),
      row(7, existing.userContactId, 'Fay Old', '+12125550306', 'Duplicate'),
      row(8, 'L7', 'Gus Tan', listed, 'DNC'),
    ]);
    assert.equal(reply.body.total, 6);
    assert.match(detail(5), /is on a DNC list/);
    assert.match(detail(7), /is already in DemoPredictiveList/);
    assert.deepEqual(reply.body.columns.map((c: Json) => [c.key, c.type]), [
      ['at', 'datetime'], ['importId', 'number'], ['fileName', 'text'], ['contactList', 'text'], ['userContactId', 'text'], ['contactName', 'text'],
      ['number', 'text'], ['reason', 'text'], ['detail', 'text'],
    ]);

    const all = await supervisor.get(`/reports/account-not-in-listing?${range}&limit=100`);
    assert.deepEqual(all.body.rows.map((r: Json) => [r.fileName, r.userContactId, r.reason]), [
      ...reply.body.rows.map((r: Json) => ['listing.csv', r.userContactId, r.reason]), ['other.csv', 'O1', 'Rejected'],
    ]);
    const page = await supervisor.get(`/reports/account-not-in-listing?${range}&campaign=DemoPredictive&limit=2&offset=4`);
    assert.deepEqual([page.body.total, page.body.rows.map((r: Json) => r.userContactId)], [6, [existing.userContactId, 'L7']]);
    const before = await supervisor.get(`/reports/account-not-in-listing?from=${new Date(started - 60_000).toISOString()}&to=${new Date(started - 1000).toISOString()}`);
    assert.deepEqual([before.body.total, before.body.rows], [0, []]);
  });
});
