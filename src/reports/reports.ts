/**
 * The OCM reports drawn from the dialer's own records: every call attempt, the nuisance calls, the
 * contacts disposed NSP or CM_NTC, the callbacks agents own, each job's performance, where each
 * agent's time went, the numbers put on DNC lists, the accounts not yet dialed, and the inbound callers
 * who hung up while waiting. Each report is a list of columns and a page of rows over a time range
 * (and a campaign, or for an inbound report a queue, if given); the API serves it as JSON or as a CSV
 * file read page by page.
 */
import type { AttemptRecord, CampaignRecord } from '../store/records.ts';
import type { AttemptFilter, Store } from '../store/store.ts';
import { agentTime } from './agent-time.ts';

export type ReportId = 'call-attempts' | 'outbound-nuisance' | 'nsp-list' | 'ntc' | 'agent-owned-recalls'
  | 'predictive-job-summary' | 'preview-job-summary' | 'predictive-agent-time' | 'preview-agent-time' | 'dnc-list' | 'not-attempted'
  | 'inbound-abandoned';

/** What narrows a report besides its range: a campaign (the outbound reports) or a queue (the inbound ones). */
export type ReportFilter = 'campaign' | 'queue';

export interface ReportColumn {
  key: string;
  label: string;
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

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

const ATTEMPT_COLUMNS: readonly ReportColumn[] = [
  { key: 'dialedAt', label: 'Dialed' }, { key: 'campaign', label: 'Campaign' }, { key: 'jobId', label: 'Job' },
  { key: 'userContactId', label: 'Account' }, { key: 'contactName', label: 'Name' }, { key: 'number', label: 'Number' },
  { key: 'kind', label: 'Kind' }, { key: 'result', label: 'Result' }, { key: 'agentId', label: 'Agent' },
  { key: 'completionCode', label: 'Completion code' }, { key: 'answeredAt', label: 'Answered' }, { key: 'connectedAt', label: 'Connected' },
  { key: 'endedAt', label: 'Ended' }, { key: 'talkSeconds', label: 'Talk seconds' }, { key: 'abandoned', label: 'Abandoned' },
  { key: 'nuisance', label: 'Nuisance' },
];

/** The campaigns' names and their completion codes' values, by id. */
async function campaignsOf(store: Store): Promise<Map<number, CampaignRecord>> {
  return new Map((await store.campaigns.list()).map((c) => [c.id, c]));
}

function attemptRow(a: AttemptRecord & { userContactId: string; contactName: string }, campaigns: Map<number, CampaignRecord>): ReportRow {
  const campaign = campaigns.get(a.campaignId);
  const code = a.completionCode === null ? null : (campaign?.completionCodes.find((c) => c.codeID === a.completionCode)?.codeValue ?? a.completionCode);
  return {
    dialedAt: iso(a.dialedAt), campaign: campaign?.name ?? String(a.campaignId), jobId: a.jobId,
    userContactId: a.userContactId, contactName: a.contactName, number: a.number, kind: a.kind, result: a.result, agentId: a.agentId,
    completionCode: code, answeredAt: iso(a.answeredAt), connectedAt: iso(a.connectedAt), endedAt: iso(a.endedAt),
    talkSeconds: a.connectedAt !== null && a.endedAt !== null ? Math.round((a.endedAt - a.connectedAt) / 1000) : null,
    abandoned: a.abandoned, nuisance: a.nuisance,
  };
}

/** An attempt report: the attempts of the range that `narrow` keeps. */
function attemptReport(id: ReportId, title: string, description: string, narrow: (campaigns: CampaignRecord[]) => Partial<AttemptFilter>): Report {
  return {
    id, title, description, filter: 'campaign', columns: ATTEMPT_COLUMNS,
    async page(store, params, limit, offset) {
      const campaigns = await campaignsOf(store);
      const scope = params.campaign ? [params.campaign] : [...campaigns.values()];
      const filter: AttemptFilter = { from: params.from, to: params.to, ...narrow(scope), ...(params.campaign ? { campaignId: params.campaign.id } : {}) };
      const { rows, total } = await store.attempts.report(filter, limit, offset);
      return { total, rows: rows.map((a) => attemptRow(a, campaigns)) };
    },
  };
}

/** Attempts disposed with a completion code of this value, whatever its id in each campaign. */
const disposedAs = (value: string) => (campaigns: CampaignRecord[]): Partial<AttemptFilter> => ({
  completionCodes: campaigns.map((c) => ({ campaignId: c.id, codeIds: c.completionCodes.filter((code) => code.codeValue === value).map((code) => code.codeID) })),
});

const RECALL_COLUMNS: readonly ReportColumn[] = [
  { key: 'dueAt', label: 'Due' }, { key: 'expiresAt', label: 'Expires' }, { key: 'campaign', label: 'Campaign' },
  { key: 'agentId', label: 'Agent' }, { key: 'agentName', label: 'Agent name' }, { key: 'userContactId', label: 'Account' },
  { key: 'contactName', label: 'Name' }, { key: 'number', label: 'Number' }, { key: 'type', label: 'Type' },
  { key: 'state', label: 'State' }, { key: 'notes', label: 'Notes' }, { key: 'createdAt', label: 'Booked' },
];

const agentOwnedRecalls: Report = {
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

const JOB_COLUMNS: readonly ReportColumn[] = [
  { key: 'jobId', label: 'Job' }, { key: 'campaign', label: 'Campaign' }, { key: 'team', label: 'Team' }, { key: 'startedAt', label: 'Job started' },
  { key: 'dials', label: 'Dials' }, { key: 'answered', label: 'Answered' }, { key: 'liveAnswers', label: 'Live answers' },
  { key: 'connects', label: 'Connects' }, { key: 'abandoned', label: 'Abandoned' }, { key: 'abandonRate', label: 'Abandon %' },
  { key: 'nuisance', label: 'Nuisance' }, { key: 'meanTalkSeconds', label: 'Mean talk seconds' }, { key: 'agents', label: 'Agents' },
];

/** A job summary: per job of the campaigns of these types, what its attempts in the range came to. */
function jobSummary(id: ReportId, title: string, description: string, types: ReadonlyArray<CampaignRecord['type']>): Report {
  return {
    id, title, description, filter: 'campaign', columns: JOB_COLUMNS,
    async page(store, params, limit, offset) {
      const campaigns = await campaignsOf(store);
      const scope = (params.campaign ? [params.campaign] : [...campaigns.values()]).filter((c) => types.includes(c.type));
      const { rows, total } = await store.attempts.jobTotals({ from: params.from, to: params.to, campaignIds: scope.map((c) => c.id) }, limit, offset);
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

const AGENT_TIME_COLUMNS: readonly ReportColumn[] = [
  { key: 'agentId', label: 'Agent' }, { key: 'agentName', label: 'Name' }, { key: 'team', label: 'Team' }, { key: 'campaigns', label: 'Campaigns' },
  { key: 'loggedInSeconds', label: 'Logged in seconds' }, { key: 'readySeconds', label: 'Ready seconds' }, { key: 'previewSeconds', label: 'Preview seconds' },
  { key: 'talkSeconds', label: 'Talk seconds' }, { key: 'wrapSeconds', label: 'Wrap-up seconds' }, { key: 'notReadySeconds', label: 'Not ready seconds' },
  { key: 'calls', label: 'Calls' }, { key: 'meanTalkSeconds', label: 'Mean talk seconds' }, { key: 'occupancy', label: 'Occupancy %' },
];

/**
 * An agent time summary: per agent, the time spent on the campaigns of these types in the range,
 * from the agent's state history (agent-time.ts).
 */
function agentTimeSummary(id: ReportId, title: string, description: string, types: ReadonlyArray<CampaignRecord['type']>): Report {
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

const dncList: Report = {
  id: 'dnc-list',
  title: 'DNC List',
  description: 'Numbers put on DNC lists in the range (of the campaign\'s lists, if one is chosen), and by whom: by hand, or the dialer\'s kill list (an agent\'s DNC disposition)',
  filter: 'campaign',
  columns: [{ key: 'addedAt', label: 'Added' }, { key: 'dncList', label: 'DNC list' }, { key: 'address', label: 'Address' }, { key: 'source', label: 'Source' }],
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

const notAttempted: Report = {
  id: 'not-attempted',
  title: 'List Accounts Not Attempted',
  description: 'Accounts of the campaigns\' contact lists that the dialer had not attempted by the end of the range, with their state',
  filter: 'campaign',
  columns: [
    { key: 'contactList', label: 'Contact list' }, { key: 'campaigns', label: 'Campaigns' }, { key: 'userContactId', label: 'Account' },
    { key: 'contactName', label: 'Name' }, { key: 'number', label: 'Number' }, { key: 'state', label: 'State' },
    { key: 'priority', label: 'Priority' }, { key: 'nextAttemptAt', label: 'Dialable from' },
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

const inboundAbandoned: Report = {
  id: 'inbound-abandoned',
  title: 'Inbound Abandoned',
  description: 'Callers who hung up while waiting in an inbound queue, by arrival in the range: the queue, when they called, how long they waited and their number',
  filter: 'queue',
  columns: [{ key: 'queue', label: 'Queue' }, { key: 'arrivedAt', label: 'Time' }, { key: 'waitSeconds', label: 'Wait seconds' }, { key: 'callingNumber', label: 'Calling number' }],
  async page(store, params, limit, offset) {
    const query = { from: params.from, to: params.to, ...(params.queue === undefined ? {} : { queue: params.queue }) };
    const calls = await store.inboundCalls.abandoned({ ...query, limit, offset });
    return {
      total: await store.inboundCalls.countAbandoned(query),
      rows: calls.map((c) => ({
        queue: c.queue, arrivedAt: iso(c.arrivedAt), waitSeconds: c.endedAt === null ? null : Math.round((c.endedAt - c.arrivedAt) / 1000), callingNumber: c.callingNumber,
      })),
    };
  },
};

export const REPORTS: readonly Report[] = [
  attemptReport('call-attempts', 'Call Attempt', 'Every call the dialer attempted in the range, with its result, agent and completion code', () => ({})),
  attemptReport('outbound-nuisance', 'Outbound Nuisance',
    'Calls a person answered that no agent took: abandoned (no agent free in time, or the agent went to Aux) or left open by a stopped dialer', () => ({ nuisance: true })),
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
];

export function reportById(id: string): Report | undefined {
  return REPORTS.find((r) => r.id === id);
}
