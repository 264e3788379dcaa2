/** The job summaries (Predictive Job Performance Summary, Preview Job Summary): one row per job. */
import type { CampaignRecord } from '../store/records.ts';
import { campaignsOf, iso, type Report, type ReportColumn, type ReportId, type ReportRow } from './report.ts';
import { rolledJobTotals } from './rollups/rollup-reads.ts';

const JOB_COLUMNS: readonly ReportColumn[] = [
  { key: 'jobId', label: 'Job', type: 'number' }, { key: 'campaign', label: 'Campaign', type: 'text' }, { key: 'team', label: 'Team', type: 'text' }, { key: 'startedAt', label: 'Job started', type: 'datetime' },
  { key: 'dials', label: 'Dials', type: 'number' }, { key: 'answered', label: 'Answered', type: 'number' }, { key: 'liveAnswers', label: 'Live answers', type: 'number' },
  { key: 'connects', label: 'Connects', type: 'number' }, { key: 'abandoned', label: 'Abandoned', type: 'boolean' }, { key: 'abandonRate', label: 'Abandon %', type: 'number' },
  { key: 'nuisance', label: 'Nuisance', type: 'boolean' }, { key: 'meanTalkSeconds', label: 'Mean talk seconds', type: 'number' }, { key: 'agents', label: 'Agents', type: 'number' },
];

/**
 * A job summary: per job of the campaigns of these types, what its attempts in the range came to; read
 * from the hourly rollups and, at the edges of the range, from the attempts (rollups/rollup-reads.ts).
 */
export function jobSummary(id: ReportId, title: string, description: string, types: ReadonlyArray<CampaignRecord['type']>): Report {
  return {
    id, title, description, filter: 'campaign', columns: JOB_COLUMNS,
    async page(store, params, limit, offset) {
      const campaigns = await campaignsOf(store);
      const scope = (params.campaign ? [params.campaign] : [...campaigns.values()]).filter((c) => types.includes(c.type));
      const { rows, total } = await rolledJobTotals(store, scope.map((c) => c.id), { from: params.from, to: params.to }, limit, offset);
      const out: ReportRow[] = [];
      for (const t of rows) {
        const campaign = campaigns.get(t.campaignId);
        const job = await store.jobs.findById(t.jobId);
        out.push({
          jobId: t.jobId, campaign: campaign?.name ?? String(t.campaignId), team: campaign?.teamName ?? '', startedAt: iso(job?.startedAt ?? null),
          dials: t.dials, answered: t.answered, liveAnswers: t.liveAnswers, connects: t.connects, abandoned: t.abandoned,
          abandonRate: t.liveAnswers > 0 ? Math.round((1000 * t.abandoned) / t.liveAnswers) / 10 : 0, nuisance: t.nuisance,
          meanTalkSeconds: t.connects > 0 ? Math.round(t.talkSeconds / t.connects) : 0, agents: t.agents,
        });
      }
      return { total, rows: out };
    },
  };
}
