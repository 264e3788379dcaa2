/**
 * nailup killed with SIGKILL at several points of a call — just dialed, ringing, talking, in wrap-up —
 * and started again each time, on SQLite and on PostgreSQL: no contact is dialed twice inside its retry
 * interval, every attempt is counted, every call an agent finished has its disposition, and the agents'
 * history is closed at each restart.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openStore } from '../../src/store/open-store.ts';
import type { AttemptRecord } from '../../src/store/records.ts';
import { startPostgres, type TestPostgres } from '../support/postgres.ts';

/** A quick floor: calls ring a second or two and talk a few seconds, so every point of a call comes round often. */
const CONFIG = {
  demo: { enabled: true, bots: 6, contactsPerList: 400 },
  // The test reads the floor status without a login: it is about crash recovery, not access.
  http: { publicStatus: true },
  network: {
    outcomes: { live: 0.6, machine: 0.1, busy: 0.1, invalid: 0.05, refused: 0 },
    ringTime: { dist: 'uniform', min: 1, max: 3 }, machineAnswer: 2, busyAfter: 1, invalidAfter: 1,
    talk: { dist: 'uniform', min: 3, max: 6 }, patience: 30,
  },
};

interface FloorJob { campaign: string; linesRinging: number }
interface FloorAgent { agentId: string; callState: string }
interface Floor { jobs: FloorJob[]; agents: FloorAgent[] }

type Point = 'dialing' | 'ringing' | 'talking' | 'wrap-up';

