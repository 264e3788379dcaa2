/**
 * One floor at a time on a SQLite file: a lock file beside it (`FILE.lock`) holding the id of the
 * process that runs the floor. A second `nailup start` on the same file would otherwise recover the
 * first one's floor as if it had crashed (its calls closed, its agents logged out) while it runs. A
 * lock whose process is gone (killed, crashed) is taken over, as is one of this very process (a floor
 * started again in one process). The command-line tools (import, add-user, migrate) take no lock:
 * they may run beside the floor. PostgreSQL floors are guarded by the dialers' lease instead.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { NailupError } from '../errors.ts';

export interface FloorLock {
  release(): void;
}

const NO_LOCK: FloorLock = { release: () => {} };

/** Locks the SQLite file of `databaseUrl` for this process; nothing to lock for PostgreSQL or `:memory:`. */
export function lockFloor(databaseUrl: string): FloorLock {
  const path = databaseUrl.replace(/^sqlite:/, '');
  if (/^postgres(ql)?:/.test(databaseUrl) || path === ':memory:') return NO_LOCK;
  const lockPath = `${path}.lock`;
  for (;;) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return { release: () => (holderOf(lockPath) === process.pid ? rmSync(lockPath, { force: true }) : undefined) };
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
