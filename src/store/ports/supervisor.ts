/** The repositories of supervisor users and sessions, and of the audit log. */
import type {
  AuditRecord, NewAuditRecord, SupervisorSessionRecord, SupervisorUserRecord,
} from '../records/supervisor.ts';

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

export interface AuditRepository {
  insert(record: NewAuditRecord): Promise<AuditRecord>;
  /** Newest first; `beforeId` pages back. */
  list(filter: { username?: string; action?: string; from?: number; to?: number; beforeId?: number; limit: number }): Promise<AuditRecord[]>;
}
