import type { Kysely, Selectable } from 'kysely';
import type { AgentActionRecord, CtiLoginRecord, SalesRecord, TmacSessionRecord } from '../records.ts';
import type { Database, TmacSessionsTable } from '../schema.ts';
import type { AgentActionRepository, CtiLoginRepository, SalesRecordRepository, TmacSessionRepository } from '../store.ts';
import { expectUpdated } from './columns.ts';

function sessionFromRow(row: Selectable<TmacSessionsTable>): TmacSessionRecord {
  return {
    tokenHash: row.token_hash, agentId: row.agent_id, lanId: row.lan_id, extension: row.extension,
    createdAt: row.created_at, lastSeenAt: row.last_seen_at, expiresAt: row.expires_at, endedAt: row.ended_at, endReason: row.end_reason,
  };
}

export class KyselyTmacSessionRepository implements TmacSessionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(s: Omit<TmacSessionRecord, 'endedAt' | 'endReason'>): Promise<void> {
    await this.db.insertInto('tmac_sessions').values({
      token_hash: s.tokenHash, agent_id: s.agentId, lan_id: s.lanId, extension: s.extension,
      created_at: s.createdAt, last_seen_at: s.lastSeenAt, expires_at: s.expiresAt, ended_at: null, end_reason: null,
    }).execute();
  }

  async findByTokenHash(tokenHash: string): Promise<TmacSessionRecord | undefined> {
    const row = await this.db.selectFrom('tmac_sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return row && sessionFromRow(row);
  }

  async touch(tokenHash: string, lastSeenAt: number): Promise<void> {
    const result = await this.db.updateTable('tmac_sessions').set({ last_seen_at: lastSeenAt }).where('token_hash', '=', tokenHash).executeTakeFirst();
    expectUpdated(result, 'session', tokenHash);
  }

  async end(tokenHash: string, at: number, reason: string): Promise<void> {
    await this.db.updateTable('tmac_sessions').set({ ended_at: at, end_reason: reason })
      .where('token_hash', '=', tokenHash).where('ended_at', 'is', null).execute();
  }

  async open(): Promise<TmacSessionRecord[]> {
    const rows = await this.db.selectFrom('tmac_sessions').selectAll().where('ended_at', 'is', null).orderBy('created_at').execute();
    return rows.map(sessionFromRow);
  }
}

export class KyselyAgentActionRepository implements AgentActionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(a: AgentActionRecord): Promise<void> {
    await this.db.insertInto('agent_actions').values({
      agent_id: a.agentId, at: a.at, action: a.action, details: JSON.stringify(a.details), result: a.result,
    }).execute();
  }

  /** The agent's actions at times in [from, to), oldest first. */
  async list(agentId: string, from: number, to: number): Promise<AgentActionRecord[]> {
    const rows = await this.db.selectFrom('agent_actions').selectAll()
      .where('agent_id', '=', agentId).where('at', '>=', from).where('at', '<', to).orderBy('at').orderBy('id').execute();
    return rows.map((r) => ({ agentId: r.agent_id, at: r.at, action: r.action, details: JSON.parse(r.details) as Record<string, unknown>, result: r.result }));
  }
}

export class KyselySalesRecordRepository implements SalesRecordRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(r: Omit<SalesRecord, 'id'>): Promise<SalesRecord> {
    const row = await this.db.insertInto('sales_records').values({
      agent_id: r.agentId, at: r.at, screen_id: r.screenId, connection_handle: r.connectionHandle,
      campaign_name: r.campaignName, contact_id: r.contactId, fields: JSON.stringify(r.fields),
    }).returning('id').executeTakeFirstOrThrow();
    return { ...r, id: Number(row.id) };
  }

  /** Records saved at times in [from, to), oldest first. */
  async list(from: number, to: number): Promise<SalesRecord[]> {
    const rows = await this.db.selectFrom('sales_records').selectAll().where('at', '>=', from).where('at', '<', to).orderBy('at').orderBy('id').execute();
    return rows.map((r) => ({
      id: Number(r.id), agentId: r.agent_id, at: r.at, screenId: r.screen_id, connectionHandle: r.connection_handle,
      campaignName: r.campaign_name, contactId: r.contact_id, fields: JSON.parse(r.fields) as Record<string, string>,
    }));
  }

  async page(filter: { from: number; to: number; campaignName?: string }, limit: number, offset: number): Promise<{ rows: Array<SalesRecord & { userContactId: string | null }>; total: number }> {
    let matching = this.db.selectFrom('sales_records as s').where('s.at', '>=', filter.from).where('s.at', '<', filter.to);
    if (filter.campaignName !== undefined) matching = matching.where('s.campaign_name', '=', filter.campaignName);
    const count = await matching.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    const rows = await matching.leftJoin('contacts as c', 'c.id', 's.contact_id').selectAll('s').select('c.user_contact_id')
      .orderBy('s.at').orderBy('s.id').limit(limit).offset(offset).execute();
    return {
      total: Number(count.n),
      rows: rows.map((r) => ({
        id: Number(r.id), agentId: r.agent_id, at: Number(r.at), screenId: r.screen_id, connectionHandle: r.connection_handle, campaignName: r.campaign_name,
        contactId: r.contact_id === null ? null : Number(r.contact_id), fields: JSON.parse(r.fields) as Record<string, string>, userContactId: r.user_contact_id,
      })),
    };
  }
}

export class KyselyCtiLoginRepository implements CtiLoginRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async save(login: CtiLoginRecord): Promise<void> {
    await this.db.insertInto('cti_logins').values({ agent_id: login.agentId, extension: login.extension, since: login.since })
      .onConflict((oc) => oc.column('agent_id').doUpdateSet({ extension: login.extension, since: login.since }))
      .execute();
  }

  async remove(agentId: string): Promise<void> {
    await this.db.deleteFrom('cti_logins').where('agent_id', '=', agentId).execute();
  }

  async list(): Promise<CtiLoginRecord[]> {
    const rows = await this.db.selectFrom('cti_logins').selectAll().orderBy('since').orderBy('agent_id').execute();
    return rows.map((row) => ({ agentId: row.agent_id, extension: row.extension, since: row.since }));
  }

  async clear(): Promise<void> {
    await this.db.deleteFrom('cti_logins').execute();
  }
}
