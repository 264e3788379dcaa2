/** A campaign's job: its state now (or its last one's) and the buttons that start, pause, resume and stop it. */
import { call, type CampaignJobReply, type Job } from '../api.ts';
import type { RowMessage } from './common.tsx';

export type Action = 'start' | 'pause' | 'resume' | 'stop';

const DONE: Record<Action, string> = { start: 'Started', pause: 'Paused', resume: 'Resumed', stop: 'Stop requested' };

const ACTIONS: Array<{ action: Action; label: string; allowed: (state: string) => boolean }> = [
  { action: 'start', label: 'Start', allowed: (s) => !['running', 'paused', 'stopping'].includes(s) },
  { action: 'pause', label: 'Pause', allowed: (s) => s === 'running' },
  { action: 'resume', label: 'Resume', allowed: (s) => s === 'paused' },
  { action: 'stop', label: 'Stop', allowed: (s) => s === 'running' || s === 'paused' },
];

export const campaignPath = (name: string) => `/campaigns/${encodeURIComponent(name)}`;

/** A campaign's job now, or its last one (`state` "none" when it never had one). */
export interface JobNow {
  jobId: number | null;
  state: string;
  startedAt: string | null;
}

export async function lastJob(name: string): Promise<JobNow> {
  try {
    const job = await call<Job>('GET', `${campaignPath(name)}/job`);
    return { jobId: job.jobId, state: job.jobState, startedAt: job.startTime };
  } catch {
    return { jobId: null, state: 'none', startedAt: null };
  }
}

/** Starts, pauses, resumes or stops the campaign's job: what happened, in a line. */
export async function jobAction(name: string, action: Action): Promise<RowMessage> {
  const r = await call<CampaignJobReply>('POST', `${campaignPath(name)}/job/${action}`);
  return r.isSuccess ? { ok: true, text: `${DONE[action]}: job ${r.jobId ?? '—'} is ${r.jobState}` } : { ok: false, text: r.errorInfo?.displayMessage ?? `${action} not done` };
}

/** The job's buttons, each enabled when its action applies to `state`. */
export function JobButtons({ name, state, disabled, onAction }: { name: string; state: string; disabled: boolean; onAction: (action: Action) => void }) {
  return (
    <div class="actions" role="group" aria-label={`${name} job`}>
      {ACTIONS.map(({ action, label, allowed }) => (
        <button key={action} type="button" class={action === 'stop' ? 'danger' : 'secondary'} aria-label={`${label} ${name}`}
          disabled={disabled || !allowed(state)} onClick={() => onAction(action)}>{label}</button>
      ))}
    </div>
  );
}
