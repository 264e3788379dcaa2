/**
 * The OCM Report Scheduler's tables (src/reports/rollups/, docs/reports.md): the dialer's records rolled up
 * per hour, which the reports read instead of the raw rows.
 *
 * - `report_attempt_hours`: attempts per hour (of dial time) × campaign × job × completion code;
 * - `report_job_agent_hours`: which agents took attempts of each job in each hour (a job summary counts
 *   distinct agents, which hourly counts cannot be summed into);
 * - `report_agent_hours`: agent time per hour × agent × campaign (what agent-time.ts computes);
 * - `report_rollup_state`: per source (attempts, agents) the watermark: every hour before it is rolled up;
 * - `report_rollup_dirty`: hours whose records were written since they were rolled up. Triggers fill it
 *   on every write to call_attempts and agent_state_history, so a late change (a disposition, crash
 *   recovery closing an attempt as Unknown) is never missed, whatever code path wrote it.
 *
 * No foreign keys: the rollups are derived data and must not stand in the way of a purge.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import { COLUMN_TYPES, dialectOf } from './column-types.ts';

const HOUR_MS = 3_600_000;

async function createSchema(db: Kysely<unknown>): Promise<void> {
  const dialect = dialectOf(db);
  const t = COLUMN_TYPES[dialect];

  await db.schema.createTable('report_attempt_hours')
    .addColumn('hour', t.time, (c) => c.notNull())
    .addColumn('campaign_id', t.id, (c) => c.notNull())
    .addColumn('job_id', t.id, (c) => c.notNull())
    .addColumn('completion_code', 'text')
    .addColumn('dials', 'integer', (c) => c.notNull())
    .addColumn('answered', 'integer', (c) => c.notNull())
    .addColumn('live_answers', 'integer', (c) => c.notNull())
    .addColumn('connects', 'integer', (c) => c.notNull())
    .addColumn('abandoned', 'integer', (c) => c.notNull())
    .addColumn('nuisance', 'integer', (c) => c.notNull())
    // Nuisance or abandoned: the Outbound Nuisance report's rows.
    .addColumn('nuisance_calls', 'integer', (c) => c.notNull())
    .addColumn('talk_ms', t.time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('report_attempt_hours_hour_idx').on('report_attempt_hours').columns(['hour', 'campaign_id']).execute();

  await db.schema.createTable('report_job_agent_hours')
    .addColumn('hour', t.time, (c) => c.notNull())
    .addColumn('campaign_id', t.id, (c) => c.notNull())
    .addColumn('job_id', t.id, (c) => c.notNull())
    .addColumn('agent_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('report_job_agent_hours_hour_idx').on('report_job_agent_hours').columns(['hour', 'job_id']).execute();

  await db.schema.createTable('report_agent_hours')
    .addColumn('hour', t.time, (c) => c.notNull())
    .addColumn('agent_id', 'text', (c) => c.notNull())
    .addColumn('campaign_name', 'text', (c) => c.notNull())
    .addColumn('ready_ms', t.time, (c) => c.notNull())
    .addColumn('preview_ms', t.time, (c) => c.notNull())
    .addColumn('talk_ms', t.time, (c) => c.notNull())
    .addColumn('wrap_ms', t.time, (c) => c.notNull())
    .addColumn('not_ready_ms', t.time, (c) => c.notNull())
    .addColumn('calls', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('report_agent_hours_hour_idx').on('report_agent_hours').columns(['hour', 'agent_id']).execute();

  await db.schema.createTable('report_rollup_state')
    .addColumn('source', 'text', (c) => c.primaryKey())
    .addColumn('watermark', t.time, (c) => c.notNull())
    .addColumn('last_run_at', t.time)
    .addColumn('last_run_ms', 'integer')
    .execute();
  await db.insertInto('report_rollup_state' as never).values([
    { source: 'attempts', watermark: 0, last_run_at: null, last_run_ms: null },
    { source: 'agents', watermark: 0, last_run_at: null, last_run_ms: null },
  ] as never).execute();

  await db.schema.createTable('report_rollup_dirty')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('hour', t.time, (c) => c.notNull())
    .addPrimaryKeyConstraint('report_rollup_dirty_pkey', ['source', 'hour'])
    .execute();

  // The rollup of agent time reads every agent's history of an hour range by time.
  await db.schema.createIndex('agent_state_history_at_idx').on('agent_state_history').column('at').execute();

  // List Accounts Not Attempted asks, per contact, for an attempt before a time: one covered probe
  // instead of reading each of the contact's attempts.
  await db.schema.createIndex('call_attempts_contact_dialed_at_idx').on('call_attempts').columns(['contact_id', 'dialed_at']).execute();

  // NSP List and NTC: attempts of a range by completion code, per campaign (the codes are per campaign).
  await db.schema.createIndex('call_attempts_campaign_code_dialed_at_idx').on('call_attempts').columns(['campaign_id', 'completion_code', 'dialed_at']).execute();

  if (dialect === 'sqlite') await sqliteTriggers(db);
  else await postgresTriggers(db);
}

/** Row triggers (SQLite has no other kind): each write marks the hour of the row it wrote. */
async function sqliteTriggers(db: Kysely<unknown>): Promise<void> {
  const mark = (source: string, column: string): string =>
    `insert or ignore into report_rollup_dirty (source, hour) values ('${source}', ${column} - ${column} % ${HOUR_MS});`;
  for (const statement of [
    `create trigger report_rollup_attempt_insert after insert on call_attempts begin ${mark('attempts', 'new.dialed_at')} end`,
    `create trigger report_rollup_attempt_update after update on call_attempts begin ${mark('attempts', 'new.dialed_at')} ${mark('attempts', 'old.dialed_at')} end`,
    `create trigger report_rollup_attempt_delete after delete on call_attempts begin ${mark('attempts', 'old.dialed_at')} end`,
    `create trigger report_rollup_history_insert after insert on agent_state_history begin ${mark('agents', 'new.at')} end`,
    `create trigger report_rollup_history_update after update on agent_state_history begin ${mark('agents', 'new.at')} ${mark('agents', 'old.at')} end`,
    `create trigger report_rollup_history_delete after delete on agent_state_history begin ${mark('agents', 'old.at')} end`,
  ]) await sql.raw(statement).execute(db);
}

