import type { PomAgent, PomAgentHandler } from '../pom/agent-api.ts';
import type { InboundCallInfo } from '../pom/agent-api.ts';
import type {
  POMAgentState, POMCallState, POMCompletionCode, POMContact, POMCustomerDetails, POMDestination,
  POMDestinationType, POMDialFailReason, POMNailupStatus, POMWrapupDetails,
} from '../pom/types.ts';
import { doneEvent, event, type TmacEvent } from './tmac-events.ts';
import { completionCodesJsonData, contactJsonData, customerJsonData } from './json-data.ts';
import { PendingCommands, type PendingKind } from './pending-commands.ts';
import { AgentConsults } from './agent-consults.ts';

/** What the CTI server needs from its owner while translating one agent's POM callbacks. */
export interface CtiAgentHost {
  publish(event: TmacEvent): void;
  /** The agent's logon finished: 0 registers it, anything else discards it. */
  loggedOn(agent: CtiAgent, result: number): void;
  loggedOff(agent: CtiAgent): void;
  callStarted(agent: CtiAgent, connectionHandle: string): void;
  monitorHandleOf(extension: string): string;
  walkAwayReasonCode: number;
  /** The agent's POM endpoint became unreachable: log it on again, in the state it had. */
  pomLost(agent: CtiAgent, wanted: { agentState: 'Ready' | 'NotReady'; reasonCode: number }): void;
}

export interface CurrentCall {
  connectionHandle: string;
  /** The call's UCID in every event of it: the handle of an outbound call, the ACD's call id of an ACD call. */
  ucid: string;
  campaignType: string;
  /** The outbound contact; null for an ACD call. */
  contact: POMContact | null;
  wrapup: POMWrapupDetails | null;
}

/**
 * One agent as the CTI server sees it: a POM agent object and the handler that turns its responses and
 * notifications into TMAC events. Consults, transfers and conferences are handled by AgentConsults.
 */
export class CtiAgent implements PomAgentHandler {
  pom!: PomAgent;
  tmacSessionID = '';
  reasonCode = 0;
  call: CurrentCall | null = null;
  /** Handles of the agent's latest calls, oldest first (the CTI server keeps the last two). */
  readonly recentHandles: string[] = [];
  private nailupRequested = false;
  /** The agent did something (a command) since the current call was offered. */
  private actedOnCall = false;
  /** Consecutive calls the agent let pass without any action. */
  private callsWithoutAction = 0;
  /** The destination of the consult last asked for, for OnConsultCallInitiated. */
  consultAsked: { type: string; destination: string } | null = null;
  private readonly commands: PendingCommands;
  private readonly consults: AgentConsults;

  constructor(readonly agentID: string, readonly extension: string, private readonly host: CtiAgentHost) {
    this.commands = new PendingCommands(extension, (e) => host.publish(e));
    this.consults = new AgentConsults(this, host, this.commands);
  }

  /** Queues the response expectation, runs the POM command, and undoes the expectation if POM refused at once. */
  send(kind: PendingKind, eventName: string | null, invokeID: string, command: () => number, reasonCode?: number): number {
    return this.commands.send(kind, eventName, invokeID, command, reasonCode);
  }

  /** Any command of the agent's own counts as an action (walk-away detection). */
  noteAction(): void {
    this.actedOnCall = true;
    this.callsWithoutAction = 0;
  }

  private emit(eventName: string, data: Record<string, string>): void {
    this.host.publish(event(eventName, this.extension, data));
  }

  /** The aux reason now: a state change notified before its response carries the reason being asked for. */
  currentReasonCode(): number {
    if (this.pom.getStatus().agentState === 'Ready') return 0;
    return this.commands.reasonAsked() ?? this.reasonCode;
  }

  private stateData(): Record<string, string> {
    const status = this.pom.getStatus();
    return {
      Extension: this.extension,
      AgentID: this.agentID,
      AgentState: status.agentState,
      CallState: status.callState,
      ReasonCode: String(this.currentReasonCode()),
      NailedStatus: status.nailupStatus,
    };
  }

