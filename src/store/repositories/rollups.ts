/**
 * The OCM Report Scheduler's rollups (migration 010): written an hour range at a time in one
 * transaction each (the old rows of an hour or the new ones, never a mix), read through a plan that
 * names the rolled-up hours and the raw ranges around them (src/reports/rollups/read-plan.ts).
 */
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { AgentStateChangeRecord } from '../records.ts';
import type { AgentStateHistoryTable, Database } from '../schema.ts';
import type {
  AgentHistorySlice, AgentHourRow, AgentTimeTotals, AttemptFilter, JobTotals, RollupCoverage, RollupReadPlan, RollupRepository, RollupSource, TimeRange,
} from '../store.ts';
import { dialectOf } from '../migrations/column-types.ts';
import { chunks, toFlag } from './columns.ts';

const HOUR_MS = 3_600_000;
const YES = toFlag(true);

/** `column` in any of the ranges; no range: false. */
function within(column: string, ranges: readonly TimeRange[]): RawBuilder<unknown> {
  if (ranges.length === 0) return sql`1 = 0`;
  const ref = sql.ref(column);
  return sql`(${sql.join(ranges.map((r) => sql`(${ref} >= ${r.from} and ${ref} < ${r.to})`), sql` or `)})`;
}

const LIVE = sql`case when result in ('Answer_Human', 'Abandoned') or abandoned = ${YES} then 1 else 0 end`;
const flagCount = (column: string): RawBuilder<unknown> => sql`sum(case when ${sql.ref(column)} = ${YES} then 1 else 0 end)`;

function historyFromRow(row: Selectable<AgentStateHistoryTable>): AgentStateChangeRecord {
  return {
    agentId: row.agent_id, at: Number(row.at), agentState: row.agent_state, callState: row.call_state,
    nailedStatus: row.nailed_status, reasonCode: row.reason_code, campaignName: row.campaign_name,
  };
}