/**
 * Statement triggers with transition tables: a bulk insert marks each hour once, not once per row. A
 * transition table serves one event only, hence a trigger per event.
 */
async function postgresTriggers(db: Kysely<unknown>): Promise<void> {
  const fn = (name: string, source: string, rows: string, column: string): string => `
CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_rollup_dirty (source, hour) SELECT DISTINCT '${source}', ${column} - ${column} % ${HOUR_MS} FROM ${rows} ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$`;
  const trigger = (name: string, event: string, table: string, rows: string, fnName: string): string =>
    `CREATE TRIGGER ${name} AFTER ${event} ON ${table} REFERENCING ${rows === 'old_rows' ? 'OLD' : 'NEW'} TABLE AS ${rows} FOR EACH STATEMENT EXECUTE FUNCTION ${fnName}()`;
  for (const statement of [
    fn('nailup_rollup_attempts_new', 'attempts', 'new_rows', 'dialed_at'),
    fn('nailup_rollup_attempts_old', 'attempts', 'old_rows', 'dialed_at'),
    fn('nailup_rollup_history_new', 'agents', 'new_rows', 'at'),
    fn('nailup_rollup_history_old', 'agents', 'old_rows', 'at'),
    trigger('report_rollup_attempt_insert', 'INSERT', 'call_attempts', 'new_rows', 'nailup_rollup_attempts_new'),
    // dialed_at never changes after insert: the new rows name the hours an update touched.
    trigger('report_rollup_attempt_update', 'UPDATE', 'call_attempts', 'new_rows', 'nailup_rollup_attempts_new'),
    trigger('report_rollup_attempt_delete', 'DELETE', 'call_attempts', 'old_rows', 'nailup_rollup_attempts_old'),
    trigger('report_rollup_history_insert', 'INSERT', 'agent_state_history', 'new_rows', 'nailup_rollup_history_new'),
    trigger('report_rollup_history_update', 'UPDATE', 'agent_state_history', 'new_rows', 'nailup_rollup_history_new'),
    trigger('report_rollup_history_delete', 'DELETE', 'agent_state_history', 'old_rows', 'nailup_rollup_history_old'),
  ]) await sql.raw(statement).execute(db);
}

export const reportRollupsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    if (db.isTransaction) await createSchema(db);
    else await db.transaction().execute((trx) => createSchema(trx));
  },
};
