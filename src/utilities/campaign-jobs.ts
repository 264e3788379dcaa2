/** StartCampaignJob(campaignName) and the other job controls: campaign name → id → POM job call. */
import { notFound } from '../errors.ts';
import type { ErrorInfo, PomJob } from './pom-client.ts';
import { PomCallFailed } from './pom-client.ts';
import type { PomResponse, UtilityContext } from './context.ts';

export type JobAction = 'start' | 'stop' | 'pause' | 'resume';

/** The spec's PomCampaignResponse: IsSuccess (for a start, POM's isQueued) and ErrorInfo, with the job. */
export interface PomCampaignResponse extends PomResponse {
  campaignId: number;
  campaignName: string;
  jobId: number | null;
  jobState: string;
}

async function campaignIdOf(ctx: UtilityContext, campaignName: string): Promise<number> {
  const campaign = (await ctx.pom.getCampaigns()).find((c) => c.campaignName === campaignName);
  if (!campaign) throw notFound(`campaign ${campaignName}`);
  return campaign.campaignId;
}

const NOT_QUEUED: Record<JobAction, (name: string) => ErrorInfo> = {
  start: (name) => ({ displayMessage: `A job of ${name} is running already`, errorMessage: `campaign ${name} has a running job; no new job was queued`, errorCode: 'JOB_ALREADY_RUNNING' }),
  stop: (name) => ({ displayMessage: `The job of ${name} was not stopped`, errorMessage: `campaign ${name}: stop not accepted`, errorCode: 'JOB_NOT_CHANGED' }),
  pause: (name) => ({ displayMessage: `The job of ${name} is not running`, errorMessage: `campaign ${name}: only a running job can be paused`, errorCode: 'JOB_NOT_CHANGED' }),
  resume: (name) => ({ displayMessage: `The job of ${name} is not paused`, errorMessage: `campaign ${name}: only a paused job can be resumed`, errorCode: 'JOB_NOT_CHANGED' }),
};

export async function campaignJob(ctx: UtilityContext, campaignName: string, action: JobAction): Promise<PomCampaignResponse> {
  const campaignId = await campaignIdOf(ctx, campaignName);
  let job: PomJob;
  try {
    job = await ctx.pom.jobAction(campaignId, action);
  } catch (error) {
    if (!(error instanceof PomCallFailed) || error.status === 0 || error.status >= 500) throw error;
    return { isSuccess: false, errorInfo: error.errorInfo, campaignId, campaignName, jobId: null, jobState: 'none' };
  }
  const isSuccess = job.isQueued === true;
  return { isSuccess, errorInfo: isSuccess ? null : NOT_QUEUED[action](campaignName), campaignId, campaignName, jobId: job.jobId, jobState: job.jobState };
}

/** StartCampaignJob: IsSuccess is POM's isQueued. */
export const startCampaignJob = (ctx: UtilityContext, campaignName: string): Promise<PomCampaignResponse> => campaignJob(ctx, campaignName, 'start');

export async function campaignJobStatus(ctx: UtilityContext, campaignName: string): Promise<PomJob> {
  return ctx.pom.jobStatus(await campaignIdOf(ctx, campaignName));
}