  /** The fields every event of a call starts with. */
  callData(connectionHandle: string): Record<string, string> {
    return {
      Device: this.extension,
      ConnectionHandle: connectionHandle,
      UCID: this.call?.connectionHandle === connectionHandle ? this.call.ucid : connectionHandle,
      campaignType: this.call?.connectionHandle === connectionHandle ? this.call.campaignType : '',
    };
  }

  // ── logon, logoff, states ────────────────────────────────────────────────

  AGTLogonRESP(result: number): void {
    const p = this.commands.take('logon');
    this.host.loggedOn(this, result);
    if (p.eventName) this.host.publish(doneEvent(p.eventName, this.extension, p.invokeID, result));
    if (result === 0) this.emit('OnAgentStateChanged', this.stateData());
  }

  AGTLogoffRESP(result: number): void {
    const p = this.commands.take('logoff');
    if (p.eventName) this.host.publish(doneEvent(p.eventName, this.extension, p.invokeID, result));
  }

  AGTAgentLoggedOut(): void {
    this.host.loggedOff(this);
    this.emit('OnAgentLoggedOut', { Extension: this.extension, AgentID: this.agentID });
  }

  AGTStateChangeRESP(state: POMAgentState, result: number): void {
    const p = this.commands.take('state');
    if (result === 0 && p.reasonCode !== undefined) this.reasonCode = p.reasonCode;
    if (p.eventName) this.host.publish(doneEvent(p.eventName, this.extension, p.invokeID, result));
    // The first Ready after logon starts the nail-up sequence.
    if (result === 0 && state === 'Ready' && !this.nailupRequested) {
      this.nailupRequested = true;
      this.pom.AGTAvailableForNailup();
    }
  }

  AGTStateChangedNotify(_state: POMAgentState): void {
    this.emit('OnAgentStateChanged', this.stateData());
  }

  AGTCallStateChangedNotify(state: POMCallState): void {
    this.emit('OnAgentStateChanged', this.stateData());
    if (state === 'Idle' && this.call) this.callFinished();
  }

  AGTNailupChange(status: POMNailupStatus): void {
    this.emit('OnNailupStatusChanged', { Extension: this.extension, AgentID: this.agentID, NailedStatus: status });
    if (status === 'PendingNailUp') this.pom.AGTReadyForNailup();
  }

  /** POM's Agent Manager is gone for this agent (pom-agent-api.md §1.8): its clients are told, and it is logged on again. */
  POMNotAvailable(): void {
    const { agentState } = this.pom.getStatus();
    const wanted = agentState === 'Ready' ? { agentState, reasonCode: 0 } : { agentState: 'NotReady' as const, reasonCode: this.currentReasonCode() };
    this.emit('POMNotAvailable', { Extension: this.extension });
    this.host.pomLost(this, wanted);
  }

  AGTBlendedToInbound(queue: string): void {
    this.emit('BlendToInbound', { Extension: this.extension, AgentID: this.agentID, Queue: queue });
  }

  AGTBlendedToOutbound(queue: string): void {
    this.emit('BlendToOutbound', { Extension: this.extension, AgentID: this.agentID, Queue: queue });
  }

  /** A call is over: two in a row without any action from the agent and the agent has walked away. */
  private callFinished(): void {
    this.call = null;
    if (this.actedOnCall) return;
    this.callsWithoutAction++;
    if (this.callsWithoutAction < 2) return;
    this.callsWithoutAction = 0;
    const code = this.host.walkAwayReasonCode;
    this.send('state', null, '', () => this.pom.AGTStateChange('NotReady', code, 'Walked away', true), code);
  }

  // ── calls ────────────────────────────────────────────────────────────────

