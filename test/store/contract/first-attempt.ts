/**
 * Migration 013: the first attempt's time kept on each contact, which List Accounts Not Attempted reads.
 * Whether a contact counts as not attempted by a time depends on its first attempt only: set by the
 * attempt's insert, never moved by a later attempt.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { ContactRecord } from '../../../src/store/records.ts';
import type { Store } from '../../../src/store/store.ts';
import type { OpenedStore } from '../store-contract.ts';
import { sampleCampaign, sampleContact } from './fixtures.ts';

const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z: times past 2^32.
const MINUTE = 60_000;



export function firstAttemptContract(name: string, open: () => Promise<OpenedStore>): void {
  describe(`Store contract: ${name}: the first attempt kept on the contact (accounts not attempted)`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await open());
    });
    afterEach(async () => {
      await cleanup();
    });

    /** A list with these accounts and a campaign's job; `dial` stores an attempt of one of them. */
    async function floor(accounts: string[]): Promise<{ listId: number; contacts: Map<string, ContactRecord>; dial: (account: string, at: number) => Promise<void> }> {
      const list = await store.contactLists.create({ name: 'Accounts', organizationName: 'Acme', zoneName: 'Default', lastUpdatedOn: T0 });
      const c = await store.campaigns.create(sampleCampaign('Spring', list.id));
      const job = await store.jobs.create(c.id, T0);
      await store.contacts.insertMany(list.id, accounts.map((id) => sampleContact(id)));
      const contacts = new Map<string, ContactRecord>();
      for (const account of accounts) {
        const found = await store.contacts.findByUserContactId(list.id, account);
        assert.ok(found, account);
        contacts.set(account, found);
      }
      const dial = async (account: string, at: number): Promise<void> => {
        const target = contacts.get(account);
        assert.ok(target, account);
        await store.attempts.insert({ jobId: job.id, campaignId: c.id, contactId: target.id, number: '+13125550100', kind: 'predictive', dialedAt: at });
      };
      return { listId: list.id, contacts, dial };
    }

    const accounts = async (listId: number, to: number): Promise<{ accounts: string[]; total: number }> => {
      const page = await store.contacts.notAttempted([listId], to, 10, 0);
      return { accounts: page.contacts.map((c) => c.userContactId), total: page.total };
    };

    it('counts a contact attempted at or after the end of the range, and one never attempted, as not attempted', async () => {
      const { listId, dial } = await floor(['before', 'after', 'at-end', 'never']);
      const to = T0 + 10 * MINUTE;
      await dial('before', to - 1);
      await dial('after', to + MINUTE);
      await dial('at-end', to);
      assert.deepEqual(await accounts(listId, to), { accounts: ['after', 'at-end', 'never'], total: 3 });
      // A range ending later sees the later attempts.
      assert.deepEqual(await accounts(listId, to + MINUTE + 1), { accounts: ['never'], total: 1 });
    });

    it('keeps the first attempt: a second attempt of the contact does not move it', async () => {
      const { listId, dial } = await floor(['twice', 'never']);
      await dial('twice', T0 + MINUTE);
      await dial('twice', T0 + 20 * MINUTE);
      assert.deepEqual(await accounts(listId, T0 + 10 * MINUTE), { accounts: ['never'], total: 1 });
      assert.deepEqual(await accounts(listId, T0 + MINUTE), { accounts: ['twice', 'never'], total: 2 });
    });

    it('keeps the earliest attempt when one dialed earlier is stored later', async () => {
      const { listId, dial } = await floor(['late-first']);
      await dial('late-first', T0 + 20 * MINUTE);
      await dial('late-first', T0 + MINUTE);
      assert.deepEqual(await accounts(listId, T0 + 10 * MINUTE), { accounts: [], total: 0 });
    });

    it('reads the contacts of every list asked for, and leaves other lists out', async () => {
      const a = await floor(['a-never']);
      const list = await store.contactLists.create({ name: 'Other', organizationName: 'Acme', zoneName: 'Default', lastUpdatedOn: T0 });
      await store.contacts.insertMany(list.id, [sampleContact('b-never')]);
      await a.dial('a-never', T0 + 30 * MINUTE);
      const page = await store.contacts.notAttempted([a.listId, list.id], T0 + 10 * MINUTE, 10, 0);
      assert.deepEqual(page.contacts.map((c) => c.userContactId), ['a-never', 'b-never']);
      assert.equal(page.total, 2);
      assert.deepEqual((await store.contacts.notAttempted([list.id], T0 + 10 * MINUTE, 10, 0)).contacts.map((c) => c.userContactId), ['b-never']);
    });
  });
}
