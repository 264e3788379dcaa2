/**
 * Wrap-ups a stopped leader left in progress, kept by the recovery for agents the new leader logs on
 * again (a failover). Once those agents are back, each gets its call in hand again, in wrap-up
 * (`AGTCallNotify` then `AGTAutoReleaseLine`, as when a customer hangs up, with the full wrap-up time), and
 * its disposition is written as on any call. A wrap-up whose agent did not come back is disposed as the
 * recovery would have: the agent's code if written, else the campaign's default.
 */
import type { POMContactType } from '../pom/types.ts';
import type { AttemptKind } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import type { AgentSession } from './agent-session.ts';
import { disposeLeftWrapup, type KeptWrapup } from './crash-recovery.ts';
import type { JobRunner } from './job-runner.ts';
import { OutboundCall } from './outbound-call.ts';
import type { WrapupDesk } from './wrapup-desk.ts';

const CONTACT_TYPE: Record<AttemptKind, POMContactType> = {
  predictive: 'Predictive', progressive: 'Progressive', preview: 'Preview', callback: 'Callback', redial: 'Manual',
};

export interface LeftWrapupsHost {
  readonly store: Store;
  now(): number;
  session(agentId: string): AgentSession | undefined;
  runningJob(jobId: number): JobRunner | undefined;
  newSessionId(): string;
  readonly wrapups: Pick<WrapupDesk, 'restoreWrapup'>;
}

export class LeftWrapups {
  private readonly byAgent = new Map<string, KeptWrapup>();

  /** The recovery's choice: keeps the wrap-ups of the agents who are to be logged on again. */
  keeperFor(agentIds: ReadonlySet<string>): (wrapup: KeptWrapup) => boolean {
    return (wrapup) => {
      if (!agentIds.has(wrapup.agentId) || this.byAgent.has(wrapup.agentId)) return false;
      this.byAgent.set(wrapup.agentId, wrapup);
      return true;
    };
  }

  /** Hands each kept wrap-up to its agent, now logged on again; disposes the rest. Run inside the dialer's queue. */
  async resume(host: LeftWrapupsHost): Promise<{ restored: number; disposed: number }> {
    const counts = { restored: 0, disposed: 0 };
    for (const [agentId, wrapup] of this.byAgent) {
      this.byAgent.delete(agentId);
      const session = host.session(agentId);
      const job = host.runningJob(wrapup.attempt.jobId);
      if (session && job && session.isFree) {
        const call = new OutboundCall(host.newSessionId(), wrapup.contact, wrapup.attempt.kind, CONTACT_TYPE[wrapup.attempt.kind]);
        call.job = job;
        call.attempt = wrapup.attempt;
        call.number = wrapup.attempt.number;
        call.result = wrapup.attempt.result;
        call.answeredAt = wrapup.attempt.answeredAt;
        call.phase = 'ended';
        call.agent = session;
        await host.wrapups.restoreWrapup(session, call, job);
        counts.restored++;
      } else {
        const campaign = (await host.store.campaigns.findById(wrapup.attempt.campaignId))!;
        await host.store.contacts.recordOutcome(wrapup.contact.id, await disposeLeftWrapup(host.store, campaign, wrapup.attempt, wrapup.contact.attempts + 1, host.now()));
        counts.disposed++;
      }
    }
    return counts;
  }
}
