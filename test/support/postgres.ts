/**
 * A throwaway PostgreSQL 15 cluster for one test file: its own data directory in a temp dir, a free
 * port on 127.0.0.1, trust auth, and no fsync. `stop()` kills it and removes everything.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports.ts';

const run = promisify(execFile);

const BIN_DIR = '/usr/lib/postgresql/15/bin';
const INITDB = join(BIN_DIR, 'initdb');
const PG_CTL = join(BIN_DIR, 'pg_ctl');
const OS_USER = 'postgres';

export interface TestPostgres {
  /** `postgres://postgres@127.0.0.1:PORT/postgres` */
  url: string;
  stop(): Promise<void>;
}

/** Runs a PostgreSQL binary; as root it runs as the `postgres` user, since PostgreSQL refuses root. */
async function runAsPostgres(command: string, args: string[]): Promise<void> {
  const asRoot = process.getuid?.() === 0;
  const [file, fileArgs] = asRoot ? ['runuser', ['-u', OS_USER, '--', command, ...args]] : [command, args];
  await run(file, fileArgs, { cwd: tmpdir() });
}

async function userIds(user: string): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', user]), run('id', ['-g', user])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

export async function startPostgres(): Promise<TestPostgres> {
  if (!existsSync(INITDB) || !existsSync(PG_CTL)) {
    throw new Error(`PostgreSQL 15 not found in ${BIN_DIR}: run \`apt-get install -y postgresql\` to run these tests`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'nailup-pg-'));
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  try {
    if (process.getuid?.() === 0) {
      const { uid, gid } = await userIds(OS_USER);
      await chown(dir, uid, gid);
    }
    await runAsPostgres(INITDB, [
      '-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync',
    ]);
    const port = await freePort();
    const serverOptions = [
      `-p ${port}`, "-c listen_addresses='127.0.0.1'", `-c unix_socket_directories='${dir}'`,
      // Throwaway data: trade durability for speed.
      '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off',
    ].join(' ');
    await runAsPostgres(PG_CTL, ['start', '-D', dataDir, '-l', logFile, '-w', '-t', '30', '-o', serverOptions]);
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      async stop() {
        try {
          await runAsPostgres(PG_CTL, ['stop', '-D', dataDir, '-m', 'immediate', '-w']);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    const log = await readFile(logFile, 'utf8').catch(() => '');
    // In case the server came up after all (e.g. pg_ctl timed out waiting for it).
    await runAsPostgres(PG_CTL, ['stop', '-D', dataDir, '-m', 'immediate']).catch(() => {});
    await rm(dir, { recursive: true, force: true });
    const detail = log === '' ? '' : `\n--- postgres.log ---\n${log}`;
    throw new Error(`could not start a test PostgreSQL: ${error instanceof Error ? error.message : String(error)}${detail}`, { cause: error });
  }
}
