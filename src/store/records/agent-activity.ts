/** What agents do: state history, CTI logins, TMAC sessions, desktop actions, sales records. */

export interface AgentStateChangeRecord {
  agentId: string;
  at: number;
  agentState: string;
  callState: string;
  nailedStatus: string;
  reasonCode: number;
  campaignName: string | null;
}

/** An agent logged on through the CTI server, on this extension since then (resumed after a failover). */
export interface CtiLoginRecord {
  agentId: string;
  extension: string;
  since: number;
}

export interface TmacSessionRecord {
  tokenHash: string;
  agentId: string;
  lanId: string;
  extension: string;
  createdAt: number;
  lastSeenAt: number;
  /** The absolute end of the session's lifetime. */
  expiresAt: number;
  endedAt: number | null;
  endReason: string | null;
}

export interface AgentActionRecord {
  agentId: string;
  at: number;
  action: string;
  details: Record<string, unknown>;
  /** The TMAC result of the command (0 accepted). */
  result: number;
}

export interface SalesRecord {
  id: number;
  agentId: string;
  at: number;
  screenId: string;
  connectionHandle: string;
  campaignName: string;
  contactId: number | null;
  fields: Record<string, string>;
}
