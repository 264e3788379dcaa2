/**
 * Outbound_ManualUploadUtility records with the life of the run-once import behind each: the
 * schedule (its id is the upload id) and its import run, read from the embedded POM's store. With a
 * remote POM (utilities.pom.baseUrl) the schedule is not here: `schedule` is null.
 */
import type { DataSourceScheduleRecord, ManualUploadRecord, ScheduleState } from '../store/records.ts';
import type { SupervisorSide } from '../utilities/supervisor-side.ts';
import { importRunView, isoTime, type ImportRunView } from './import-views.ts';

export interface ManualUploadView extends Omit<ManualUploadRecord, 'createdAt' | 'uploadTime'> {
  createdAt: string;
  uploadTime: string | null;
  /** The upload's life: pending or failed (nothing scheduled), else its schedule's state. */
  state: ManualUploadRecord['status'] | ScheduleState;
  schedule: { scheduleId: number; state: ScheduleState; startTime: string; timeZone: string; error: string | null; importRunId: number | null } | null;
  importRun: ImportRunView | null;
}

const scheduleIdOf = (u: ManualUploadRecord): number | undefined =>
  u.status === 'scheduled' && u.uploadId !== null && /^\d{1,15}$/.test(u.uploadId) ? Number(u.uploadId) : undefined;

export async function manualUploadViews(side: Pick<SupervisorSide, 'store' | 'importer'>, limit: number): Promise<ManualUploadView[]> {
  const uploads = await side.store.manualUploads.list(limit);
  const ids = uploads.map(scheduleIdOf).filter((id): id is number => id !== undefined);
  const schedules = new Map((await side.store.dataSources.findSchedules(ids)).map((s) => [s.id, s]));
  return Promise.all(uploads.map(async (u) => {
    const id = scheduleIdOf(u);
    const schedule: DataSourceScheduleRecord | undefined = id === undefined ? undefined : schedules.get(id);
    const run = schedule?.importRunId == null ? undefined : await importRunView(side, schedule.importRunId);
    return {
      ...u,
      createdAt: new Date(u.createdAt).toISOString(),
      uploadTime: isoTime(u.uploadTime),
      state: u.status === 'scheduled' ? schedule?.state ?? 'scheduled' : u.status,
      schedule: schedule ? {
        scheduleId: schedule.id, state: schedule.state, startTime: new Date(schedule.startAt).toISOString(), timeZone: schedule.timeZone,
        error: schedule.error, importRunId: schedule.importRunId,
      } : null,
      importRun: run ?? null,
    };
  }));
}
