import { useState } from 'preact/hooks';
import { call, errorText, type Campaign, type Job } from '../api.ts';
import { Badge, ErrorLine, useLoad, useRefreshWhile, when } from './common.tsx';

type Action = 'start' | 'pause' | 'resume' | 'stop';

interface Row extends Campaign {
  job: Job | null;
}

interface ActionReply {
  isSuccess: boolean;
  errorInfo: { displayMessage: string } | null;
  jobId: number | null;
  jobState: string;
}

const DONE: Record<Action, string> = { start: 'Started', pause: 'Paused', resume: 'Resumed', stop: 'Stop requested' };

const ACTIONS: Array<{ action: Action; label: string; allowed: (state: string) => boolean }> = [
  { action: 'start', label: 'Start', allowed: (s) => !['running', 'paused', 'stopping'].includes(s) },
  { action: 'pause', label: 'Pause', allowed: (s) => s === 'running' },
  { action: 'resume', label: 'Resume', allowed: (s) => s === 'paused' },
  { action: 'stop', label: 'Stop', allowed: (s) => s === 'running' || s === 'paused' },
];

async function loadCampaigns(): Promise<Row[]> {
  const campaigns = await call<Campaign[]>('GET', '/campaigns');
  return Promise.all(campaigns.map(async (c) => ({
    ...c, job: await call<Job>('GET', `/campaigns/${encodeURIComponent(c.campaignName)}/job`).catch(() => null),
  })));
}

export function Campaigns() {
  const { value: rows, error, loading, reload, refresh, loads } = useLoad<Row[]>(loadCampaigns);
  const [busy, setBusy] = useState<string | null>(null);
  const [messages, setMessages] = useState<Record<string, { ok: boolean; text: string }>>({});

  // A stopping job ends once the dialer has drained it: look again until it has.
  const stopping = rows?.some((r) => r.job?.jobState === 'stopping') ?? false;
  useRefreshWhile(stopping && !loading, refresh, 1000, loads);

  const act = async (name: string, action: Action) => {
    setBusy(name);
    try {
      const r = await call<ActionReply>('POST', `/campaigns/${encodeURIComponent(name)}/job/${action}`);
      setMessages((m) => ({ ...m, [name]: r.isSuccess ? { ok: true, text: `${DONE[action]}: job ${r.jobId ?? '—'} is ${r.jobState}` } : { ok: false, text: r.errorInfo?.displayMessage ?? `${action} not done` } }));
    } catch (e) {
      setMessages((m) => ({ ...m, [name]: { ok: false, text: errorText(e) } }));
    } finally {
      await reload();
      setBusy(null);
    }
  };

  return (
    <section aria-label="Campaigns">
      <div class="toolbar">
        <button type="button" onClick={() => void reload()} disabled={loading}>Refresh</button>
        {loading && <span class="muted" aria-live="polite">Loading…</span>}
      </div>
      <ErrorLine text={error} />
      {rows && (
        <table aria-label="Campaigns">
          <thead>
            <tr><th scope="col">Campaign</th><th scope="col">Type</th><th scope="col" class="num">Job</th><th scope="col">Job state</th><th scope="col">Started</th><th scope="col">Actions</th></tr>
          </thead>
          <tbody>
            {rows.length === 0 && <tr><td colSpan={6} class="muted">No campaigns</td></tr>}
            {rows.map((c) => {
              const state = c.job?.jobState ?? 'none';
              const message = messages[c.campaignName];
              return (
                <tr key={c.campaignId} data-campaign={c.campaignName}>
                  <th scope="row">{c.campaignName}</th>
                  <td>{c.campaignType}</td>
                  <td class="num">{c.job?.jobId ?? '—'}</td>
                  <td><Badge state={state} testId={`job-state-${c.campaignName}`} /></td>
                  <td>{when(c.job?.startTime)}</td>
                  <td>
                    <div class="actions" role="group" aria-label={`${c.campaignName} job`}>
                      {ACTIONS.map(({ action, label, allowed }) => (
                        <button key={action} type="button" class={action === 'stop' ? 'danger' : 'secondary'} aria-label={`${label} ${c.campaignName}`}
                          disabled={busy !== null || !allowed(state)} onClick={() => void act(c.campaignName, action)}>{label}</button>
                      ))}
                    </div>
                    {message && <p role={message.ok ? 'status' : 'alert'} class={message.ok ? 'ok small' : 'error small'}>{message.text}</p>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
