/** Supervisor users, their sessions, and the audit log. */

// ── supervisor utilities (protocol.md §6) ───────────────────────────────────

export type SupervisorRole = 'supervisor' | 'administrator';

/** Who may use the supervisor utilities and their API; agents are not here. */
export interface SupervisorUserRecord {
  username: string;
  name: string;
  role: SupervisorRole;
  /** scrypt hash (see store/password.ts). */
  passwordHash: string;
  createdAt: number;
  disabled: boolean;
}

export interface SupervisorSessionRecord {
  tokenHash: string;
  username: string;
  role: SupervisorRole;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  endedAt: number | null;
}

/** One utility operation: who, what, when, on what, with which counts. */
export interface AuditRecord {
  id: number;
  at: number;
  username: string;
  role: string;
  action: string;
  target: string;
  outcome: 'ok' | 'failed';
  counts: Record<string, number>;
  details: Record<string, unknown>;
}

export type NewAuditRecord = Omit<AuditRecord, 'id'>;
