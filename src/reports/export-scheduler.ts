/**
 * The OCM Export Scheduler: each scheduled export writes its report for the period just ended (the
 * day, week or month before: export-periods.ts) as a file in the export folder, CSV or Excel (.xlsx)
 * as the export's format says (report-file.ts), and records the run. Exports are in the store: after a restart each is armed again, and one whose time passed
 * while nailup was down runs once at start for the period it missed.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Clock, TimerHandle } from '../clock/clock.ts';
import type { ReportExportRecord, ReportExportRunRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { dayIn, nextRunAfter, periodOf } from './export-periods.ts';
import { reportFile } from './report-file.ts';
import { reportById, type ReportParams } from './reports.ts';

const MAX_TIMER_MS = 2 ** 31 - 1;

export interface ExportSchedulerDeps {
  store: Store;
  clock: Clock;
  /** Where the files go (created if missing). */
  folder: string;
  log?: (message: string, error?: unknown) => void;
}

/** The file name of a run: the report, its campaign if any, and the period's first and last day; the format's extension. */
export function exportFileName(record: ReportExportRecord, from: number, to: number): string {
  const campaign = record.campaignName ? `-${record.campaignName.replace(/[^\w.-]+/g, '_')}` : '';
  return `${record.report}${campaign}-${dayIn(from, record.timeZone)}-${dayIn(to - 1, record.timeZone)}.${record.format}`;
}

export class ReportExportScheduler {
  private readonly timers = new Map<number, TimerHandle>();
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly deps: ExportSchedulerDeps) {}

  async start(): Promise<void> {
    for (const record of await this.deps.store.reportExports.list()) this.arm(record);
  }

  /** A new or changed export: (re)armed for its next run. */
  arm(record: ReportExportRecord): void {
    this.timers.get(record.id)?.cancel();
    if (this.stopped) return;
    const delay = Math.max(0, record.nextRunAt - this.deps.clock.now());
    this.timers.set(record.id, this.deps.clock.setTimer(Math.min(delay, MAX_TIMER_MS), () => {
      this.timers.delete(record.id);
      // One run at a time, in the order they came due.
      this.queue = this.queue.then(() => this.runIfDue(record.id)).catch((error: unknown) => this.deps.log?.(`report export ${record.id} failed`, error));
    }));
  }

  removed(id: number): void {
    this.timers.get(id)?.cancel();
    this.timers.delete(id);
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
  }

  /** Resolves once no run is under way. */
  async whenIdle(): Promise<void> {
    await this.queue;
  }

  private async runIfDue(id: number): Promise<void> {
    const { store, clock } = this.deps;
    const record = await store.reportExports.findById(id);
    if (!record || this.stopped) return;
    // Timers hold about 24 days at most: a later run is armed again.
    if (record.nextRunAt > clock.now()) {
      this.arm(record);
      return;
    }
    await this.run(record);
    const next = { ...record, nextRunAt: nextRunAfter(clock.now(), record.frequency, record.timeOfDay, record.timeZone) };
    await store.reportExports.setNextRun(record.id, next.nextRunAt);
    this.arm(next);
  }

  /** Writes the report of the period before the run's time; a failure is recorded, not thrown. */
  private async run(record: ReportExportRecord): Promise<ReportExportRunRecord> {
    const { store, clock, folder } = this.deps;
    const { from, to } = periodOf(record.nextRunAt, record.frequency, record.timeZone);
    const base = { exportId: record.id, ranAt: clock.now(), periodFrom: from, periodTo: to };
    const fileName = exportFileName(record, from, to);
    const path = join(folder, fileName);
    let rows = 0;
    try {
      const report = reportById(record.report);
      if (!report) throw new Error(`there is no report ${record.report}`);
      const params: ReportParams = { from, to };
      if (record.campaignName !== null) {
        const campaign = await store.campaigns.findByName(record.campaignName);
        if (!campaign) throw new Error(`there is no campaign ${record.campaignName}`);
        params.campaign = campaign;
      }
      await mkdir(folder, { recursive: true });
      // Written aside and renamed when whole: a file in the folder is always complete.
      await pipeline(reportFile(record.format, report, store, params, { now: clock.now(), counted: (n) => (rows = n) }), createWriteStream(`${path}.part`));
      await rename(`${path}.part`, path);
      return await store.reportExports.addRun({ ...base, fileName, rows, error: null });
    } catch (error) {
      await rm(`${path}.part`, { force: true });
      return store.reportExports.addRun({ ...base, fileName: null, rows: 0, error: error instanceof Error ? error.message : String(error) });
    }
  }
}
