/** Campaigns and their jobs: start (isQueued), stop, pause, resume and status. */
import type { FastifyInstance } from 'fastify';
import type { PomRestDeps } from './deps.ts';
import { PomError, missing } from './errors.ts';
import { id } from './params.ts';
import { campaignView, jobView } from './views.ts';
import type { CampaignRecord } from '../store/records.ts';

export function registerCampaignRoutes(app: FastifyInstance, deps: PomRestDeps): void {
  const { store, dialer } = deps;
  const campaignOf = async (raw: string | undefined): Promise<CampaignRecord> => {
    const campaign = await store.campaigns.findById(id(raw, 'campaignId'));
    if (!campaign) throw missing(`Campaign ${raw}`);
    return campaign;
  };
  /** The campaign's job in the dialer (running or paused), if any. */
  const runnerOf = (campaign: CampaignRecord) => dialer.runningJobs().find((r) => r.campaign.id === campaign.id && (r.state === 'running' || r.state === 'paused'));

  app.get('/campaigns', async () => (await store.campaigns.list()).map(campaignView));

  app.get<{ Params: { id: string } }>('/campaigns/:id', async (request) => campaignView(await campaignOf(request.params.id)));

  app.post<{ Params: { id: string } }>('/campaigns/:id/job/start', async (request) => {
    const campaign = await campaignOf(request.params.id);
    const { job, isQueued } = await dialer.startJob(campaign.name);
    return { isQueued, campaignId: campaign.id, campaignName: campaign.name, ...jobView(job, runnerOf(campaign)?.state) };
  });

  for (const action of ['stop', 'pause', 'resume'] as const) {
    app.post<{ Params: { id: string } }>(`/campaigns/:id/job/${action}`, async (request) => {
      const campaign = await campaignOf(request.params.id);
      const runner = runnerOf(campaign);
      if (!runner) throw new PomError('NO_RUNNING_JOB', `Campaign ${campaign.name} has no running job`, `No running or paused job for campaign ${campaign.id}`);
      const before = runner.state;
      const accepted = await dialer.setJobState(runner.job.id, action);
      const job = await store.jobs.findById(runner.job.id);
      const changed = accepted && (action === 'stop' || (action === 'pause' ? before === 'running' : before === 'paused'));
      return { isQueued: changed, campaignId: campaign.id, campaignName: campaign.name, ...jobView(job, runnerOf(campaign)?.state ?? job?.state) };
    });
  }

  app.get<{ Params: { id: string } }>('/campaigns/:id/job/status', async (request) => {
    const campaign = await campaignOf(request.params.id);
    // Any job the dialer still has, a stopping one included.
    const runner = runnerOf(campaign) ?? dialer.runningJobs().filter((r) => r.campaign.id === campaign.id).sort((a, b) => b.job.id - a.job.id)[0];
    const jobs = await store.jobs.list(campaign.id);
    const job = runner?.job.id === undefined ? jobs.sort((a, b) => b.id - a.id)[0] : await store.jobs.findById(runner.job.id);
    const counts = await store.contacts.counts(campaign.contactListId);
    return {
      campaignId: campaign.id, campaignName: campaign.name, ...jobView(job, runner?.state),
      agents: runner?.agents.size ?? 0,
      contacts: { total: counts.total, available: counts.available, done: counts.done, excluded: counts.excluded, inProgress: counts.inProgress },
    };
  });
}
