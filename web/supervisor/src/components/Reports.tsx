/**
 * The OCM reports: choose a report, the days it covers (in the browser's time zone) and a campaign
 * (or, for an inbound report, a queue: the report's `filter`); the report shows a page at a time, and
 * the whole of it downloads as a CSV file or an Excel workbook (.xlsx: dates as dates, numbers as numbers).
 */
import { useState } from 'preact/hooks';
import { call, type Campaign, type Queue, type ReportEntry, type ReportReply } from '../api.ts';
import { DownloadLink } from './DownloadLink.tsx';
import { ReportExports } from './ReportExports.tsx';
import { Pager } from './Pager.tsx';
import { ErrorLine, count, useAction, useLoad, when } from './common.tsx';
import { FORM, Field, fieldAria, useFieldErrors } from './fields.tsx';

const PAGE_ROWS = 100;
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

type Filter = ReportEntry['filter'];

interface Choice {
  report: string;
  fromDay: string;
  toDay: string;
  /** The campaign or queue chosen for each filter ('' : all). */
  campaign: string;
  queue: string;
  /** The filter of the report chosen: which of the two the query carries. */
  filter: Filter;
}

const FILTER_LABELS: Record<Filter, string> = { campaign: 'Campaign', queue: 'Queue' };

/** yyyy-mm-dd of a local day. */
const dayOf = (d: Date): string => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** The query of a choice: from the start of its first day to the end of its last (local midnight). */
function queryOf(choice: Choice): string {
  const from = new Date(`${choice.fromDay}T00:00`);
  const to = new Date(`${choice.toDay}T00:00`);
  to.setDate(to.getDate() + 1);
  const q = new URLSearchParams({ from: Number.isNaN(from.getTime()) ? choice.fromDay : from.toISOString(), to: Number.isNaN(to.getTime()) ? choice.toDay : to.toISOString() });
  const scope = choice[choice.filter];
  if (scope) q.set(choice.filter, scope);
  return q.toString();
}

function cellText(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return typeof value === 'string' && ISO_TIME.test(value) ? when(value) : String(value);
}

