/** The rejected rows of an import, a page at a time, and the whole report as a CSV file. */
import { useEffect, useState } from 'preact/hooks';
import { call, errorText, type RejectRow } from '../api.ts';
import { DownloadLink } from './DownloadLink.tsx';
import { Pager } from './Pager.tsx';
import { RejectsTable } from './RejectsTable.tsx';
import { ErrorLine, count } from './common.tsx';

const PAGE_ROWS = 50;

export function RejectsReport({ runId, total }: { runId: number; total: number }) {
  const [offset, setOffset] = useState(0);
  const [rows, setRows] = useState<RejectRow[] | null>(null);
  const [error, setError] = useState('');

  useEffect(() => setOffset(0), [runId]);
  useEffect(() => {
    let current = true;
    call<RejectRow[]>('GET', `/imports/${runId}/rejects?offset=${offset}&limit=${PAGE_ROWS}`)
      .then((r) => { if (current) { setRows(r); setError(''); } }, (e: unknown) => { if (current) setError(errorText(e)); });
    return () => { current = false; };
  }, [runId, offset, total]);

  if (total === 0) return <p class="muted">No row was rejected.</p>;
  const last = Math.min(offset + PAGE_ROWS, total);
  return (
    <div class="rejects-report">
      <div class="toolbar">
        <h4>Rejected rows</h4>
        <DownloadLink path={`/imports/${runId}/rejects.csv`} fileName={`import-${runId}-rejects.csv`}>Download the report (CSV)</DownloadLink>
      </div>
      <ErrorLine text={error} />
      {rows && <RejectsTable rows={rows} />}
      <Pager label="Rejected rows pages" status={`Rows ${count(offset + 1)}–${count(last)} of ${count(total)}`}
        previous={offset > 0 ? () => setOffset(Math.max(0, offset - PAGE_ROWS)) : null}
        next={last < total ? () => setOffset(offset + PAGE_ROWS) : null} />
    </div>
  );
}
