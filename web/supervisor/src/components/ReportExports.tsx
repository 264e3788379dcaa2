/**
 * The OCM Export Scheduler: reports written as CSV files or Excel workbooks daily (for the day
 * before), weekly on Mondays (the week before) or monthly on the 1st (the month before), at a time of
 * day in the server's time zone. Each export shows its next run and its last, whose file downloads from here.
 */
import { useState } from 'preact/hooks';
import { call, type Campaign, type ReportEntry, type ReportExportView } from '../api.ts';
import { DownloadLink } from './DownloadLink.tsx';
import { ErrorLine, Listing, RowMessageLine, count, useAction, useLoad, useRowActions, when } from './common.tsx';
import { FORM, Field, fieldAria, useFieldErrors } from './fields.tsx';

interface Draft {
  report: string;
  frequency: string;
  timeOfDay: string;
  campaign: string;
  format: string;
}

export function ReportExports({ reports, campaigns }: { reports: ReportEntry[]; campaigns: Campaign[] }) {
  const exports = useLoad<ReportExportView[]>(() => call<ReportExportView[]>('GET', '/report-exports'));
  const [draft, setDraft] = useState<Draft>({ report: 'call-attempts', frequency: 'daily', timeOfDay: '02:00', campaign: '', format: 'csv' });
  const { busy, run } = useAction();
  const rows = useRowActions(exports.refresh);
  const form = useFieldErrors({ report: 'export-report', frequency: 'export-frequency', timeOfDay: 'export-time', campaign: 'export-campaign', format: 'export-format' });
  const e = form.errors;
  const set = (change: Partial<Draft>) => setDraft((d) => ({ ...d, ...change }));
  // An inbound report's export covers every queue: it takes no campaign.
  const byCampaign = (reports.find((r) => r.id === draft.report)?.filter ?? 'campaign') === 'campaign';

  const schedule = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      try {
        await call('POST', '/report-exports', { ...draft, campaign: (byCampaign && draft.campaign) || undefined });
        form.clear();
        await exports.refresh();
      } catch (error) {
        form.fromError(error);
      }
    });
  };
  const remove = (x: ReportExportView) => rows.act(String(x.id), async () => {
    await call('DELETE', `/report-exports/${x.id}`);
    return { ok: true, text: 'Removed' };
  });

  return (
    <Listing id="exports-title" title="Scheduled exports" refreshText="Refresh exports" loaded={exports} stacked>
      <form class="filters" aria-label="New scheduled export" noValidate onSubmit={schedule}>
        <div>
          <Field id="export-report" label="Export report" error={e['export-report']}>
            <select id="export-report" {...fieldAria('export-report', e['export-report'])} value={draft.report} onChange={(ev) => set({ report: ev.currentTarget.value })}>
              {reports.map((r) => <option key={r.id} value={r.id}>{r.title}</option>)}
            </select>
          </Field>
        </div>
        <div>
          <Field id="export-frequency" label="Every" error={e['export-frequency']}>
            <select id="export-frequency" value={draft.frequency} onChange={(ev) => set({ frequency: ev.currentTarget.value })}>
              <option value="daily">day (the day before)</option>
              <option value="weekly">Monday (the week before)</option>
              <option value="monthly">1st (the month before)</option>
            </select>
          </Field>
        </div>
        <div>
          <Field id="export-time" label="At" error={e['export-time']}>
            <input id="export-time" type="time" {...fieldAria('export-time', e['export-time'])} value={draft.timeOfDay} onInput={(ev) => set({ timeOfDay: ev.currentTarget.value })} />
          </Field>
        </div>
        <div hidden={!byCampaign}>
          <Field id="export-campaign" label="Export campaign" error={e['export-campaign']}>
            <select id="export-campaign" value={draft.campaign} onChange={(ev) => set({ campaign: ev.currentTarget.value })}>
              <option value="">All</option>
              {campaigns.map((c) => <option key={c.campaignId} value={c.campaignName}>{c.campaignName}</option>)}
            </select>
          </Field>
        </div>
        <div>
          <Field id="export-format" label="Format" error={e['export-format']}>
            <select id="export-format" {...fieldAria('export-format', e['export-format'])} value={draft.format} onChange={(ev) => set({ format: ev.currentTarget.value })}>
              <option value="csv">CSV</option>
              <option value="xlsx">Excel (.xlsx)</option>
            </select>
          </Field>
        </div>
        <button type="submit" disabled={busy}>Schedule export</button>
      </form>
      <ErrorLine text={e[FORM] ?? ''} />
      <div class="scroll">
        <table aria-label="Scheduled exports">
          <thead>
            <tr><th scope="col">Report</th><th scope="col">Campaign</th><th scope="col">Every</th><th scope="col">Format</th><th scope="col">Next run</th><th scope="col">Last run</th><th scope="col">Actions</th></tr>
          </thead>
          <tbody>
            {exports.value?.length === 0 && <tr><td colSpan={7} class="muted">No scheduled exports</td></tr>}
            {(exports.value ?? []).map((x) => (
              <tr key={x.id} data-export={x.id}>
                <td>{x.title}</td><td>{x.campaign ?? ((reports.find((r) => r.id === x.report)?.filter ?? 'campaign') === 'queue' ? 'All queues' : 'All')}</td>
                <td>{x.frequency === 'daily' ? 'day' : x.frequency === 'weekly' ? 'Monday' : '1st of the month'} at {x.timeOfDay} <small>({x.timeZone})</small></td>
                <td data-col="format">{x.format === 'xlsx' ? 'Excel' : 'CSV'}</td>
                <td data-col="next">{when(x.nextRunAt)}</td>
                <td data-col="last">
                  {!x.lastRun && <span class="muted">not yet</span>}
                  {x.lastRun?.fileName && (
                    <>{when(x.lastRun.ranAt)}: <DownloadLink path={`/report-exports/runs/${x.lastRun.id}/file`} fileName={x.lastRun.fileName}>{x.lastRun.fileName}</DownloadLink> ({count(x.lastRun.rows)} rows)</>
                  )}
                  {x.lastRun?.error && <span class="error-text">{when(x.lastRun.ranAt)}: {x.lastRun.error}</span>}
                </td>
                <td>
                  <button type="button" class="secondary" disabled={rows.busy !== null} onClick={() => void remove(x)}>Remove</button>
                  <RowMessageLine message={rows.messages[String(x.id)]} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Listing>
  );
}
