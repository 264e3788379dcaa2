/** The agent time summaries (Predictive and Preview Agent Time Summary): one row per agent. */
import type { CampaignRecord } from '../store/records.ts';
import type { AgentTimeTotals } from '../store/store.ts';
import { campaignsOf, type Report, type ReportColumn, type ReportId, type ReportRow } from './report.ts';
import { rolledAgentTime } from './rollups/rollup-reads.ts';

const AGENT_TIME_COLUMNS: readonly ReportColumn[] = [
  { key: 'agentId', label: 'Agent', type: 'text' }, { key: 'agentName', label: 'Name', type: 'text' }, { key: 'team', label: 'Team', type: 'text' }, { key: 'campaigns', label: 'Campaigns', type: 'text' },
  { key: 'loggedInSeconds', label: 'Logged in seconds', type: 'number' }, { key: 'readySeconds', label: 'Ready seconds', type: 'number' }, { key: 'previewSeconds', label: 'Preview seconds', type: 'number' },
  { key: 'talkSeconds', label: 'Talk seconds', type: 'number' }, { key: 'wrapSeconds', label: 'Wrap-up seconds', type: 'number' }, { key: 'notReadySeconds', label: 'Not ready seconds', type: 'number' },
  { key: 'calls', label: 'Calls', type: 'number' }, { key: 'meanTalkSeconds', label: 'Mean talk seconds', type: 'number' }, { key: 'occupancy', label: 'Occupancy %', type: 'number' },
];

/**
 * An agent time summary: per agent, the time spent on the campaigns of these types in the range, from
 * the agents' state history (agent-time.ts) as rolled up per hour, and raw at the edges of the range
 * (rollups/rollup-reads.ts).
 */
export function agentTimeSummary(id: ReportId, title: string, description: string, types: ReadonlyArray<CampaignRecord['type']>): Report {
  return {
    id, title, description, filter: 'campaign', columns: AGENT_TIME_COLUMNS,
    async page(store, params, limit, offset) {
      const campaigns = [...(await campaignsOf(store)).values()];
      const names = new Set((params.campaign ? [params.campaign] : campaigns).filter((c) => types.includes(c.type)).map((c) => c.name));
      const byAgent = new Map<string, AgentTimeTotals[]>();
      for (const t of await rolledAgentTime(store, { from: params.from, to: params.to })) {
        if (!names.has(t.campaignName)) continue;
        byAgent.set(t.agentId, [...(byAgent.get(t.agentId) ?? []), t]);
      }
      const rows: ReportRow[] = [];
      for (const agent of await store.agents.list()) {
        const totals = byAgent.get(agent.agentId) ?? [];
        const ms = (field: 'readyMs' | 'previewMs' | 'talkMs' | 'wrapMs' | 'notReadyMs'): number => totals.reduce((sum, t) => sum + t[field], 0);
        // Seconds as agentTime gives them: whole ms divided once.
        const s = { ready: ms('readyMs') / 1000, preview: ms('previewMs') / 1000, talk: ms('talkMs') / 1000, wrap: ms('wrapMs') / 1000, notReady: ms('notReadyMs') / 1000 };
        const calls = totals.reduce((sum, t) => sum + t.calls, 0);
        const worked = totals.filter((t) => t.readyMs + t.previewMs + t.talkMs + t.wrapMs + t.notReadyMs > 0).map((t) => t.campaignName);
        const loggedIn = s.ready + s.preview + s.talk + s.wrap + s.notReady;
        if (loggedIn === 0) continue;
        rows.push({
          agentId: agent.agentId, agentName: agent.name, team: agent.teamName, campaigns: worked.sort().join(', '),
          loggedInSeconds: Math.round(loggedIn), readySeconds: Math.round(s.ready), previewSeconds: Math.round(s.preview), talkSeconds: Math.round(s.talk),
          wrapSeconds: Math.round(s.wrap), notReadySeconds: Math.round(s.notReady), calls,
          meanTalkSeconds: calls > 0 ? Math.round(s.talk / calls) : 0,
          occupancy: Math.round((1000 * (s.preview + s.talk + s.wrap)) / loggedIn) / 10,
        });
      }
      return { total: rows.length, rows: rows.slice(offset, offset + limit) };
    },
  };
}
