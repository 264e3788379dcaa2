/**
 * An in-memory Store for tests. It follows the Store contract (src/store/store.ts) and, like a
 * database, hands out copies: changing a returned record never changes what is stored. Unknown ids
 * and duplicate names are errors, as unique keys would be in SQL.
 */
import type {
  AgentRecord, AgentStateChangeRecord, AttemptRecord, AttemptUpdate, CallbackRecord, CallbackState,
  CampaignRecord, ContactListRecord, ContactOutcome, ContactRecord, DncListRecord, JobRecord, JobState,
  NewAttempt, NewCallback, NewContact, OrganizationRecord, TeamRecord, ZoneRecord,
} from '../../src/store/records.ts';
import type {
  AgentHistoryRepository, AgentRepository, AttemptCounts, AttemptRepository, CallbackRepository,
  CampaignRepository, ContactCounts, ContactListRepository, ContactRepository, DncRepository, JobRepository,
  OrganizationRepository, Store,
} from '../../src/store/store.ts';

const copy = <T>(value: T): T => structuredClone(value);

function mustGet<K, V>(map: Map<K, V>, key: K, what: string): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`unknown ${what} ${String(key)}`);
  return value;
}

class MemoryOrganizations implements OrganizationRepository {
  private readonly organizations: OrganizationRecord[] = [];
  private readonly zones: ZoneRecord[] = [];
  private readonly teams: TeamRecord[] = [];
  private readonly skills: { id: number; name: string; organizationName: string }[] = [];

  async ensureOrganization(name: string): Promise<OrganizationRecord> {
    let found = this.organizations.find((o) => o.name === name);
    if (!found) this.organizations.push(found = { id: this.organizations.length + 1, name });
    return copy(found);
  }

  async ensureZone(name: string): Promise<ZoneRecord> {
    let found = this.zones.find((z) => z.name === name);
    if (!found) this.zones.push(found = { id: this.zones.length + 1, name });
    return copy(found);
  }

  async ensureTeam(name: string, organizationName: string): Promise<TeamRecord> {
    let found = this.teams.find((t) => t.name === name && t.organizationName === organizationName);
    if (!found) this.teams.push(found = { id: this.teams.length + 1, name, organizationName });
    return copy(found);
  }

  async ensureSkill(name: string, organizationName: string): Promise<void> {
    if (!this.skills.some((s) => s.name === name && s.organizationName === organizationName)) {
      this.skills.push({ id: this.skills.length + 1, name, organizationName });
    }
  }

  async listOrganizations(): Promise<OrganizationRecord[]> { return copy(this.organizations); }
  async listZones(): Promise<ZoneRecord[]> { return copy(this.zones); }
  async listTeams(): Promise<TeamRecord[]> { return copy(this.teams); }
}

class MemoryAgents implements AgentRepository {
  private readonly agents = new Map<string, AgentRecord>();

  async upsert(agent: AgentRecord): Promise<void> {
    const other = [...this.agents.values()].find((a) => a.lanId === agent.lanId && a.agentId !== agent.agentId);
    if (other) throw new Error(`LAN ID ${agent.lanId} already belongs to agent ${other.agentId}`);
    this.agents.set(agent.agentId, copy(agent));
  }

  async findByAgentId(agentId: string): Promise<AgentRecord | undefined> {
    const found = this.agents.get(agentId);
    return found && copy(found);
  }

  async findByLanId(lanId: string): Promise<AgentRecord | undefined> {
    const found = [...this.agents.values()].find((a) => a.lanId === lanId);
    return found && copy(found);
  }

  async list(): Promise<AgentRecord[]> { return copy([...this.agents.values()]); }
}

class MemoryCampaigns implements CampaignRepository {
  private readonly campaigns = new Map<number, CampaignRecord>();
  private nextId = 1;

  async create(campaign: Omit<CampaignRecord, 'id'>): Promise<CampaignRecord> {
    if ([...this.campaigns.values()].some((c) => c.name === campaign.name)) throw new Error(`campaign ${campaign.name} exists`);
    const record: CampaignRecord = { ...copy(campaign), id: this.nextId++ };
    this.campaigns.set(record.id, record);
    return copy(record);
  }

  async update(campaign: CampaignRecord): Promise<void> {
    mustGet(this.campaigns, campaign.id, 'campaign');
    if ([...this.campaigns.values()].some((c) => c.name === campaign.name && c.id !== campaign.id)) {
      throw new Error(`campaign ${campaign.name} exists`);
    }
    this.campaigns.set(campaign.id, copy(campaign));
  }