export function Reports() {
  const catalog = useLoad<ReportEntry[]>(() => call<ReportEntry[]>('GET', '/reports'));
  const campaigns = useLoad<Campaign[]>(() => call<Campaign[]>('GET', '/campaigns'));
  const queues = useLoad<Queue[]>(() => call<Queue[]>('GET', '/queues'));
  const today = dayOf(new Date());
  const [draft, setDraft] = useState<Choice>({ report: 'call-attempts', fromDay: today, toDay: today, campaign: '', queue: '', filter: 'campaign' });
  const [shown, setShown] = useState<{ choice: Choice; reply: ReportReply; offset: number } | null>(null);
  const { busy, run } = useAction();
  const form = useFieldErrors({ from: 'report-from', to: 'report-to', campaign: 'report-campaign', queue: 'report-queue' });
  const e = form.errors;

  const show = (choice: Choice, offset: number) => run(async () => {
    try {
      const reply = await call<ReportReply>('GET', `/reports/${encodeURIComponent(choice.report)}?${queryOf(choice)}&limit=${PAGE_ROWS}&offset=${offset}`);
      setShown({ choice, reply, offset });
      form.clear();
    } catch (error) {
      form.fromError(error);
    }
  });
  const entry = (catalog.value ?? []).find((r) => r.id === draft.report);
  const set = (change: Partial<Choice>) => setDraft((d) => ({ ...d, ...change }));
  const filter = draft.filter;
  const scopeId = `report-${filter}`;
  const scopes = filter === 'queue' ? (queues.value ?? []).map((q) => q.name) : (campaigns.value ?? []).map((c) => c.campaignName);

  return (
    <section aria-labelledby="reports-title">
      <div class="toolbar">
        <h3 id="reports-title">Report</h3>
        {busy && <span class="muted" aria-live="polite">Loading…</span>}
      </div>
      <form class="filters" aria-label="Report" noValidate onSubmit={(ev) => { ev.preventDefault(); void show(draft, 0); }}>
        <div>
          <label for="report-id">Report</label>
          <select id="report-id" value={draft.report} onChange={(ev) => {
            const report = ev.currentTarget.value;
            set({ report, filter: (catalog.value ?? []).find((r) => r.id === report)?.filter ?? 'campaign' });
          }}>
            {(catalog.value ?? []).map((r) => <option key={r.id} value={r.id}>{r.title}</option>)}
          </select>
        </div>
        <div>
          <Field id="report-from" label="From" error={e['report-from']}>
            <input id="report-from" type="date" {...fieldAria('report-from', e['report-from'])} value={draft.fromDay} onInput={(ev) => set({ fromDay: ev.currentTarget.value })} />
          </Field>
        </div>
        <div>
          <Field id="report-to" label="To (included)" error={e['report-to']}>
            <input id="report-to" type="date" {...fieldAria('report-to', e['report-to'])} value={draft.toDay} onInput={(ev) => set({ toDay: ev.currentTarget.value })} />
          </Field>
        </div>
        <div>
          <Field id={scopeId} label={FILTER_LABELS[filter]} error={e[scopeId]}>
            <select id={scopeId} {...fieldAria(scopeId, e[scopeId])} value={draft[filter]} onChange={(ev) => set({ [filter]: ev.currentTarget.value })}>
              <option value="">All</option>
              {scopes.map((name) => <option key={name} value={name}>{name}</option>)}
            </select>
          </Field>
        </div>
        <button type="submit" disabled={busy}>Show report</button>
      </form>
      {entry && <p class="muted small-print">{entry.description}</p>}
      <ErrorLine text={e[FORM] ?? (catalog.error || campaigns.error || queues.error)} />
      {shown && (
        <div class="report">
          <div class="toolbar">
            <h4>{shown.reply.title}: {count(shown.reply.total)} rows, {when(shown.reply.from)} to {when(shown.reply.to)}{shown.reply.campaign ? `, ${shown.reply.campaign}` : ''}{shown.reply.queue ? `, ${shown.reply.queue}` : ''}</h4>
            <div class="actions" role="group" aria-label="Download the report">
              {(['csv', 'xlsx'] as const).map((format) => (
                <DownloadLink key={format} path={`/reports/${shown.reply.report}/${format}?${queryOf(shown.choice)}`} fileName={`${shown.reply.report}-${shown.choice.fromDay}-${shown.choice.toDay}.${format}`}>
                  {format === 'csv' ? 'Download CSV' : 'Download Excel'}
                </DownloadLink>
              ))}
            </div>
          </div>
          <div class="scroll">
            <table aria-label={`${shown.reply.title} report`}>
              <thead><tr>{shown.reply.columns.map((c) => <th key={c.key} scope="col">{c.label}</th>)}</tr></thead>
              <tbody>
                {shown.reply.rows.length === 0 && <tr><td colSpan={shown.reply.columns.length} class="muted">No rows</td></tr>}
                {shown.reply.rows.map((row, i) => (
                  <tr key={i}>{shown.reply.columns.map((c) => <td key={c.key} data-col={c.key}>{cellText(row[c.key] ?? null)}</td>)}</tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager label="Report pages"
            status={shown.reply.total > 0 ? `${shown.offset + 1}–${Math.min(shown.offset + PAGE_ROWS, shown.reply.total)} of ${count(shown.reply.total)}` : ''}
            previous={shown.offset > 0 ? () => void show(shown.choice, Math.max(0, shown.offset - PAGE_ROWS)) : null}
            next={shown.offset + PAGE_ROWS < shown.reply.total ? () => void show(shown.choice, shown.offset + PAGE_ROWS) : null} />
        </div>
      )}
      {catalog.value && <ReportExports reports={catalog.value} campaigns={campaigns.value ?? []} />}
    </section>
  );
}
