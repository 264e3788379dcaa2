import { call, type Campaign, type CampaignJobReply, type Job } from '../api.ts';
import { Badge, RefreshBar, RowMessageLine, useLoad, useRefreshWhile, useRowActions, when } from './common.tsx';

type Action = 'start' | 'pause' | 'resume' | 'stop';

interface Row extends Campaign {
  job: Job | null;
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
  const campaigns = useLoad<Row[]>(loadCampaigns);
  const rows = campaigns.value;
  const { busy, messages, act } = useRowActions(campaigns.reload);

  // A stopping job ends once the dialer has drained it: look again until it has.
  const stopping = rows?.some((r) => r.job?.jobState === 'stopping') ?? false;
  useRefreshWhile(stopping && !campaigns.loading, campaigns.refresh, 1000, campaigns.loads);

  const control = (name: string, action: Action) => act(name, async () => {
    const r = await call<CampaignJobReply>('POST', `/campaigns/${encodeURIComponent(name)}/job/${action}`);
    return r.isSuccess ? { ok: true, text: `${DONE[action]}: job ${r.jobId ?? '—'} is ${r.jobState}` } : { ok: false, text: r.errorInfo?.displayMessage ?? `${action} not done` };
  });

  return (
    <section aria-label="Campaigns">
      <RefreshBar loaded={campaigns} />
      {rows && (
        <table aria-label="Campaigns">
          <thead>
            <tr><th scope="col">Campaign</th><th scope="col">Type</th><th scope="col" class="num">Job</th><th scope="col">Job state</th><th scope="col">Started</th><th scope="col">Actions</th></tr>
          </thead>
          <tbody>
            {rows.length === 0 && <tr><td colSpan={6} class="muted">No campaigns</td></tr>}
            {rows.map((c) => {
              const state = c.job?.jobState ?? 'none';
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
                          disabled={busy !== null || !allowed(state)} onClick={() => void control(c.campaignName, action)}>{label}</button>
                      ))}
                    </div>
                    <RowMessageLine message={messages[c.campaignName]} />
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
