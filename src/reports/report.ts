/**
 * What every OCM report is: columns (each with the type of its values, so that a spreadsheet gets dates
 * as dates and numbers as numbers) and a page of rows over a time range, narrowed by a campaign or a
 * queue. The reports themselves are in the files beside this one; reports.ts lists them.
 */
import type { CampaignRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';

export type ReportId = 'call-attempts' | 'outbound-nuisance' | 'nsp-list' | 'ntc' | 'agent-owned-recalls'
  | 'predictive-job-summary' | 'preview-job-summary' | 'predictive-agent-time' | 'preview-agent-time' | 'dnc-list' | 'not-attempted'
  | 'inbound-abandoned' | 'outbound-nuisance-agent-aux' | 'account-not-in-listing' | 'sales';

/** What narrows a report besides its range: a campaign (the outbound reports) or a queue (the inbound ones). */
export type ReportFilter = 'campaign' | 'queue';

/** How a column's values read: ISO 8601 instants (datetime), numbers, Y/N (boolean) or text. */
export type ReportColumnType = 'text' | 'number' | 'datetime' | 'boolean';

export interface ReportColumn {
  key: string;
  label: string;
  type: ReportColumnType;
}

export type ReportValue = string | number | boolean | null;
export type ReportRow = Record<string, ReportValue>;

export interface ReportParams {
  /** The range, [from, to): dial time for attempts, due time for callbacks. */
  from: number;
  to: number;
  /** Reports by campaign only. */
  campaign?: CampaignRecord;
  /** Reports by queue only: the queue's name. */
  queue?: string;
}

export interface ReportPage {
  total: number;
  rows: ReportRow[];
}

export interface Report {
  id: ReportId;
  title: string;
  description: string;
  filter: ReportFilter;
  columns: readonly ReportColumn[];
  page(store: Store, params: ReportParams, limit: number, offset: number): Promise<ReportPage>;
}

/** An instant as the reports show it: ISO 8601, or null. */
export const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** The campaigns' names and their completion codes' values, by id. */
export async function campaignsOf(store: Store): Promise<Map<number, CampaignRecord>> {
  return new Map((await store.campaigns.list()).map((c) => [c.id, c]));
}
