import type { NetworkCall } from '../../telephony/network.ts';
import type { AgentSession } from '../agent-session.ts';
import type { OutboundCall } from '../outbound-call.ts';

/*
 * A consult: an agent on a call puts the customer on hold and calls a colleague or an outside number.
 *
 *   pending (the destination agent is busy) ──its call ends──► connected
 *   ringing (an outside number) ──answered──► connected          │
 *      └──failed──► ended                                         ├──transfer──► ended (the destination owns the customer)
 *                                                                 ├──conference──► conference ──leave / end / hang-up──► ended
 *                                                                 └──cancel / the destination hangs up──► ended
 */
export type ConsultPhase = 'pending' | 'ringing' | 'connected' | 'conference' | 'ended';

export type ConsultDestinationType = 'Agent' | 'External';

export class Consult {
  phase: ConsultPhase;
  /** The outside party's call, for an External consult. */
  external: NetworkCall | null = null;

  constructor(
    /** The consult leg's session ID: the destination agent's handle for it. */
    readonly handle: string,
    readonly requester: AgentSession,
    readonly customer: OutboundCall,
    readonly destinationType: ConsultDestinationType,
    /** Agent ID or number. */
    readonly destination: string,
    /** The destination agent (null for an outside number). */
    readonly target: AgentSession | null,
    phase: ConsultPhase,
  ) {
    this.phase = phase;
  }

  get isConnected(): boolean {
    return this.phase === 'connected' || this.phase === 'conference';
  }
}
