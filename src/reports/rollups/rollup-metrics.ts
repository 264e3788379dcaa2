/**
 * The OCM Report Scheduler's gauges (docs/metrics.md), read from the store at scrape time: how far behind
 * the rollups are, how many hours wait to be rolled up again, and how long the last run took.
 */
import { Gauge, type Registry } from 'prom-client';
import type { Clock } from '../../clock/clock.ts';
import type { RollupCoverage, RollupSource, Store } from '../../store/store.ts';

const SOURCES: readonly RollupSource[] = ['attempts', 'agents'];

export function rollupMetrics(registry: Registry, store: Store, clock: Clock): void {
  // One read of the store per scrape, shared by the three gauges.
  let pending: Promise<Array<[RollupSource, RollupCoverage]>> | null = null;
  const read = (): Promise<Array<[RollupSource, RollupCoverage]>> => {
    pending ??= Promise.all(SOURCES.map(async (s): Promise<[RollupSource, RollupCoverage]> => [s, await store.rollups.coverage(s)]))
      .finally(() => setImmediate(() => (pending = null)));
    return pending;
  };
  const gauge = (name: string, help: string, value: (c: RollupCoverage) => number | null): void => {
    new Gauge({
      name, help, labelNames: ['source'] as const, registers: [registry],
      async collect() {
        const coverage = await read();
        this.reset();
        for (const [source, c] of coverage) {
          const v = value(c);
          if (v !== null) this.set({ source }, v);
        }
      },
    });
  };
  gauge('nailup_report_rollup_lag_seconds', 'Seconds from the rollup watermark (every hour before it is rolled up) to now, by source (attempts, agents); under an hour plus the run interval when the scheduler keeps up.',
    (c) => (c.watermark === 0 ? null : Math.max(0, (clock.now() - c.watermark) / 1000)));
  gauge('nailup_report_rollup_dirty_hours', 'Rolled-up hours written since, waiting for the next run (reports read them raw meanwhile).', (c) => c.dirty.length);
  gauge('nailup_report_rollup_last_run_seconds', 'How long the last rollup run took, by source.', (c) => (c.lastRunMs === null ? null : c.lastRunMs / 1000));
}
