import type { POMAgentState, POMCallState, POMCapabilities, POMNailupStatus } from '../pom/types.ts';
import { ResultCode } from '../pom/result-codes.ts';

/*
 * An agent has three state machines, as in POM.
 *
 * Agent state:
 *
 *   logon ──► NotReady ◄──────────── NotReady (idle) ───────── Ready
 *                │  ▲                                          ▲  │
 *                │  └─── call disposed, nothing pending ──┐    │  │ NotReady while busy
 *                └──────────────── Ready ─────────────────┼────┘  ▼
 *                                                 PendingNotReady ──Ready──► Ready
 *
 * Call state:
 *
 *   NoState ──nailed──► Idle ──preview offered──► Preview ──dial──► Dialing ──answer──► Talking ⇄ Held
 *                        ▲ │                         │                │                    │
 *                        │ └──customer connected (predictive/progressive)─────────────► Talking
 *                        │                           └─cancel─► Wrapup ◄──dial failed──┘   │
 *                        └──────────── disposed ◄─── Wrapup ◄──── released / customer hung up
 *
 *   Talking ⇄ Held ──consult──► Consult ──transfer──► Wrapup (its own part)
 *                                 │  └──conference──► ConferenceOwner ──leave──► Wrapup / end──► Talking
 *                                 └──cancel──► Talking
 *   (the consulted agent: Idle ──consult──► Talking ──conference──► ConferencePassive ──leave──► Idle;
 *    a transfer leaves it Talking with the customer; an ACD call: Idle ──delivered──► Talking ⇄ Held ──► Wrapup)
 *
 * Nail-up status:
 *
 *   NotNailedUp ──job needs agent──► PendingNailUp ──AGTReadyForNailup──► NailedUp
 *        ▲                                                                 │   │
 *        └──────────── PendingNailupDrop ◄──── job ends / blended to inbound ─┘   └─► NailingLost
 *
 * Mode (blending): outbound ──queue needs agents──► inbound ──queue empty long enough──► outbound
 * (an agent with a call in hand moves once it is disposed: pendingMode).
 */

/** Call states in which the agent has work in hand: a NotReady request becomes PendingNotReady. */
export function isBusy(callState: POMCallState): boolean {
  return callState !== 'Idle' && callState !== 'NoState';
}

export interface StateChangeDecision {
  result: number;
  next: POMAgentState;
}

/** What an AGTStateChange request does from the current state (result 63/64 when refused). */
export function decideStateChange(
  current: POMAgentState,
  currentReason: number,
  callState: POMCallState,
  requested: POMAgentState,
  reasonCode: number,
): StateChangeDecision {
  const refuse = (result: number): StateChangeDecision => ({ result, next: current });
  switch (requested) {
    case 'Ready':
      // 63 is about an aux (reason) code; Ready while Ready is a change POM does not allow: 64.
      if (current === 'Ready') return refuse(ResultCode.CannotChangeState);
      return { result: 0, next: 'Ready' };
    case 'NotReady':
      if (current === 'NotReady') return reasonCode === currentReason ? refuse(ResultCode.SameAuxCode) : { result: 0, next: 'NotReady' };
      if (current === 'PendingNotReady' && reasonCode === currentReason) return refuse(ResultCode.SameAuxCode);
      return { result: 0, next: isBusy(callState) ? 'PendingNotReady' : 'NotReady' };
    case 'PendingNotReady':
      if (current === 'NotReady') return refuse(ResultCode.CannotChangeState);
      if (current === 'PendingNotReady' && reasonCode === currentReason) return refuse(ResultCode.SameAuxCode);
      return { result: 0, next: isBusy(callState) ? 'PendingNotReady' : 'NotReady' };
  }
}

/** What an agent has in hand, for its capabilities. */
export interface CapabilityContext {
  agentState: POMAgentState;
  callState: POMCallState;
  nailedStatus: POMNailupStatus;
  /** The outbound contact in hand (preview flags), if any. */
  contact: { canDial: boolean; canCancel: boolean } | null;
  /** The agent speaks for a customer: its outbound call or an ACD call (not a consult it was called for). */
  hasCustomer: boolean;
  /** The customer in hand is an ACD call (no contact record: no callback, no record update). */
  inbound: boolean;
  /** The agent's consult, if any: as the one who placed it or the one called. */
  consult: { role: 'requester' | 'destination'; connected: boolean; withAgent: boolean } | null;
}

/** POM's capability flags: the single source of truth for which buttons a desktop enables. */
export function capabilitiesOf(c: CapabilityContext): POMCapabilities {
  const { agentState, callState, nailedStatus, contact } = c;
  const onCall = callState === 'Talking' || callState === 'Held';
  const withContact = c.hasCustomer && !c.inbound;
  const consultConnected = callState === 'Consult' && c.consult?.role === 'requester' && c.consult.connected;
  return {
    hold: callState === 'Talking' && c.hasCustomer,
    unhold: callState === 'Held',
    transfer: consultConnected,
    // Three parties at most, all on the floor: no conference with an outside number.
    conference: consultConnected && (c.consult?.withAgent ?? false),
    release: onCall || callState === 'Dialing',
    disposition: callState === 'Wrapup',
    originate: false,
    createCallback: withContact && (onCall || callState === 'Wrapup'),
    // No command sends DTMF or updates the contact's record (AGTSetCustomerDetail): a client must not offer them.
    sendDTMF: false,
    updateRecord: false,
    leaveConference: callState === 'ConferenceOwner' || callState === 'ConferencePassive',
    record: false,
    leaveConsult: callState === 'Consult',
    endConference: callState === 'ConferenceOwner',
    changeOwnership: false,
    notReady: agentState !== 'PendingNotReady',
    ready: agentState !== 'Ready',
    connect: callState === 'Preview' && nailedStatus === 'NailedUp' && (contact?.canDial ?? false),
  };
}
