/**
 * The telephony port for inbound calls: customers calling a queue's number (a VDN). The simulated
 * network's inbound traffic fills it; a real trunk can fill it later.
 *
 *   arrives ──► waiting (music, announcements) ──► connected to an agent ⇄ held ──► remoteHangup | hangup
 *                    └──► remoteHangup (the caller gave up: patience ran out)
 */
export type InboundCallEvent = { type: 'remoteHangup' };

export interface InboundNetworkCall {
  readonly id: string;
  /** The caller's number (ANI), E.164. */
  readonly callingNumber: string;
  /** The queue (VDN) the caller dialed. */
  readonly queue: string;
  readonly arrivedAt: number;
  /** One listener: the ACD's. Events after `hangup()` are not delivered. */
  onEvent(listener: (event: InboundCallEvent) => void): void;
  /** The caller hears music while waiting or on hold. */
  playMusic(): void;
  /** The periodic "your call is important to us" announcement (counted by the simulation). */
  announce(): void;
  /** Bridged to an agent: the caller talks until one side hangs up. */
  connect(): void;
  /** Hung up from our side (the agent released). No further events. */
  hangup(): void;
}

/** Where arriving calls go: the ACD. */
export type InboundCallSink = (call: InboundNetworkCall) => void;
