import type {
  AgentRecord, AgentStateChangeRecord, AttemptRecord, AttemptUpdate, CallbackRecord, CallbackState,
  CampaignRecord, ContactListRecord, ContactOutcome, ContactRecord, DncListRecord, JobRecord, JobState,
  NewAttempt, NewCallback, NewContact, OrganizationRecord, TeamRecord, ZoneRecord,
  AgentActionRecord, SalesRecord, TmacSessionRecord,
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
  readonly contactLists: ContactListRepository;
  readonly contacts: ContactRepository;
  readonly dnc: DncRepository;
  readonly jobs: JobRepository;
  readonly attempts: AttemptRepository;
  readonly callbacks: CallbackRepository;
  readonly agentHistory: AgentHistoryRepository;
  readonly tmacSessions: TmacSessionRepository;
  readonly agentActions: AgentActionRepository;
  readonly salesRecords: SalesRecordRepository;
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
}

export interface AgentRepository {
  /** Inserts or replaces the agent with this agentId. */
  upsert(agent: AgentRecord): Promise<void>;
  findByAgentId(agentId: string): Promise<AgentRecord | undefined>;
  findByLanId(lanId: string): Promise<AgentRecord | undefined>;
  list(): Promise<AgentRecord[]>;
}

export interface CampaignRepository {
  create(campaign: Omit<CampaignRecord, 'id'>): Promise<CampaignRecord>;
  update(campaign: CampaignRecord): Promise<void>;
  findById(id: number): Promise<CampaignRecord | undefined>;
  findByName(name: string): Promise<CampaignRecord | undefined>;
  list(): Promise<CampaignRecord[]>;
}

export interface ContactListRepository {
  create(list: Omit<ContactListRecord, 'id'>): Promise<ContactListRecord>;
  findById(id: number): Promise<ContactListRecord | undefined>;
  findByName(name: string): Promise<ContactListRecord | undefined>;
  list(): Promise<ContactListRecord[]>;
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
  /** Any in_progress contact back to ready: recovery after a restart. */
  releaseAllInProgress(contactListId: number): Promise<number>;
  counts(contactListId: number): Promise<ContactCounts>;
}

export interface DncRepository {
  createList(list: Omit<DncListRecord, 'id' | 'lastUpdated'>, now: number): Promise<DncListRecord>;
  findListByName(name: string): Promise<DncListRecord | undefined>;
  lists(): Promise<DncListRecord[]>;
  /** Adds normalized addresses; returns how many were new. */
  addAddresses(listId: number, addresses: string[], now: number): Promise<number>;
  removeAddresses(listId: number, addresses: string[], now: number): Promise<number>;
  /** True if `address` is on any of the lists. */
  isListed(listIds: readonly number[], address: string): Promise<boolean>;
  countAddresses(listId: number): Promise<number>;
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
  /** Attempts dialed in [from, to). */
  listBetween(from: number, to: number): Promise<AttemptRecord[]>;
  counts(campaignId: number, since: number): Promise<AttemptCounts>;
  /**
   * Closes the job's attempts left without an end by a stopped dialer: result Unknown, ended now;
   * those a person had answered are marked nuisance (as POM does on an agent-manager failure).
   */
  closeOpen(jobId: number, now: number): Promise<number>;
}

export interface CallbackRepository {
  create(callback: NewCallback): Promise<CallbackRecord>;
  findById(id: number): Promise<CallbackRecord | undefined>;
  /** Pending callbacks of the campaign due at or before `now` (expired ones included: the caller expires them). */
  due(campaignId: number, now: number): Promise<CallbackRecord[]>;
  setState(id: number, state: CallbackState): Promise<void>;
  list(filter?: { state?: CallbackState; agentId?: string }): Promise<CallbackRecord[]>;
}

export interface AgentHistoryRepository {
  insert(change: AgentStateChangeRecord): Promise<void>;
  list(agentId: string, from: number, to: number): Promise<AgentStateChangeRecord[]>;
}

export interface TmacSessionRepository {
  create(session: Omit<TmacSessionRecord, 'endedAt' | 'endReason'>): Promise<void>;
  findByTokenHash(tokenHash: string): Promise<TmacSessionRecord | undefined>;
  touch(tokenHash: string, lastSeenAt: number): Promise<void>;
  end(tokenHash: string, at: number, reason: string): Promise<void>;
  /** Sessions not ended, oldest first. */
  open(): Promise<TmacSessionRecord[]>;
}

export interface AgentActionRepository {
  insert(action: AgentActionRecord): Promise<void>;
  list(agentId: string, from: number, to: number): Promise<AgentActionRecord[]>;
}

export interface SalesRecordRepository {
  insert(record: Omit<SalesRecord, 'id'>): Promise<SalesRecord>;
  list(from: number, to: number): Promise<SalesRecord[]>;
}
