import type { Kysely } from 'kysely';
import type { AgentStateChangeRecord } from '../records.ts';
import type { Database } from '../schema.ts';
import type { AgentHistoryRepository } from '../store.ts';

export class KyselyAgentHistoryRepository implements AgentHistoryRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(change: AgentStateChangeRecord): Promise<void> {
    await this.db.insertInto('agent_state_history')
      .values({
        agent_id: change.agentId,
        at: change.at,
        agent_state: change.agentState,
        call_state: change.callState,
        nailed_status: change.nailedStatus,
        reason_code: change.reasonCode,
        campaign_name: change.campaignName,
      })
      .execute();
  }

  /** The agent's changes at times in [from, to), oldest first. */
  async list(agentId: string, from: number, to: number): Promise<AgentStateChangeRecord[]> {
    const rows = await this.db.selectFrom('agent_state_history').selectAll()
      .where('agent_id', '=', agentId).where('at', '>=', from).where('at', '<', to)
      .orderBy('at').orderBy('id')
      .execute();
    return rows.map((row) => ({
      agentId: row.agent_id,
      at: row.at,
      agentState: row.agent_state,
      callState: row.call_state,
      nailedStatus: row.nailed_status,
      reasonCode: row.reason_code,
      campaignName: row.campaign_name,
    }));
  }
}
