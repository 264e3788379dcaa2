/**
 * The Sales report: the sales-screen records agents submit (src/tmac/tmac-server.ts), one row a record,
 * with the contact fields the screen was prefilled with as the agent submitted them.
 *
 * The fields are one text column, `fields`: a JSON object of the screen's field keys and values, in the
 * screen's order. Screens are configured (`tmac.salesScreens`) and differ in their fields, and a report's
 * columns are fixed (the catalog, CSV and XLSX headers, the export scheduler), so one column a field of
 * every configured screen would change the report's shape with the configuration and leave most cells
 * empty; JSON keeps every record whole, exact, and readable by a spreadsheet or a script.
 */
import { iso, type Report } from './report.ts';

export const salesReport: Report = {
  id: 'sales',
  title: 'Sales',
  description: 'The sales-screen records agents submitted in the range (of the campaign, if one is chosen): the agent, the account, the screen and its fields, prefilled contact fields included',
  filter: 'campaign',
  columns: [
    { key: 'at', label: 'Time', type: 'datetime' }, { key: 'agentId', label: 'Agent', type: 'text' }, { key: 'agentName', label: 'Agent name', type: 'text' },
    { key: 'campaign', label: 'Campaign', type: 'text' }, { key: 'userContactId', label: 'Account', type: 'text' }, { key: 'screen', label: 'Screen', type: 'text' },
    { key: 'fields', label: 'Fields', type: 'text' },
  ],
  async page(store, params, limit, offset) {
    const agents = new Map((await store.agents.list()).map((a) => [a.agentId, a.name]));
    const filter = { from: params.from, to: params.to, ...(params.campaign ? { campaignName: params.campaign.name } : {}) };
    const { rows, total } = await store.salesRecords.page(filter, limit, offset);
    return {
      total,
      rows: rows.map((r) => ({
        at: iso(r.at), agentId: r.agentId, agentName: agents.get(r.agentId) ?? null, campaign: r.campaignName === '' ? null : r.campaignName,
        userContactId: r.userContactId, screen: r.screenId, fields: JSON.stringify(r.fields),
      })),
    };
  },
};
