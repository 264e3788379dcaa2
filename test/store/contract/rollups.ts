/**
 * The OCM Report Scheduler's rollups on each Store adapter: the reports read through them give exactly
 * what the raw records give (the raw computation is the reference), for random ranges not on hours,
 * before and after late writes; running the scheduler again changes nothing; a failed roll-up changes
 * nothing; and the scheduler runs on the Clock.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { Registry } from 'prom-client';
import { VirtualClock } from '../../../src/clock/virtual-clock.ts';
import { agentTime } from '../../../src/reports/agent-time.ts';
import { REPORTS } from '../../../src/reports/reports.ts';
import { rolledAttemptCount, rolledJobTotals } from '../../../src/reports/rollups/rollup-reads.ts';
import { floorHour, HOUR_MS } from '../../../src/reports/rollups/read-plan.ts';
import { ReportRollupScheduler } from '../../../src/reports/rollups/rollup-scheduler.ts';
import { rollupMetrics } from '../../../src/reports/rollups/rollup-metrics.ts';
import type { CampaignRecord } from '../../../src/store/records.ts';
import type { AttemptFilter, Store, TimeRange } from '../../../src/store/store.ts';
import { seeded } from '../../../bench/reports/floor.ts';
import { DAYS, generateFloor, START, type GeneratedFloor } from './rollup-floor.ts';

interface OpenedStore {
  store: Store;
  cleanup(): Promise<void>;
}

const END = START + DAYS * 24 * HOUR_MS;

/** The agent time summary as computed before the rollups: agentTime per agent over the raw history. */
async function rawAgentTime(store: Store, range: TimeRange, campaigns: readonly CampaignRecord[]): Promise<unknown[]> {
  const names = new Set(campaigns.map((c) => c.name));
  const rows: unknown[] = [];
  for (const agent of await store.agents.list()) {
    const before = await store.agentHistory.lastBefore(agent.agentId, range.from);
    const changes = await store.agentHistory.list(agent.agentId, range.from, range.to);
    const t = agentTime(before, changes, range.from, range.to, (name) => names.has(name));
    const s = t.seconds;
    const loggedIn = s.ready + s.preview + s.talk + s.wrap + s.notReady;
    if (loggedIn === 0) continue;
    rows.push({
      agentId: agent.agentId, agentName: agent.name, team: agent.teamName, campaigns: [...t.campaigns].sort().join(', '),
      loggedInSeconds: Math.round(loggedIn), readySeconds: Math.round(s.ready), previewSeconds: Math.round(s.preview), talkSeconds: Math.round(s.talk),
      wrapSeconds: Math.round(s.wrap), notReadySeconds: Math.round(s.notReady), calls: t.calls,
      meanTalkSeconds: t.calls > 0 ? Math.round(s.talk / t.calls) : 0,
      occupancy: Math.round((1000 * (s.preview + s.talk + s.wrap)) / loggedIn) / 10,
    });
  }
  return rows;
}

/** Random ranges over the data and a little beyond, at any ms; some a whole day, some under an hour. */
function randomRanges(seed: number, count: number): TimeRange[] {
  const random = seeded(seed);
  const ranges: TimeRange[] = [{ from: START - HOUR_MS, to: END + HOUR_MS }, { from: floorHour(START) + HOUR_MS, to: floorHour(END) }];
  for (let i = 0; i < count; i++) {
    const from = START - HOUR_MS + Math.floor(random() * (END - START + HOUR_MS));
    const length = [40 * 60_000, 5 * HOUR_MS, 24 * HOUR_MS, 60 * HOUR_MS][i % 4]!;
    ranges.push({ from, to: from + Math.floor(length * (0.5 + random())) });
  }
  return ranges;
}

