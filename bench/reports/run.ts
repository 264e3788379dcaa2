/**
 * The reports benchmark: `npm run bench:reports -- --attempts 10000000 [--database postgres://…] [--json]`.
 *
 * Generates a year of attempts with agent history (model.ts; the generation is timed but not the point),
 * brings the report rollups up to date (timed: the OCM Report Scheduler's first run, then a run with
 * nothing new), then times every report of src/reports/reports.ts for a day, a week and a month, as the
 * API serves them: the first page of 100 rows and the total. See bench/README.md.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { VirtualClock } from '../../src/clock/virtual-clock.ts';
import { REPORTS } from '../../src/reports/reports.ts';
import { ReportRollupScheduler } from '../../src/reports/rollups/rollup-scheduler.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { setUpFloor } from './floor.ts';
import { generatePostgres, generateSqlite } from './generate.ts';
import { DAY_MS, JOBS_PER_CAMPAIGN, START, type Model } from './model.ts';

const PERIODS = { day: DAY_MS, week: 7 * DAY_MS, month: 30 * DAY_MS } as const;
type Period = keyof typeof PERIODS;

export interface ReportsBenchReport {
  database: 'sqlite' | 'postgres';
  attempts: number;
  agents: number;
  campaigns: number;
  days: number;
  contacts: number;
  historyRows: number;
  generationSeconds: number;
  rollup: { firstRunSeconds: number; nextRunSeconds: number };
  /** The ranges timed: each starts at `from` (not on an hour) and lasts a day, a week or 30 days. */
  from: string;
  reports: Array<{ id: string; title: string } & Record<Period, { ms: number; total: number; rows: number }>>;
  slowest: { id: string; period: Period; ms: number };
  machine: { cpus: number; node: string };
}

