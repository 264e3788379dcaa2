import type {
  AgentRecord, AgentStateChangeRecord, AttemptRecord, DncAddressRecord, DncSource, AttemptUpdate, CallbackRecord, CallbackState,
  CampaignRecord, CompletionCode, ContactListRecord, ContactOutcome, ContactRecord, DncListRecord, JobRecord, JobState,
  NewAttempt, NewCallback, NewContact, OrganizationRecord, TeamRecord, ZoneRecord,
  AgentActionRecord, SalesRecord, TmacSessionRecord, CtiLoginRecord,
  AuditRecord, DataSourceRecord, DataSourceScheduleRecord, ImportRejectRecord, ImportRunRecord, ManualUploadRecord,
  NewAuditRecord, PurgeDataRecord, ReportExportRecord, ReportExportRunRecord, ScheduleState, StagedContact, SupervisorSessionRecord, SupervisorUserRecord,
  InboundCallRecord, InboundCallUpdate, NewInboundCall, QueueRecord,
  NuisanceReason, UnlistedAccountRecord,
} from './records.ts';

/**
 * The store port. Every method resolves only after the change is durable in the database, so the
 * caller may acknowledge it. Adapters: SQLite (embedded default) and PostgreSQL, one query layer.
 */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  readonly organizations: OrganizationRepository;
  readonly agents: AgentRepository;
  readonly campaigns: CampaignRepository;
  readonly completionCodes: CompletionCodeRepository;
  readonly contactLists: ContactListRepository;
  readonly contacts: ContactRepository;
  readonly dnc: DncRepository;
  readonly jobs: JobRepository;
  readonly attempts: AttemptRepository;
  readonly callbacks: CallbackRepository;
  readonly agentHistory: AgentHistoryRepository;
  readonly tmacSessions: TmacSessionRepository;
  readonly ctiLogins: CtiLoginRepository;
  readonly agentActions: AgentActionRepository;
  readonly salesRecords: SalesRecordRepository;
  readonly supervisors: SupervisorRepository;
  readonly audit: AuditRepository;
  readonly purgeData: PurgeDataRepository;
  readonly manualUploads: ManualUploadRepository;
  readonly dataSources: DataSourceRepository;
  readonly reportExports: ReportExportRepository;
  readonly imports: ImportRepository;
  readonly queues: QueueRepository;
  readonly inboundCalls: InboundCallRepository;
  /** The OCM Report Scheduler's rollups (src/reports/rollups/). */
  readonly rollups: RollupRepository;
  /** Resolves if the database takes a write now (a write in a transaction rolled back); rejects with why not. */
  checkWritable(): Promise<void>;
  close(): Promise<void>;
}

export interface OrganizationRepository {
  ensureOrganization(name: string): Promise<OrganizationRecord>;
  ensureZone(name: string): Promise<ZoneRecord>;
  ensureTeam(name: string, organizationName: string): Promise<TeamRecord>;
  ensureSkill(name: string, organizationName: string): Promise<void>;
  listOrganizations(): Promise<OrganizationRecord[]>;
  listZones(): Promise<ZoneRecord[]>;
  listTeams(): Promise<TeamRecord[]>;
  /** The team of that name (team names are unique across organizations: the API names teams alone). */
  findTeam(name: string): Promise<TeamRecord | undefined>;
  createTeam(team: Omit<TeamRecord, 'id'>): Promise<TeamRecord>;
  /** False if there is no such team. */
  updateTeam(name: string, change: Pick<TeamRecord, 'organizationName' | 'skills' | 'blending'>): Promise<boolean>;
  removeTeam(name: string): Promise<boolean>;
  /** Every skill name defined (ensureSkill), in name order. */
  listSkills(): Promise<string[]>;
}

export interface AgentRepository {
  /** Inserts or replaces the agent with this agentId. */
  upsert(agent: AgentRecord): Promise<void>;
  /** Inserts in one transaction: all or nothing (an agentId or lanId already taken fails them all). */
  insertMany(agents: readonly AgentRecord[]): Promise<void>;
  remove(agentId: string): Promise<boolean>;
  findByAgentId(agentId: string): Promise<AgentRecord | undefined>;
  findByLanId(lanId: string): Promise<AgentRecord | undefined>;
  list(): Promise<AgentRecord[]>;
}

