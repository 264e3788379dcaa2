import type {
  PAMSocketInfo, POMAgentState, POMAgentStatus, POMCallbackDest, POMCallbackType, POMCallState,
  POMCapabilities, POMCompletionCode, POMContact, POMContactNumber, POMCustomerDetails, POMDestination,
  POMDestinationType, POMDialFailReason, POMNailupStatus, POMWrapupDetails,
} from './types.ts';

/**
 * The dialer's agent interface, shaped like Avaya POM's Agent Desktop SDK: every command returns an
 * int at once (0 = queued; non-zero = refused, nothing happens) and its outcome arrives later as the
 * matching `…RESP` callback on the agent's handler, as do POM's unsolicited notifications.
 * The CTI server is written against this interface only, so the same CTI server can drive the
 * embedded dialer or a POM in another process.
 */
export interface PomAgentApi {
  /** Connects to the agent managers. Resolves true when one of them answered. */
  init(pamAddresses: PAMSocketInfo[], verifyCertificate: boolean): Promise<boolean>;
  deinit(): Promise<void>;
  /** A fresh agent object; get a new one before every AGTLogon. */
  getPOMAgent(agentId: string, handler: PomAgentHandler): PomAgent;
  removePOMAgent(agentId: string): void;
}

export interface PomAgent {
  readonly agentId: string;
  AGTLogon(agentExt: string, pwd: string, isForce: boolean, locale: string, timeZone: string, zoneName: string): number;
  /**
   * nailup, not POM: the logon of an agent whose desktop session outlived a dialer failover (its password
   * was checked when the session began); answered by AGTLogonRESP. In-process only: no link reaches it.
   */
  AGTResumeLogon?(agentExt: string, locale: string, timeZone: string, zoneName: string): number;
  AGTLogoff(): number;
  AGTStateChange(state: POMAgentState, reasonCode: number, reasonName: string, hasWalkedAway: boolean): number;
  AGTAvailableForNailup(): number;
  AGTReadyForNailup(): number;
  AGTHoldCall(sessionID: string): number;
  AGTUnholdCall(sessionID: string): number;
  AGTReleaseLine(sessionID: string): number;
  AGTGetCompCodes(sessionID: string): number;
  AGTWrapupContact(code: POMCompletionCode, sessionID: string): number;
  AGTExtendWrapup(sessionID: string): number;
  AGTPreviewDial(number: POMContactNumber, sessionID: string): number;
  AGTPreviewCancel(sessionID: string): number;
  /** Dials the contact again from wrap-up (ACW only). */
  AGTRedial(number: POMContactNumber): number;
  /** Adds the agent's note to the contact in hand (kept with its call attempt). */
  AGTAddAgentNote(note: string): number;
  AGTGetCustomerDetails(sessionID: string): number;
  AGTGetConsultTypes(sessionID: string): number;
  AGTGetConsultDestsForType(type: POMDestinationType, sessionID: string): number;
  /** Consults an agent (destinationValue = agent ID) or an outside number, the customer on hold. */
  AGTConsultCall(destination: POMDestination, sessionID: string): number;
  /** Hands the customer to the consulted party; the agent wraps up its own part. */
  AGTCompleteTransfer(sessionID: string): number;
  AGTCancelConsult(destAgentID: string, sessionID: string): number;
  /** Customer, agent and consulted party in one call (3 parties at most). */
  AGTStartConf(sessionID: string): number;
  /** The owner drops the other party and stays with the customer. */
  AGTEndConf(sessionID: string): number;
  /** Leaves the conference: the owner hands the customer to the other party; the passive party just leaves. */
  AGTLeaveConf(sessionID: string): number;
  AGTGetCallbackTypes(sessionID: string): number;
  AGTCreateCallback(
    type: POMCallbackType, dest: POMCallbackDest | null, callbackTime: string, callbackTimezone: string,
    callbackExpiryTime: string, number: POMContactNumber, agentNotes: string, sessionID: string,
  ): number;
  AGTBlendToInbound(): number;
  AGTBlendToOutbound(): number;
  /** The agent's three states, read synchronously (POM's GetAgentStatus). */
  getStatus(): POMAgentStatus;
  getCapabilities(): POMCapabilities;
}

/** An inbound call as the agent sees it. */
export interface InboundCallInfo {
  queue: string;
  callingNumber: string;
  /** Seconds the caller waited in queue. */
  waitSeconds: number;
  /** The network's call id. */
  ucid: string;
}

