import type { TmacEvent } from '../cti/tmac-events.ts';
import type { AgentView } from '../cti/cti-server.ts';

/** The desktop's view of one agent: what docs/tmac-api.md calls DesktopState. */
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
  contact: Record<string, unknown>;
  customer: CustomerView | null;
  disconnectReason: string | null;
  wrapup: { codes: Array<{ codeID: string; codeValue: string }>; wrapupSeconds: number; defaultCompletionCode: string; startedAt: number } | null;
  callbackCreated: boolean;
  salesRecordSaved: boolean;
}

export interface DesktopState {
  agent: { agentID: string; lanId: string; name: string; extension: string };
  agentState: string;
  callState: string;
  nailedStatus: string;
  reasonCode: number;
  stateSince: number;
  blend: 'outbound' | 'inbound';
  capabilities: Record<string, boolean>;
  call: CallView | null;
  consultDestinations: null | { type: string; destinations: Array<Record<string, string>>; error: string | null };
  session: { expiresAt: number; idleExpiresAt: number };
  lastError: null | { code: number; message: string; at: number };
}

type Leaf = { key?: string; value?: string };
const v = (leaf: unknown): string => (leaf as Leaf | undefined)?.value ?? '';

/** OnOutboundCallUUIData's JSONData, flattened for the customer card. */
export function customerFromJson(json: string): CustomerView {
  const d = JSON.parse(json) as Record<string, unknown>;
  const phones = (d.PhoneFields as Array<Record<string, unknown>> | undefined) ?? [];
  const address = ((d.AddressList as Array<Record<string, unknown>> | undefined) ?? [])[0];
  return {
    id: v(d.ID), title: v(d.Title), firstName: v(d.Firstname), lastName: v(d.Lastname),
    phones: phones.map((p) => ({ number: v(p.phoneNumber), countryCode: v(p.countryCode), timezone: v(p.timezone), state: v(p.state), wireless: v(p.wireless) })),
    emails: ((d.EmailFields as Leaf[] | undefined) ?? []).map(v).filter((e) => e !== ''),
    address: address
      ? { line1: v(address.Line1), line2: v(address.Line2), line3: v(address.Line3), line4: v(address.Line4), line5: v(address.Line5), country: v(address.Country), zipCode: v(address.ZipCode) }
      : null,
    customFields: ((d.CustomFields as Leaf[] | undefined) ?? []).filter((f) => f.key).map((f) => ({ key: f.key ?? '', value: f.value ?? '' })),
  };
}

const NO_CALL_STATES = new Set(['Idle', 'NoState']);

/**
 * Applies one A4 event to the state. Returns true when the state changed (so it is pushed to the desktop).
 * Failure events become `lastError`, shown to the agent with their code.
 */
export function applyEvent(state: DesktopState, event: TmacEvent, now: number): boolean {
  const d = event.eventData;
  const call = state.call;
  const forCall = (): CallView | null => (call && d.ConnectionHandle === call.connectionHandle ? call : null);
  switch (event.eventName) {
    case 'OnAgentStateChanged': {
      if (d.AgentState !== state.agentState || d.CallState !== state.callState) state.stateSince = now;
      state.agentState = d.AgentState ?? state.agentState;
      state.callState = d.CallState ?? state.callState;
      state.reasonCode = Number(d.ReasonCode ?? 0);
      state.nailedStatus = d.NailedStatus ?? state.nailedStatus;
      if (NO_CALL_STATES.has(state.callState)) state.call = null;
      return true;
    }
    case 'OnNailupStatusChanged':
      state.nailedStatus = d.NailedStatus ?? state.nailedStatus;
      return true;
    case 'OnOutboundCallInitiated': {
      const contact = JSON.parse(d.JSONData ?? '{}') as Record<string, unknown>;
      state.call = {
        connectionHandle: d.ConnectionHandle ?? '', campaignType: d.campaignType ?? '', campaignName: String(contact.CampaignName ?? ''),
        startedAt: now, contact, customer: null, disconnectReason: null, wrapup: null, callbackCreated: false, salesRecordSaved: false,
      };
      state.consultDestinations = null;
      return true;
    }
    case 'OnOutboundCallUUIData': {
      const c = forCall();
      if (c) c.customer = customerFromJson(d.JSONData ?? '{}');
      return c !== null;
    }
    case 'OnCallDisconnected': {
      const c = forCall();
      if (c) c.disconnectReason = d.Reason ?? 'Disconnected';
      return c !== null;
    }
    case 'OnCallWrapUpDataEvent': {
      const c = forCall();
      if (c) {
        c.wrapup = {
          codes: JSON.parse(d.JSONData ?? '[]') as Array<{ codeID: string; codeValue: string }>,
          wrapupSeconds: Number(d.WrapupTime ?? 0), defaultCompletionCode: d.DefaultCompletionCode ?? '', startedAt: now,
        };
      }
      return c !== null;
    }
    case 'OnCallbackCreated': {
      const c = forCall();
      if (c) c.callbackCreated = true;
      return c !== null;
    }
    case 'OnConsultDestinationAgentsList':
      state.consultDestinations = {
        type: d.consultType ?? '', destinations: JSON.parse(d.JSONData ?? '[]') as Array<Record<string, string>>,
        error: d.ResponseStatus === '0' ? null : `${d.ErrorInfo ?? ''} (${d.ResponseStatus ?? ''})`,
      };
      return true;
    case 'BlendToInbound':
    case 'BlendToOutbound':
      state.blend = event.eventName === 'BlendToInbound' ? 'inbound' : 'outbound';
      return true;
    case 'CSTAUniversalFailureEvent':
      state.lastError = { code: Number(d.ErrorCode ?? -1), message: d.ErrorInfo ?? 'The command failed', at: now };
      return true;
    default:
      // The …Done events of state and login commands: a failure is shown to the agent.
      if (event.eventName.endsWith('Done') && d.ErrorCode !== undefined && d.ErrorCode !== '0') {
        state.lastError = { code: Number(d.ErrorCode), message: d.ErrorInfo ?? 'The command failed', at: now };
        return true;
      }
      return false;
  }
}

/** Brings the state in line with the CTI server's view (after login, and on reconnect). */
export function applyAgentView(state: DesktopState, view: AgentView): void {
  state.agentState = view.agentState;
  state.callState = view.callState;
  state.nailedStatus = view.nailedStatus;
  state.reasonCode = view.reasonCode;
  state.capabilities = { ...view.capabilities };
}