/**
 * Campaigns offer completion codes by id: a write defines the codes it names that are not defined
 * yet (as given) and leaves the others as they are; a read gives the codes as defined now.
 */
export interface CampaignRepository {
  create(campaign: Omit<CampaignRecord, 'id'>): Promise<CampaignRecord>;
  update(campaign: CampaignRecord): Promise<void>;
  /** False if there was none. Refused by the database while jobs refer to it. */
  remove(id: number): Promise<boolean>;
  findById(id: number): Promise<CampaignRecord | undefined>;
  findByName(name: string): Promise<CampaignRecord | undefined>;
  list(): Promise<CampaignRecord[]>;
}

export interface CompletionCodeRepository {
  /** By id (numeric ids in numeric order). */
  list(): Promise<CompletionCode[]>;
  findById(codeID: string): Promise<CompletionCode | undefined>;
  /** Defines the code, or replaces its definition. */
  upsert(code: CompletionCode): Promise<void>;
  /** Defines those of the codes not defined yet; leaves the others as they are. */
  ensure(codes: readonly CompletionCode[]): Promise<void>;
  remove(codeID: string): Promise<boolean>;
}

export interface ContactListRepository {
  create(list: Omit<ContactListRecord, 'id'>): Promise<ContactListRecord>;
  findById(id: number): Promise<ContactListRecord | undefined>;
  findByName(name: string): Promise<ContactListRecord | undefined>;
  list(): Promise<ContactListRecord[]>;
  /** Sets lastUpdatedOn. */
  touch(id: number, now: number): Promise<void>;
}

export interface ContactCounts {
  total: number;
  /** state ready (dialable now or later). */
  available: number;
  /** state uncallable. */
  excluded: number;
  done: number;
  inProgress: number;
}

export interface ContactRepository {
  /** Inserts in one transaction: all or nothing. Duplicate userContactId in a list is an error. */
  insertMany(contactListId: number, contacts: NewContact[]): Promise<number>;
  findById(id: number): Promise<ContactRecord | undefined>;
  findByUserContactId(contactListId: number, userContactId: string): Promise<ContactRecord | undefined>;
  /**
   * Up to `limit` contacts of the list in state ready with nextAttemptAt <= now and attempts <
   * maxAttempts, highest priority first, then earliest nextAttemptAt, then id; ids in `excludeIds` skipped.
   */
  nextDialable(contactListId: number, now: number, maxAttempts: number, limit: number, excludeIds?: readonly number[]): Promise<ContactRecord[]>;
  /** Moves a ready contact to in_progress. False if it was not ready (taken, purged, uncallable). */
  claim(id: number): Promise<boolean>;
  /** Records the end of an attempt: counts it and sets the next state and time. */
  recordOutcome(id: number, outcome: ContactOutcome): Promise<void>;
  /** Puts a contact back without counting an attempt (e.g. outside the calling window). */
  release(id: number, nextAttemptAt: number): Promise<void>;
  setState(id: number, state: ContactRecord['state']): Promise<void>;
  /** The list's contacts in state in_progress (claimed by a job): as many as it had calls in hand. */
  inProgress(contactListId: number): Promise<ContactRecord[]>;
  counts(contactListId: number): Promise<ContactCounts>;
  /** A page of the list's contacts (purged ones never), with the number of contacts the search matches. */
  page(contactListId: number, query: ContactQuery): Promise<{ contacts: ContactRecord[]; total: number }>;
  /** A page of the lists' contacts (not purged) that no attempt dialed before `before`, by list and id; and how many. */
  notAttempted(contactListIds: readonly number[], before: number, limit: number, offset: number): Promise<{ contacts: ContactRecord[]; total: number }>;
  /**
   * Purges the contact: it leaves the list for good and its pending callbacks are cancelled. Refused
   * while its attempt is in progress (claimed, or an attempt not ended).
   */
  purge(contactListId: number, userContactId: string): Promise<'purged' | 'in_progress' | 'not_found'>;
  /** Marks the contacts uncallable, all or none: nothing changes if one is unknown or in progress. */
  markUncallable(contactListId: number, userContactIds: readonly string[]): Promise<{ marked: number; notFound: string[]; inProgress: string[] }>;
}