  async findById(id: number): Promise<CampaignRecord | undefined> {
    const found = this.campaigns.get(id);
    return found && copy(found);
  }

  async findByName(name: string): Promise<CampaignRecord | undefined> {
    const found = [...this.campaigns.values()].find((c) => c.name === name);
    return found && copy(found);
  }

  async list(): Promise<CampaignRecord[]> { return copy([...this.campaigns.values()]); }
}

class MemoryContactLists implements ContactListRepository {
  readonly lists = new Map<number, ContactListRecord>();
  private nextId = 1;

  async create(list: Omit<ContactListRecord, 'id'>): Promise<ContactListRecord> {
    if ([...this.lists.values()].some((l) => l.name === list.name)) throw new Error(`contact list ${list.name} exists`);
    const record: ContactListRecord = { ...copy(list), id: this.nextId++ };
    this.lists.set(record.id, record);
    return copy(record);
  }

  async findById(id: number): Promise<ContactListRecord | undefined> {
    const found = this.lists.get(id);
    return found && copy(found);
  }

  async findByName(name: string): Promise<ContactListRecord | undefined> {
    const found = [...this.lists.values()].find((l) => l.name === name);
    return found && copy(found);
  }

  async list(): Promise<ContactListRecord[]> { return copy([...this.lists.values()]); }
}

class MemoryContacts implements ContactRepository {
  private readonly byId = new Map<number, ContactRecord>();
  /** Contacts of each list, in id order, and their userContactId index. */
  private readonly byList = new Map<number, { contacts: ContactRecord[]; byUserId: Map<string, ContactRecord> }>();
  private nextId = 1;

  constructor(private readonly lists: MemoryContactLists) {}

  private list(contactListId: number): { contacts: ContactRecord[]; byUserId: Map<string, ContactRecord> } {
    mustGet(this.lists.lists, contactListId, 'contact list');
    let entry = this.byList.get(contactListId);
    if (!entry) this.byList.set(contactListId, entry = { contacts: [], byUserId: new Map() });
    return entry;
  }

  async insertMany(contactListId: number, contacts: NewContact[]): Promise<number> {
    const list = this.list(contactListId);
    // Check everything first: the insert is all or nothing.
    const seen = new Set<string>();
    for (const c of contacts) {
      if (list.byUserId.has(c.userContactId) || seen.has(c.userContactId)) {
        throw new Error(`duplicate userContactId ${c.userContactId} in contact list ${contactListId}`);
      }
      seen.add(c.userContactId);
    }
    for (const c of contacts) {
      const record: ContactRecord = {
        ...copy(c),
        id: this.nextId++,
        contactListId,
        state: c.state ?? 'ready',
        nextAttemptAt: c.nextAttemptAt ?? 0,
        attempts: 0,
        lastAttemptAt: null,
        lastResult: null,
        lastCompletionCode: null,
      };
      this.byId.set(record.id, record);
      list.contacts.push(record);
      list.byUserId.set(record.userContactId, record);
    }
    return contacts.length;
  }

  async findById(id: number): Promise<ContactRecord | undefined> {
    const found = this.byId.get(id);
    return found && copy(found);
  }

  async findByUserContactId(contactListId: number, userContactId: string): Promise<ContactRecord | undefined> {
    const found = this.byList.get(contactListId)?.byUserId.get(userContactId);
    return found && copy(found);
  }

  async nextDialable(
    contactListId: number, now: number, maxAttempts: number, limit: number, excludeIds: readonly number[] = [],
  ): Promise<ContactRecord[]> {
    const excluded = new Set(excludeIds);
    const candidates = (this.byList.get(contactListId)?.contacts ?? []).filter((c) =>
      c.state === 'ready' && c.nextAttemptAt <= now && c.attempts < maxAttempts && !excluded.has(c.id));
    candidates.sort((a, b) => b.priority - a.priority || a.nextAttemptAt - b.nextAttemptAt || a.id - b.id);
    return copy(candidates.slice(0, Math.max(0, limit)));
  }

  async claim(id: number): Promise<boolean> {
    const contact = this.byId.get(id);
    if (contact?.state !== 'ready') return false;
    contact.state = 'in_progress';
    return true;
  }

  async recordOutcome(id: number, outcome: ContactOutcome): Promise<void> {
    const contact = mustGet(this.byId, id, 'contact');
    contact.attempts += 1;
    contact.lastAttemptAt = outcome.attemptedAt;
    contact.state = outcome.state;
    contact.nextAttemptAt = outcome.nextAttemptAt;
    contact.lastResult = outcome.lastResult;
    contact.lastCompletionCode = outcome.lastCompletionCode;
  }

