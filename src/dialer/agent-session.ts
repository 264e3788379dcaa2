import type { PomAgentHandler } from '../pom/agent-api.ts';
import type { POMAgentState, POMCallState, POMCapabilities, POMNailupStatus } from '../pom/types.ts';
import { CAPABILITY_NAMES } from '../pom/types.ts';
import type { Store } from '../store/store.ts';
import type { AgentRecord } from '../store/records.ts';
import type { TimerHandle } from '../clock/clock.ts';
import type { StationCall } from '../telephony/network.ts';
import { capabilitiesOf } from './agent-states.ts';
import type { OutboundCall } from './outbound-call.ts';
import type { JobRunner } from './job-runner.ts';
import type { InboundCallInHand } from './inbound/inbound-call.ts';
import type { Consult } from './consult/consult.ts';

/**
 * One logged-on agent inside the dialer: its three states, the job it is nailed to and the call in hand.
 * State changes notify the agent's handler and are written to the agent state history.
 */
export class AgentSession {
  agentState: POMAgentState = 'NotReady';
  reasonCode = 0;
  /** The aux reason's name as the desktop sent it (AGTStateChange's reasonName), for the supervisor's view. */
  reasonName = '';
  callState: POMCallState = 'NoState';
  nailedStatus: POMNailupStatus = 'NotNailedUp';
  /** The agent asked to be nailed up (first Ready after logon). */
  availableForNailup = false;
  /** Outbound: nailed to jobs. Inbound: blended into its team's queue, taking ACD calls. */
  mode: 'outbound' | 'inbound' = 'outbound';
  job: JobRunner | null = null;
  /** The outbound customer call in hand (the agent's own, or one transferred to it). */
  call: OutboundCall | null = null;
  /** The handle the agent uses for its call: the call's session ID, or the consult's after a transfer to it. */
  handle = '';
  /** The ACD call in hand. */
  inbound: InboundCallInHand | null = null;
  /** The consult the agent placed, or was called for. */
  consult: Consult | null = null;
  /** Consults waiting for this agent to finish its call (POM allows two). */
  readonly pendingConsults: Consult[] = [];
  /** The blend waiting for the call in hand to be disposed. */
  pendingMode: 'outbound' | 'inbound' | null = null;
  /** The queue the agent is blended into (inbound mode). */
  blendQueue: string | null = null;
  /** When the agent last went inbound (-Infinity: never), for the blender's turns. */
  lastInboundAt = -Infinity;
  /** When the agent last became free for a call (for longest-idle selection). */
  idleSince = 0;
  /** The nail-up call to the agent's station (nailer.ts), from AGTReadyForNailup until the nail is dropped or lost. */
  nailLeg: StationCall | null = null;
  wrapTimer: TimerHandle | null = null;
  previewTimer: TimerHandle | null = null;
  private lastCapabilities = '';

  constructor(
    readonly record: AgentRecord,
    readonly handler: PomAgentHandler,
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  get agentId(): string {
    return this.record.agentId;
  }

  /** Ready, nailed to a job, and without a call: the dialer may give it a contact. */
  get isAvailable(): boolean {
    return this.agentState === 'Ready' && this.nailedStatus === 'NailedUp' && this.callState === 'Idle' && this.job !== null;
  }

  /** The capability flags now, or in `callState` (a call about to be delivered in it). */
  capabilities(callState: POMCallState = this.callState): POMCapabilities {
    const consult = this.consult;
    return capabilitiesOf({
      agentState: this.agentState,
      callState,
      nailedStatus: this.nailedStatus,
      contact: this.call?.pomContact ?? null,
      hasCustomer: (this.call !== null && this.call.agent === this) || this.inbound !== null,
      inbound: this.inbound !== null,
      consult: consult ? { role: consult.requester === this ? 'requester' : 'destination', connected: consult.isConnected, withAgent: consult.target !== null } : null,
    });
  }

  /** Takes an outbound call in hand, known to the agent by `handle`. */
  take(call: OutboundCall, handle = call.sessionID): void {
    this.call = call;
    this.handle = handle;
  }

  /** Has nothing in hand: no call, no ACD call, no consult. */
  get isFree(): boolean {
    return this.call === null && this.inbound === null && this.consult === null;
  }

  /** `reasonName` undefined: the reason keeps its name (PendingNotReady becoming NotReady). */
  async setAgentState(state: POMAgentState, reasonCode: number, reasonName?: string): Promise<void> {
    const changed = state !== this.agentState || reasonCode !== this.reasonCode;
    this.agentState = state;
    this.reasonCode = reasonCode;
    if (reasonName !== undefined) this.reasonName = reasonName;
    if (!changed) return;
    await this.recordHistory();
    this.handler.AGTStateChangedNotify?.(state);
    this.notifyCapabilities();
  }

  async setCallState(state: POMCallState): Promise<void> {
    if (state === this.callState) return;
    this.callState = state;
    if (state === 'Idle') this.idleSince = this.now();
    await this.recordHistory();
    this.handler.AGTCallStateChangedNotify?.(state);
    this.notifyCapabilities();
  }

  async setNailedStatus(status: POMNailupStatus): Promise<void> {
    if (status === this.nailedStatus) return;
    this.nailedStatus = status;
    await this.recordHistory();
    this.handler.AGTNailupChange?.(status);
    this.notifyCapabilities();
  }

  /** Sends AGTCapabilitiesChanged when the flags differ from the last ones sent. */
  notifyCapabilities(): void {
    const capabilities = this.capabilities();
    let key = '';
    for (const name of CAPABILITY_NAMES) key += capabilities[name] ? '1' : '0';
    if (key === this.lastCapabilities) return;
    this.lastCapabilities = key;
    this.handler.AGTCapabilitiesChanged?.(capabilities);
  }

  /** The dialer lets the nail-up call go (no further events from it). */
  hangUpNailLeg(): void {
    this.nailLeg?.hangup();
    this.nailLeg = null;
  }

  clearTimers(): void {
    this.wrapTimer?.cancel();
    this.previewTimer?.cancel();
    this.wrapTimer = null;
    this.previewTimer = null;
  }

  private async recordHistory(): Promise<void> {
    await this.store.agentHistory.insert({
      agentId: this.agentId,
      at: this.now(),
      agentState: this.agentState,
      callState: this.callState,
      nailedStatus: this.nailedStatus,
      reasonCode: this.reasonCode,
      campaignName: this.job?.campaign.name ?? null,
    });
  }
}