/** Every figure a rollup-backed report reads equals the raw computation over the same range. */
async function assertSameAsRaw(store: Store, floor: GeneratedFloor, ranges: readonly TimeRange[]): Promise<void> {
  const ids = floor.campaigns.map((c) => c.id);
  for (const range of ranges) {
    const what = `range ${new Date(range.from).toISOString()} .. ${new Date(range.to).toISOString()}`;
    assert.deepEqual(await rolledJobTotals(store, ids, range, 1000, 0), await store.attempts.jobTotals({ ...range, campaignIds: ids }, 1000, 0), `job totals, ${what}`);
    assert.deepEqual(await rolledJobTotals(store, ids.slice(1), range, 2, 1), await store.attempts.jobTotals({ ...range, campaignIds: ids.slice(1) }, 2, 1), `a page of job totals, ${what}`);
    const filters: AttemptFilter[] = [
      { ...range }, { ...range, campaignId: ids[1]! }, { ...range, nuisance: true },
      { ...range, completionCodes: floor.campaigns.map((c) => ({ campaignId: c.id, codeIds: ['NSP', 'NTC'] })) },
      { ...range, campaignId: ids[0]!, completionCodes: [{ campaignId: ids[0]!, codeIds: ['SALE'] }] },
      { ...range, nuisance: true, nuisanceReason: 'agent_aux' },
    ];
    for (const filter of filters) {
      assert.equal(await rolledAttemptCount(store, filter), (await store.attempts.report(filter, 1, 0)).total, `attempt count ${JSON.stringify(filter)}, ${what}`);
    }
    for (const report of REPORTS.filter((r) => ['call-attempts', 'outbound-nuisance', 'nsp-list', 'ntc', 'outbound-nuisance-agent-aux'].includes(r.id))) {
      const page = await report.page(store, range, 5, 0);
      assert.ok(page.rows.length <= 5);
      assert.ok(page.total >= page.rows.length, `${report.id} total, ${what}`);
    }
    for (const id of ['predictive-agent-time', 'preview-agent-time'] as const) {
      const report = REPORTS.find((r) => r.id === id)!;
      const types = id === 'preview-agent-time' ? ['Preview'] : ['Predictive', 'Progressive'];
      const scope = floor.campaigns.filter((c) => types.includes(c.type));
      assert.deepEqual((await report.page(store, range, 1000, 0)).rows, await rawAgentTime(store, range, scope), `${id}, ${what}`);
      assert.deepEqual((await report.page(store, { ...range, campaign: scope[0]! }, 1000, 0)).rows, await rawAgentTime(store, range, [scope[0]!]), `${id} of one campaign, ${what}`);
    }
  }
}

/** Every rollup row and the watermarks, in a fixed order (to compare runs). */
async function snapshot(store: Store): Promise<unknown> {
  const db = (store as unknown as { db: Kysely<unknown> }).db;
  const out: Record<string, unknown> = {};
  for (const table of ['report_attempt_hours', 'report_job_agent_hours', 'report_agent_hours']) {
    out[table] = (await sql.raw(`select * from ${table}`).execute(db)).rows.map((r) => JSON.stringify(r)).sort();
  }
  out.state = (await sql.raw('select source, watermark from report_rollup_state order by source').execute(db)).rows;
  return out;
}

