import type { QueueDefinition } from './queue-types.ts';

/** An agent the agent manager has put in the ACD's hands (staffed from its first setAgentAvailable until logout). */
export interface AcdAgent {
  readonly id: string;
  /** skill → level (1 best). */
  skills: Readonly<Record<string, number>>;
  /** Takes inbound calls now (AutoIn and idle). */
  available: boolean;
  /** Since when the agent has been available: the longest idle goes first. */
  idleSince: number;
  /** Order in which agents became available: breaks ties between agents freed in the same millisecond. */
  availableOrder: number;
  /** The id of the ACD call the agent is on, until callEnded. */
  onCall: string | null;
}

/** The agent's level in `skill` (1 best), or undefined if the agent does not hold it. */
export function levelIn(agent: AcdAgent, skill: string): number | undefined {
  return Object.hasOwn(agent.skills, skill) ? agent.skills[skill] : undefined;
}

export function holdsSkill(agent: AcdAgent, skill: string): boolean {
  return levelIn(agent, skill) !== undefined;
}

/**
 * The available agents who can take the queue's calls, best first:
 * `longestIdle` — idle longest first; `mostSkilled` — best (lowest) level first, then idle longest.
 */
export function candidatesFor(queue: QueueDefinition, agents: Iterable<AcdAgent>): AcdAgent[] {
  const able = [...agents].filter((agent) => agent.available && holdsSkill(agent, queue.skill));
  const idleLongest = (a: AcdAgent, b: AcdAgent): number => a.idleSince - b.idleSince || a.availableOrder - b.availableOrder;
  if (queue.routing === 'longestIdle') return able.sort(idleLongest);
  return able.sort((a, b) => levelIn(a, queue.skill)! - levelIn(b, queue.skill)! || idleLongest(a, b));
}
