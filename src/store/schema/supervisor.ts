/** The tables of supervisor users, their sessions, and the audit log. */
import type { Generated } from 'kysely';
import type { Flag, Json } from './columns.ts';
import type { SupervisorRole } from '../records/supervisor.ts';

// ── 003_utilities ───────────────────────────────────────────────────────────

export interface SupervisorUsersTable {
  username: string;
  name: string;
  role: SupervisorRole;
  password_hash: string;
  created_at: number;
  disabled: Flag;
}

export interface SupervisorSessionsTable {
  token_hash: string;
  username: string;
  role: SupervisorRole;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  ended_at: number | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  username: string;
  role: string;
  action: string;
  target: string;
  outcome: 'ok' | 'failed';
  /** JSON Record<string, number>. */
  counts: Json;
  /** JSON object. */
  details: Json;
}