export function rollupContract(name: string, open: () => Promise<OpenedStore>): void {
  describe(`Report rollups: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await open());
    });
    afterEach(async () => {
      await cleanup();
    });

    it('gives the reports exactly what the raw records give, for ranges at any instant, before and after late writes', async () => {
      const floor = await generateFloor(store, 7);
      // The clock in the middle of the data: the rest is past the watermark, read raw.
      const clock = new VirtualClock(START + 40 * HOUR_MS + 123_456);
      const scheduler = new ReportRollupScheduler({ store, clock });
      const [attempts, agents] = await scheduler.runOnce();
      assert.equal(attempts?.watermark, floorHour(clock.now()));
      assert.equal(agents?.watermark, floorHour(clock.now()));
      await assertSameAsRaw(store, floor, randomRanges(11, 24));

      // Late writes into rolled-up hours: a disposition, a crash recovery closing open attempts, an agent change.
      await store.attempts.update(floor.attemptIds[3]!, { completionCode: 'NSP', connectedAt: START + 1000, endedAt: START + 90_000, agentId: floor.agents[0]!.agentId });
      for (const jobId of floor.jobIds) await store.attempts.closeOpen(jobId, clock.now());
      await store.agentHistory.insert({ agentId: floor.agents[1]!.agentId, at: START + 5 * HOUR_MS + 777, agentState: 'Ready', callState: 'Talking', nailedStatus: 'NailedUp', reasonCode: 0, campaignName: floor.campaigns[0]!.name });
      assert.ok((await store.rollups.coverage('attempts')).dirty.length > 0, 'the late attempt writes marked their hours');
      assert.ok((await store.rollups.coverage('agents')).dirty.length > 0, 'the late change marked its hour');
      await assertSameAsRaw(store, floor, randomRanges(12, 12));

      await clock.advance(2 * 24 * HOUR_MS);
      await scheduler.runOnce();
      assert.deepEqual((await store.rollups.coverage('attempts')).dirty, []);
      assert.deepEqual((await store.rollups.coverage('agents')).dirty, []);
      assert.equal((await store.rollups.coverage('attempts')).watermark, floorHour(clock.now()));
      await assertSameAsRaw(store, floor, randomRanges(13, 24));
    });

    it('changes nothing when run again, and a failed roll-up leaves the rows it would have replaced', async () => {
      await generateFloor(store, 8, 120, 30);
      const clock = new VirtualClock(END + 3 * HOUR_MS);
      const scheduler = new ReportRollupScheduler({ store, clock });
      await scheduler.runOnce();
      const first = await snapshot(store);
      const again = await scheduler.runOnce();
      assert.deepEqual(again.map((r) => r.ranges), [[], []], 'nothing left to roll up');
      assert.deepEqual(await snapshot(store), first);

      // Rolling up the same hours again (as after a crash between the roll-up and the watermark) gives the same rows.
      const hours = { from: floorHour(START), to: floorHour(END) };
      await store.rollups.rollAttempts(hours);
      await store.rollups.rollAgents(hours, () => {
        throw new Error('crash in the middle of a roll-up');
      }).then(() => assert.fail('the roll-up should have failed'), (error: unknown) => assert.match(String(error), /crash/));
      assert.deepEqual(await snapshot(store), first);
    });

    it('runs on the Clock every interval, catching up at start, and stops', async () => {
      const clock = new VirtualClock(START);
      await generateFloor(store, 9, 60, 10);
      await clock.runUntil(END + 30 * 60_000);
      const scheduler = new ReportRollupScheduler({ store, clock, intervalMinutes: 5 });
      const runs: number[] = [];
      const withRuns = new ReportRollupScheduler({ store, clock, intervalMinutes: 5, onRun: () => runs.push(clock.now()) });
      clock.addSettler(() => withRuns.whenIdle());
      withRuns.start();
      await clock.advance(0);
      await withRuns.whenIdle();
      assert.equal((await store.rollups.coverage('attempts')).watermark, floorHour(END + 30 * 60_000));
      await clock.advance(31 * 60_000);
      await withRuns.whenIdle();
      assert.ok(runs.length >= 7, `${runs.length} runs in 31 minutes`);
      assert.equal((await store.rollups.coverage('agents')).watermark, floorHour(clock.now()));
      const coverage = await store.rollups.coverage('attempts');
      assert.equal(coverage.lastRunAt, runs[runs.length - 1]);
      // What an operator sees: the lag from the watermark to now, under an hour while the scheduler keeps up.
      const registry = new Registry();
      rollupMetrics(registry, store, clock);
      const text = await registry.metrics();
      const lag = Number(/nailup_report_rollup_lag_seconds\{source="attempts"\} (\S+)/.exec(text)?.[1]);
      assert.equal(lag, (clock.now() - floorHour(clock.now())) / 1000);
      assert.match(text, /nailup_report_rollup_dirty_hours\{source="agents"\} 0/);
      assert.match(text, /nailup_report_rollup_last_run_seconds\{source="attempts"\} \d/);
      withRuns.stop();
      const count = runs.length;
      await clock.advance(60 * 60_000);
      assert.equal(runs.length, count, 'no run after stop');
      assert.equal(scheduler.intervalMs, 5 * 60_000);
    });
  });
}
