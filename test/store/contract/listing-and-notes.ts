/**
 * Migration 012: the accounts of contact uploads not in the listing (written with an import's rejects,
 * read by range and list, only for completed imports), the attempt's nuisance reason and wrap-up notes
 * (the contact's history), and a page of sales records by campaign with their contact's account.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { CampaignRecord, ContactRecord } from '../../../src/store/records.ts';
import type { Store } from '../../../src/store/store.ts';
import type { OpenedStore } from '../store-contract.ts';
import { sampleCampaign, sampleContact } from './fixtures.ts';

const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z: times past 2^32.



export function listingAndNotesContract(name: string, open: () => Promise<OpenedStore>): void {
  describe(`Store contract: ${name}: accounts not in listing, nuisance reasons, wrap-up notes, sales pages`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await open());
    });
    afterEach(async () => {
      await cleanup();
    });

    async function listWithContact(listName: string): Promise<{ listId: number; campaign: CampaignRecord; contact: ContactRecord; jobId: number }> {
      const list = await store.contactLists.create({ name: listName, organizationName: 'Acme', zoneName: 'Default', lastUpdatedOn: T0 });
      const c = await store.campaigns.create(sampleCampaign(`${listName} campaign`, list.id));
      await store.contacts.insertMany(list.id, [sampleContact(`${listName}-1`)]);
      const found = await store.contacts.findByUserContactId(list.id, `${listName}-1`);
      assert.ok(found);
      return { listId: list.id, campaign: c, contact: found, jobId: (await store.jobs.create(c.id, T0)).id };
    }

    it('keeps the accounts of a contact import\'s rejects, by time, for completed imports only', async () => {
      const a = await listWithContact('A');
      const b = await listWithContact('B');
      const run = (listId: number, listName: string) => store.imports.createRun({ kind: 'contacts', targetId: listId, targetName: listName, fileName: `${listName}.csv`, scrub: true, startedAt: T0, userName: 'sup' });
      const runA = await run(a.listId, 'A');
      const runB = await run(b.listId, 'B');
      const failed = await run(a.listId, 'A');
      await store.imports.addRejects(runA.id, [
        { rowNumber: 2, reason: 'bad_number', field: 'phone1', message: 'phone1: 12 is not a number', value: '12', account: { userContactId: 'X1', name: 'Ann Lee', number: '12' } },
        { rowNumber: 3, reason: 'dnc', field: 'phone', message: '+13125550199 is on a DNC list', value: '+13125550199', account: { userContactId: 'X2', name: 'Bo Chu', number: '+13125550199' } },
      ], { contactListId: a.listId, at: T0 + 1000 });
      await store.imports.addRejects(runA.id, [{ rowNumber: 4, reason: 'duplicate', field: 'userContactId', message: 'X1 is on line 2 already', value: 'X1' }], { contactListId: a.listId, at: T0 + 2000 });
      await store.imports.addRejects(runB.id, [
        { rowNumber: 2, reason: 'missing_field', field: 'userContactId', message: 'userContactId is empty', value: '', account: { userContactId: '', name: 'Cy Dee', number: '+13125550100' } },
      ], { contactListId: b.listId, at: T0 + 1500 });
      await store.imports.addRejects(failed.id, [{ rowNumber: 2, reason: 'dnc', field: 'phone', message: 'listed', value: '+1', account: { userContactId: 'Z', name: '', number: '+1' } }], { contactListId: a.listId, at: T0 + 1200 });
      // A DNC import's rejects have no listing.
      const dncRun = await store.imports.createRun({ kind: 'dnc', targetId: 1, targetName: 'DNC', fileName: 'dnc.csv', scrub: false, startedAt: T0, userName: 'sup' });
      await store.imports.addRejects(dncRun.id, [{ rowNumber: 2, reason: 'bad_number', field: 'address', message: 'bad', value: 'x' }]);
      const counts = { rowsRead: 4, rowsAccepted: 1, rowsRejected: 3 };
      assert.deepEqual(await store.imports.unlisted({ from: T0, to: T0 + 10_000 }, 10, 0), { rows: [], total: 0 }, 'running imports are not done deciding');
      await store.imports.finishRun(runA.id, 'completed', counts, T0 + 3000, null);
      await store.imports.finishRun(runB.id, 'completed', counts, T0 + 3000, null);
      await store.imports.finishRun(failed.id, 'failed', counts, T0 + 3000, 'broken');
      await store.imports.finishRun(dncRun.id, 'completed', counts, T0 + 3000, null);

      const all = await store.imports.unlisted({ from: T0, to: T0 + 10_000 }, 10, 0);
      assert.deepEqual(all, {
        total: 4,
        rows: [
          { runId: runA.id, contactListId: a.listId, userContactId: 'X1', name: 'Ann Lee', number: '12', reason: 'rejected', detail: 'phone1: 12 is not a number', at: T0 + 1000, fileName: 'A.csv', contactListName: 'A' },
          { runId: runA.id, contactListId: a.listId, userContactId: 'X2', name: 'Bo Chu', number: '+13125550199', reason: 'dnc', detail: '+13125550199 is on a DNC list', at: T0 + 1000, fileName: 'A.csv', contactListName: 'A' },
          { runId: runB.id, contactListId: b.listId, userContactId: '', name: 'Cy Dee', number: '+13125550100', reason: 'rejected', detail: 'userContactId is empty', at: T0 + 1500, fileName: 'B.csv', contactListName: 'B' },
          { runId: runA.id, contactListId: a.listId, userContactId: '', name: '', number: '', reason: 'duplicate', detail: 'X1 is on line 2 already', at: T0 + 2000, fileName: 'A.csv', contactListName: 'A' },
        ],
      });
      const ofA = await store.imports.unlisted({ from: T0, to: T0 + 10_000, contactListIds: [a.listId] }, 1, 1);
      assert.deepEqual([ofA.total, ofA.rows.map((r) => r.userContactId)], [3, ['X2']]);
      assert.deepEqual((await store.imports.unlisted({ from: T0 + 1500, to: T0 + 2000 }, 10, 0)).rows.map((r) => r.name), ['Cy Dee'], '[from, to)');
      assert.deepEqual(await store.imports.unlisted({ from: T0, to: T0 + 10_000, contactListIds: [] }, 10, 0), { rows: [], total: 0 });
      assert.deepEqual((await store.imports.rejects(runA.id, 0, 10)).map((r) => r.rowNumber), [2, 3, 4], 'the rejects are written as before');
    });

    it('keeps an attempt\'s nuisance reason and notes; reports by reason; lists a contact\'s attempts newest first', async () => {
      const a = await listWithContact('A');
      const dial = async (dialedAt: number) => store.attempts.insert({ jobId: a.jobId, campaignId: a.campaign.id, contactId: a.contact.id, number: '+13125550100', kind: 'predictive', dialedAt });
      const first = await dial(T0);
      const second = await dial(T0 + 60_000);
      const third = await dial(T0 + 120_000);
      assert.equal('notes' in first || 'nuisanceReason' in first, false, 'absent until set');
      await store.attempts.update(first.id, { connectedAt: T0 + 5, agentId: '1001', nuisance: true, nuisanceReason: 'agent_aux' });
      await store.attempts.update(second.id, { notes: 'Wants the "gold" plan;\nring after 5 pm', completionCode: 'SALE' });
      await store.attempts.update(third.id, { answeredAt: T0 + 120_005, abandoned: true });

      assert.deepEqual(await store.attempts.findById(first.id), { ...first, connectedAt: T0 + 5, agentId: '1001', nuisance: true, nuisanceReason: 'agent_aux' });
      assert.equal((await store.attempts.findById(second.id))?.notes, 'Wants the "gold" plan;\nring after 5 pm');
      const aux = await store.attempts.report({ from: T0, to: T0 + 1_000_000, nuisance: true, nuisanceReason: 'agent_aux' }, 10, 0);
      assert.deepEqual([aux.total, aux.rows.map((r) => [r.id, r.nuisanceReason])], [1, [[first.id, 'agent_aux']]]);
      const nuisance = await store.attempts.report({ from: T0, to: T0 + 1_000_000, nuisance: true }, 10, 0);
      assert.deepEqual(nuisance.rows.map((r) => r.id), [first.id, third.id]);

      assert.deepEqual((await store.attempts.listByContact(a.contact.id, 10)).map((r) => [r.id, r.notes ?? null]), [
        [third.id, null], [second.id, 'Wants the "gold" plan;\nring after 5 pm'], [first.id, null],
      ]);
      assert.deepEqual((await store.attempts.listByContact(a.contact.id, 1)).map((r) => r.id), [third.id]);
      assert.deepEqual(await store.attempts.listByContact(a.contact.id + 1000, 10), []);
    });

    it('pages the sales records of a range, by campaign, with their contact\'s account', async () => {
      const a = await listWithContact('A');
      const save = (at: number, campaignName: string, contactId: number | null, fields: Record<string, string>) =>
        store.salesRecords.insert({ agentId: '1001', at, screenId: 'card', connectionHandle: `h${at}`, campaignName, contactId, fields });
      const one = await save(T0 + 2000, 'Spring', a.contact.id, { firstName: 'Ann', plan: 'Gold' });
      const two = await save(T0 + 1000, 'Autumn', null, { plan: 'Basic' });
      const three = await save(T0 + 9000, 'Spring', a.contact.id, {});
      const page = await store.salesRecords.page({ from: T0, to: T0 + 9000 }, 10, 0);
      assert.deepEqual(page, { total: 2, rows: [{ ...two, userContactId: null }, { ...one, userContactId: 'A-1' }] });
      assert.deepEqual(await store.salesRecords.page({ from: T0, to: T0 + 10_000, campaignName: 'Spring' }, 1, 1), {
        total: 2, rows: [{ ...three, userContactId: 'A-1' }],
      });
    });
  });
}
