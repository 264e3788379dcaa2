import { sql, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { AttemptRecord, AttemptUpdate, NewAttempt } from '../records.ts';
import type { CallAttemptsTable, Database } from '../schema.ts';
import type { AttemptCounts, AttemptFilter, AttemptReportRow, AttemptRepository, JobTotals } from '../store.ts';
import { expectUpdated, fromFlag, toFlag } from './columns.ts';
import { affectedRows, PreparedQueries } from './prepared.ts';

function fromRow(row: Selectable<CallAttemptsTable>): AttemptRecord {
  return {
    id: row.id,
    jobId: row.job_id,
    campaignId: row.campaign_id,
    contactId: row.contact_id,
    number: row.number,
    kind: row.kind,
    dialedAt: row.dialed_at,
    answeredAt: row.answered_at,
    connectedAt: row.connected_at,
    endedAt: row.ended_at,
    result: row.result,
    agentId: row.agent_id,
    completionCode: row.completion_code,
    abandoned: fromFlag(row.abandoned),
    nuisance: fromFlag(row.nuisance),
    amdHangup: fromFlag(row.amd_hangup),
    // Migration 012's columns, present only when set (most attempts have neither).
    ...(row.nuisance_reason == null ? {} : { nuisanceReason: row.nuisance_reason }),
    ...(row.notes == null ? {} : { notes: row.notes }),
  };
}

/** The columns of the fields present in `change`; absent (undefined) fields are left alone. */
function updateColumns(change: AttemptUpdate): Updateable<CallAttemptsTable> {
  const set: Updateable<CallAttemptsTable> = {};
  if (change.answeredAt !== undefined) set.answered_at = change.answeredAt;
  if (change.connectedAt !== undefined) set.connected_at = change.connectedAt;
  if (change.endedAt !== undefined) set.ended_at = change.endedAt;
  if (change.result !== undefined) set.result = change.result;
  if (change.agentId !== undefined) set.agent_id = change.agentId;
  if (change.completionCode !== undefined) set.completion_code = change.completionCode;
  if (change.abandoned !== undefined) set.abandoned = toFlag(change.abandoned);
  if (change.nuisance !== undefined) set.nuisance = toFlag(change.nuisance);
  if (change.amdHangup !== undefined) set.amd_hangup = toFlag(change.amdHangup);
  if (change.nuisanceReason !== undefined) set.nuisance_reason = change.nuisanceReason;
  if (change.notes !== undefined) set.notes = change.notes;
  return set;
}

export class KyselyAttemptRepository implements AttemptRepository {
  private readonly prepared: PreparedQueries;

  constructor(private readonly db: Kysely<Database>) {
    this.prepared = new PreparedQueries(db as Kysely<never>);
  }

  async insert(attempt: NewAttempt): Promise<AttemptRecord> {
    const values = { ...attempt, agentId: attempt.agentId ?? null };
    const result = await this.prepared.run('insert', values, (v) => this.db.insertInto('call_attempts')
      .values({
        job_id: v.jobId,
        campaign_id: v.campaignId,
        contact_id: v.contactId,
        number: v.number,
        kind: v.kind,
        dialed_at: v.dialedAt,
        answered_at: null,
        connected_at: null,
        ended_at: null,
        result: null,
        agent_id: v.agentId,
        completion_code: null,
        abandoned: toFlag(false),
        nuisance: toFlag(false),
        amd_hangup: toFlag(false),
      })
      .returningAll());
    const row = result.rows[0];
    if (!row) throw new Error('the new attempt was not returned');
    return fromRow(row);
  }

  async update(id: number, change: AttemptUpdate): Promise<void> {
    const set = updateColumns(change);
    const columns = Object.keys(set) as Array<keyof typeof set>;
    if (columns.length === 0) return;
    // One prepared statement per set of columns changed.
    const result = await this.prepared.run(`update:${columns.join(',')}`, { ...set, id }, (v) => this.db.updateTable('call_attempts')
      .set(Object.fromEntries(columns.map((column) => [column, v[column]])))
      .where('id', '=', v.id));
    expectUpdated({ numUpdatedRows: affectedRows(result) }, 'attempt', id);
  }

  async findById(id: number): Promise<AttemptRecord | undefined> {
    const row = await this.db.selectFrom('call_attempts').selectAll().where('id', '=', id).executeTakeFirst();
    return row && fromRow(row);
  }

  async listByJob(jobId: number): Promise<AttemptRecord[]> {
    const rows = await this.db.selectFrom('call_attempts').selectAll().where('job_id', '=', jobId).orderBy('id').execute();
    return rows.map(fromRow);
  }

  async latestOfContact(contactId: number): Promise<AttemptRecord | undefined> {
    const row = await this.db.selectFrom('call_attempts').selectAll().where('contact_id', '=', contactId).orderBy('id', 'desc').limit(1).executeTakeFirst();
    return row && fromRow(row);
  }

  async countForNumber(contactId: number, number: string): Promise<number> {
    const row = await this.db.selectFrom('call_attempts').select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('contact_id', '=', contactId).where('number', '=', number).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async listBetween(from: number, to: number): Promise<AttemptRecord[]> {
    const rows = await this.db.selectFrom('call_attempts').selectAll()
      .where('dialed_at', '>=', from).where('dialed_at', '<', to)
      .orderBy('dialed_at').orderBy('id')
      .execute();
    return rows.map(fromRow);
  }

  async closeOpen(jobId: number, now: number): Promise<number> {
    const open = this.db.updateTable('call_attempts').where('job_id', '=', jobId).where('ended_at', 'is', null);
    await open.where('answered_at', 'is not', null).where('amd_hangup', '=', toFlag(false)).set({ nuisance: toFlag(true) }).execute();
    const result = await open.set({ ended_at: now, result: 'Unknown' }).executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async report(filter: AttemptFilter, limit: number, offset: number, options: { total?: boolean } = {}): Promise<{ rows: AttemptReportRow[]; total: number }> {
    let matching = this.db.selectFrom('call_attempts')
      .innerJoin('contacts', 'contacts.id', 'call_attempts.contact_id')
      .where('call_attempts.dialed_at', '>=', filter.from).where('call_attempts.dialed_at', '<', filter.to);
    if (filter.campaignId !== undefined) matching = matching.where('call_attempts.campaign_id', '=', filter.campaignId);
    if (filter.nuisance) {
      matching = matching.where((eb) => eb.or([eb('call_attempts.nuisance', '=', toFlag(true)), eb('call_attempts.abandoned', '=', toFlag(true))]));
    }
    if (filter.nuisanceReason !== undefined) matching = matching.where('call_attempts.nuisance_reason', '=', filter.nuisanceReason);
    const codes = filter.completionCodes;
    if (codes !== undefined) {
      const wanted = codes.filter((c) => c.codeIds.length > 0);
      if (wanted.length === 0) return { rows: [], total: 0 };
      matching = matching.where((eb) => eb.or(wanted.map((c) => eb.and([
        eb('call_attempts.campaign_id', '=', c.campaignId), eb('call_attempts.completion_code', 'in', [...c.codeIds]),
      ]))));
    }
    // `total: false`: the caller counts from the report rollups (src/reports/rollups/); total is then -1.
    const count = options.total === false ? { n: -1 } : await matching.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await matching.selectAll('call_attempts')
      .select(['contacts.user_contact_id', 'contacts.first_name', 'contacts.last_name'])
      .orderBy('call_attempts.dialed_at').orderBy('call_attempts.id')
      .limit(limit).offset(offset)
      .execute();
    return {
      rows: rows.map((row) => ({ ...fromRow(row), userContactId: row.user_contact_id, contactName: `${row.first_name} ${row.last_name}`.trim() })),
      total: Number(count.n),
    };
  }

  async listByContact(contactId: number, limit: number): Promise<AttemptRecord[]> {
    const rows = await this.db.selectFrom('call_attempts').selectAll().where('contact_id', '=', contactId)
      .orderBy('dialed_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map(fromRow);
  }

  async jobTotals(filter: { from: number; to: number; campaignIds: readonly number[] }, limit: number, offset: number): Promise<{ rows: JobTotals[]; total: number }> {
    if (filter.campaignIds.length === 0) return { rows: [], total: 0 };
    const matching = this.db.selectFrom('call_attempts')
      .where('dialed_at', '>=', filter.from).where('dialed_at', '<', filter.to)
      .where('campaign_id', 'in', [...filter.campaignIds]);
    const count = await matching.select((eb) => eb.fn.count<number>('job_id').distinct().as('n')).executeTakeFirstOrThrow();
    const rows = await matching
      .select((eb) => [
        'job_id', 'campaign_id',
        eb.fn.countAll<number>().as('dials'),
        eb.fn.countAll<number>().filterWhere('answered_at', 'is not', null).as('answered'),
        eb.fn.countAll<number>().filterWhere(eb.or([eb('result', 'in', ['Answer_Human', 'Abandoned']), eb('abandoned', '=', toFlag(true))])).as('live'),
        eb.fn.countAll<number>().filterWhere('connected_at', 'is not', null).as('connects'),
        eb.fn.countAll<number>().filterWhere('abandoned', '=', toFlag(true)).as('abandoned'),
        eb.fn.countAll<number>().filterWhere('nuisance', '=', toFlag(true)).as('nuisance'),
        sql<number>`coalesce(sum(case when connected_at is not null and ended_at is not null then ended_at - connected_at else 0 end), 0)`.as('talk_ms'),
        eb.fn.count<number>('agent_id').distinct().as('agents'),
      ])
      .groupBy(['job_id', 'campaign_id']).orderBy('job_id')
      .limit(limit).offset(offset)
      .execute();
    return {
      total: Number(count.n),
      rows: rows.map((r) => ({
        jobId: r.job_id, campaignId: r.campaign_id, dials: Number(r.dials), answered: Number(r.answered), liveAnswers: Number(r.live),
        connects: Number(r.connects), abandoned: Number(r.abandoned), nuisance: Number(r.nuisance), talkSeconds: Math.round(Number(r.talk_ms) / 1000), agents: Number(r.agents),
      })),
    };
  }

  /**
   * Attempts of the campaign dialed at or after `since`. A live answer is a human answer, whether
   * an agent took it or it was abandoned: the denominator of the abandon rate.
   */
  async resultCounts(campaignId: number, since: number): Promise<Array<{ result: string; count: number }>> {
    const rows = await this.db.selectFrom('call_attempts')
      .select((eb) => ['result', eb.fn.countAll<number | string>().as('n')])
      .where('campaign_id', '=', campaignId).where('dialed_at', '>=', since).where('result', 'is not', null)
      .groupBy('result').orderBy('result')
      .execute();
    return rows.map((row) => ({ result: row.result!, count: Number(row.n) }));
  }

  async counts(campaignId: number, since: number): Promise<AttemptCounts> {
    const row = await this.db.selectFrom('call_attempts')
      .select((eb) => [
        eb.fn.countAll<number>().as('total'),
        eb.fn.countAll<number>().filterWhere('ended_at', 'is not', null).as('ended'),
        eb.fn.countAll<number>()
          // Unlike the reports' (results only), the floor's count takes the calls connected to an agent:
          // before their result is written, and those a stopped dialer closed as Unknown.
          .filterWhere(eb.or([
            eb('result', 'in', ['Answer_Human', 'Abandoned']), eb('abandoned', '=', toFlag(true)),
            eb.and([eb('connected_at', 'is not', null), eb.or([eb('result', 'is', null), eb('result', '=', 'Unknown')])]),
          ]))
          .as('liveAnswers'),
        eb.fn.countAll<number>().filterWhere('connected_at', 'is not', null).as('connected'),
        eb.fn.countAll<number>().filterWhere('abandoned', '=', toFlag(true)).as('abandoned'),
      ])
      .where('campaign_id', '=', campaignId).where('dialed_at', '>=', since)
      .executeTakeFirstOrThrow();
    return {
      total: Number(row.total),
      ended: Number(row.ended),
      liveAnswers: Number(row.liveAnswers),
      connected: Number(row.connected),
      abandoned: Number(row.abandoned),
    };
  }
}
