/**
 * `npm run cluster` (scripts/cluster.ts) on a temporary data directory and free ports: it starts
 * PostgreSQL, NATS, two dialers and two gateways, prints "ready" once a gateway is ready, serves the agent
 * desktop through a gateway, and on SIGINT stops every process it started (PostgreSQL too) and exits 0.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../support/ports.ts';
import { eventually } from '../support/cluster.ts';

const SCRIPT = fileURLToPath(new URL('../../scripts/cluster.ts', import.meta.url));

interface Pids {
  script: number;
  postgres: number | null;
  children: Record<string, number>;
}

/** Whether a process runs; a zombie (exited, not reaped yet) does not. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

void describe('npm run cluster', { timeout: 120_000 }, () => {
  let dir: string;
  let data: string;
  let script: ChildProcess;
  let output = '';
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  let gatewayPorts: number[];
  let pids: Pids | null = null;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nailup-cluster-script-'));
    // PostgreSQL runs as the postgres user when the tests run as root: it must reach the data directory.
    await chmod(dir, 0o755);
    data = join(dir, 'cluster');
    const [pgPort, natsPort, g1, g2, d1, d2] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort(), freePort()]);
    gatewayPorts = [g1, g2];
    script = spawn(process.execPath, [
      '--import', 'tsx', SCRIPT, '--data', data, '--pg-port', String(pgPort), '--nats-port', String(natsPort),
      '--gateway-ports', `${g1},${g2}`, '--dialer-ports', `${d1},${d2}`,
    ], {
      // A small demo floor without simulated agents: quick to seed, light on a shared machine.
      env: { ...process.env, NAILUP__demo__contactsPerList: '100', NAILUP__demo__bots: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    script.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    script.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    exited = new Promise((resolve) => script.once('exit', (code, signal) => resolve({ code, signal })));
  });

  after(async () => {
    // Whatever a failed test left: the script, its processes, PostgreSQL.
    if (script.exitCode === null && script.signalCode === null) script.kill('SIGKILL');
    for (const pid of Object.values(pids?.children ?? {})) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
    if (pids?.postgres && isRunning(pids.postgres)) process.kill(pids.postgres, 'SIGQUIT');
    await rm(dir, { recursive: true, force: true });
  });

  void it('starts the cluster and says "ready"', async () => {
    let status: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    void exited.then((s) => { status = s; });
    await eventually('the script says ready', () => {
      if (status) throw new Error(`the script exited (${JSON.stringify(status)}):\n${output}`);
      return /^ready$/m.test(output) ? true : undefined;
    }, 75_000).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}\n--- output ---\n${output}`);
    });
    pids = JSON.parse(readFileSync(join(data, 'pids.json'), 'utf8')) as Pids;
    assert.deepEqual(Object.keys(pids.children).sort(), ['dialer-1', 'dialer-2', 'gateway-1', 'gateway-2', 'nats']);
    assert.ok(pids.postgres !== null && isRunning(pids.postgres), 'PostgreSQL runs');
    for (const [name, pid] of Object.entries(pids.children)) assert.ok(isRunning(pid), `${name} runs`);
    assert.match(output, /leads the cluster \(epoch \d+\)/);
    assert.match(output, new RegExp(`http://127\\.0\\.0\\.1:${gatewayPorts[0]}/agent/`));
    assert.match(output, /kill -9 \d+/);
  });

  void it('serves the readiness probe and the agent desktop through a gateway', async () => {
    const ready = await fetch(`http://127.0.0.1:${gatewayPorts[0]}/readyz`);
    assert.equal(ready.status, 200);
    assert.equal(((await ready.json()) as { ready: boolean }).ready, true);
    const page = await fetch(`http://127.0.0.1:${gatewayPorts[1]}/agent/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await page.text(), /<html/i);
  });

  void it('stops every process and PostgreSQL on SIGINT, and exits 0', async () => {
    assert.ok(pids, 'the cluster started');
    script.kill('SIGINT');
    const status = await Promise.race([exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), 30_000).unref())]);
    assert.ok(status, `the script did not exit within 30 s:\n${output}`);
    assert.deepEqual(status, { code: 0, signal: null }, output);
    for (const [name, pid] of Object.entries(pids.children)) assert.equal(isRunning(pid), false, `${name} (pid ${pid}) is gone`);
    await eventually('PostgreSQL stops', () => (pids!.postgres !== null && isRunning(pids!.postgres) ? undefined : true), 10_000);
    assert.equal(existsSync(join(data, 'postgres', 'postmaster.pid')), false, 'PostgreSQL is stopped');
    assert.equal(existsSync(join(data, 'pids.json')), false);
    assert.match(output, /^.*stopped$/m);
  });
});