/** Callbacks from the dialer. All optional: a handler implements what it cares about. */
export interface PomAgentHandler {
  // Responses
  AGTLogonRESP?(result: number): void;
  AGTLogoffRESP?(result: number): void;
  AGTStateChangeRESP?(state: POMAgentState, result: number): void;
  AGTAvailableForNailupRESP?(result: number): void;
  AGTReadyForNailupRESP?(result: number): void;
  AGTHoldCallRESP?(sessionID: string, result: number): void;
  AGTUnholdCallRESP?(sessionID: string, result: number): void;
  AGTReleaseLineRESP?(wrapup: POMWrapupDetails | null, sessionID: string, result: number): void;
  AGTGetCompCodesRESP?(codes: POMCompletionCode[], sessionID: string, result: number): void;
  AGTWrapupContactRESP?(sessionID: string, result: number): void;
  AGTExtendWrapupRESP?(wrapup: POMWrapupDetails | null, sessionID: string, result: number): void;
  AGTPreviewDialRESP?(sessionID: string, result: number): void;
  AGTPreviewCancelRESP?(wrapup: POMWrapupDetails | null, sessionID: string, result: number): void;
  AGTRedialRESP?(sessionID: string, result: number): void;
  AGTAddAgentNoteRESP?(sessionID: string, result: number): void;
  AGTGetCustomerDetailsRESP?(details: POMCustomerDetails | null, sessionID: string, result: number): void;
  AGTGetConsultTypesRESP?(types: POMDestinationType[], allowFreeForm: boolean, sessionID: string, result: number): void;
  AGTGetConsultDestsForTypeRESP?(type: POMDestinationType, dests: POMDestination[], sessionID: string, result: number): void;
  AGTConsultCallRESP?(sessionID: string, result: number): void;
  AGTCompleteTransferRESP?(canDispose: boolean, wrapup: POMWrapupDetails | null, sessionID: string, result: number): void;
  AGTCancelConsultRESP?(sessionID: string, result: number): void;
  AGTStartConfRESP?(sessionID: string, result: number): void;
  AGTEndConfRESP?(sessionID: string, result: number): void;
  /** For the owner, who wraps up once it left, nailup adds its wrap-up details. */
  AGTLeaveConfRESP?(sessionID: string, result: number, wrapup: POMWrapupDetails | null): void;
  AGTGetCallbackTypesRESP?(types: POMCallbackType[], defaultExpiryTime: number, sessionID: string, result: number): void;
  AGTCreateCallbackRESP?(sessionID: string, result: number): void;
  AGTBlendToInboundRESP?(result: number): void;
  AGTBlendToOutboundRESP?(result: number): void;
  // Notifications
  AGTCallNotify?(contact: POMContact, sessionID: string): void;
  AGTCallStateChangedNotify?(state: POMCallState): void;
  AGTAutoReleaseLine?(wrapup: POMWrapupDetails, sessionID: string): void;
  AGTDialFailed?(wrapup: POMWrapupDetails, reason: POMDialFailReason, sessionID: string): void;
  AGTStateChangedNotify?(state: POMAgentState): void;
  AGTNailupChange?(status: POMNailupStatus): void;
  AGTJobAttached?(campaignName: string): void;
  AGTCapabilitiesChanged?(capabilities: POMCapabilities): void;
  AGTAgentLoggedOut?(): void;
  /** nailup names the queue (the SDK's notification has no argument). */
  AGTBlendedToInbound?(queue: string): void;
  AGTBlendedToOutbound?(queue: string): void;
  /**
   * An ACD call reached the agent (nailup's addition: on Avaya this comes from the ACD over AES).
   * Hold, release and wrap-up work on `sessionID` as for an outbound call.
   */
  AGTInboundCallNotify?(call: InboundCallInfo, sessionID: string): void;
  // Consult, transfer, conference
  /** At the destination agent: an agent consults it about this customer. `sessionID` is the consult's. */
  AGTConsultNotify?(contact: POMContact, requestingAgentId: string, sessionID: string): void;
  /** At a busy destination: a consult waits for it to finish its call. */
  AGTConsultPending?(requestingAgent: string, requestingAgentID: string, requestingCampaign: string, sessionID: string): void;
  AGTPendingConsultComplete?(sessionID: string): void;
  AGTConsultCancelled?(requestingAgentID: string, sessionID: string): void;
  /** At the requester: the consult is placed and may be cancelled; `sessionID` is the consult's. */
  AGTEnableCancelConsult?(sessionID: string): void;
  AGTConsultDialFailed?(reason: POMDialFailReason, sessionID: string): void;
  /** At the destination: it now owns the customer (on the consult's session). */
  AGTTransferNotify?(contact: POMContact, sessionID: string): void;
  AGTConferenceNotify?(contact: POMContact, sessionID: string): void;
  AGTConferenceEnded?(sessionID: string): void;
  AGTConferenceOwnershipChanged?(contact: POMContact, sessionID: string): void;
  AGTPreviewCallbackPending?(dueTime: number, sessionID: string): void;
  POMAvailable?(): void;
  POMNotAvailable?(): void;
}