function options(): { attempts: number; agents: number; campaigns: number; days: number; database: string | undefined; file: string | undefined; reuse: boolean; json: boolean } {
  const { values } = parseArgs({
    options: {
      attempts: { type: 'string', default: '1000000' }, agents: { type: 'string', default: '200' }, campaigns: { type: 'string', default: '12' },
      days: { type: 'string', default: '365' }, database: { type: 'string' }, file: { type: 'string' }, reuse: { type: 'boolean', default: false }, json: { type: 'boolean', default: false },
    },
  });
  const int = (name: string, value: string, min: number): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer of at least ${min} (got ${value})`);
    return n;
  };
  const database = values.database;
  if (database !== undefined && !/^postgres(ql)?:\/\//.test(database)) throw new Error('--database must be a postgres:// URL (without it, a SQLite file in a temp dir)');
  return {
    attempts: int('attempts', values.attempts, 1000), agents: int('agents', values.agents, 3), campaigns: int('campaigns', values.campaigns, 3),
    days: int('days', values.days, 40), database, file: values.file, reuse: values.reuse, json: values.json,
  };
}

/** A small run fills fewer days (one attempt per agent a day at least), so that its periods have data. */
function daysOf(o: { attempts: number; agents: number; days: number }): number {
  return Math.max(40, Math.min(o.days, Math.ceil(o.attempts / o.agents)));
}

/** The floor and its jobs, made through the store; the model's ids are checked, not assumed. */
async function prepare(store: Store, o: ReturnType<typeof options>): Promise<{ model: Model; contactListId: number; campaignNames: string[] }> {
  if ((await store.rollups.earliest('attempts')) !== null) throw new Error('the database must be empty');
  const floor = await setUpFloor(store, { agents: o.agents, campaigns: o.campaigns });
  const jobIds: number[] = [];
  for (const campaign of floor.campaigns) {
    for (let month = 0; month < JOBS_PER_CAMPAIGN; month++) jobIds.push((await store.jobs.create(campaign.id, START + month * 31 * DAY_MS)).id);
  }
  const consecutive = (ids: number[]): boolean => ids.every((id, n) => id === ids[0]! + n);
  const campaignIds = floor.campaigns.map((c) => c.id);
  if (!consecutive(jobIds) || !consecutive(campaignIds)) throw new Error('the jobs and campaigns did not get consecutive ids');
  const model: Model = {
    attempts: o.attempts, agents: o.agents, campaigns: o.campaigns, days: o.days, contacts: Math.min(1_000_000, Math.ceil(o.attempts / 10)),
    firstCampaignId: campaignIds[0]!, firstJobId: jobIds[0]!, firstContactId: 1,
  };
  return { model, contactListId: floor.contactListId, campaignNames: floor.campaigns.map((c) => c.name) };
}

async function timeReports(store: Store, from: number): Promise<ReportsBenchReport['reports']> {
  const out: ReportsBenchReport['reports'] = [];
  for (const report of REPORTS) {
    const row = { id: report.id, title: report.title } as ReportsBenchReport['reports'][number];
    for (const [period, length] of Object.entries(PERIODS) as Array<[Period, number]>) {
      const started = performance.now();
      const page = await report.page(store, { from, to: from + length }, 100, 0);
      row[period] = { ms: Math.round((performance.now() - started) * 10) / 10, total: page.total, rows: page.rows.length };
    }
    out.push(row);
  }
  return out;
}

function table(r: ReportsBenchReport): string {
  const lines = [
    `${r.database}: ${r.attempts} attempts, ${r.historyRows} agent history rows, ${r.agents} agents, ${r.campaigns} campaigns over ${r.days} days (${r.machine.cpus} cores)`,
    `generation ${r.generationSeconds.toFixed(1)} s; rollup: first run ${r.rollup.firstRunSeconds.toFixed(1)} s, next run ${r.rollup.nextRunSeconds.toFixed(3)} s`,
    `ranges from ${r.from}; first page of 100 rows and the total, in ms`,
    '',
    `${'report'.padEnd(34)} ${'day'.padStart(9)} ${'week'.padStart(9)} ${'month'.padStart(9)}   month total`,
  ];
  for (const x of r.reports) lines.push(`${x.id.padEnd(34)} ${x.day.ms.toFixed(1).padStart(9)} ${x.week.ms.toFixed(1).padStart(9)} ${x.month.ms.toFixed(1).padStart(9)}   ${x.month.total}`);
  lines.push('', `slowest: ${r.slowest.id} (${r.slowest.period}) ${r.slowest.ms} ms`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const given = options();
  const o = { ...given, days: daysOf(given) };
  const log = (what: string): void => {
    if (!o.json) process.stderr.write(`${what}\n`);
  };
  const dir = o.database || o.file ? null : await mkdtemp(join(tmpdir(), 'nailup-bench-reports-'));
  const url = o.database ?? o.file ?? join(dir!, 'reports.db');
  try {
    let store = await openStore(url);
    // --reuse: the records a run with the same flags left (a kept --file, or the --database) are timed again.
    const reused = o.reuse && (await store.rollups.earliest('attempts')) !== null;
    const { model, contactListId, campaignNames } = reused ? { model: null, contactListId: 0, campaignNames: [] } : await prepare(store, o);
    const generating = performance.now();
    let historyRows: number;
    if (model === null) {
      historyRows = -1;
      log(`reusing the records of ${url}`);
    } else if (o.database) {
      historyRows = await generatePostgres(url, model, contactListId, (what) => log(`generated ${what}`));
    } else {
      // The file's own connection takes the bulk inserts; the store opens it again after.
      await store.close();
      historyRows = await generateSqlite(url, model, contactListId, campaignNames, (what) => log(`generated ${what}`));
      store = await openStore(url);
    }
    const generationSeconds = (performance.now() - generating) / 1000;
    log(`generation took ${generationSeconds.toFixed(1)} s`);

    const end = START + o.days * DAY_MS;
    const scheduler = new ReportRollupScheduler({ store, clock: new VirtualClock(end + DAY_MS) });
    let started = performance.now();
    await scheduler.runOnce();
    const firstRunSeconds = (performance.now() - started) / 1000;
    log(`rollup took ${firstRunSeconds.toFixed(1)} s`);
    started = performance.now();
    await scheduler.runOnce();
    const nextRunSeconds = (performance.now() - started) / 1000;

    // Mid-year, mid-shift, not on an hour: the edges of every range are partial hours of dialing, read raw.
    const from = START + Math.floor(o.days / 2) * DAY_MS + 13 * 3_600_000 + 13 * 60_000 + 17_123;
    const reports = await timeReports(store, from);
    await store.close();
    const slowest = reports.flatMap((r) => (Object.keys(PERIODS) as Period[]).map((period) => ({ id: r.id, period, ms: r[period].ms })))
      .reduce((a, b) => (b.ms > a.ms ? b : a));
    const report: ReportsBenchReport = {
      database: o.database ? 'postgres' : 'sqlite', attempts: o.attempts, agents: o.agents, campaigns: o.campaigns, days: o.days, contacts: model?.contacts ?? -1,
      historyRows, generationSeconds: Math.round(generationSeconds * 10) / 10,
      rollup: { firstRunSeconds: Math.round(firstRunSeconds * 100) / 100, nextRunSeconds: Math.round(nextRunSeconds * 1000) / 1000 },
      from: new Date(from).toISOString(), reports, slowest, machine: { cpus: cpus().length, node: process.version },
    };
    process.stdout.write(o.json ? `${JSON.stringify(report)}\n` : `${table(report)}\n`);
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

await main();