  AGTCallNotify(contact: POMContact, sessionID: string): void {
    this.call = { connectionHandle: sessionID, ucid: sessionID, campaignType: contact.contactType, contact, wrapup: null };
    this.actedOnCall = false;
    this.host.callStarted(this, sessionID);
    this.emit('OnOutboundCallInitiated', {
      ConnectionHandle: sessionID,
      MonitorHandle: this.host.monitorHandleOf(this.extension),
      CallID: sessionID,
      Device: this.extension,
      UCID: sessionID,
      campaignType: contact.contactType,
      JSONData: contactJsonData(contact),
    });
    this.pom.AGTGetCustomerDetails(sessionID);
  }

  AGTInboundCallNotify(info: InboundCallInfo, sessionID: string): void {
    this.call = { connectionHandle: sessionID, ucid: info.ucid, campaignType: 'Inbound', contact: null, wrapup: null };
    this.actedOnCall = false;
    this.host.callStarted(this, sessionID);
    this.emit('OnInboundCallDelivered', {
      ConnectionHandle: sessionID, UCID: info.ucid, Device: this.extension, Queue: info.queue,
      CallingNumber: info.callingNumber, WaitSeconds: String(info.waitSeconds),
    });
  }

  AGTGetCustomerDetailsRESP(details: POMCustomerDetails | null, sessionID: string, result: number): void {
    if (result !== 0 || !details) return;
    this.emit('OnOutboundCallUUIData', { ...this.callData(sessionID), JSONData: customerJsonData(details) });
  }

  AGTAutoReleaseLine(wrapup: POMWrapupDetails, sessionID: string): void {
    if (this.call?.connectionHandle === sessionID) this.call.wrapup = wrapup;
    // Released by POM: the customer hung up, or the agent's nailed line dropped and cut the customer off.
    const reason = this.pom.getStatus().nailupStatus === 'NailingLost' ? 'NailingLost' : 'Disconnected_By_User';
    this.emit('OnCallDisconnected', { ...this.callData(sessionID), Reason: reason });
    this.pom.AGTGetCompCodes(sessionID);
  }

  AGTDialFailed(wrapup: POMWrapupDetails, reason: POMDialFailReason, sessionID: string): void {
    if (this.call?.connectionHandle === sessionID) this.call.wrapup = wrapup;
    this.emit('OnCallDisconnected', { ...this.callData(sessionID), Reason: reason });
    this.pom.AGTGetCompCodes(sessionID);
  }

  AGTGetCompCodesRESP(codes: POMCompletionCode[], sessionID: string, result: number): void {
    if (result !== 0) return;
    const wrapup = this.call?.connectionHandle === sessionID ? this.call.wrapup : null;
    this.emit('OnCallWrapUpDataEvent', {
      ...this.callData(sessionID),
      WrapupTime: String(wrapup?.acwMaxTime ?? 0),
      DefaultCompletionCode: wrapup?.defaultCompCode ?? '',
      JSONData: completionCodesJsonData(codes),
    });
  }

  AGTHoldCallRESP(_sessionID: string, result: number): void {
    this.commands.callControlResponse('hold', result);
  }

  AGTUnholdCallRESP(_sessionID: string, result: number): void {
    this.commands.callControlResponse('unhold', result);
  }

  AGTReleaseLineRESP(wrapup: POMWrapupDetails | null, sessionID: string, result: number): void {
    this.commands.callControlResponse('release', result);
    if (result !== 0) return;
    if (this.call?.connectionHandle === sessionID) this.call.wrapup = wrapup;
    this.pom.AGTGetCompCodes(sessionID);
  }

  AGTPreviewDialRESP(_sessionID: string, result: number): void {
    this.commands.callControlResponse('previewDial', result);
  }

  AGTPreviewCancelRESP(wrapup: POMWrapupDetails | null, sessionID: string, result: number): void {
    if (result === 0 && this.call?.connectionHandle === sessionID) this.call.wrapup = wrapup;
    if (this.commands.answered('previewCancel', 'OnPreviewCallCancelled', sessionID, result)) this.pom.AGTGetCompCodes(sessionID);
  }

