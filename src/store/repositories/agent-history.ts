import type { Kysely, Selectable } from 'kysely';
import type { AgentStateChangeRecord } from '../records.ts';
import type { AgentStateHistoryTable, Database } from '../schema.ts';
import type { AgentHistoryRepository } from '../store.ts';
import { PreparedQueries } from './prepared.ts';

function fromRow(row: Selectable<AgentStateHistoryTable>): AgentStateChangeRecord {
  return {
    agentId: row.agent_id,
    at: row.at,
    agentState: row.agent_state,
    callState: row.call_state,
    nailedStatus: row.nailed_status,
    reasonCode: row.reason_code,
    campaignName: row.campaign_name,
  };
}

export class KyselyAgentHistoryRepository implements AgentHistoryRepository {
  private readonly prepared: PreparedQueries;

  constructor(private readonly db: Kysely<Database>) {
    this.prepared = new PreparedQueries(db as Kysely<never>);
  }

  async insert(change: AgentStateChangeRecord): Promise<void> {
    await this.prepared.run('insert', change, (v) => this.db.insertInto('agent_state_history')
      .values({
        agent_id: v.agentId,
        at: v.at,
        agent_state: v.agentState,
        call_state: v.callState,
        nailed_status: v.nailedStatus,
        reason_code: v.reasonCode,
        campaign_name: v.campaignName,
      }));
  }

  /** The agent's changes at times in [from, to), oldest first. */
  async list(agentId: string, from: number, to: number): Promise<AgentStateChangeRecord[]> {
    const rows = await this.db.selectFrom('agent_state_history').selectAll()
      .where('agent_id', '=', agentId).where('at', '>=', from).where('at', '<', to)
      .orderBy('at').orderBy('id')
      .execute();
    return rows.map(fromRow);
  }

  async lastBefore(agentId: string, at: number): Promise<AgentStateChangeRecord | undefined> {
    const row = await this.db.selectFrom('agent_state_history').selectAll()
      .where('agent_id', '=', agentId).where('at', '<', at)
      .orderBy('at', 'desc').orderBy('id', 'desc').limit(1)
      .executeTakeFirst();
    return row && fromRow(row);
  }
}
