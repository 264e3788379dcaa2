import type { AcdCall } from '../../acd/embedded-acd.ts';
import type { QueueDefinition } from '../../acd/queue-types.ts';

/*
 * An ACD call in an agent's hands.
 *
 *   connected ⇄ held ──► ended (the caller hung up, or the agent released) ──► disposed
 */
export type InboundPhase = 'connected' | 'held' | 'ended';

export class InboundCallInHand {
  phase: InboundPhase = 'connected';
  endedAt: number | null = null;

  constructor(
    /** The handle the agent's desktop uses for the call. */
    readonly sessionID: string,
    readonly acdCall: AcdCall,
    readonly queue: QueueDefinition,
    readonly connectedAt: number,
  ) {}
}