export type SearchOperator = 'equals' | 'notEquals' | 'like' | 'lessThan' | 'greaterThan';

/** The contact fields a search can name; any other attribute is a custom field. */
export const CONTACT_COLUMNS = { userContactId: 'user_contact_id', firstName: 'first_name', lastName: 'last_name', title: 'title', state: 'state' } as const;

export interface ContactQuery {
  /**
   * Contacts whose attribute matches: equals any of the values, equals none of them, contains one
   * (like; `%` and `_` are wildcards when given), or is less / greater than the one value (as text).
   */
  search?: { attribute: string; operator: SearchOperator; values: readonly string[] };
  sortBy?: 'userContactId' | 'id';
  sortDirection?: 'ASC' | 'DESC';
  offset: number;
  limit: number;
}

export interface DncRepository {
  createList(list: Omit<DncListRecord, 'id' | 'lastUpdated'>, now: number): Promise<DncListRecord>;
  findListByName(name: string): Promise<DncListRecord | undefined>;
  lists(): Promise<DncListRecord[]>;
  /** Adds normalized addresses (by a supervisor unless `source` says the dialer); returns how many were new. */
  addAddresses(listId: number, addresses: string[], now: number, source?: DncSource): Promise<number>;
  removeAddresses(listId: number, addresses: string[], now: number): Promise<number>;
  /** True if `address` is on any of the lists. */
  isListed(listIds: readonly number[], address: string): Promise<boolean>;
  countAddresses(listId: number): Promise<number>;
  findListById(id: number): Promise<DncListRecord | undefined>;
  /** Up to `limit` addresses of the list after `after` in address order: walks a large list in pages. */
  addressesAfter(listId: number, after: string, limit: number): Promise<string[]>;
  /** A page of the addresses of these lists added in [from, to), oldest first; and how many. */
  addedBetween(listIds: readonly number[], from: number, to: number, limit: number, offset: number): Promise<{ rows: DncAddressRecord[]; total: number }>;
}

export interface JobRepository {
  create(campaignId: number, now: number): Promise<JobRecord>;
  setState(id: number, state: JobState, now: number): Promise<void>;
  findById(id: number): Promise<JobRecord | undefined>;
  /** Jobs running or paused. */
  active(): Promise<JobRecord[]>;
  list(campaignId?: number): Promise<JobRecord[]>;
}

export interface AttemptCounts {
  total: number;
  ended: number;
  liveAnswers: number;
  connected: number;
  abandoned: number;
}

export interface AttemptRepository {
  insert(attempt: NewAttempt): Promise<AttemptRecord>;
  update(id: number, change: AttemptUpdate): Promise<void>;
  findById(id: number): Promise<AttemptRecord | undefined>;
  listByJob(jobId: number): Promise<AttemptRecord[]>;
  /** The contact's latest attempt, if any. */
  latestOfContact(contactId: number): Promise<AttemptRecord | undefined>;
  /** How many attempts dialed this number of the contact (maximum attempts per number). */
  countForNumber(contactId: number, number: string): Promise<number>;
  /** Attempts dialed in [from, to). */
  listBetween(from: number, to: number): Promise<AttemptRecord[]>;
  counts(campaignId: number, since: number): Promise<AttemptCounts>;
  /** How many of the campaign's attempts dialed since then ended with each result (open ones are left out). */
  resultCounts(campaignId: number, since: number): Promise<Array<{ result: string; count: number }>>;
  /**
   * Closes the job's attempts left without an end by a stopped dialer: result Unknown, ended now;
   * those a person had answered are marked nuisance (as POM does on an agent-manager failure).
   */
  closeOpen(jobId: number, now: number): Promise<number>;
  /** A page of the attempts that match, by dial time, each with its contact; and how many match. */
  report(filter: AttemptFilter, limit: number, offset: number, options?: { total?: boolean }): Promise<{ rows: AttemptReportRow[]; total: number }>;
  /** The contact's attempts, newest first, at most `limit`: its history, wrap-up notes included. */
  listByContact(contactId: number, limit: number): Promise<AttemptRecord[]>;
  /** Per job of these campaigns, what its attempts dialed in [from, to) came to; by job id, a page, and how many jobs. */
  jobTotals(filter: { from: number; to: number; campaignIds: readonly number[] }, limit: number, offset: number): Promise<{ rows: JobTotals[]; total: number }>;
}

