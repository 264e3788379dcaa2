import type { NetworkCall } from '../telephony/network.ts';
import type { POMContact, POMContactType, POMWrapupDetails } from '../pom/types.ts';
import type { TimerHandle } from '../clock/clock.ts';
import type { AttemptKind, AttemptRecord, AttemptResult, CallbackRecord, CampaignRecord, ContactRecord } from '../store/records.ts';
import type { AgentSession } from './agent-session.ts';
import type { CallPhase } from './call-phase.ts';

/** The call's phases, from selection to disposition (the diagram is in call-phase.ts). */
export type { CallPhase } from './call-phase.ts';

/** What a call needs of the job it belongs to, for the agent who disposes it. */
export interface CallJob {
  readonly campaign: CampaignRecord;
  wrapupDetails(): POMWrapupDetails;
  /** The contact is done with: the job forgets it. */
  release(call: OutboundCall): void;
  noteTalk(seconds: number): void;
  noteWrap(seconds: number): void;
  callbacksChanged(): void;
}

/** One contact in the dialer's hands, from selection to disposition. */
export class OutboundCall {
  phase: CallPhase;
  attempt: AttemptRecord | null = null;
  number: string | null = null;
  networkCall: NetworkCall | null = null;
  agent: AgentSession | null = null;
  pomContact: POMContact | null = null;
  result: AttemptResult | null = null;
  answeredAt: number | null = null;
  abandonTimer: TimerHandle | null = null;
  /** The job the call belongs to: its campaign's codes and wrap-up, wherever the call is transferred. */
  job: CallJob | null = null;
  /** Set when the agent created a callback for this contact during the call. */
  createdCallbackExpiresAt: number | null = null;

  constructor(
    readonly sessionID: string,
    readonly contact: ContactRecord,
    readonly kind: AttemptKind,
    readonly contactType: POMContactType,
    /** The callback this call delivers, if any. */
    readonly callback: CallbackRecord | null = null,
  ) {
    this.phase = kind === 'preview' || kind === 'callback' ? 'previewing' : 'dialing';
  }

  get isLive(): boolean {
    return this.phase === 'connected' || this.phase === 'held';
  }
}

/** The outbound call the agent refers to by `sessionID`, if that is what it has in hand. */
export function callInHand(session: AgentSession, sessionID: string): OutboundCall | null {
  const call = session.call;
  return call && session.handle === sessionID ? call : null;
}
