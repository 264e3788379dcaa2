/** Recent imports, newest first: state, counts, progress while running, a link to each report. */
import type { ImportRun } from '../api.ts';
import { ProgressBar } from './ProgressBar.tsx';
import { percentRead } from './RunStatus.tsx';
import { Badge, count, when } from './common.tsx';

export function ImportRuns({ runs, labelledBy }: { runs: ImportRun[]; labelledBy: string }) {
  return (
    <div class="scroll">
      <table aria-labelledby={labelledBy}>
        <thead>
          <tr>
            <th scope="col" class="num">#</th><th scope="col">Kind</th><th scope="col">Into</th><th scope="col">File</th><th scope="col">By</th>
            <th scope="col">Started</th><th scope="col">State</th><th scope="col" class="num">Rows</th><th scope="col" class="num">Accepted</th>
            <th scope="col" class="num">Rejected</th><th scope="col" class="num">Rows/s</th><th scope="col">Progress</th>
          </tr>
        </thead>
        <tbody>
          {runs.length === 0 && <tr><td colSpan={12} class="muted">No imports yet</td></tr>}
          {runs.map((r) => (
            <tr key={r.runId} data-run={r.runId}>
              <td class="num">{r.runId}</td><td>{r.kind}</td><td>{r.targetName}</td><td class="wrap">{r.fileName}</td><td>{r.userName}</td>
              <td>{when(r.startedAt)}</td><td data-col="state" title={r.error ?? undefined}><Badge state={r.state} /></td>
              <td class="num">{count(r.rowsRead)}</td><td class="num">{count(r.rowsAccepted)}</td><td class="num">{count(r.rowsRejected)}</td>
              <td class="num">{r.rowsPerSecond > 0 ? count(r.rowsPerSecond) : '—'}</td>
              <td>
                {r.state === 'running'
                  ? <ProgressBar label={`Import ${r.runId} progress`} percent={percentRead(r)} text={`${count(r.rowsRead)} rows read`} />
                  : <a href={`#import/${r.runId}`} aria-label={`Report of import ${r.runId}`}>Report</a>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
