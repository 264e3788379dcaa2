/**
 * The OCM reports drawn from the dialer's own records: every call attempt, the nuisance calls, the
 * contacts disposed NSP or CM_NTC, the callbacks agents own, each job's performance, where each
 * agent's time went, the numbers put on DNC lists, the accounts not yet dialed, and the inbound callers
 * who hung up while waiting. Each report is a list of columns and a page of rows over a time range
 * (and a campaign, or for an inbound report a queue, if given); the API serves it as JSON, or as a CSV
 * file or an Excel workbook read page by page (report-file.ts).
 */
import { agentTimeSummary } from './agent-time-summary.ts';
import { attemptReport, disposedAs } from './attempt-reports.ts';
import { inboundAbandoned } from './inbound-reports.ts';
import { accountNotInListing } from './import-reports.ts';
import { salesReport } from './sales-report.ts';
import { jobSummary } from './job-summary.ts';
import { agentOwnedRecalls, dncList, notAttempted } from './list-reports.ts';
import type { Report } from './report.ts';

export type { Report, ReportColumn, ReportColumnType, ReportFilter, ReportId, ReportPage, ReportParams, ReportRow, ReportValue } from './report.ts';

export const REPORTS: readonly Report[] = [
  attemptReport('call-attempts', 'Call Attempt', 'Every call the dialer attempted in the range, with its result, agent and completion code', () => ({})),
  attemptReport('outbound-nuisance', 'Outbound Nuisance',
    'Nuisance calls, with why: a predictive call whose agent went to Aux on it (the spec\'s definition), abandoned (no agent free in time) or left open by a stopped dialer', () => ({ nuisance: true })),
  attemptReport('nsp-list', 'NSP List', 'Calls the agent disposed with the completion code NSP', disposedAs('NSP')),
  attemptReport('ntc', 'NTC', 'Calls the agent disposed with the completion code CM_NTC', disposedAs('CM_NTC')),
  agentOwnedRecalls,
  dncList,
  notAttempted,
  jobSummary('predictive-job-summary', 'Predictive Job Performance Summary',
    'Per job of the predictive and progressive campaigns, with its team: dials, answers, connects, abandons and the abandon rate, nuisance calls, mean talk time, agents', ['Predictive', 'Progressive']),
  jobSummary('preview-job-summary', 'Preview Job Summary',
    'Per job of the preview campaigns, with its team: dials, answers, connects, mean talk time, agents', ['Preview']),
  agentTimeSummary('predictive-agent-time', 'Predictive Agent Time Summary',
    'Per agent, with their team: time logged in on predictive and progressive campaigns, ready, talking, in wrap-up and not ready; calls, mean talk, occupancy', ['Predictive', 'Progressive']),
  agentTimeSummary('preview-agent-time', 'Preview Agent Time Summary',
    'Per agent, with their team: time logged in on preview campaigns, ready, previewing and dialing, talking, in wrap-up and not ready; calls, mean talk, occupancy', ['Preview']),
  inboundAbandoned,
  attemptReport('outbound-nuisance-agent-aux', 'Outbound Nuisance (Agent Aux)', 'The spec\'s Outbound Nuisance: predictive and progressive calls that connected to an agent who then went to Aux', () => ({ nuisance: true, nuisanceReason: 'agent_aux' })),
  accountNotInListing,
  salesReport,
];

export function reportById(id: string): Report | undefined {
  return REPORTS.find((r) => r.id === id);
}
