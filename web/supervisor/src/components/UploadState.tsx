/**
 * The life of a manual upload's run-once import: scheduled (when it starts) → running (rows done,
 * rows/s, progress) → completed (accepted / rejected, the report) or failed (the error).
 */
import type { UploadRecord } from '../api.ts';
import { RunProgress } from './RunStatus.tsx';
import { count, when } from './common.tsx';

export function UploadState({ upload }: { upload: UploadRecord }) {
  const run = upload.importRun;
  switch (upload.state) {
    case 'scheduled':
      return <span>Starts {when(upload.schedule?.startTime)}{upload.schedule ? <small> ({upload.schedule.timeZone})</small> : null}</span>;
    case 'running':
      return run ? <RunProgress run={run} label={`Upload ${upload.id} progress`} /> : <span class="muted">Reading the file from the drop…</span>;
    case 'completed':
      if (!run) return <span class="muted">Completed</span>;
      return (
        <span>
          <span data-field="accepted">{count(run.rowsAccepted)}</span> accepted, <span data-field="rejected">{count(run.rowsRejected)}</span> rejected
          {' · '}<a href={`#import/${run.runId}`} aria-label={`${run.rowsRejected ? 'Rejected rows' : 'Report'} of upload ${upload.id}`}>{run.rowsRejected ? 'Rejected rows' : 'Report'}</a>
        </span>
      );
    case 'failed':
      return <span class="error-text wrap" data-field="error">{upload.schedule?.error ?? run?.error ?? upload.error ?? 'failed'}</span>;
    default:
      return <span class="muted">Not scheduled yet</span>;
  }
}
