/** The tables of what agents do: CTI logins, state history, TMAC sessions, desktop actions, sales records. */
import type { Generated } from 'kysely';
import type { Json } from './columns.ts';

/** The agents logged on through the CTI server (migration 009), resumed by a new leading dialer. */
export interface CtiLoginsTable {
  agent_id: string;
  extension: string;
  since: number;
}

export interface AgentStateHistoryTable {
  id: Generated<number>;
  agent_id: string;
  at: number;
  agent_state: string;
  call_state: string;
  nailed_status: string;
  reason_code: number;
  campaign_name: string | null;
}

export interface TmacSessionsTable {
  token_hash: string;
  agent_id: string;
  lan_id: string;
  extension: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  ended_at: number | null;
  end_reason: string | null;
}

export interface AgentActionsTable {
  id: Generated<number>;
  agent_id: string;
  at: number;
  action: string;
  details: Json;
  result: number;
}

export interface SalesRecordsTable {
  id: Generated<number>;
  agent_id: string;
  at: number;
  screen_id: string;
  connection_handle: string;
  campaign_name: string;
  contact_id: number | null;
  fields: Json;
}