  AGTWrapupContactRESP(sessionID: string, result: number): void {
    this.commands.answered('wrapup', 'OnCallWrapUpDone', sessionID, result);
  }

  AGTExtendWrapupRESP(wrapup: POMWrapupDetails | null, sessionID: string, result: number): void {
    if (wrapup && result === 0 && this.call?.connectionHandle === sessionID) this.call.wrapup = wrapup;
    this.commands.answered('extendWrapup', 'ExtendPOMWrapupDone', sessionID, result, { WrapupTime: String(wrapup?.acwMaxTime ?? 0) });
  }

  AGTRedialRESP(sessionID: string, result: number): void {
    this.commands.answered('redial', 'RedialPOMCallDone', sessionID, result);
  }

  AGTAddAgentNoteRESP(sessionID: string, result: number): void {
    this.commands.answered('note', 'AddPOMAgentNoteDone', sessionID, result);
  }

  AGTCreateCallbackRESP(sessionID: string, result: number): void {
    this.commands.answered('callback', 'OnCallbackCreated', sessionID, result);
  }

  // ── consult, transfer, conference (protocol.md §5b): AgentConsults ───────

  AGTGetConsultDestsForTypeRESP(type: POMDestinationType, dests: POMDestination[], sessionID: string, result: number): void {
    this.consults.AGTGetConsultDestsForTypeRESP(type, dests, sessionID, result);
  }
  AGTConsultCallRESP(sessionID: string, result: number): void { this.consults.AGTConsultCallRESP(sessionID, result); }
  AGTEnableCancelConsult(consultHandle: string): void { this.consults.AGTEnableCancelConsult(consultHandle); }
  AGTConsultNotify(contact: POMContact, requestingAgentId: string, sessionID: string): void { this.consults.AGTConsultNotify(contact, requestingAgentId, sessionID); }
  AGTConsultPending(requestingAgent: string, requestingAgentID: string, requestingCampaign: string, sessionID: string): void {
    this.consults.AGTConsultPending(requestingAgent, requestingAgentID, requestingCampaign, sessionID);
  }
  AGTConsultCancelled(requestingAgentID: string, consultHandle: string): void { this.consults.AGTConsultCancelled(requestingAgentID, consultHandle); }
  AGTConsultDialFailed(reason: POMDialFailReason, consultHandle: string): void { this.consults.AGTConsultDialFailed(reason, consultHandle); }
  AGTCompleteTransferRESP(canDispose: boolean, wrapup: POMWrapupDetails | null, sessionID: string, result: number): void {
    this.consults.AGTCompleteTransferRESP(canDispose, wrapup, sessionID, result);
  }
  AGTTransferNotify(contact: POMContact, sessionID: string): void { this.consults.AGTTransferNotify(contact, sessionID); }
  AGTStartConfRESP(sessionID: string, result: number): void { this.consults.AGTStartConfRESP(sessionID, result); }
  AGTConferenceNotify(contact: POMContact, sessionID: string): void { this.consults.AGTConferenceNotify(contact, sessionID); }
  AGTConferenceEnded(sessionID: string): void { this.consults.AGTConferenceEnded(sessionID); }
  AGTConferenceOwnershipChanged(contact: POMContact, sessionID: string): void { this.consults.AGTConferenceOwnershipChanged(contact, sessionID); }
  AGTLeaveConfRESP(sessionID: string, result: number, wrapup: POMWrapupDetails | null): void { this.consults.AGTLeaveConfRESP(sessionID, result, wrapup); }
  AGTEndConfRESP(sessionID: string, result: number): void { this.consults.AGTEndConfRESP(sessionID, result); }
  AGTCancelConsultRESP(sessionID: string, result: number): void { this.consults.AGTCancelConsultRESP(sessionID, result); }
}
