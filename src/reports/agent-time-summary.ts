/** The agent time summaries (Predictive and Preview Agent Time Summary): one row per agent. */
import type { CampaignRecord } from '../store/records.ts';
import { agentTime } from './agent-time.ts';
import { campaignsOf, type Report, type ReportColumn, type ReportId, type ReportRow } from './report.ts';

const AGENT_TIME_COLUMNS: readonly ReportColumn[] = [
  { key: 'agentId', label: 'Agent', type: 'text' }, { key: 'agentName', label: 'Name', type: 'text' }, { key: 'team', label: 'Team', type: 'text' }, { key: 'campaigns', label: 'Campaigns', type: 'text' },
  { key: 'loggedInSeconds', label: 'Logged in seconds', type: 'number' }, { key: 'readySeconds', label: 'Ready seconds', type: 'number' }, { key: 'previewSeconds', label: 'Preview seconds', type: 'number' },
  { key: 'talkSeconds', label: 'Talk seconds', type: 'number' }, { key: 'wrapSeconds', label: 'Wrap-up seconds', type: 'number' }, { key: 'notReadySeconds', label: 'Not ready seconds', type: 'number' },
  { key: 'calls', label: 'Calls', type: 'number' }, { key: 'meanTalkSeconds', label: 'Mean talk seconds', type: 'number' }, { key: 'occupancy', label: 'Occupancy %', type: 'number' },
];

/**
 * An agent time summary: per agent, the time spent on the campaigns of these types in the range,
 * from the agent's state history (agent-time.ts).
 */
export function agentTimeSummary(id: ReportId, title: string, description: string, types: ReadonlyArray<CampaignRecord['type']>): Report {
  return {
    id, title, description, filter: 'campaign', columns: AGENT_TIME_COLUMNS,
    async page(store, params, limit, offset) {
      const campaigns = [...(await campaignsOf(store)).values()];
      const names = new Set((params.campaign ? [params.campaign] : campaigns).filter((c) => types.includes(c.type)).map((c) => c.name));
      const rows: ReportRow[] = [];
      for (const agent of await store.agents.list()) {
        const before = await store.agentHistory.lastBefore(agent.agentId, params.from);
        const changes = await store.agentHistory.list(agent.agentId, params.from, params.to);
        const t = agentTime(before, changes, params.from, params.to, (name) => names.has(name));
        const s = t.seconds;
        const loggedIn = s.ready + s.preview + s.talk + s.wrap + s.notReady;
        if (loggedIn === 0) continue;
        rows.push({
          agentId: agent.agentId, agentName: agent.name, team: agent.teamName, campaigns: [...t.campaigns].sort().join(', '),
          loggedInSeconds: Math.round(loggedIn), readySeconds: Math.round(s.ready), previewSeconds: Math.round(s.preview), talkSeconds: Math.round(s.talk),
          wrapSeconds: Math.round(s.wrap), notReadySeconds: Math.round(s.notReady), calls: t.calls,
          meanTalkSeconds: t.calls > 0 ? Math.round(s.talk / t.calls) : 0,
          occupancy: Math.round((1000 * (s.preview + s.talk + s.wrap)) / loggedIn) / 10,
        });
      }
      return { total: rows.length, rows: rows.slice(offset, offset + limit) };
    },
  };
}
