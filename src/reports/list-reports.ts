/** The reports that list callbacks, DNC numbers and accounts rather than attempts. */
import { campaignsOf, iso, type Report, type ReportColumn } from './report.ts';

const RECALL_COLUMNS: readonly ReportColumn[] = [
  { key: 'dueAt', label: 'Due', type: 'datetime' }, { key: 'expiresAt', label: 'Expires', type: 'datetime' }, { key: 'campaign', label: 'Campaign', type: 'text' },
  { key: 'agentId', label: 'Agent', type: 'text' }, { key: 'agentName', label: 'Agent name', type: 'text' }, { key: 'userContactId', label: 'Account', type: 'text' },
  { key: 'contactName', label: 'Name', type: 'text' }, { key: 'number', label: 'Number', type: 'text' }, { key: 'type', label: 'Type', type: 'text' },
  { key: 'state', label: 'State', type: 'text' }, { key: 'notes', label: 'Notes', type: 'text' }, { key: 'createdAt', label: 'Booked', type: 'datetime' },
];

export const agentOwnedRecalls: Report = {
  id: 'agent-owned-recalls',
  title: 'Agent Owned Recalls',
  description: 'Callbacks an agent booked for themselves (Agent and StrictAgent), due in the range, with their state',
  filter: 'campaign',
  columns: RECALL_COLUMNS,
  async page(store, params, limit, offset) {
    const campaigns = await campaignsOf(store);
    const agents = new Map((await store.agents.list()).map((a) => [a.agentId, a.name]));
    const page = await store.callbacks.page({ owned: true, dueFrom: params.from, dueTo: params.to, ...(params.campaign ? { campaignId: params.campaign.id } : {}) }, limit, offset);
    return {
      total: page.total,
      rows: page.callbacks.map((c) => ({
        dueAt: iso(c.dueAt), expiresAt: iso(c.expiresAt), campaign: campaigns.get(c.campaignId)?.name ?? String(c.campaignId),
        agentId: c.agentId, agentName: c.agentId === null ? null : (agents.get(c.agentId) ?? null),
        userContactId: c.userContactId, contactName: c.contactName,
        number: c.number, type: c.type, state: c.state, notes: c.notes, createdAt: iso(c.createdAt),
      })),
    };
  },
};

export const dncList: Report = {
  id: 'dnc-list',
  title: 'DNC List',
  description: 'Numbers put on DNC lists in the range (of the campaign\'s lists, if one is chosen), and by whom: by hand, or the dialer\'s kill list (an agent\'s DNC disposition)',
  filter: 'campaign',
  columns: [{ key: 'addedAt', label: 'Added', type: 'datetime' }, { key: 'dncList', label: 'DNC list', type: 'text' }, { key: 'address', label: 'Address', type: 'text' }, { key: 'source', label: 'Source', type: 'text' }],
  async page(store, params, limit, offset) {
    const lists = new Map((await store.dnc.lists()).map((l) => [l.id, l.name]));
    const ids = params.campaign ? params.campaign.dncListIds : [...lists.keys()];
    const { rows, total } = await store.dnc.addedBetween(ids, params.from, params.to, limit, offset);
    return {
      total,
      rows: rows.map((r) => ({
        addedAt: iso(r.addedAt), dncList: lists.get(r.dncListId) ?? String(r.dncListId), address: r.address,
        source: r.source === 'dialer' ? 'Dialer kill list' : 'Manual',
      })),
    };
  },
};

export const notAttempted: Report = {
  id: 'not-attempted',
  title: 'List Accounts Not Attempted',
  description: 'Accounts of the campaigns\' contact lists that the dialer had not attempted by the end of the range, with their state',
  filter: 'campaign',
  columns: [
    { key: 'contactList', label: 'Contact list', type: 'text' }, { key: 'campaigns', label: 'Campaigns', type: 'text' }, { key: 'userContactId', label: 'Account', type: 'text' },
    { key: 'contactName', label: 'Name', type: 'text' }, { key: 'number', label: 'Number', type: 'text' }, { key: 'state', label: 'State', type: 'text' },
    { key: 'priority', label: 'Priority', type: 'number' }, { key: 'nextAttemptAt', label: 'Dialable from', type: 'datetime' },
  ],
  async page(store, params, limit, offset) {
    const campaigns = params.campaign ? [params.campaign] : [...(await campaignsOf(store)).values()];
    const lists = new Map((await store.contactLists.list()).map((l) => [l.id, l.name]));
    const campaignsOfList = (id: number): string => campaigns.filter((c) => c.contactListId === id).map((c) => c.name).sort().join(', ');
    const { contacts, total } = await store.contacts.notAttempted([...new Set(campaigns.map((c) => c.contactListId))], params.to, limit, offset);
    return {
      total,
      rows: contacts.map((c) => ({
        contactList: lists.get(c.contactListId) ?? String(c.contactListId), campaigns: campaignsOfList(c.contactListId), userContactId: c.userContactId,
        contactName: `${c.firstName} ${c.lastName}`.trim(), number: c.phones[0]?.number ?? '', state: c.state, priority: c.priority, nextAttemptAt: iso(c.nextAttemptAt),
      })),
    };
  },
};
