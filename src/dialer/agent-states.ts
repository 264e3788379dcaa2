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
 * Nail-up status:
 *
 *   NotNailedUp ──job needs agent──► PendingNailUp ──AGTReadyForNailup──► NailedUp
 *        ▲                                                                 │   │
 *        └──────────── PendingNailupDrop ◄────────── job ends ─────────────┘   └─► NailingLost
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
      if (current === 'Ready') return refuse(ResultCode.SameAuxCode);
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

/** POM's capability flags: the single source of truth for which buttons a desktop enables. */
export function capabilitiesOf(
  agentState: POMAgentState,
  callState: POMCallState,
  nailedStatus: POMNailupStatus,
  contact: { canDial: boolean; canCancel: boolean } | null,
): POMCapabilities {
  const onCall = callState === 'Talking' || callState === 'Held';
  return {
    hold: callState === 'Talking',
    unhold: callState === 'Held',
    transfer: false,
    conference: false,
    release: onCall || callState === 'Dialing',
    disposition: callState === 'Wrapup',
    originate: false,
    createCallback: onCall || callState === 'Wrapup',
    sendDTMF: callState === 'Talking',
    updateRecord: onCall || callState === 'Wrapup' || callState === 'Preview',
    leaveConference: false,
    record: false,
    leaveConsult: false,
    endConference: false,
    changeOwnership: false,
    notReady: agentState !== 'PendingNotReady',
    ready: agentState !== 'Ready',
    connect: callState === 'Preview' && nailedStatus === 'NailedUp' && (contact?.canDial ?? false),
  };
}
