/**
 * The reports fed by the imports: Account Not in Listing, the accounts of contact uploads that did not
 * make it into the dial list (the spec: "the accounts which are not dialed by the POM; data inserted by
 * the pre-processing script"). The import writes them with its rejects (src/imports/importer.ts).
 */
import type { UnlistedReason } from '../store/records.ts';
import { iso, type Report } from './report.ts';

const REASONS: Record<UnlistedReason, string> = { rejected: 'Rejected', dnc: 'DNC', duplicate: 'Duplicate' };

export const accountNotInListing: Report = {
  id: 'account-not-in-listing',
  title: 'Account Not in Listing',
  description: 'Accounts of contact uploads in the range that did not make it into the dial list (of the campaign\'s contact list, if one is chosen): rows rejected by the checks, numbers on a DNC list, duplicates; with the row\'s error',
  filter: 'campaign',
  columns: [
    { key: 'at', label: 'Time', type: 'datetime' }, { key: 'importId', label: 'Import', type: 'number' }, { key: 'fileName', label: 'File', type: 'text' },
    { key: 'contactList', label: 'Contact list', type: 'text' }, { key: 'userContactId', label: 'Account', type: 'text' }, { key: 'contactName', label: 'Name', type: 'text' },
    { key: 'number', label: 'Number', type: 'text' }, { key: 'reason', label: 'Reason', type: 'text' }, { key: 'detail', label: 'Detail', type: 'text' },
  ],
  async page(store, params, limit, offset) {
    const filter = { from: params.from, to: params.to, ...(params.campaign ? { contactListIds: [params.campaign.contactListId] } : {}) };
    const { rows, total } = await store.imports.unlisted(filter, limit, offset);
    return {
      total,
      rows: rows.map((u) => ({
        at: iso(u.at), importId: u.runId, fileName: u.fileName, contactList: u.contactListName, userContactId: u.userContactId,
        contactName: u.name, number: u.number, reason: REASONS[u.reason], detail: u.detail,
      })),
    };
  },
};
