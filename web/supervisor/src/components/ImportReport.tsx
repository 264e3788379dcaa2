/** One import run: its progress while it runs (followed), then its outcome and its rejected rows. */
import { call, type ImportRun } from '../api.ts';
import { RejectsReport } from './RejectsReport.tsx';
import { RunCounts, RunProgress } from './RunStatus.tsx';
import { Badge, ErrorLine, count, useLoad, useRefreshWhile, when } from './common.tsx';

const KIND = { contacts: 'contacts', dnc: 'DNC addresses' } as const;

export function ImportReport({ runId, added }: { runId: number; added?: number | undefined }) {
  const { value: run, error, refresh, loads } = useLoad<ImportRun>(() => call<ImportRun>('GET', `/imports/${runId}`));
  useRefreshWhile(run?.state === 'running', refresh, 700, loads);
  if (!run) return <ErrorLine text={error} />;
  return (
    <div class="import-report" data-run={run.runId}>
      <p>
        <strong>Import {run.runId}</strong>: {run.fileName} → {run.targetName} ({KIND[run.kind]}{run.scrub ? ', DNC scrub' : ''}) <Badge state={run.state} testId="run-state" />
      </p>
      <p class="muted small-print">Started {when(run.startedAt)} by {run.userName}{run.endedAt ? `, ended ${when(run.endedAt)}` : ''}</p>
      {run.state === 'running' && <RunProgress run={run} label="Import progress" />}
      {run.state !== 'running' && (
        <div class="result" role="status" aria-label="Import outcome">
          <p class={run.state === 'completed' ? 'ok' : 'bad'} data-field="outcome">
            {run.state === 'completed'
              ? `${count(added ?? run.rowsAccepted)} ${added === undefined ? 'accepted' : 'added'} to ${run.targetName}${run.rowsRejected ? `, ${count(run.rowsRejected)} rejected` : ''}`
              : `Failed, nothing was imported: ${run.error ?? 'unknown error'}`}
          </p>
          <RunCounts run={run} added={added} />
        </div>
      )}
      <ErrorLine text={error} />
      {run.state !== 'running' && <RejectsReport runId={run.runId} total={run.rowsRejected} />}
    </div>
  );
}