export interface JobTotals {
  jobId: number;
  campaignId: number;
  dials: number;
  /** Answered by anyone (people and machines). */
  answered: number;
  /** Answered by a person: connected to an agent, or abandoned. */
  liveAnswers: number;
  connects: number;
  abandoned: number;
  nuisance: number;
  /** Seconds from connection to end, over the calls that have both. */
  talkSeconds: number;
  agents: number;
}

export interface AttemptFilter {
  /** Dialed in [from, to). */
  from: number;
  to: number;
  campaignId?: number;
  /**
   * Only nuisance calls: a person answered and no agent came (abandoned: none was free in time, or
   * the one it was for went to Aux), or the call was left open by a stopped dialer (marked nuisance).
   */
  nuisance?: true;
  /** Only the nuisance calls the dialer recorded for this reason (the spec's Outbound Nuisance: `agent_aux`). */
  nuisanceReason?: NuisanceReason;
  /** Only those disposed with one of these completion codes: codeIDs per campaign. */
  completionCodes?: ReadonlyArray<{ campaignId: number; codeIds: readonly string[] }>;
}

/** An account not in the listing, with its import's file name and its list's name. */
export interface UnlistedAccountView extends UnlistedAccountRecord {
  fileName: string;
  contactListName: string;
}

export interface AttemptReportRow extends AttemptRecord {
  userContactId: string;
  contactName: string;
}

export interface CallbackRepository {
  create(callback: NewCallback): Promise<CallbackRecord>;
  findById(id: number): Promise<CallbackRecord | undefined>;
  /** Pending callbacks of the campaign due at or before `now` (expired ones included: the caller expires them). */
  due(campaignId: number, now: number): Promise<CallbackRecord[]>;
  /**
   * Moves the callback from `from` to `to` if it is still in `from` (one conditional UPDATE, so the
   * dialer delivering it and a supervisor cancelling it cannot both win). `dueBy`: and only if due by then.
   */
  transition(id: number, from: CallbackState, to: CallbackState, dueBy?: number): Promise<boolean>;
  /** New due and expiry times for a callback still pending; false if it is not. */
  reschedule(id: number, dueAt: number, expiresAt: number): Promise<boolean>;
  list(filter?: { state?: CallbackState; agentId?: string }): Promise<CallbackRecord[]>;
  /** A page of the callbacks that match, by due time, each with its contact; their total and counts per state (the state filter aside). */
  page(filter: CallbackFilter, limit: number, offset: number): Promise<{ callbacks: CallbackListRow[]; total: number; counts: Record<CallbackState, number> }>;
}

export interface CallbackListRow extends CallbackRecord {
  userContactId: string;
  contactName: string;
}

export interface CallbackFilter {
  state?: CallbackState;
  campaignId?: number;
  agentId?: string;
  /** Only callbacks with an owner agent (Agent and StrictAgent callbacks). */
  owned?: true;
  /** Due at or after. */
  dueFrom?: number;
  /** Due before. */
  dueTo?: number;
}

export interface AgentHistoryRepository {
  insert(change: AgentStateChangeRecord): Promise<void>;
  list(agentId: string, from: number, to: number): Promise<AgentStateChangeRecord[]>;
  /** The agent's last change before `at`: the state the agent was in at `at`. */
  lastBefore(agentId: string, at: number): Promise<AgentStateChangeRecord | undefined>;
}

