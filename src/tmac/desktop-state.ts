export interface CustomerView {
  id: string;
  title: string;
  firstName: string;
  lastName: string;
  phones: Array<{ number: string; countryCode: string; timezone: string; state: string; wireless: string }>;
  emails: string[];
  address: { line1: string; line2: string; line3: string; line4: string; line5: string; country: string; zipCode: string } | null;
  customFields: Array<{ key: string; value: string }>;
}

export interface CallView {
  connectionHandle: string;
  campaignType: string;
  campaignName: string;
  startedAt: number;
  /**
   * When the agent was first connected with the customer (call state Talking) on this call; null while it
   * never was (a preview not dialed, a dial that failed). The desktop asks for a completion code after a
   * conversation rather than offer the campaign's default.
   */
  connectedAt: number | null;
  contact: Record<string, unknown>;
  customer: CustomerView | null;
  disconnectReason: string | null;
  wrapup: { codes: Array<{ codeID: string; codeValue: string }>; wrapupSeconds: number; defaultCompletionCode: string; startedAt: number } | null;
  callbackCreated: boolean;
  salesRecordSaved: boolean;
  /** An ACD call (campaignType "Inbound"): its queue, the caller's number and how long the caller waited. */
  inbound: InboundView | null;
  /** The agent ID that transferred the customer to this agent (OnTransferNotify), else null. */
  transferredFrom: string | null;
}

export interface InboundView {
  queue: string;
  callingNumber: string;
  waitSeconds: number;
  ucid: string;
}

/**
 * A consult of the call: at the requester (the agent who consults), or at the destination agent.
 *
 *   requester:   initiated ──connected (transfer / conference possible)──► connected ──conference──► conferenceOwner
 *   destination: connected (OnConsultNotify) ──conference──► conferencePassive
 *   either:      … ──cancel / dial failure / hang-up / transfer / conference end──► ended (endReason)
 *
 * An ended consult stays until the next consult or the next call, so the desktop can say how it ended.
 */
export interface ConsultView {
  role: 'requester' | 'destination';
  state: 'initiated' | 'connected' | 'conferenceOwner' | 'conferencePassive' | 'ended';
  /** The consult leg's handle: ConsultHandle at the requester, OnConsultNotify's ConnectionHandle at the destination. */
  handle: string;
  /** The agent's own call handle: the customer's call at the requester; the consult leg (= handle) at the destination. */
  connectionHandle: string;
  type: 'Agent' | 'External';
  /** The agent ID or the number consulted. */
  destination: string;
  /** The consulted party's name (an agent's name, an external destination's name), '' when unknown. */
  destinationName: string;
  /** The agent who consults. */
  requestingAgentID: string;
  requestingAgentName: string;
  startedAt: number;
  /** Why an ended consult ended: Cancelled, Transferred, ConferenceEnded, or the dial failure / disconnect reason. */
  endReason: string | null;
}

/** A consult held at a busy destination (OnConsultPending) until its call is done. */
export interface ConsultWaiting {
  /** The consult leg's handle: OnConsultNotify brings the same one when it connects. */
  handle: string;
  requestingAgentID: string;
  requestingAgentName: string;
  campaign: string;
  since: number;
}

/** The desktop's view of one agent: what docs/tmac-api.md calls DesktopState. */
export interface DesktopState {
  agent: { agentID: string; lanId: string; name: string; extension: string };
  agentState: string;
  callState: string;
  nailedStatus: string;
  /** When the agent's nailed line last dropped (NailingLost); null once it is nailed up again. */
  nailingLostAt: number | null;
  /** Since when the dialer this agent was logged on to is unreachable (POMNotAvailable); null once POMAvailable. */
  pomUnavailableAt: number | null;
  reasonCode: number;
  stateSince: number;
  blend: 'outbound' | 'inbound';
  /** The queue of the last BlendToInbound / BlendToOutbound (null before the first). */
  blendQueue: string | null;
  /** Epoch ms of the last blend change (0 before the first). */
  blendSince: number;
  capabilities: Record<string, boolean>;
  call: CallView | null;
  consultDestinations: null | { type: string; destinations: Array<Record<string, string>>; error: string | null };
  consult: ConsultView | null;
  /** Consults waiting for this agent to finish its call (OnConsultPending), oldest first. */
  consultsWaiting: ConsultWaiting[];
  session: { expiresAt: number; idleExpiresAt: number };
  lastError: null | { code: number; message: string; at: number };
}

const NO_CALL_STATES = new Set(['Idle', 'NoState']);

/** Whether the agent holds a contact: a preview, a call being dialed, talked, held, consulted, wrapped up. */
export function holdsContact(state: DesktopState): boolean {
  return !NO_CALL_STATES.has(state.callState);
}
