/**
 * A throwaway nats-server (Debian's package) for one test file: a free port on 127.0.0.1, messages up to
 * 8 MB (relayed uploads), no persistence. `stop()` kills it; `restart()` stops and starts it on the same port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'node:net';
import { freePort } from './ports.ts';

const NATS_SERVER = '/usr/sbin/nats-server';

export interface TestNats {
  /** `nats://127.0.0.1:PORT` */
  url: string;
  stop(): Promise<void>;
}

export async function startNats(): Promise<TestNats> {
  if (!existsSync(NATS_SERVER)) throw new Error(`nats-server not found at ${NATS_SERVER}: run \`apt-get install -y nats-server\` to run these tests`);
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'nailup-nats-'));
  const configFile = join(dir, 'nats.conf');
  await writeFile(configFile, `listen: 127.0.0.1:${port}\nmax_payload: 8MB\n`);
  const child = spawn(NATS_SERVER, ['-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => { log = (log + chunk.toString()).slice(-4000); });
  await waitForPort(port, child, () => log);
  return {
    url: `nats://127.0.0.1:${port}`,
    async stop() {
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nats-server exited with ${child.exitCode}:\n${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => { socket.end(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`nats-server did not listen on ${port} within 10 s:\n${log()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
