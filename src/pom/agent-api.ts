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
  AGTGetCustomerDetails(sessionID: string): number;
  AGTGetConsultDestsForType(type: POMDestinationType, sessionID: string): number;
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
  AGTGetCustomerDetailsRESP?(details: POMCustomerDetails | null, sessionID: string, result: number): void;
  AGTGetConsultDestsForTypeRESP?(type: POMDestinationType, dests: POMDestination[], sessionID: string, result: number): void;
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
  AGTBlendedToInbound?(): void;
  AGTBlendedToOutbound?(): void;
  AGTPreviewCallbackPending?(dueTime: number, sessionID: string): void;
  POMAvailable?(): void;
  POMNotAvailable?(): void;
}
