import type { BlendingRule } from '../acd/queue-types.ts';
import type { Store } from '../store/store.ts';
import type { InboundTrafficProfile } from '../telephony/inbound-traffic.ts';
import { DEMO_INBOUND_QUEUE, DEMO_INBOUND_SKILL, DEMO_ORGANIZATION, DEMO_PREDICTIVE_TEAM } from './demo-names.ts';

/** The Predictive team helps the inbound queue as soon as a caller waits, and goes back after a quiet minute. */
export const DEMO_BLENDING: BlendingRule = {
  queue: DEMO_INBOUND_QUEUE,
  callsWaitingAbove: 0,
  oldestWaitAboveSeconds: null,
  serviceLevelBelowPercent: 80,
  releaseAfterEmptySeconds: 45,
  minOutbound: 2,
  maxOutbound: null,
};

/** Callers of the demo queue all day: about one a minute, talking three minutes on average. */
export const DEMO_INBOUND_TRAFFIC: InboundTrafficProfile = {
  queue: DEMO_INBOUND_QUEUE,
  callsPerHour: 60,
  timeZone: 'UTC',
  talkSeconds: { dist: 'lognormal', mean: 180, cv: 0.6 },
  patienceSeconds: { dist: 'exponential', mean: 120 },
};

/**
 * The demo's inbound half: the DemoInbound queue and the Predictive team's blending rule (its people and
 * two of its simulated agents hold the queue's skill). Adds what is missing and changes nothing an
 * administrator has set.
 */
export async function ensureDemoInbound(store: Store): Promise<void> {
  if (!(await store.queues.findByName(DEMO_INBOUND_QUEUE))) {
    await store.organizations.ensureSkill(DEMO_INBOUND_SKILL, DEMO_ORGANIZATION);
    await store.queues.create({
      name: DEMO_INBOUND_QUEUE, organizationName: DEMO_ORGANIZATION, skill: DEMO_INBOUND_SKILL, routing: 'longestIdle',
      serviceLevelSeconds: 20, announcementSeconds: 30, overflowQueue: null, overflowAfterSeconds: 60, wrapupSeconds: 60,
      completionCodes: ['69', '70', '72'], defaultCompletionCode: '70',
    });
  }
  const team = await store.organizations.findTeam(DEMO_PREDICTIVE_TEAM);
  if (team && team.blending === null) {
    await store.organizations.updateTeam(team.name, { organizationName: team.organizationName, skills: team.skills, blending: DEMO_BLENDING });
  }
}