export interface TmacSessionRepository {
  create(session: Omit<TmacSessionRecord, 'endedAt' | 'endReason'>): Promise<void>;
  findByTokenHash(tokenHash: string): Promise<TmacSessionRecord | undefined>;
  touch(tokenHash: string, lastSeenAt: number): Promise<void>;
  end(tokenHash: string, at: number, reason: string): Promise<void>;
  /** Sessions not ended, oldest first. */
  open(): Promise<TmacSessionRecord[]>;
}

/** Who is logged on through the CTI server, so that a new leading dialer logs them on again. */
export interface CtiLoginRepository {
  /** Records the login (or its new extension). */
  save(login: CtiLoginRecord): Promise<void>;
  remove(agentId: string): Promise<void>;
  /** Every login, oldest first. */
  list(): Promise<CtiLoginRecord[]>;
  clear(): Promise<void>;
}

export interface AgentActionRepository {
  insert(action: AgentActionRecord): Promise<void>;
  list(agentId: string, from: number, to: number): Promise<AgentActionRecord[]>;
}

export interface SalesRecordRepository {
  insert(record: Omit<SalesRecord, 'id'>): Promise<SalesRecord>;
  list(from: number, to: number): Promise<SalesRecord[]>;
  /** A page of the records saved in [from, to) (of this campaign, by name, if given), by time, each with its contact's account; and how many. */
  page(filter: { from: number; to: number; campaignName?: string }, limit: number, offset: number): Promise<{ rows: Array<SalesRecord & { userContactId: string | null }>; total: number }>;
}

export interface SupervisorRepository {
  /** Inserts or replaces the user with this username. */
  upsertUser(user: SupervisorUserRecord): Promise<void>;
  findUser(username: string): Promise<SupervisorUserRecord | undefined>;
  listUsers(): Promise<SupervisorUserRecord[]>;
  createSession(session: Omit<SupervisorSessionRecord, 'endedAt'>): Promise<void>;
  findSession(tokenHash: string): Promise<SupervisorSessionRecord | undefined>;
  touchSession(tokenHash: string, lastSeenAt: number): Promise<void>;
  endSession(tokenHash: string, at: number): Promise<void>;
  /** Moves the end of a session still open at `now`; false if it has ended or expired. */
  extendSession(tokenHash: string, now: number, expiresAt: number): Promise<boolean>;
  /** Ends every open session of the user (disabled, password changed). */
  endSessionsOf(username: string, at: number): Promise<number>;
}

export interface ReportExportRepository {
  create(record: Omit<ReportExportRecord, 'id'>): Promise<ReportExportRecord>;
  findById(id: number): Promise<ReportExportRecord | undefined>;
  list(): Promise<ReportExportRecord[]>;
  /** Removes the export and its runs; false if there was none. */
  remove(id: number): Promise<boolean>;
  setNextRun(id: number, at: number): Promise<void>;
  addRun(run: Omit<ReportExportRunRecord, 'id'>): Promise<ReportExportRunRecord>;
  /** The export's runs, newest first. */
  runs(exportId: number, limit: number): Promise<ReportExportRunRecord[]>;
  findRun(id: number): Promise<ReportExportRunRecord | undefined>;
}

export interface AuditRepository {
  insert(record: NewAuditRecord): Promise<AuditRecord>;
  /** Newest first; `beforeId` pages back. */
  list(filter: { username?: string; action?: string; from?: number; to?: number; beforeId?: number; limit: number }): Promise<AuditRecord[]>;
}

export interface PurgeDataRepository {
  insertMany(rows: Omit<PurgeDataRecord, 'id'>[]): Promise<void>;
  /** Newest first. */
  list(limit: number, contactList?: string): Promise<PurgeDataRecord[]>;
}

