/** `nailup import agents FILE`: a floor of agents from a CSV file, all or nothing, with a report of the refused rows. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, it } from 'node:test';
import { openStore } from '../../src/store/open-store.ts';
import { verifyPassword } from '../../src/store/password.ts';

const run = promisify(execFile);
let dir: string;
let database: string;

const HEADER = 'agentId,lanId,extension,password,firstName,lastName,teamName,skills,locationPreference,enabled';
const row = (n: number, extra = ''): string => `${4000 + n},agent${4000 + n},${47000 + n},pw${n}x,First${n},Last ${n},Night,${extra},auxiliary,yes`;

async function nailupImport(file: string, report?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const args = ['--import', 'tsx', 'src/main.ts', 'import', 'agents', file, '--database', database, ...(report ? ['--report', report] : [])];
  return run(process.execPath, args, { cwd: process.cwd() }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nailup-agent-import-'));
  database = join(dir, 'floor.db');
  const store = await openStore(database);
  await store.organizations.ensureZone('Default');
  await store.organizations.createTeam({ name: 'Night', organizationName: 'Acme', skills: ['NightOut'], blending: null });
  await store.close();
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('refuses the whole file when a row is bad, naming each bad row\'s line and field', async () => {
  const file = join(dir, 'bad.csv');
  const report = join(dir, 'report.csv');
  const lines = [HEADER, row(1), row(2).replace('47002', '47-02'), row(3), row(1).replace('agent4001', 'other4001'), row(5).replace(',Night,', ',Day,')];
  await writeFile(file, `${lines.join('\n')}\n`);
  const result = await nailupImport(file, report);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /3 of 5 rows refused; no agent was added/);
  const written = await readFile(report, 'utf8');
  assert.deepEqual(written.trim().split('\n').map((l) => l.split(',').slice(0, 3).join(',')), [
    'line,reason,field', '3,bad_value,extension', '5,bad_value,agentId', '6,bad_value,teamName',
  ]);
  const store = await openStore(database);
  assert.deepEqual(await store.agents.list(), []);
  await store.close();
});

it('adds every agent of a good file in one go; they log on with their password and the team\'s skills', async () => {
  const file = join(dir, 'good.csv');
  const rows = Array.from({ length: 200 }, (_, i) => row(i, i === 0 ? 'NightOut;Spanish' : ''));
  await writeFile(file, `${[HEADER, ...rows].join('\n')}\n`);
  const result = await nailupImport(file);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /200 agents added/);
  const store = await openStore(database);
  try {
    const agents = await store.agents.list();
    assert.equal(agents.length, 200);
    const first = agents.find((a) => a.agentId === '4000')!;
    assert.deepEqual([first.lanId, first.extension, first.name, first.teamName, first.organizationName, first.skills, first.locationPreference, first.enabled],
      ['agent4000', '47000', 'First0 Last 0', 'Night', 'Acme', ['NightOut', 'Spanish'], 'auxiliary', true]);
    assert.deepEqual(agents.find((a) => a.agentId === '4001')!.skills, ['NightOut'], 'no skills given: the team\'s');
    assert.ok(verifyPassword('pw1x', agents.find((a) => a.agentId === '4001')!.passwordHash));
    const audit = await store.audit.list({ action: 'ImportAgents', limit: 5 });
    assert.deepEqual(audit.map((a) => [a.outcome, a.counts]), [['ok', { rows: 200, added: 200, rejected: 0 }], ['failed', { rows: 5, added: 0, rejected: 3 }]]);
  } finally {
    await store.close();
  }
  // The same file again: every agentId is taken, nothing changes.
  const again = await nailupImport(file);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /200 of 200 rows refused/);
});

it('nailup add-user creates the first administrator of a floor without demo data', async () => {
  const env = { ...process.env, NAILUP_PASSWORD: 'a long secret' };
  await run(process.execPath, ['--import', 'tsx', 'src/main.ts', 'add-user', 'boss', '--name', 'The Boss', '--database', database], { cwd: process.cwd(), env });
  const short = await run(process.execPath, ['--import', 'tsx', 'src/main.ts', 'add-user', 'boss2', '--database', database], { cwd: process.cwd(), env: { ...env, NAILUP_PASSWORD: 'short' } })
    .then(() => undefined, (e: { stderr: string }) => e.stderr);
  assert.match(short ?? '', /password: must be at least 8 characters/);
  const store = await openStore(database);
  try {
    const boss = await store.supervisors.findUser('boss');
    assert.deepEqual([boss?.role, boss?.name, verifyPassword('a long secret', boss!.passwordHash)], ['administrator', 'The Boss', true]);
    assert.equal(await store.supervisors.findUser('boss2'), undefined);
  } finally {
    await store.close();
  }
});
