/** The reports that list call attempts (Call Attempt, Outbound Nuisance, NSP, NTC): one row per attempt. */
import type { AttemptRecord, CampaignRecord } from '../store/records.ts';
import type { AttemptFilter } from '../store/store.ts';
import { nuisanceReasonOf } from './nuisance.ts';
import { campaignsOf, iso, type Report, type ReportColumn, type ReportId, type ReportRow } from './report.ts';
import { rolledAttemptCount } from './rollups/rollup-reads.ts';

const ATTEMPT_COLUMNS: readonly ReportColumn[] = [
  { key: 'dialedAt', label: 'Dialed', type: 'datetime' }, { key: 'campaign', label: 'Campaign', type: 'text' }, { key: 'jobId', label: 'Job', type: 'number' },
  { key: 'userContactId', label: 'Account', type: 'text' }, { key: 'contactName', label: 'Name', type: 'text' }, { key: 'number', label: 'Number', type: 'text' },
  { key: 'kind', label: 'Kind', type: 'text' }, { key: 'result', label: 'Result', type: 'text' }, { key: 'agentId', label: 'Agent', type: 'text' },
  { key: 'completionCode', label: 'Completion code', type: 'text' }, { key: 'answeredAt', label: 'Answered', type: 'datetime' }, { key: 'connectedAt', label: 'Connected', type: 'datetime' },
  { key: 'endedAt', label: 'Ended', type: 'datetime' }, { key: 'talkSeconds', label: 'Talk seconds', type: 'number' }, { key: 'abandoned', label: 'Abandoned', type: 'boolean' },
  { key: 'nuisance', label: 'Nuisance', type: 'boolean' },
  // Why the call is a nuisance (src/reports/nuisance.ts), and the agent's wrap-up notes.
  { key: 'nuisanceReason', label: 'Nuisance reason', type: 'text' }, { key: 'notes', label: 'Notes', type: 'text' },
];

function attemptRow(a: AttemptRecord & { userContactId: string; contactName: string }, campaigns: Map<number, CampaignRecord>): ReportRow {
  const campaign = campaigns.get(a.campaignId);
  const code = a.completionCode === null ? null : (campaign?.completionCodes.find((c) => c.codeID === a.completionCode)?.codeValue ?? a.completionCode);
  return {
    dialedAt: iso(a.dialedAt), campaign: campaign?.name ?? String(a.campaignId), jobId: a.jobId,
    userContactId: a.userContactId, contactName: a.contactName, number: a.number, kind: a.kind, result: a.result, agentId: a.agentId,
    completionCode: code, answeredAt: iso(a.answeredAt), connectedAt: iso(a.connectedAt), endedAt: iso(a.endedAt),
    talkSeconds: a.connectedAt !== null && a.endedAt !== null ? Math.round((a.endedAt - a.connectedAt) / 1000) : null,
    abandoned: a.abandoned, nuisance: a.nuisance,
    nuisanceReason: nuisanceReasonOf(a), notes: a.notes ?? null,
  };
}

/** An attempt report: the attempts of the range that `narrow` keeps. */
export function attemptReport(id: ReportId, title: string, description: string, narrow: (campaigns: CampaignRecord[]) => Partial<AttemptFilter>): Report {
  return {
    id, title, description, filter: 'campaign', columns: ATTEMPT_COLUMNS,
    async page(store, params, limit, offset) {
      const campaigns = await campaignsOf(store);
      const scope = params.campaign ? [params.campaign] : [...campaigns.values()];
      const filter: AttemptFilter = { from: params.from, to: params.to, ...narrow(scope), ...(params.campaign ? { campaignId: params.campaign.id } : {}) };
      // The page from the attempts, the total from the report rollups (counting a month of attempts is slow).
      const { rows } = await store.attempts.report(filter, limit, offset, { total: false });
      return { total: await rolledAttemptCount(store, filter), rows: rows.map((a) => attemptRow(a, campaigns)) };
    },
  };
}

/** Attempts disposed with a completion code of this value, whatever its id in each campaign. */
export const disposedAs = (value: string) => (campaigns: CampaignRecord[]): Partial<AttemptFilter> => ({
  completionCodes: campaigns.map((c) => ({ campaignId: c.id, codeIds: c.completionCodes.filter((code) => code.codeValue === value).map((code) => code.codeID) })),
});
