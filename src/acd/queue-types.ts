/** An inbound queue (a skill reached through a VDN), as an administrator defines it. */
export interface QueueDefinition {
  name: string;
  /** The skill an agent needs to take the queue's calls (one of the agent's `skills`). */
  skill: string;
  /** Who gets the next call: the available agent idle longest, or the one with the best level in the skill (1 best), then longest idle. */
  routing: 'longestIdle' | 'mostSkilled';
  /** Service level threshold T: a call answered within T seconds counts as within service level. */
  serviceLevelSeconds: number;
  /** Seconds between the periodic announcements a waiting caller hears; 0: music only. */
  announcementSeconds: number;
  /** A call still waiting after `overflowAfterSeconds` moves to this queue (null: never). */
  overflowQueue: string | null;
  overflowAfterSeconds: number;
  /** After-call work of the queue's calls (the wrap-up countdown); 0: no limit. */
  wrapupSeconds: number;
  /** Completion codes an agent chooses from at the end of the queue's calls (codeID of the completion codes). */
  completionCodes: string[];
  /** The code given when wrap-up runs out. */
  defaultCompletionCode: string;
}

/** A queue's figures now and since the start of the day (in the ACD's time zone: midnight UTC). */
export interface QueueFigures {
  queue: string;
  waiting: number;
  /** Seconds the oldest waiting call has waited (0 when none waits). */
  oldestWaitSeconds: number;
  /** Agents of the queue's skill in inbound mode, and those of them free now. */
  agentsStaffed: number;
  agentsAvailable: number;
  offered: number;
  answered: number;
  /** Callers who hung up while waiting. */
  abandoned: number;
  /** Calls moved to the overflow queue. */
  overflowed: number;
  answeredWithinThreshold: number;
  /** answeredWithinThreshold ÷ (answered + abandoned after the threshold), in %; null before any such call. */
  serviceLevelPercent: number | null;
  /** Mean seconds from arrival to answer; null before any answer. */
  averageSpeedOfAnswerSeconds: number | null;
  serviceLevelSeconds: number;
}

/**
 * A team's blending rule (POM's Agent Acquire / Release thresholds on one inbound queue): agents of
 * the team move to inbound while any trigger holds, and back once the queue has been empty for
 * `releaseAfterEmptySeconds`. Absent triggers do not fire.
 */
export interface BlendingRule {
  queue: string;
  /** Blend to inbound while more than this many calls wait. */
  callsWaitingAbove: number | null;
  /** … or the oldest call has waited more than this many seconds. */
  oldestWaitAboveSeconds: number | null;
  /** … or the service level is below this % (once 10 calls have been counted today). */
  serviceLevelBelowPercent: number | null;
  releaseAfterEmptySeconds: number;
  /** Never fewer than this many of the team's logged-on agents stay outbound. */
  minOutbound: number;
  /** Never more than this many of the team's agents are outbound (the rest stay inbound); null: no limit. */
  maxOutbound: number | null;
}
