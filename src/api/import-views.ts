/**
 * An import run as the supervisor API shows it: its progress (live while it runs, as the importer
 * counts), the run's record, and while this process reads the run's file, how much of it is read.
 */
import type { ImportProgress } from '../imports/importer.ts';
import type { ImportRunRecord } from '../store/records.ts';
import type { SupervisorSide } from '../utilities/supervisor-side.ts';

export interface ImportRunView extends ImportProgress {
  scrub: boolean;
  userName: string;
  startedAt: string;
  endedAt: string | null;
  error: string | null;
  /** Bytes of the file read so far, and its size: only while this process reads it. */
  bytesRead: number | null;
  bytesTotal: number | null;
}

export const isoTime = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export async function importRunView(side: Pick<SupervisorSide, 'store' | 'importer'>, run: ImportRunRecord | number): Promise<ImportRunView | undefined> {
  let record = typeof run === 'number' ? await side.store.imports.findRun(run) : run;
  if (!record) return undefined;
  const progress = await side.importer.progress(record.id);
  if (!progress) return undefined;
  // A run listed while running may have ended since: its end time and error are in the record now.
  if (progress.state !== record.state) record = (await side.store.imports.findRun(record.id)) ?? record;
  const bytes = progress.state === 'running' ? side.importer.bytes(record.id) : undefined;
  return {
    ...progress,
    scrub: record.scrub,
    userName: record.userName,
    startedAt: new Date(record.startedAt).toISOString(),
    endedAt: isoTime(record.endedAt),
    error: record.error,
    bytesRead: bytes?.bytesRead ?? null,
    bytesTotal: bytes?.bytesTotal ?? null,
  };
}
