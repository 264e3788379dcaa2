/** An import run as the pages show it: rows done, rows per second and a bar while it runs; the counts once it has ended. */
import { Fragment } from 'preact';
import type { ImportRun } from '../api.ts';
import { ProgressBar } from './ProgressBar.tsx';
import { count } from './common.tsx';

/**
 * The share of the file read, when this nailup reads it and knows its size (rows are only counted as
 * they are read). A file read whole is not an import done: the rows still go into the list.
 */
export function percentRead(run: Pick<ImportRun, 'bytesRead' | 'bytesTotal'>): number | null {
  if (run.bytesRead === null || !run.bytesTotal) return null;
  return Math.min(99, (100 * run.bytesRead) / run.bytesTotal);
}

export function RunProgress({ run, label }: { run: ImportRun; label: string }) {
  const percent = percentRead(run);
  const saving = run.bytesTotal !== null && run.bytesRead === run.bytesTotal;
  const text = saving ? `${count(run.rowsRead)} rows read; saving them to ${run.targetName}`
    : `${count(run.rowsRead)} rows read${percent === null ? '' : `, ${Math.round(percent)}% of the file`}`;
  return (
    <div class="run-progress">
      <p class="small-print">
        <span data-field="rows-done">{count(run.rowsRead)}</span> rows done · <span data-field="rows-per-second">{count(run.rowsPerSecond)}</span> rows/s
        {saving && <> · saving…</>}
      </p>
      <ProgressBar label={label} percent={percent} text={text} />
    </div>
  );
}

/** Accepted, rejected (and added, when the caller knows it) of an ended run. */
export function RunCounts({ run, added }: { run: ImportRun; added?: number | undefined }) {
  const counts: Array<[string, number]> = [['Rows read', run.rowsRead], ['Accepted', run.rowsAccepted], ['Rejected', run.rowsRejected]];
  if (added !== undefined) counts.push(['Added', added]);
  return (
    <dl class="counts">
      {counts.map(([label, n]) => <Fragment key={label}><dt>{label}</dt><dd data-count={label}>{count(n)}</dd></Fragment>)}
    </dl>
  );
}
