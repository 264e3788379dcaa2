import type { Kysely, Selectable } from 'kysely';
import { CALLBACK_STATES, type CallbackRecord, type CallbackState, type NewCallback } from '../records.ts';
import type { CallbacksTable, Database } from '../schema.ts';
import type { CallbackFilter, CallbackListRow, CallbackRepository } from '../store.ts';


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

  async transition(id: number, from: CallbackState, to: CallbackState, dueBy?: number): Promise<boolean> {
    let update = this.db.updateTable('callbacks').set({ state: to }).where('id', '=', id).where('state', '=', from);
    if (dueBy !== undefined) update = update.where('due_at', '<=', dueBy);
    const result = await update.executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async reschedule(id: number, dueAt: number, expiresAt: number): Promise<boolean> {
    const result = await this.db.updateTable('callbacks').set({ due_at: dueAt, expires_at: expiresAt })
      .where('id', '=', id).where('state', '=', 'pending')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async page(filter: CallbackFilter, limit: number, offset: number): Promise<{ callbacks: CallbackListRow[]; total: number; counts: Record<CallbackState, number> }> {
    let matching = this.db.selectFrom('callbacks').innerJoin('contacts', 'contacts.id', 'callbacks.contact_id');
    if (filter.campaignId !== undefined) matching = matching.where('callbacks.campaign_id', '=', filter.campaignId);
    if (filter.agentId !== undefined) matching = matching.where('callbacks.agent_id', '=', filter.agentId);
    if (filter.owned) matching = matching.where('callbacks.agent_id', 'is not', null);
    if (filter.dueFrom !== undefined) matching = matching.where('callbacks.due_at', '>=', filter.dueFrom);
    if (filter.dueTo !== undefined) matching = matching.where('callbacks.due_at', '<', filter.dueTo);
    const perState = await matching.select((eb) => ['callbacks.state', eb.fn.countAll<number>().as('n')]).groupBy('callbacks.state').execute();
    const counts = Object.fromEntries(CALLBACK_STATES.map((state) => [state, 0])) as Record<CallbackState, number>;
    for (const { state, n } of perState) counts[state] = Number(n);
    const inState = filter.state === undefined ? matching : matching.where('callbacks.state', '=', filter.state);
    const rows = await inState.selectAll('callbacks').select(['contacts.user_contact_id', 'contacts.first_name', 'contacts.last_name'])
      .orderBy('callbacks.due_at').orderBy('callbacks.id').limit(limit).offset(offset).execute();
    const total = filter.state === undefined ? CALLBACK_STATES.reduce((sum, state) => sum + counts[state], 0) : counts[filter.state];
    return {
      callbacks: rows.map((row) => ({ ...fromRow(row), userContactId: row.user_contact_id, contactName: `${row.first_name} ${row.last_name}`.trim() })),
      total, counts,
    };
  }

  async list(filter: { state?: CallbackState; agentId?: string } = {}): Promise<CallbackRecord[]> {
    let query = this.db.selectFrom('callbacks').selectAll();
    if (filter.state !== undefined) query = query.where('state', '=', filter.state);
    if (filter.agentId !== undefined) query = query.where('agent_id', '=', filter.agentId);
    const rows = await query.orderBy('due_at').orderBy('id').execute();
    return rows.map(fromRow);
  }
}
