/**
 * Two report indexes at 10 million attempts (docs/benchmarks.md, "Reports at 10 million attempts"):
 *
 * - `contacts.first_attempted_at`: when the contact's first attempt was dialed (null: never attempted).
 *   List Accounts Not Attempted reads it through an index instead of probing call_attempts once per
 *   contact. The index is on `(contact_list_id, coalesce(first_attempted_at, NEVER_ATTEMPTED))`: "not
 *   attempted before T" is then one range of it; with the column alone, `first_attempted_at IS NULL OR
 *   first_attempted_at >= T` made SQLite read every contact of the list in the index (0.1 s at a
 *   million). Backfilled from the attempts already stored; then kept by a
 *   trigger on every insert into call_attempts, so that the dialer's insert stays one statement and
 *   attempts written in bulk (an import, the reports benchmark) are covered too. It keeps the earliest
 *   dial time (dialed_at never changes after insert): a later attempt never moves it.
 * - a partial index on `call_attempts.nuisance_reason` (migration 012): Outbound Nuisance (Agent Aux)
 *   reads the few attempts that have a reason instead of every attempt of the range.
 */
import { sql, type Kysely, type Migration, type RawBuilder } from 'kysely';
import { COLUMN_TYPES, dialectOf } from './column-types.ts';

/**
 * The first attempt's time of a contact never attempted, as the index and the report read it: after
 * every time (and an integer of both databases: PostgreSQL's bigint, exact in JavaScript).
 */
export const NEVER_ATTEMPTED = Number.MAX_SAFE_INTEGER;

/** The indexed expression; a query must spell it the same (a literal, not a parameter) to use the index. */
export function firstAttemptOrNever(): RawBuilder<number> {
  return sql<number>`coalesce(first_attempted_at, ${sql.lit(NEVER_ATTEMPTED)})`;
}

/** SQLite has row triggers only; the probe is by primary key and the update happens once per contact. */
const SQLITE_TRIGGER = `
create trigger contacts_first_attempt after insert on call_attempts begin
  update contacts set first_attempted_at = new.dialed_at
    where id = new.contact_id and (first_attempted_at is null or first_attempted_at > new.dialed_at);
end`;

/** A statement trigger with a transition table, as migration 010's: a bulk insert updates each contact once. */
const POSTGRES_TRIGGER = [`
CREATE FUNCTION nailup_contacts_first_attempt() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE contacts c SET first_attempted_at = f.first
    FROM (SELECT contact_id, min(dialed_at) AS first FROM new_rows GROUP BY contact_id) f
    WHERE c.id = f.contact_id AND (c.first_attempted_at IS NULL OR c.first_attempted_at > f.first);
  RETURN NULL;
END $$`,
`CREATE TRIGGER contacts_first_attempt AFTER INSERT ON call_attempts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION nailup_contacts_first_attempt()`];

async function up(db: Kysely<unknown>): Promise<void> {
  const dialect = dialectOf(db);
  await db.schema.alterTable('contacts').addColumn('first_attempted_at', COLUMN_TYPES[dialect].time).execute();
  // One probe per contact in call_attempts (contact_id, dialed_at) (migration 010).
  if (dialect === 'sqlite') {
    await sql`update contacts set first_attempted_at = (select min(a.dialed_at) from call_attempts a where a.contact_id = contacts.id)`.execute(db);
  } else {
    await sql`update contacts c set first_attempted_at = f.first
      from (select contact_id, min(dialed_at) as first from call_attempts group by contact_id) f where c.id = f.contact_id`.execute(db);
  }
  await db.schema.createIndex('contacts_list_first_attempted_at_idx').on('contacts').column('contact_list_id')
    .expression(firstAttemptOrNever()).execute();
  for (const statement of dialect === 'sqlite' ? [SQLITE_TRIGGER] : POSTGRES_TRIGGER) await sql.raw(statement).execute(db);

  await db.schema.createIndex('call_attempts_nuisance_reason_dialed_at_idx').on('call_attempts').columns(['nuisance_reason', 'dialed_at'])
    .where(sql.ref('nuisance_reason'), 'is not', null).execute();
}

export const firstAttemptMigration: Migration = {
  // In one transaction: a failure leaves neither the column nor a half backfill.
  async up(db: Kysely<unknown>): Promise<void> {
    if (db.isTransaction) await up(db);
    else await db.transaction().execute((trx) => up(trx));
  },
};
