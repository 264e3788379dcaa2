/** The repositories of what agents do: state history, TMAC sessions, CTI logins, desktop actions, sales records. */
import type {
  AgentActionRecord, AgentStateChangeRecord, CtiLoginRecord, SalesRecord, TmacSessionRecord,
} from '../records/agent-activity.ts';

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
