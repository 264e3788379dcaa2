/**
 * The embedded POM's data source schedules: a run-once schedule imports its data source's file from
 * the SFTP drop into the contact list at its start time (an "append" data source adds the file's
 * contacts to the list). Schedules are in the store: after a restart the ones not yet run are armed
 * again, and one that was running starts over (its import had changed nothing).
 */
import type { Clock, TimerHandle } from '../clock/clock.ts';
import type { Importer } from '../imports/importer.ts';
import type { DataSourceRecord, DataSourceScheduleRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import type { SftpDrop } from '../utilities/sftp-drop.ts';

const MAX_TIMER_MS = 2 ** 31 - 1;

export interface RunOnceDeps {
  store: Store;
  clock: Clock;
  importer: Importer;
  drop: SftpDrop;
  log?: (message: string, error?: unknown) => void;
}

export class RunOnceScheduler {
  private readonly timers = new Map<number, TimerHandle>();
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly deps: RunOnceDeps) {}

  /** Arms the schedules a previous run of nailup left. */
  async start(): Promise<void> {
    for (const schedule of await this.deps.store.dataSources.unfinishedSchedules()) {
      if (schedule.state === 'running') await this.deps.store.dataSources.setScheduleState(schedule.id, 'scheduled', { importRunId: null, error: null });
      this.arm(schedule);
    }
  }

  async schedule(source: DataSourceRecord, startAt: number, timeZone: string): Promise<DataSourceScheduleRecord> {
    const schedule = await this.deps.store.dataSources.createSchedule({ dataSourceId: source.id, startAt, timeZone, createdAt: this.deps.clock.now() });
    this.arm(schedule);
    return schedule;
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
  }

  /** Resolves when no scheduled import is running. */
  async whenIdle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private arm(schedule: DataSourceScheduleRecord): void {
    if (this.stopped) return;
    const delay = Math.max(0, schedule.startAt - this.deps.clock.now());
    // Timers hold at most about 24 days: a later start is armed again when that one fires.
    this.timers.set(schedule.id, this.deps.clock.setTimer(Math.min(delay, MAX_TIMER_MS), () => {
      this.timers.delete(schedule.id);
      if (this.deps.clock.now() < schedule.startAt) {
        this.arm(schedule);
        return;
      }
      const work = this.fire(schedule.id).catch((error: unknown) => this.deps.log?.(`run-once schedule ${schedule.id} failed`, error));
      this.running.add(work);
      void work.finally(() => this.running.delete(work));
    }));
  }

  private async fire(scheduleId: number): Promise<void> {
    const { store, importer, drop } = this.deps;
    const schedule = await store.dataSources.findSchedule(scheduleId);
    if (!schedule || schedule.state !== 'scheduled') return;
    const source = await store.dataSources.findById(schedule.dataSourceId);
    if (!source) {
      await store.dataSources.setScheduleState(scheduleId, 'failed', { error: `data source ${schedule.dataSourceId} no longer exists` });
      return;
    }
    await store.dataSources.setScheduleState(scheduleId, 'running');
    let importRunId: number | undefined;
    // The run's id is stored as soon as it starts, so its progress can be followed while it runs.
    let runRecorded: Promise<void> = Promise.resolve();
    try {
      await drop.read(source.fileName, (stream, file) => importer.importContacts({
        contactListId: source.contactListId,
        scrub: false,
        userName: `datasource:${source.name}`,
        source: { fileName: source.fileName, stream, size: file.size },
        onStart: (run) => {
          importRunId = run.id;
          runRecorded = store.dataSources.setScheduleState(scheduleId, 'running', { importRunId: run.id })
            .catch((error: unknown) => this.deps.log?.(`run-once schedule ${scheduleId}: recording import ${run.id}`, error));
        },
      }));
      await runRecorded;
      await store.dataSources.setScheduleState(scheduleId, 'completed', { ...(importRunId === undefined ? {} : { importRunId }), error: null });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await runRecorded;
      await store.dataSources.setScheduleState(scheduleId, 'failed', { ...(importRunId === undefined ? {} : { importRunId }), error: message });
    }
  }
}