export class KyselyRollupRepository implements RollupRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async coverage(source: RollupSource): Promise<RollupCoverage> {
    const state = await this.db.selectFrom('report_rollup_state').selectAll().where('source', '=', source).executeTakeFirst()
      ?? { watermark: 0, last_run_at: null, last_run_ms: null };
    const watermark = Number(state.watermark);
    const dirty = await this.db.selectFrom('report_rollup_dirty').select('hour')
      .where('source', '=', source).where('hour', '<', watermark).orderBy('hour').execute();
    return {
      watermark, dirty: dirty.map((d) => Number(d.hour)),
      lastRunAt: state.last_run_at === null ? null : Number(state.last_run_at), lastRunMs: state.last_run_ms,
    };
  }

  async earliest(source: RollupSource): Promise<number | null> {
    const row = source === 'attempts'
      ? await this.db.selectFrom('call_attempts').select((eb) => eb.fn.min('dialed_at').as('at')).executeTakeFirst()
      : await this.db.selectFrom('agent_state_history').select((eb) => eb.fn.min('at').as('at')).executeTakeFirst();
    return row?.at === null || row?.at === undefined ? null : Number(row.at);
  }

  async rollAttempts(range: TimeRange): Promise<void> {
    const { from, to } = range;
    await this.db.transaction().execute(async (trx) => {
      // The marks go first: a write committed after this statement marks its hour again (rolled up
      // next run); one committed before it is seen by the inserts below.
      await trx.deleteFrom('report_rollup_dirty').where('source', '=', 'attempts').where('hour', '>=', from).where('hour', '<', to).execute();
      await trx.deleteFrom('report_attempt_hours').where('hour', '>=', from).where('hour', '<', to).execute();
      await trx.deleteFrom('report_job_agent_hours').where('hour', '>=', from).where('hour', '<', to).execute();
      await sql`insert into report_attempt_hours
          (hour, campaign_id, job_id, completion_code, dials, answered, live_answers, connects, abandoned, nuisance, nuisance_calls, talk_ms)
        select dialed_at - dialed_at % ${sql.lit(HOUR_MS)}, campaign_id, job_id, completion_code,
          count(*), count(answered_at), sum(${LIVE}), count(connected_at), ${flagCount('abandoned')}, ${flagCount('nuisance')},
          sum(case when nuisance = ${YES} or abandoned = ${YES} then 1 else 0 end), coalesce(sum(ended_at - connected_at), 0)
        from call_attempts where dialed_at >= ${from} and dialed_at < ${to}
        group by 1, 2, 3, 4`.execute(trx);
      await sql`insert into report_job_agent_hours (hour, campaign_id, job_id, agent_id)
        select distinct dialed_at - dialed_at % ${sql.lit(HOUR_MS)}, campaign_id, job_id, agent_id
        from call_attempts where dialed_at >= ${from} and dialed_at < ${to} and agent_id is not null`.execute(trx);
      await raiseWatermark(trx, 'attempts', to);
    });
  }

  async rollAgents(range: TimeRange, compute: (history: AgentHistorySlice) => AgentHourRow[]): Promise<void> {
    const { from, to } = range;
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('report_rollup_dirty').where('source', '=', 'agents').where('hour', '>=', from).where('hour', '<', to).execute();
      // An agent whose state carries into the range with no change in it worked the hour before.
      const rows = compute(await historySlice(trx, range, from - HOUR_MS));
      await trx.deleteFrom('report_agent_hours').where('hour', '>=', from).where('hour', '<', to).execute();
      for (const part of chunks(rows, 500)) {
        await trx.insertInto('report_agent_hours').values(part.map((r) => ({
          hour: r.hour, agent_id: r.agentId, campaign_name: r.campaignName, ready_ms: r.readyMs, preview_ms: r.previewMs,
          talk_ms: r.talkMs, wrap_ms: r.wrapMs, not_ready_ms: r.notReadyMs, calls: r.calls,
        }))).execute();
      }
      await raiseWatermark(trx, 'agents', to);
    });
  }

  async recordRun(source: RollupSource, at: number, ms: number): Promise<void> {
    await ensureState(this.db, source);
    await this.db.updateTable('report_rollup_state').set({ last_run_at: at, last_run_ms: Math.round(ms) }).where('source', '=', source).execute();
  }

  async jobTotals(campaignIds: readonly number[], plan: RollupReadPlan, limit: number, offset: number): Promise<{ rows: JobTotals[]; total: number }> {
    if (campaignIds.length === 0) return { rows: [], total: 0 };
    const inScope = sql`campaign_id in (${sql.join([...campaignIds])})`;
    const parts: RawBuilder<unknown>[] = [];
    const keys: RawBuilder<unknown>[] = [];
    if (plan.rolled.length > 0) {
      parts.push(sql`select job_id, campaign_id, dials, answered, live_answers, connects, abandoned, nuisance, talk_ms
        from report_attempt_hours where ${within('hour', plan.rolled)} and ${inScope}`);
      keys.push(sql`select job_id from report_attempt_hours where ${within('hour', plan.rolled)} and ${inScope}`);
    }
    // One select per raw range: an OR of ranges beside the IN list keeps SQLite from using (campaign_id, dialed_at).
    for (const range of plan.raw) {
      parts.push(sql`select job_id, campaign_id, count(*) as dials, count(answered_at) as answered, sum(${LIVE}) as live_answers,
          count(connected_at) as connects, ${flagCount('abandoned')} as abandoned, ${flagCount('nuisance')} as nuisance,
          coalesce(sum(ended_at - connected_at), 0) as talk_ms
        from call_attempts where ${within('dialed_at', [range])} and ${inScope} group by job_id, campaign_id`);
      keys.push(sql`select job_id from call_attempts where ${within('dialed_at', [range])} and ${inScope}`);
    }
    if (parts.length === 0) return { rows: [], total: 0 };
    const count = await sql<{ n: number | string }>`select count(distinct job_id) as n from (${sql.join(keys, sql` union all `)}) k`.execute(this.db);
    const totals = await sql<Record<string, number | string>>`select job_id, campaign_id, sum(dials) as dials, sum(answered) as answered,
        sum(live_answers) as live_answers, sum(connects) as connects, sum(abandoned) as abandoned, sum(nuisance) as nuisance, sum(talk_ms) as talk_ms
      from (${sql.join(parts, sql` union all `)}) u group by job_id, campaign_id order by job_id limit ${limit} offset ${offset}`.execute(this.db);
    const agents = await this.jobAgents(totals.rows.map((r) => Number(r.job_id)), plan);
    return {
      total: Number(count.rows[0]?.n ?? 0),
      rows: totals.rows.map((r) => ({
        jobId: Number(r.job_id), campaignId: Number(r.campaign_id), dials: Number(r.dials), answered: Number(r.answered), liveAnswers: Number(r.live_answers),
        connects: Number(r.connects), abandoned: Number(r.abandoned), nuisance: Number(r.nuisance), talkSeconds: Math.round(Number(r.talk_ms) / 1000),
        agents: agents.get(Number(r.job_id)) ?? 0,
      })),
    };
  }

  /** Distinct agents per job over the plan: the agents of the rolled hours and of the raw attempts together. */
  private async jobAgents(jobIds: readonly number[], plan: RollupReadPlan): Promise<Map<number, number>> {
    if (jobIds.length === 0) return new Map();
    const ofJobs = sql`job_id in (${sql.join([...jobIds])})`;
    const parts: RawBuilder<unknown>[] = [];
    if (plan.rolled.length > 0) parts.push(sql`select job_id, agent_id from report_job_agent_hours where ${within('hour', plan.rolled)} and ${ofJobs}`);
    // `+job_id`: not the job index (every attempt of a month-long job), but the dial time of the edge.
    for (const range of plan.raw) {
      parts.push(sql`select job_id, agent_id from call_attempts where ${within('dialed_at', [range])} and +job_id in (${sql.join([...jobIds])}) and agent_id is not null`);
    }
    const rows = await sql<{ job_id: number | string; n: number | string }>`select job_id, count(distinct agent_id) as n
      from (${sql.join(parts, sql` union all `)}) u group by job_id`.execute(this.db);
    return new Map(rows.rows.map((r) => [Number(r.job_id), Number(r.n)]));
  }

  async attemptCount(filter: Omit<AttemptFilter, 'from' | 'to'>, plan: RollupReadPlan): Promise<number> {
    const narrow: RawBuilder<unknown>[] = [];
    if (filter.campaignId !== undefined) narrow.push(sql`campaign_id = ${filter.campaignId}`);
    if (filter.completionCodes !== undefined) {
      const wanted = filter.completionCodes.filter((c) => c.codeIds.length > 0);
      if (wanted.length === 0) return 0;
      narrow.push(sql`(${sql.join(wanted.map((c) => sql`(campaign_id = ${c.campaignId} and completion_code in (${sql.join([...c.codeIds])}))`), sql` or `)})`);
    }
    const and = (first: RawBuilder<unknown>): RawBuilder<unknown> => sql.join([first, ...narrow], sql` and `);
    let n = 0;
    if (plan.rolled.length > 0) {
      if (filter.nuisanceReason !== undefined) throw new Error('the rollups do not keep the nuisance reason: count those attempts raw');
      const column = sql.ref(filter.nuisance ? 'nuisance_calls' : 'dials');
      const row = await sql<{ n: number | string | null }>`select sum(${column}) as n from report_attempt_hours where ${and(within('hour', plan.rolled))}`.execute(this.db);
      n += Number(row.rows[0]?.n ?? 0);
    }
    const nuisance = filter.nuisance ? [sql`(nuisance = ${YES} or abandoned = ${YES})`] : [];
    if (filter.nuisanceReason !== undefined) nuisance.push(sql`nuisance_reason = ${filter.nuisanceReason}`);
    for (const range of plan.raw) {
      const row = await sql<{ n: number | string }>`select count(*) as n from call_attempts where ${sql.join([within('dialed_at', [range]), ...nuisance, ...narrow], sql` and `)}`
        .execute(this.db);
      n += Number(row.rows[0]?.n ?? 0);
    }
    return n;
  }

  async agentTotals(rolled: readonly TimeRange[]): Promise<AgentTimeTotals[]> {
    if (rolled.length === 0) return [];
    const rows = await sql<Record<string, number | string>>`select agent_id, campaign_name, sum(ready_ms) as ready_ms, sum(preview_ms) as preview_ms,
        sum(talk_ms) as talk_ms, sum(wrap_ms) as wrap_ms, sum(not_ready_ms) as not_ready_ms, sum(calls) as calls
      from report_agent_hours where ${within('hour', rolled)} group by agent_id, campaign_name`.execute(this.db);
    return rows.rows.map((r) => ({
      agentId: String(r.agent_id), campaignName: String(r.campaign_name), readyMs: Number(r.ready_ms), previewMs: Number(r.preview_ms),
      talkMs: Number(r.talk_ms), wrapMs: Number(r.wrap_ms), notReadyMs: Number(r.not_ready_ms), calls: Number(r.calls),
    }));
  }

  agentHistory(range: TimeRange): Promise<AgentHistorySlice> {
    return historySlice(this.db, range);
  }
}

