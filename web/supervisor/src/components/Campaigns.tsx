/**
 * Campaigns: the list (type, team, list, its job and the job controls; administrators create
 * campaigns here) and, at `#campaigns/{name}`, one campaign's page (CampaignPage.tsx).
 */
import { useState } from 'preact/hooks';
import { call, type Campaign } from '../api.ts';
import { Badge, RefreshBar, RowMessageLine, useLoad, useRefreshWhile, useRowActions, when } from './common.tsx';
import { JobButtons, jobAction, lastJob, type JobNow } from './CampaignJob.tsx';
import { DataTable } from './DataTable.tsx';
import { CampaignForm } from './CampaignForm.tsx';
import { CampaignPage, tellCampaignPage } from './CampaignPage.tsx';
import type { PageProps } from './App.tsx';

interface Row extends Campaign {
  current: JobNow;
}

async function loadCampaigns(): Promise<Row[]> {
  const campaigns = await call<Campaign[]>('GET', '/campaigns');
  return Promise.all(campaigns.map(async (c) => ({
    ...c,
    // A running, paused or stopping job comes with the campaign; otherwise its last job's end.
    current: c.job ? { jobId: c.job.jobId, state: c.job.state, startedAt: c.job.startedAt } : await lastJob(c.campaignName),
  })));
}

export function Campaigns({ param, session }: PageProps) {
  const administrator = session.role === 'administrator';
  if (param) return <CampaignPage key={param} name={param} administrator={administrator} />;
  return <CampaignList administrator={administrator} />;
}

function CampaignList({ administrator }: { administrator: boolean }) {
  const campaigns = useLoad<Row[]>(loadCampaigns);
  const rows = campaigns.value;
  const { busy, messages, act } = useRowActions(campaigns.reload);
  const [creating, setCreating] = useState(false);

  // A stopping job ends once the dialer has drained it: look again until it has.
  const stopping = rows?.some((r) => r.current.state === 'stopping') ?? false;
  useRefreshWhile(stopping && !campaigns.loading, campaigns.refresh, 1000, campaigns.loads);

  if (creating) {
    return (
      <section aria-labelledby="new-campaign-title">
        <CampaignForm onCancel={() => setCreating(false)} onDone={(c, message) => {
          tellCampaignPage(c.campaignName, message);
          location.hash = `#campaigns/${encodeURIComponent(c.campaignName)}`;
        }} />
      </section>
    );
  }

  return (
    <section aria-label="Campaigns">
      <RefreshBar loaded={campaigns} />
      <DataTable<Row> label="Campaigns" rows={rows} rowKey={(c) => c.campaignId} rowAttrs={(c) => ({ 'data-campaign': c.campaignName })}
        empty="No campaigns" search="Search campaigns"
        toolbar={administrator && <button type="button" class="new" onClick={() => setCreating(true)}>New campaign</button>}
        columns={[
          {
            key: 'name', title: 'Campaign', text: (c) => c.campaignName, rowHeader: true,
            render: (c) => (
              <>
                <a href={`#campaigns/${encodeURIComponent(c.campaignName)}`}>{c.campaignName}</a>
                {c.warnings.length > 0 && <span class="warn-mark" title={c.warnings.join('\n')} aria-label={`${c.warnings.length} warning(s)`}> ⚠ {c.warnings.length}</span>}
              </>
            ),
          },
          { key: 'type', title: 'Type', text: (c) => c.type },
          { key: 'team', title: 'Team', text: (c) => c.teamName },
          { key: 'list', title: 'List', text: (c) => c.contactList },
          { key: 'job', title: 'Job', text: (c) => c.current.jobId ?? '—', num: true },
          { key: 'state', title: 'Job state', text: (c) => c.current.state, render: (c) => <Badge state={c.current.state} testId={`job-state-${c.campaignName}`} /> },
          { key: 'started', title: 'Started', text: (c) => when(c.current.startedAt) },
        ]}
        actions={(c) => (
          <>
            <JobButtons name={c.campaignName} state={c.current.state} disabled={busy !== null} onAction={(a) => void act(c.campaignName, () => jobAction(c.campaignName, a))} />
            <RowMessageLine message={messages[c.campaignName]} />
          </>
        )} />
    </section>
  );
}