const KILL_AT: Record<Point, (floor: Floor) => boolean> = {
  dialing: (f) => f.jobs.some((j) => j.campaign === 'DemoPredictive' && j.linesRinging > 0),
  ringing: (f) => f.jobs.some((j) => j.campaign === 'DemoPredictive' && j.linesRinging > 1),
  talking: (f) => f.agents.some((a) => a.callState === 'Talking'),
  'wrap-up': (f) => f.agents.some((a) => a.callState === 'Wrapup'),
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts `nailup start` as a child process; resolves with it and its URL once it serves. */
async function startChild(database: string, configFile: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'start', '--demo', '--port', '0', '--database', database, '--config', configFile], {
    cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'],
  });
  const printed = { text: '' };
  outputs.set(child, printed);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => { printed.text += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { printed.text += chunk.toString(); });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nailup did not start: ${output}`)), 60_000);
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /Agent desktop:\s+(http:\/\/[^/\s]+)\//.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => reject(new Error(`nailup exited (${code}): ${output}`)));
  });
  return { child, url };
}

async function floorOf(url: string): Promise<Floor> {
  return (await (await fetch(`${url}/api/v1/status`)).json()) as Floor;
}

/** What a child printed, kept for the failure's message if it ends on its own. */
const outputs = new WeakMap<ChildProcess, { text: string }>();

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** Runs the floor, killing it at each point of a call in turn and starting it again; returns the times of the kills. */
async function crashAtEveryPoint(database: string, configFile: string): Promise<number[]> {
  const kills: number[] = [];
  for (const point of Object.keys(KILL_AT) as Point[]) {
    const { child, url } = await startChild(database, configFile);
    try {
      // Calls are made, talked and disposed for a while before the point comes round.
      await sleep(12_000);
      const deadline = Date.now() + 60_000;
      for (;;) {
        const floor = await floorOf(url).catch((error: unknown) => {
          throw new Error(`the floor stopped answering (${String(error)}); it printed:\n${outputs.get(child)?.text.slice(-4000)}`);
        });
        if (KILL_AT[point](floor)) break;
        assert.ok(Date.now() < deadline, `the floor never reached ${point}`);
        await sleep(point === 'ringing' ? 400 : 30);
      }
    } finally {
      kills.push(Date.now());
      await kill(child);
    }
  }
  // Started once more: the last crash is put right, and the floor dials on for a few seconds.
  const { child } = await startChild(database, configFile);
  await sleep(4000);
  kills.push(Date.now());
  await kill(child);
  return kills;
}

/** Checks the store after the run; returns what the crashes left, for the test's report. */
async function checkStore(database: string, crashes: number): Promise<string> {
  const store = await openStore(database);
  try {
    const campaign = (await store.campaigns.findByName('DemoPredictive'))!;
    const attempts: AttemptRecord[] = [];
    for (const job of await store.jobs.list(campaign.id)) attempts.push(...await store.attempts.listByJob(job.id));
    assert.ok(attempts.length > 20, `${attempts.length} attempts`);
    const lost = attempts.filter((a) => a.result === 'Unknown');
    assert.ok(lost.length > 0, 'calls were lost in the crashes');

    // The run lasts a minute or two, less than any retry interval (the shortest, busy, is 10 min).
    const byContact = new Map<number, AttemptRecord[]>();
    for (const a of attempts) byContact.set(a.contactId, [...(byContact.get(a.contactId) ?? []), a]);
    const twice = [...byContact.entries()].filter(([, list]) => list.length > 1).map(([id, list]) => `${id}: ${list.map((a) => `${a.result}@${a.dialedAt}`).join(', ')}`);
    assert.deepEqual(twice, [], 'no contact is dialed twice inside its retry interval');

    for (const [contactId, list] of byContact) {
      const contact = (await store.contacts.findById(contactId))!;
      // The last run was killed too: its calls in hand are put right only at the next start.
      if (contact.state === 'in_progress') continue;
      assert.equal(contact.attempts, list.length, `contact ${contactId}: every attempt counted`);
    }
    const connectedAndEnded = attempts.filter((a) => a.connectedAt !== null && a.endedAt !== null && a.result !== 'Unknown');
    const undisposed = [];
    for (const a of connectedAndEnded) {
      if (a.completionCode === null && (await store.contacts.findById(a.contactId))!.state !== 'in_progress') undisposed.push(a.id);
    }
    assert.deepEqual(undisposed, [], 'every call an agent finished has its disposition');

    for (const agentId of ['2001', '2002', '2003', '2004', '2005', '2006']) {
      const history = await store.agentHistory.list(agentId, 0, Date.now() + 60_000);
      const loggedOut = history.filter((h) => h.agentState === 'LoggedOut').length;
      assert.equal(loggedOut, crashes, `agent ${agentId}: logged out at each restart after a crash`);
    }
    const disposedByDefault = attempts.filter((a) => a.completionCode === campaign.defaultCompletionCode).length;
    return `${crashes} crashes: ${attempts.length} attempts on ${byContact.size} contacts, ${lost.length} lost calls closed as Unknown, `
      + `${disposedByDefault} calls with the default code (wrap-up cut short or timed out), 0 contacts dialed twice`;
  } finally {
    await store.close();
  }
}

/**
 * Starts a second floor on the database of a running one: it must stop at once with `refusal`, and leave
 * the running floor's records as they were (no call closed, no agent logged out). Then the first is killed:
 * its lock does not outlive it.
 */
async function checkSecondFloorRefused(database: string, configFile: string, refusal: (pid: number) => string): Promise<void> {
  const { child, url } = await startChild(database, configFile);
  try {
    await sleep(4000);
    const second = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'start', '--demo', '--port', '0', '--database', database, '--config', configFile], {
      cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    second.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    second.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    const code = await new Promise((resolve) => {
      // A second floor that starts (it should not) is stopped, and the test fails on its exit code.
      const timer = setTimeout(() => second.kill('SIGKILL'), 30_000);
      second.once('exit', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    assert.equal(code, 1, output);
    // On the console, and in the log for an operator.
    const lines = output.trim().split('\n');
    const message = refusal(child.pid!);
    assert.ok(lines.includes(message), output);
    const logged = lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { level: number; msg: string; err?: { code?: string } });
    assert.deepEqual(logged.filter((l) => l.level >= 50).map((l) => [l.msg, l.err?.code]), [[`nailup did not start: ${message.replace(/^nailup: /, '')}`, 'DATABASE_IN_USE']]);
    const store = await openStore(database);
    try {
      const campaign = (await store.campaigns.findByName('DemoPredictive'))!;
      const attempts: AttemptRecord[] = [];
      for (const job of await store.jobs.list(campaign.id)) attempts.push(...await store.attempts.listByJob(job.id));
      assert.ok(attempts.length > 0, 'the floor dials');
      assert.deepEqual(attempts.filter((a) => a.result === 'Unknown').map((a) => a.id), []);
      const history = await store.agentHistory.list('2001', 0, Date.now() + 60_000);
      assert.deepEqual(history.filter((h) => h.agentState === 'LoggedOut'), []);
    } finally {
      await store.close();
    }
    assert.ok((await floorOf(url)).agents.length > 0);
  } finally {
    await kill(child);
  }
  const { child: next } = await startChild(database, configFile);
  await kill(next);
}

describe('crash recovery with real SIGKILLs', () => {
  let dir: string;
  let configFile: string;
  let postgres: TestPostgres | undefined;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nailup-crash-'));
    configFile = join(dir, 'nailup.json');
    await writeFile(configFile, JSON.stringify(CONFIG));
  });
  after(async () => {
    await postgres?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('on SQLite', { timeout: 300_000 }, async (t) => {
    const database = join(dir, 'floor.db');
    const kills = await crashAtEveryPoint(database, configFile);
    t.diagnostic(await checkStore(database, kills.length - 1));
  });

  it('a second nailup on the SQLite file of a running one is refused, and changes nothing of its floor', { timeout: 120_000 }, async () => {
    const database = join(dir, 'shared.db');
    await checkSecondFloorRefused(database, configFile, (pid) => `nailup: database ${database} is in use by nailup process ${pid}: stop it first, or start with another --database`);
  });

  it('a second nailup on the PostgreSQL database of a running one is refused, and changes nothing of its floor', { timeout: 120_000 }, async () => {
    const cluster = await startPostgres();
    try {
      await checkSecondFloorRefused(cluster.url, configFile, () => 'nailup: the database is in use by another nailup (a floor, or a cluster\'s leading dialer): stop it first, or start with another --database');
    } finally {
      await cluster.stop();
    }
  });

  it('on PostgreSQL', { timeout: 300_000 }, async (t) => {
    postgres = await startPostgres();
    const kills = await crashAtEveryPoint(postgres.url, configFile);
    t.diagnostic(await checkStore(postgres.url, kills.length - 1));
  });
});