/** The source's state row (migration 010 writes both; a store emptied table by table has none). */
async function ensureState(db: Kysely<Database>, source: RollupSource): Promise<void> {
  await db.insertInto('report_rollup_state').values({ source, watermark: 0, last_run_at: null, last_run_ms: null })
    .onConflict((oc) => oc.column('source').doNothing()).execute();
}

async function raiseWatermark(db: Kysely<Database>, source: RollupSource, to: number): Promise<void> {
  await ensureState(db, source);
  await db.updateTable('report_rollup_state').set({ watermark: to }).where('source', '=', source).where('watermark', '<', to).execute();
}

/**
 * The history of a range for every agent that may have time in it: the agents defined, those with
 * changes in it, and those rolled up in the hour `carriedHour`. Each one's last change before the range
 * is read through the (agent_id, at) index, one probe per agent.
 */
async function historySlice(db: Kysely<Database>, range: TimeRange, carriedHour?: number): Promise<AgentHistorySlice> {
  const changes = await db.selectFrom('agent_state_history').selectAll()
    .where('at', '>=', range.from).where('at', '<', range.to)
    .orderBy('agent_id').orderBy('at').orderBy('id')
    .execute();
  let agents = db.selectFrom('agents').select('agent_id')
    .union(db.selectFrom('agent_state_history').select('agent_id').where('at', '>=', range.from).where('at', '<', range.to));
  if (carriedHour !== undefined) agents = agents.union(db.selectFrom('report_agent_hours').select('agent_id').where('hour', '=', carriedHour));
  // PostgreSQL would hash-join `id in (…)` against the whole history; a lateral join probes the index per agent.
  const before = dialectOf(db as Kysely<unknown>) === 'postgres'
    ? (await sql<Selectable<AgentStateHistoryTable>>`select h.* from (${agents}) d cross join lateral (select * from agent_state_history i
        where i.agent_id = d.agent_id and i.at < ${range.from} order by i.at desc, i.id desc limit 1) h order by h.agent_id`.execute(db)).rows
    : await db.selectFrom('agent_state_history').selectAll()
      .where('id', 'in', db.selectFrom(agents.as('d')).select((eb) => eb.selectFrom('agent_state_history as i').select('i.id')
        .whereRef('i.agent_id', '=', 'd.agent_id').where('i.at', '<', range.from)
        .orderBy('i.at', 'desc').orderBy('i.id', 'desc').limit(1).as('last')))
      .orderBy('agent_id')
      .execute();
  return { before: before.map(historyFromRow), changes: changes.map(historyFromRow) };
}
