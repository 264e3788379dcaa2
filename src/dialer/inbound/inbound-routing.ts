import type { QueueDefinition, QueueFigures } from '../../acd/queue-types.ts';

/** What the dialer's agent manager needs of the ACD (acd/embedded-acd.ts fills it). */
export interface InboundRouting {
  setQueues(definitions: readonly QueueDefinition[]): void;
  queueDefinition(name: string): QueueDefinition | undefined;
  /** The agent takes the queue calls of its skills now (AutoIn), or not (Aux, busy, outbound). */
  setAgentAvailable(agentId: string, skills: Readonly<Record<string, number>>, available: boolean): void;
  /** The agent side is done with a delivered call. */
  callEnded(callId: string): void;
  figures(): QueueFigures[];
  figuresOf(queue: string): QueueFigures | undefined;
}

/** The agent's skills with their levels (1 when not given), as the ACD routes on them. */
export function skillLevelsOf(agent: { skills: readonly string[]; skillLevels: Readonly<Record<string, number>> }): Record<string, number> {
  return Object.fromEntries(agent.skills.map((skill) => [skill, agent.skillLevels[skill] ?? 1]));
}
