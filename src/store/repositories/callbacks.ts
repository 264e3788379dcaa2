import type { Kysely, Selectable } from 'kysely';
import type { CallbackRecord, CallbackState, NewCallback } from '../records.ts';
import type { CallbacksTable, Database } from '../schema.ts';
import type { CallbackRepository } from '../store.ts';
import { expectUpdated } from './columns.ts';

function fromRow(row: Selectable<CallbacksTable>): CallbackRecord {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    contactId: row.contact_id,
    type: row.type,
    agentId: row.agent_id,
    dueAt: row.due_at,
    expiresAt: row.expires_at,
    number: row.number,
    timezone: row.timezone,
    notes: row.notes,
    state: row.state,
    createdAt: row.created_at,
  };
}

export class KyselyCallbackRepository implements CallbackRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(callback: NewCallback): Promise<CallbackRecord> {
    const row = await this.db.insertInto('callbacks')
      .values({
        campaign_id: callback.campaignId,
        contact_id: callback.contactId,
        type: callback.type,
        agent_id: callback.agentId,
        due_at: callback.dueAt,
        expires_at: callback.expiresAt,
        number: callback.number,
        timezone: callback.timezone,
        notes: callback.notes,
        state: 'pending',
        created_at: callback.createdAt,
      })
      .returningAll().executeTakeFirstOrThrow();
    return fromRow(row);
  }

  async findById(id: number): Promise<CallbackRecord | undefined> {
    const row = await this.db.selectFrom('callbacks').selectAll().where('id', '=', id).executeTakeFirst();
    return row && fromRow(row);
  }

  async due(campaignId: number, now: number): Promise<CallbackRecord[]> {
    const rows = await this.db.selectFrom('callbacks').selectAll()
      .where('campaign_id', '=', campaignId).where('state', '=', 'pending').where('due_at', '<=', now)
      .orderBy('due_at').orderBy('id')
      .execute();
    return rows.map(fromRow);
  }

  async setState(id: number, state: CallbackState): Promise<void> {
    const result = await this.db.updateTable('callbacks').set({ state }).where('id', '=', id).executeTakeFirst();
    expectUpdated(result, 'callback', id);
  }

  async list(filter: { state?: CallbackState; agentId?: string } = {}): Promise<CallbackRecord[]> {
    let query = this.db.selectFrom('callbacks').selectAll();
    if (filter.state !== undefined) query = query.where('state', '=', filter.state);
    if (filter.agentId !== undefined) query = query.where('agent_id', '=', filter.agentId);
    const rows = await query.orderBy('due_at').orderBy('id').execute();
    return rows.map(fromRow);
  }
}
