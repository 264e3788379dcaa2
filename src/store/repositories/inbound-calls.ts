import type { Kysely, Selectable, SelectQueryBuilder, Updateable } from 'kysely';
import type { InboundCallRecord, InboundCallUpdate, NewInboundCall } from '../records.ts';
import type { Database, InboundCallsTable } from '../schema.ts';
import type { InboundCallRepository } from '../store.ts';
import { expectUpdated } from './columns.ts';

function callOf(row: Selectable<InboundCallsTable>): InboundCallRecord {
  return {
    id: row.id,
    callId: row.call_id,
    queue: row.queue,
    overflowedFrom: row.overflowed_from,
    callingNumber: row.calling_number,
    arrivedAt: row.arrived_at,
    answeredAt: row.answered_at,
    endedAt: row.ended_at,
    result: row.result,
    agentId: row.agent_id,
    completionCode: row.completion_code,
  };
}

/** The columns an update sets: only the fields it gives. */
function columnsOf(change: InboundCallUpdate): Updateable<InboundCallsTable> {
  const set: Updateable<InboundCallsTable> = {};
  if (change.queue !== undefined) set.queue = change.queue;
  if (change.overflowedFrom !== undefined) set.overflowed_from = change.overflowedFrom;
  if (change.answeredAt !== undefined) set.answered_at = change.answeredAt;
  if (change.endedAt !== undefined) set.ended_at = change.endedAt;
  if (change.result !== undefined) set.result = change.result;
  if (change.agentId !== undefined) set.agent_id = change.agentId;
  if (change.completionCode !== undefined) set.completion_code = change.completionCode;
  return set;
}

type AbandonedQuery = { from: number; to: number; queue?: string };

export class KyselyInboundCallRepository implements InboundCallRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(call: NewInboundCall): Promise<InboundCallRecord> {
    const row = await this.db.insertInto('inbound_calls').values({
      call_id: call.callId, queue: call.queue, calling_number: call.callingNumber, arrived_at: call.arrivedAt, result: 'waiting',
    }).returningAll().executeTakeFirstOrThrow();
    return callOf(row);
  }

  async update(id: number, change: InboundCallUpdate): Promise<void> {
    const set = columnsOf(change);
    if (Object.keys(set).length === 0) return;
    expectUpdated(await this.db.updateTable('inbound_calls').set(set).where('id', '=', id).executeTakeFirst(), 'inbound call', id);
  }

  private abandonedIn<O>(query: AbandonedQuery, select: SelectQueryBuilder<Database, 'inbound_calls', O>): SelectQueryBuilder<Database, 'inbound_calls', O> {
    let q = select.where('result', '=', 'abandoned').where('arrived_at', '>=', query.from).where('arrived_at', '<', query.to);
    if (query.queue !== undefined) q = q.where('queue', '=', query.queue);
    return q;
  }

  async abandoned(query: AbandonedQuery & { limit?: number; offset?: number }): Promise<InboundCallRecord[]> {
    let q = this.abandonedIn(query, this.db.selectFrom('inbound_calls').selectAll()).orderBy('arrived_at').orderBy('id');
    if (query.limit !== undefined) q = q.limit(query.limit);
    if (query.offset !== undefined) q = query.limit === undefined ? q.limit(Number.MAX_SAFE_INTEGER).offset(query.offset) : q.offset(query.offset);
    return (await q.execute()).map(callOf);
  }

  async countAbandoned(query: AbandonedQuery): Promise<number> {
    const row = await this.abandonedIn(query, this.db.selectFrom('inbound_calls').select((eb) => eb.fn.countAll<number>().as('n')))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
