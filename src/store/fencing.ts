/**
 * Fencing of a deposed dialer (PostgreSQL only; docs/operations.md, "Failover").
 *
 * Every connection of the leading dialer's pool carries its epoch (`-c nailup.epoch=N`, openStore). A
 * statement-level trigger on every table compares it with `leadership.epoch` and refuses the write with
 * SQLSTATE NL001 when they differ: a process that lost the lease can neither dial (the attempt is written
 * first), nor dispose, nor book a callback. Connections without the setting (gateways, migrations, the
 * command-line tools) are not fenced.
 *
 * The check takes FENCE_LOCK shared, and a new leader takes it exclusively while it raises the epoch: the
 * raise waits for every write that passed the check to commit, and every write after it sees the new
 * epoch. Advisory locks live in shared memory, so the check costs no row lock and no disk write.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** The session-level advisory lock the leading dialer holds (its lease). */
export const LEADER_LOCK_KEY = 0x6e61_696c;
/** Taken shared by every fenced write, exclusively by a new leader raising the epoch. */
export const FENCE_LOCK_KEY = 0x6e61_696d;
/** Taken by installFencing: two dialers starting together would otherwise create the same trigger twice. */
const INSTALL_LOCK_KEY = 0x6e61_696e;
/** The SQLSTATE of a write refused for a stale epoch. */
export const STALE_EPOCH_SQLSTATE = 'NL001';
/** Tables never fenced: the lease itself and Kysely's migration bookkeeping. */
const UNFENCED = ['leadership', 'kysely_migration', 'kysely_migration_lock'];

const FENCE_FUNCTION = sql`
CREATE OR REPLACE FUNCTION nailup_fence() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  claimed text := current_setting('nailup.epoch', true);
  current_epoch bigint;
BEGIN
  IF claimed IS NULL OR claimed = '' THEN RETURN NULL; END IF;
  PERFORM pg_advisory_xact_lock_shared(${sql.lit(FENCE_LOCK_KEY)});
  SELECT epoch INTO current_epoch FROM leadership WHERE id = 1;
  IF current_epoch IS DISTINCT FROM claimed::bigint THEN
    RAISE EXCEPTION 'stale leader: this dialer writes with epoch %, the leader now has epoch %', claimed, current_epoch
      USING ERRCODE = '${sql.raw(STALE_EPOCH_SQLSTATE)}';
  END IF;
  RETURN NULL;
END $$`;

/** Creates the fence trigger on every table that lacks it (tables of later migrations too); idempotent. */
export async function installFencing(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${sql.lit(INSTALL_LOCK_KEY)})`.execute(trx);
    await FENCE_FUNCTION.execute(trx);
    await createTriggers(trx);
  });
}

async function createTriggers(db: Kysely<Database>): Promise<void> {
  const unfenced = sql.join(UNFENCED.map((name) => sql.lit(name)));
  await sql`
DO $$
DECLARE t record;
BEGIN
  FOR t IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname NOT IN (${unfenced})
      AND NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgname = 'nailup_fence')
  LOOP
    EXECUTE format('CREATE TRIGGER nailup_fence BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION nailup_fence()', t.relname);
  END LOOP;
END $$`.execute(db);
}

/** Whether an error is PostgreSQL refusing a deposed leader's write. */
export function isStaleEpochError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === STALE_EPOCH_SQLSTATE;
}