  async release(id: number, nextAttemptAt: number): Promise<void> {
    const contact = mustGet(this.byId, id, 'contact');
    // Only a contact still in play goes back: a done or uncallable one stays as it is.
    if (contact.state !== 'in_progress' && contact.state !== 'ready') return;
    contact.state = 'ready';
    contact.nextAttemptAt = nextAttemptAt;
  }

  async setState(id: number, state: ContactRecord['state']): Promise<void> {
    mustGet(this.byId, id, 'contact').state = state;
  }

  async releaseAllInProgress(contactListId: number): Promise<number> {
    let released = 0;
    for (const contact of this.byList.get(contactListId)?.contacts ?? []) {
      if (contact.state !== 'in_progress') continue;
      contact.state = 'ready';
      released++;
    }
    return released;
  }

  async counts(contactListId: number): Promise<ContactCounts> {
    const counts: ContactCounts = { total: 0, available: 0, excluded: 0, done: 0, inProgress: 0 };
    for (const contact of this.byList.get(contactListId)?.contacts ?? []) {
      counts.total++;
      if (contact.state === 'ready') counts.available++;
      else if (contact.state === 'uncallable') counts.excluded++;
      else if (contact.state === 'done') counts.done++;
      else counts.inProgress++;
    }
    return counts;
  }
}

class MemoryDnc implements DncRepository {
  private readonly listsById = new Map<number, DncListRecord>();
  private readonly addresses = new Map<number, Set<string>>();
  private nextId = 1;

  async createList(list: Omit<DncListRecord, 'id' | 'lastUpdated'>, now: number): Promise<DncListRecord> {
    if ([...this.listsById.values()].some((l) => l.name === list.name)) throw new Error(`DNC list ${list.name} exists`);
    const record: DncListRecord = { ...copy(list), id: this.nextId++, lastUpdated: now };
    this.listsById.set(record.id, record);
    this.addresses.set(record.id, new Set());
    return copy(record);
  }

  async findListByName(name: string): Promise<DncListRecord | undefined> {
    const found = [...this.listsById.values()].find((l) => l.name === name);
    return found && copy(found);
  }

  async lists(): Promise<DncListRecord[]> { return copy([...this.listsById.values()]); }

  async addAddresses(listId: number, addresses: string[], now: number): Promise<number> {
    const list = mustGet(this.listsById, listId, 'DNC list');
    const set = mustGet(this.addresses, listId, 'DNC list');
    let added = 0;
    for (const address of addresses) {
      if (set.has(address)) continue;
      set.add(address);
      added++;
    }
    if (added > 0) list.lastUpdated = now;
    return added;
  }

  async removeAddresses(listId: number, addresses: string[], now: number): Promise<number> {
    const list = mustGet(this.listsById, listId, 'DNC list');
    const set = mustGet(this.addresses, listId, 'DNC list');
    let removed = 0;
    for (const address of addresses) if (set.delete(address)) removed++;
    if (removed > 0) list.lastUpdated = now;
    return removed;
  }

  async isListed(listIds: readonly number[], address: string): Promise<boolean> {
    return listIds.some((id) => this.addresses.get(id)?.has(address) ?? false);
  }

  async countAddresses(listId: number): Promise<number> {
    return this.addresses.get(listId)?.size ?? 0;
  }
}

class MemoryJobs implements JobRepository {
  private readonly jobs = new Map<number, JobRecord>();
  private nextId = 1;

  async create(campaignId: number, now: number): Promise<JobRecord> {
    const record: JobRecord = { id: this.nextId++, campaignId, state: 'running', startedAt: now, endedAt: null };
    this.jobs.set(record.id, record);
    return copy(record);
  }

  async setState(id: number, state: JobState, now: number): Promise<void> {
    const job = mustGet(this.jobs, id, 'job');
    job.state = state;
    // A job ends once, when it is stopped or completed.
    if ((state === 'stopped' || state === 'completed') && job.endedAt === null) job.endedAt = now;
  }

  async findById(id: number): Promise<JobRecord | undefined> {
    const found = this.jobs.get(id);
    return found && copy(found);
  }

  async active(): Promise<JobRecord[]> {
    return copy([...this.jobs.values()].filter((j) => j.state === 'running' || j.state === 'paused'));
  }

  async list(campaignId?: number): Promise<JobRecord[]> {
    return copy([...this.jobs.values()].filter((j) => campaignId === undefined || j.campaignId === campaignId));
  }
}

class MemoryAttempts implements AttemptRepository {
  private readonly attempts = new Map<number, AttemptRecord>();
  private nextId = 1;

