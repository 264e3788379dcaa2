import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { DialRateReport } from '../../bench/dial-rate/run.ts';
import { CATEGORIES } from '../../bench/dial-rate/profile.ts';
import { startPostgres, type TestPostgres } from '../support/postgres.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

async function bench(...args: string[]): Promise<DialRateReport> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/dial-rate/run.ts', '--agents', '10', '--minutes', '2', '--json', ...args], {
    cwd: ROOT, maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout) as DialRateReport;
}

/** What every run must show: attempts made, each of them stored, the agents' state changes too. */
function assertStored(report: DialRateReport): void {
  const s = report.stored;
  assert.ok(report.attempts > 20, `${report.attempts} attempts`);
  assert.equal(s.attempts, report.attempts);
  assert.ok(s.dialsInWindow > 0);
  assert.equal(s.attemptsInWindow, s.dialsInWindow, 'every call on the network has its attempt row');
  assert.equal(s.allStored, true);
  assert.equal(s.ended + s.open, s.attempts);
  assert.ok(report.connects > 0, `${report.connects} connects`);
  assert.ok(s.historyRows >= report.connects, `${s.historyRows} history rows for ${report.connects} connects`);
  assert.ok(report.attemptsPerWallHour > 0 && report.cpu.processMsPerAttempt > 0);
}

describe('dial-rate benchmark', () => {
  it('dials with a SQLite file, stores every attempt and says where the CPU went, as JSON', async () => {
    const report = await bench('--profile');
    assert.deepEqual(Object.keys(report).sort(), [
      'aimMet', 'attempts', 'attemptsPerVirtualHour', 'attemptsPerWallHour', 'connects', 'cpu', 'database', 'floor', 'machine', 'profile',
      'stored', 'virtualHours', 'wallSeconds',
    ]);
    assert.equal(report.database, 'sqlite');
    assert.deepEqual(report.floor, { agents: 10, linesPerAgent: 10, talkSeconds: 5, wrapSeconds: 1, minutes: 2, seed: 1 });
    assertStored(report);
    assert.equal(report.cpu.postgresMsPerAttempt, null);
    const profile = report.profile!;
    assert.deepEqual(profile.categories.map((c) => c.category), [...CATEGORIES]);
    const byCategory = new Map(profile.categories.map((c) => [c.category, c.ms]));
    // The store's statements and the dialer's own code both show, and nothing of pg on SQLite.
    assert.ok(byCategory.get('SQLite (better-sqlite3)')! > 0 && byCategory.get('dialer (src/dialer, src/pom)')! > 0);
    assert.equal(byCategory.get('pg driver'), 0);
    assert.ok(Math.abs(profile.categories.reduce((sum, c) => sum + c.share, 0) - 1) < 1e-6);
    assert.ok(profile.hotspots.length > 0 && profile.statements.some((s) => s.sql.startsWith('insert into call_attempts')));
  });

  describe('on PostgreSQL', () => {
    let postgres: TestPostgres;
    before(async () => {
      postgres = await startPostgres();
    });
    after(async () => {
      await postgres?.stop();
    });

    it('migrates an empty database, stores every attempt there, and refuses one that is not empty', async () => {
      const report = await bench('--database', postgres.url);
      assert.equal(report.database, 'postgres');
      assert.equal(report.profile, null);
      assertStored(report);
      assert.ok(report.cpu.postgresMsPerAttempt !== null && report.cpu.postgresMsPerAttempt > 0);
      await assert.rejects(bench('--database', postgres.url), /--database: the database must be empty \(it has 10 agents/);
    });
  });

  it('names a bad flag', async () => {
    await assert.rejects(bench('--agents', '0'), /--agents must be a whole number from 1 to 5000 \(got "0"\)/);
    await assert.rejects(bench('--database', 'mysql://x'), /--database must be a postgres:\/\/ URL/);
  });
});