export interface ManualUploadRepository {
  create(upload: Omit<ManualUploadRecord, 'id'>): Promise<ManualUploadRecord>;
  findById(id: number): Promise<ManualUploadRecord | undefined>;
  update(id: number, change: Partial<Pick<ManualUploadRecord, 'uploadTime' | 'uploadId' | 'status' | 'error' | 'fileName' | 'userName'>>): Promise<void>;
  /** Newest first. */
  list(limit: number): Promise<ManualUploadRecord[]>;
}

export interface DataSourceRepository {
  create(source: Omit<DataSourceRecord, 'id'>): Promise<DataSourceRecord>;
  findById(id: number): Promise<DataSourceRecord | undefined>;
  findByName(name: string): Promise<DataSourceRecord | undefined>;
  list(contactListId?: number): Promise<DataSourceRecord[]>;
  createSchedule(schedule: Omit<DataSourceScheduleRecord, 'id' | 'state' | 'importRunId' | 'error'>): Promise<DataSourceScheduleRecord>;
  findSchedule(id: number): Promise<DataSourceScheduleRecord | undefined>;
  findSchedules(ids: readonly number[]): Promise<DataSourceScheduleRecord[]>;
  /** `importRunId: null` forgets the run (a schedule armed again after a restart). */
  setScheduleState(id: number, state: ScheduleState, change?: { importRunId?: number | null; error?: string | null }): Promise<void>;
  /** Schedules not finished (scheduled, or running when the process stopped), earliest first. */
  unfinishedSchedules(): Promise<DataSourceScheduleRecord[]>;
  listSchedules(dataSourceId?: number): Promise<DataSourceScheduleRecord[]>;
}

export interface ImportRepository {
  createRun(run: Omit<ImportRunRecord, 'id' | 'state' | 'rowsRead' | 'rowsAccepted' | 'rowsRejected' | 'endedAt' | 'error'>): Promise<ImportRunRecord>;
  findRun(id: number): Promise<ImportRunRecord | undefined>;
  /** Newest first. */
  listRuns(limit: number): Promise<ImportRunRecord[]>;
  updateProgress(id: number, counts: { rowsRead: number; rowsAccepted: number; rowsRejected: number }): Promise<void>;
  finishRun(id: number, state: 'completed' | 'failed', counts: { rowsRead: number; rowsAccepted: number; rowsRejected: number }, endedAt: number, error: string | null): Promise<void>;
  /**
   * With `listing` (a contact import), the rejects' accounts are written to the Account Not in Listing
   * table in the same transaction: rejected, DNC-scrubbed or duplicate, at `listing.at`.
   */
  addRejects(runId: number, rejects: readonly ImportRejectRecord[], listing?: { contactListId: number; at: number }): Promise<void>;
  /**
   * A page of the accounts of completed contact imports that did not make it into the list, written in
   * [from, to), of these lists (all if absent), by time; and how many.
   */
  unlisted(filter: { from: number; to: number; contactListIds?: readonly number[] }, limit: number, offset: number): Promise<{ rows: UnlistedAccountView[]; total: number }>;
  /** In row order. */
  rejects(runId: number, offset: number, limit: number): Promise<ImportRejectRecord[]>;
  /**
   * Stages rows of a contact import. Rows whose userContactId the list already has are not staged
   * (`alreadyInList`), nor those whose userContactId an earlier row of the run had (`inFile`, with
   * that row).
   */
  stageContacts(runId: number, contactListId: number, rows: readonly StagedContact[]): Promise<{
    alreadyInList: Array<{ rowNumber: number; userContactId: string }>;
    inFile: Array<{ rowNumber: number; firstRowNumber: number; userContactId: string }>;
  }>;
  /** Stages addresses of a DNC import; a repeated address comes back with the row that had it first. */
  stageDnc(runId: number, rows: ReadonlyArray<{ rowNumber: number; address: string }>): Promise<Array<{ rowNumber: number; firstRowNumber: number; address: string }>>;
  /** Moves the staged contacts into the list in one transaction; returns how many. */
  commitContacts(runId: number, contactListId: number, now: number): Promise<number>;
  /** Adds the staged addresses to the DNC list in one transaction; returns how many were new. */
  commitDnc(runId: number, dncListId: number, now: number): Promise<number>;
  /** Drops the run's staged rows. */
  discardStaging(runId: number): Promise<void>;
}

