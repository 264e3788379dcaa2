import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { ReportsBenchReport } from '../../bench/reports/run.ts';
import { REPORTS } from '../../src/reports/reports.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

describe('reports benchmark', () => {
  it('generates a floor, rolls it up and times every report for a day, a week and a month, as JSON', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/reports/run.ts', '--attempts', '20000', '--json'], {
      cwd: ROOT, maxBuffer: 16 * 1024 * 1024,
    });
    const report = JSON.parse(stdout) as ReportsBenchReport;
    assert.deepEqual(Object.keys(report).sort(), [
      'agents', 'attempts', 'campaigns', 'contacts', 'database', 'days', 'from', 'generationSeconds', 'historyRows', 'machine', 'reports', 'rollup', 'slowest',
    ]);
    assert.equal(report.database, 'sqlite');
    assert.equal(report.attempts, 20_000);
    assert.ok(report.historyRows > report.attempts, `${report.historyRows} history rows`);
    assert.ok(report.rollup.firstRunSeconds >= 0 && report.rollup.nextRunSeconds >= 0);
    // Every report of the registry, those added later included, each timed for the three periods.
    assert.deepEqual(report.reports.map((r) => r.id), REPORTS.map((r) => r.id));
    for (const r of report.reports) {
      for (const period of ['day', 'week', 'month'] as const) {
        const figures = r[period];
        assert.equal(typeof figures.ms, 'number', `${r.id} ${period}`);
        assert.ok(figures.rows <= 100 && figures.total >= figures.rows, `${r.id} ${period}: ${figures.rows} rows of ${figures.total}`);
      }
    }
    const byId = new Map(report.reports.map((r) => [r.id, r]));
    // The generated floor has attempts, connects and agent time in every period.
    for (const id of ['call-attempts', 'predictive-job-summary', 'preview-job-summary', 'predictive-agent-time', 'preview-agent-time', 'nsp-list'] as const) {
      assert.ok(byId.get(id)!.day.total > 0, `${id} has rows for a day`);
    }
    assert.ok(byId.get('call-attempts')!.month.total > byId.get('call-attempts')!.week.total);
    assert.ok(REPORTS.some((r) => r.id === report.slowest.id));
  });
});
