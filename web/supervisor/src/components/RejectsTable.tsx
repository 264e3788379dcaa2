/** Rejected rows of a file: line, value, reason, message. */
import type { RejectRow } from '../api.ts';

export function RejectsTable({ rows, label = 'Rejected rows' }: { rows: RejectRow[]; label?: string }) {
  return (
    <div class="scroll short">
      <table aria-label={label}>
        <thead><tr><th scope="col" class="num">Line</th><th scope="col">Value</th><th scope="col">Reason</th><th scope="col">Message</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.rowNumber}><td class="num">{r.rowNumber}</td><td>{r.value}</td><td>{r.reason}</td><td class="wrap">{r.message}</td></tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
