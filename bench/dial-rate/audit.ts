/**
 * What the run left in the store, read back after it: every call the simulated network received in
 * the run's window has its attempt row, and the agents' state changes are there.
 */
import { sql } from 'kysely';
import { openDatabase, openStore } from '../../src/store/open-store.ts';

export interface StoredFigures {
  /** Attempt rows: every call the dialer made in the run, the tail after the window included. */
  attempts: number;
  /** Calls the simulated network received from the job's start to the end of the window … */
  dialsInWindow: number;
  /** … and the attempt rows dialed in the same span: equal when every attempt was stored. */
  attemptsInWindow: number;
  allStored: boolean;
  /** Attempts with an outcome written (ended), and those still open: calls in hand when the run stopped. */
  ended: number;
  open: number;
  /** Agent state history rows, and per attempt. */
  historyRows: number;
  historyRowsPerAttempt: number;
}

/** Migrates an empty database, and refuses one that has a floor already (its figures would mix). */
export async function prepareEmptyDatabase(url: string): Promise<void> {
  const store = await openStore(url);
  try {
    const { db } = await openDatabase(url);
    try {
      const row = await db.selectFrom('agents').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
      const attempts = await db.selectFrom('call_attempts').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
      if (Number(row.n) > 0 || Number(attempts.n) > 0) {
        throw new Error(`--database: the database must be empty (it has ${row.n} agents and ${attempts.n} call attempts)`);
      }
    } finally {
      await db.destroy();
    }
  } finally {
    await store.close();
  }
}

export async function auditStore(url: string, windowMs: number, dialsInWindow: number): Promise<StoredFigures> {
  const { db } = await openDatabase(url);
  try {
    const job = await db.selectFrom('jobs').select(['id', 'started_at']).orderBy('id').executeTakeFirstOrThrow();
    const end = Number(job.started_at) + windowMs;
    const count = (n: unknown): number => Number(n);
    const attempts = await db.selectFrom('call_attempts')
      .select([
        sql<number>`count(*)`.as('total'),
        sql<number>`sum(case when dialed_at <= ${end} then 1 else 0 end)`.as('inWindow'),
        sql<number>`sum(case when ended_at is null then 1 else 0 end)`.as('open'),
      ])
      .where('job_id', '=', job.id).executeTakeFirstOrThrow();
    const history = await db.selectFrom('agent_state_history').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    const total = count(attempts.total);
    const open = count(attempts.open ?? 0);
    const attemptsInWindow = count(attempts.inWindow ?? 0);
    return {
      attempts: total,
      dialsInWindow,
      attemptsInWindow,
      allStored: attemptsInWindow === dialsInWindow,
      ended: total - open,
      open,
      historyRows: count(history.n),
      historyRowsPerAttempt: total > 0 ? count(history.n) / total : 0,
    };
  } finally {
    await db.destroy();
  }
}