export interface QueueRepository {
  list(): Promise<QueueRecord[]>;
  findByName(name: string): Promise<QueueRecord | undefined>;
  create(queue: Omit<QueueRecord, 'id'>): Promise<QueueRecord>;
  /** False if there is no such queue. */
  update(name: string, change: Omit<QueueRecord, 'id' | 'name'>): Promise<boolean>;
  delete(name: string): Promise<boolean>;
}

export interface InboundCallRepository {
  insert(call: NewInboundCall): Promise<InboundCallRecord>;
  update(id: number, change: InboundCallUpdate): Promise<void>;
  /** Calls abandoned in queue that arrived in [from, to), oldest first; one queue or all. */
  abandoned(query: { from: number; to: number; queue?: string; limit?: number; offset?: number }): Promise<InboundCallRecord[]>;
  countAbandoned(query: { from: number; to: number; queue?: string }): Promise<number>;
}

/** What the rollups are kept from: call attempts (by dial time) and agent state history (by change time). */
export type RollupSource = 'attempts' | 'agents';

/** [from, to) in epoch ms. */
export interface TimeRange {
  from: number;
  to: number;
}

/** How far a source is rolled up: every hour before the watermark, but the dirty ones (written since). */
export interface RollupCoverage {
  watermark: number;
  /** Starts of the dirty hours before the watermark, ascending. */
  dirty: number[];
  lastRunAt: number | null;
  lastRunMs: number | null;
}

/** Where a report reads a range: whole hours from the rollups, the rest from the raw records. */
export interface RollupReadPlan {
  rolled: TimeRange[];
  raw: TimeRange[];
}

/** An agent's time on a campaign (in an hour, or over a range), in ms, and the calls the agent started talking on. */
export interface AgentTimeTotals {
  agentId: string;
  campaignName: string;
  readyMs: number;
  previewMs: number;
  talkMs: number;
  wrapMs: number;
  notReadyMs: number;
  calls: number;
}

export interface AgentHourRow extends AgentTimeTotals {
  hour: number;
}

/** The agents' state history over a range: each agent's last change before it, and the changes in it by agent, then time. */
export interface AgentHistorySlice {
  before: AgentStateChangeRecord[];
  changes: AgentStateChangeRecord[];
}

export interface RollupRepository {
  coverage(source: RollupSource): Promise<RollupCoverage>;
  /** The time of the source's earliest record, or null if there is none. */
  earliest(source: RollupSource): Promise<number | null>;
  /**
   * Recomputes the attempt rollups of the hours in `range` (hour-aligned) in one transaction: clears
   * their dirty marks, replaces their rows, and raises the watermark to `range.to` if it was below.
   */
  rollAttempts(range: TimeRange): Promise<void>;
  /** The same for agent time; `compute` turns the history of the range into its hourly rows. */
  rollAgents(range: TimeRange, compute: (history: AgentHistorySlice) => AgentHourRow[]): Promise<void>;
  recordRun(source: RollupSource, at: number, ms: number): Promise<void>;
  /** jobTotals (AttemptRepository) read through a plan. */
  jobTotals(campaignIds: readonly number[], plan: RollupReadPlan, limit: number, offset: number): Promise<{ rows: JobTotals[]; total: number }>;
  /** How many attempts match (the total of AttemptRepository.report) read through a plan; the filter's range is the plan's. */
  attemptCount(filter: Omit<AttemptFilter, 'from' | 'to'>, plan: RollupReadPlan): Promise<number>;
  /** Agent time summed over the plan's rolled hours, per agent and campaign. */
  agentTotals(rolled: readonly TimeRange[]): Promise<AgentTimeTotals[]>;
  /** Every agent's history over the range (the raw path of agent time). */
  agentHistory(range: TimeRange): Promise<AgentHistorySlice>;
}
