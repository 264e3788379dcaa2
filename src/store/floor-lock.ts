/**
 * One floor at a time on a database. A second `nailup start` on the database of a running floor would
 * otherwise recover that floor as if it had crashed (its calls closed, its agents logged out) while it
 * runs. The command-line tools (import, add-user, migrate) take no lock: they may run beside the floor.
 *
 * - SQLite: a lock file beside the database (`FILE.lock`) holding the id of the process that runs the
 *   floor. A lock whose process is gone (killed, crashed) is taken over, as is one of this very process
 *   (a floor started again in one process).
 * - PostgreSQL: the cluster's lease (src/cluster/leadership.ts), taken on a connection of its own for as
 *   long as the floor runs, so that neither another floor nor a cluster's dialer leads beside it.
 *   PostgreSQL drops it when the process dies.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import pg from 'pg';
import { NailupError } from '../errors.ts';
import { LEADER_LOCK_KEY } from './fencing.ts';
import { isPostgresUrl, sqlitePath } from './open-store.ts';

export interface FloorLock {
  release(): Promise<void>;
}

const NO_LOCK: FloorLock = { release: () => Promise.resolve() };

/**
 * Locks the database of `databaseUrl` for this process's floor; nothing to lock for `:memory:`.
 * `onLost`: the PostgreSQL lease's connection failed (the floor runs on, unlocked: it has no fencing to lose).
 */
export async function lockFloor(databaseUrl: string, onLost: (error: Error) => void): Promise<FloorLock> {
  if (isPostgresUrl(databaseUrl)) return leaseOf(databaseUrl, onLost);
  const path = sqlitePath(databaseUrl);
  return path === ':memory:' ? NO_LOCK : lockFile(path);
}

async function leaseOf(databaseUrl: string, onLost: (error: Error) => void): Promise<FloorLock> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'nailup-floor' });
  client.on('error', onLost);
  await client.connect();
  const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [LEADER_LOCK_KEY]);
  if (!rows[0]?.ok) {
    await client.end();
    throw new NailupError('DATABASE_IN_USE', 'the database is in use by another nailup (a floor, or a cluster\'s leading dialer): stop it first, or start with another --database');
  }
  return { release: () => client.end() };
}

function lockFile(path: string): FloorLock {
  const lockPath = `${path}.lock`;
  for (;;) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return {
        release: () => {
          if (holderOf(lockPath) === process.pid) rmSync(lockPath, { force: true });
          return Promise.resolve();
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = holderOf(lockPath);
    if (holder !== null && holder !== process.pid && isRunning(holder)) {
      throw new NailupError('DATABASE_IN_USE', `database ${path} is in use by nailup process ${holder}: stop it first, or start with another --database`);
    }
    rmSync(lockPath, { force: true });
  }
}

/** The process id in the lock file; null if there is none (or it was removed meanwhile). */
function holderOf(lockPath: string): number | null {
  try {
    const pid = Number(readFileSync(lockPath, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Whether a process with this id runs (EPERM: it does, under another user). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