  async insert(attempt: NewAttempt): Promise<AttemptRecord> {
    const record: AttemptRecord = {
      answeredAt: null, connectedAt: null, endedAt: null, result: null, completionCode: null,
      abandoned: false, nuisance: false, amdHangup: false,
      ...copy(attempt),
      agentId: attempt.agentId ?? null,
      id: this.nextId++,
    };
    this.attempts.set(record.id, record);
    return copy(record);
  }

  async update(id: number, change: AttemptUpdate): Promise<void> {
    const attempt = mustGet(this.attempts, id, 'attempt');
    // Only the fields present change; `undefined` means "not given", as with a SQL partial update.
    for (const [key, value] of Object.entries(change)) {
      if (value !== undefined) Object.assign(attempt, { [key]: value });
    }
  }

  async findById(id: number): Promise<AttemptRecord | undefined> {
    const found = this.attempts.get(id);
    return found && copy(found);
  }

  async listByJob(jobId: number): Promise<AttemptRecord[]> {
    return copy([...this.attempts.values()].filter((a) => a.jobId === jobId));
  }

  async listBetween(from: number, to: number): Promise<AttemptRecord[]> {
    return copy([...this.attempts.values()].filter((a) => a.dialedAt >= from && a.dialedAt < to));
  }

  async counts(campaignId: number, since: number): Promise<AttemptCounts> {
    const counts: AttemptCounts = { total: 0, ended: 0, liveAnswers: 0, connected: 0, abandoned: 0 };
    for (const a of this.attempts.values()) {
      if (a.campaignId !== campaignId || a.dialedAt < since) continue;
      counts.total++;
      if (a.endedAt !== null) counts.ended++;
      // An abandoned call was answered by a person too: it counts in the abandon rate's denominator.
      if (a.result === 'Answer_Human' || a.result === 'Abandoned' || a.abandoned) counts.liveAnswers++;
      if (a.connectedAt !== null) counts.connected++;
      if (a.abandoned) counts.abandoned++;
    }
    return counts;
  }
}

class MemoryCallbacks implements CallbackRepository {
  private readonly callbacks = new Map<number, CallbackRecord>();
  private nextId = 1;

  async create(callback: NewCallback): Promise<CallbackRecord> {
    const record: CallbackRecord = { ...copy(callback), id: this.nextId++, state: 'pending' };
    this.callbacks.set(record.id, record);
    return copy(record);
  }

  async findById(id: number): Promise<CallbackRecord | undefined> {
    const found = this.callbacks.get(id);
    return found && copy(found);
  }

  async due(campaignId: number, now: number): Promise<CallbackRecord[]> {
    const due = [...this.callbacks.values()].filter((c) => c.campaignId === campaignId && c.state === 'pending' && c.dueAt <= now);
    due.sort((a, b) => a.dueAt - b.dueAt || a.id - b.id);
    return copy(due);
  }

  async setState(id: number, state: CallbackState): Promise<void> {
    mustGet(this.callbacks, id, 'callback').state = state;
  }

  async list(filter: { state?: CallbackState; agentId?: string } = {}): Promise<CallbackRecord[]> {
    return copy([...this.callbacks.values()].filter((c) =>
      (filter.state === undefined || c.state === filter.state) && (filter.agentId === undefined || c.agentId === filter.agentId)));
  }
}

class MemoryAgentHistory implements AgentHistoryRepository {
  private readonly changes: AgentStateChangeRecord[] = [];

  async insert(change: AgentStateChangeRecord): Promise<void> {
    this.changes.push(copy(change));
  }

  /** Changes of the agent in [from, to), oldest first. */
  async list(agentId: string, from: number, to: number): Promise<AgentStateChangeRecord[]> {
    const found = this.changes.filter((c) => c.agentId === agentId && c.at >= from && c.at < to);
    return copy(found.sort((a, b) => a.at - b.at));
  }
}

export class MemoryStore implements Store {
  readonly dialect = 'sqlite';
  readonly organizations = new MemoryOrganizations();
  readonly agents = new MemoryAgents();
  readonly campaigns = new MemoryCampaigns();
  readonly contactLists = new MemoryContactLists();
  readonly contacts = new MemoryContacts(this.contactLists);
  readonly dnc = new MemoryDnc();
  readonly jobs = new MemoryJobs();
  readonly attempts = new MemoryAttempts();
  readonly callbacks = new MemoryCallbacks();
  readonly agentHistory = new MemoryAgentHistory();

  async close(): Promise<void> {}
}

export function createMemoryStore(): MemoryStore {
  return new MemoryStore();
}
