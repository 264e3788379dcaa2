import type { TmacEvent } from '../cti/tmac-events.ts';
import type { AgentView } from '../cti/cti-server.ts';
import { holdsContact, type CallView, type ConsultView, type CustomerView, type DesktopState } from './desktop-state.ts';

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

/** Call states in which the agent is, or has been, with the customer. */
const CONNECTED_STATES = new Set(['Talking', 'Held', 'Consult', 'ConferenceOwner', 'ConferencePassive']);
const CONTACT_TYPES = ['Preview', 'Progressive', 'Predictive', 'Callback', 'Manual'];

/** JSONData as sent: a malformed one is taken as `fallback`, never thrown (the event still counts). */
function parseJson<T>(json: string | undefined, fallback: T): T {
  if (json === undefined || json === '') return fallback;
  try {
    const value = JSON.parse(json) as unknown;
    return value === null || typeof value !== 'object' ? fallback : (value as T);
  } catch {
    return fallback;
  }
}

/** The contact's type name: the JSONData's ContactType is POM's ordinal (0 = Preview) or a name. */
function contactTypeOf(contact: Record<string, unknown>, fallback: string): string {
  const t = contact.ContactType;
  if (typeof t === 'number') return CONTACT_TYPES[t] ?? fallback;
  return typeof t === 'string' && t !== '' ? t : fallback;
}

function newCall(handle: string, campaignType: string, campaignName: string, contact: Record<string, unknown>, now: number): CallView {
  return {
    connectionHandle: handle, campaignType, campaignName, startedAt: now, connectedAt: null, contact, customer: null, disconnectReason: null, wrapup: null,
    callbackCreated: false, salesRecordSaved: false, inbound: null, transferredFrom: null,
  };
}

/** A consult / transfer / conference notification's contact as the destination's call (same handle: kept as it is). */
function callFromContact(state: DesktopState, handle: string, json: string | undefined, now: number): CallView {
  const contact = parseJson<Record<string, unknown>>(json, {});
  if (state.call && state.call.connectionHandle === handle) {
    if (Object.keys(contact).length > 0) state.call.contact = contact;
    return state.call;
  }
  state.call = newCall(handle, contactTypeOf(contact, 'Preview'), String(contact.CampaignName ?? ''), contact, now);
  return state.call;
}

const activeConsult = (consult: ConsultView | null): ConsultView | null => (consult && consult.state !== 'ended' ? consult : null);

function endConsult(consult: ConsultView, reason: string): void {
  consult.state = 'ended';
  consult.endReason = reason;
}

/**
 * Applies one A4 event to the state. Returns true when the state changed (so it is pushed to the desktop).
 * Failure events become `lastError`, shown to the agent with their code.
 */
export function applyEvent(state: DesktopState, event: TmacEvent, now: number): boolean {
  const d = event.eventData;
  const call = state.call;
  const forCall = (): CallView | null => (call && d.ConnectionHandle === call.connectionHandle ? call : null);
  /** The live consult this event is about: by the consult leg's handle or the agent's own call handle. */
  const forConsult = (): ConsultView | null => {
    const c = activeConsult(state.consult);
    return c && (d.ConnectionHandle === c.handle || d.ConnectionHandle === c.connectionHandle || (d.ConsultHandle !== undefined && d.ConsultHandle === c.handle)) ? c : null;
  };
  switch (event.eventName) {
    case 'OnAgentStateChanged': {
      if (d.AgentState !== state.agentState || d.CallState !== state.callState) state.stateSince = now;
      state.agentState = d.AgentState ?? state.agentState;
      state.callState = d.CallState ?? state.callState;
      state.reasonCode = Number(d.ReasonCode ?? 0);
      state.nailedStatus = d.NailedStatus ?? state.nailedStatus;
      if (!holdsContact(state)) {
        state.call = null;
        if (activeConsult(state.consult)) state.consult = null;
      }
      if (state.call && CONNECTED_STATES.has(state.callState)) state.call.connectedAt ??= now;
      const consult = activeConsult(state.consult);
      if (consult && state.callState === 'ConferenceOwner') consult.state = 'conferenceOwner';
      if (consult && state.callState === 'ConferencePassive') consult.state = 'conferencePassive';
      return true;
    }
    case 'OnNailupStatusChanged':
      state.nailedStatus = d.NailedStatus ?? state.nailedStatus;
      if (state.nailedStatus === 'NailingLost') state.nailingLostAt ??= now;
      if (state.nailedStatus === 'NailedUp') state.nailingLostAt = null;
      return true;
    case 'POMNotAvailable':
      state.pomUnavailableAt ??= now;
      return true;
    case 'POMAvailable':
      state.pomUnavailableAt = null;
      return true;
    case 'OnOutboundCallInitiated': {
      const contact = parseJson<Record<string, unknown>>(d.JSONData, {});
      state.call = newCall(d.ConnectionHandle ?? '', d.campaignType ?? '', String(contact.CampaignName ?? ''), contact, now);
      state.consultDestinations = null;
      state.consult = null;
      return true;
    }
    case 'OnInboundCallDelivered': {
      const queue = d.Queue ?? '';
      state.call = newCall(d.ConnectionHandle ?? '', 'Inbound', queue, {}, now);
      state.call.inbound = { queue, callingNumber: d.CallingNumber ?? '', waitSeconds: Number(d.WaitSeconds ?? 0) || 0, ucid: d.UCID ?? '' };
      state.consultDestinations = null;
      state.consult = null;
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
      // The customer's call or the consult leg ended: so did the consult (a transfer ends it at the requester).
      const consult = forConsult();
      if (consult) endConsult(consult, d.Reason ?? 'Disconnected');
      return c !== null || consult !== null;
    }
    case 'OnCallWrapUpDataEvent': {
      const c = forCall();
      if (c) {
        c.wrapup = {
          codes: parseJson<Array<{ codeID: string; codeValue: string }>>(d.JSONData, []),
          wrapupSeconds: Number(d.WrapupTime ?? 0), defaultCompletionCode: d.DefaultCompletionCode ?? '', startedAt: now,
        };
      }
      return c !== null;
    }
    case 'ExtendPOMWrapupDone': {
      // More wrap-up time: the countdown starts again from the time granted.
      const c = forCall();
      if (c?.wrapup) c.wrapup = { ...c.wrapup, wrapupSeconds: Number(d.WrapupTime ?? c.wrapup.wrapupSeconds), startedAt: now };
      return c !== null;
    }
    case 'RedialPOMCallDone': {
      // The contact is dialed again from wrap-up: the call is live again, its wrap-up to come.
      const c = forCall();
      if (c) {
        c.wrapup = null;
        c.disconnectReason = null;
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
        type: d.consultType ?? '', destinations: parseJson<Array<Record<string, string>>>(d.JSONData, []),
        error: d.ResponseStatus === '0' ? null : `${d.ErrorInfo ?? ''} (${d.ResponseStatus ?? ''})`,
      };
      return true;
    case 'OnConsultCallInitiated': {
      // At the requester: the consult is placed, the customer on hold.
      const c = forCall();
      if (!c) return false;
      const type = d.DestinationType === 'External' ? 'External' : 'Agent';
      const destination = d.Destination ?? '';
      const listed = state.consultDestinations?.destinations.find((x) => x.destinationValue === destination);
      state.consult = {
        role: 'requester', state: 'initiated', handle: d.ConsultHandle ?? '', connectionHandle: c.connectionHandle, type, destination,
        destinationName: listed?.destinationName ?? '', requestingAgentID: state.agent.agentID, requestingAgentName: state.agent.name,
        startedAt: now, endReason: null,
      };
      connectIfPossible(state);
      return true;
    }
    case 'OnConsultPending': {
      // At a busy destination: the consult connects once this agent's call is done.
      const handle = d.ConnectionHandle ?? '';
      if (state.consultsWaiting.some((w) => w.handle === handle)) return false;
      state.consultsWaiting.push({ handle, requestingAgentID: d.RequestingAgentID ?? '', requestingAgentName: '', campaign: d.Campaign ?? '', since: now });
      return true;
    }
    case 'OnConsultNotify': {
      // At the destination: an agent consults this agent about its customer; the consult leg is this agent's call.
      const handle = d.ConnectionHandle ?? '';
      state.consultsWaiting = state.consultsWaiting.filter((w) => w.handle !== handle);
      callFromContact(state, handle, d.JSONData, now);
      state.consult = {
        role: 'destination', state: 'connected', handle, connectionHandle: handle, type: 'Agent', destination: state.agent.agentID,
        destinationName: state.agent.name, requestingAgentID: d.RequestingAgentID ?? '', requestingAgentName: '', startedAt: now, endReason: null,
      };
      return true;
    }
    case 'OnConsultCancelled': {
      const waiting = state.consultsWaiting.length;
      state.consultsWaiting = state.consultsWaiting.filter((w) => w.handle !== d.ConnectionHandle && w.handle !== d.ConsultHandle);
      const consult = forConsult();
      if (!consult) return state.consultsWaiting.length !== waiting;
      endConsult(consult, 'Cancelled');
      // At the destination the consult leg was the call: it is gone.
      if (consult.role === 'destination' && state.call?.connectionHandle === consult.handle && !state.call.wrapup) state.call = null;
      return true;
    }
    case 'OnConsultDialFailed': {
      // The outside number was busy or did not answer: the requester is back with the customer, on hold.
      const consult = forConsult();
      if (!consult) return false;
      endConsult(consult, d.Reason ?? 'Unknown');
      return true;
    }
    case 'OnTransferNotify': {
      // At the destination: the consult leg now carries the customer, and the call is this agent's.
      const c = callFromContact(state, d.ConnectionHandle ?? '', d.JSONData, now);
      c.transferredFrom = d.RequestingAgentID ?? '';
      // Also after a conference the owner left (OnConferenceEnded came first): the customer is now this agent's.
      const consult = state.consult;
      if (consult && consult.role === 'destination' && consult.handle === c.connectionHandle) endConsult(consult, 'Transferred');
      return true;
    }
    case 'OnConferenceNotify': {
      const owner = d.Role === 'Owner';
      let consult = activeConsult(state.consult);
      if (!consult) {
        // Not seen as a consult (a reload between): the conference as the notification describes it.
        const handle = d.ConnectionHandle ?? '';
        if (!owner) callFromContact(state, handle, d.JSONData, now);
        consult = {
          role: owner ? 'requester' : 'destination', state: 'connected', handle, connectionHandle: handle, type: 'Agent', destination: owner ? '' : state.agent.agentID,
          destinationName: owner ? '' : state.agent.name, requestingAgentID: d.RequestingAgentID ?? '', requestingAgentName: '', startedAt: now, endReason: null,
        };
        state.consult = consult;
      }
      consult.state = owner ? 'conferenceOwner' : 'conferencePassive';
      return true;
    }
    case 'OnConferenceEnded': {
      const consult = forConsult();
      if (!consult) return false;
      endConsult(consult, 'ConferenceEnded');
      return true;
    }
    case 'BlendToInbound':
    case 'BlendToOutbound':
      state.blend = event.eventName === 'BlendToInbound' ? 'inbound' : 'outbound';
      state.blendQueue = d.Queue || state.blendQueue;
      state.blendSince = now;
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

/** The requester's consult is connected once the CTI server says it may be transferred or conferenced. */
function connectIfPossible(state: DesktopState): void {
  const consult = activeConsult(state.consult);
  if (consult?.role === 'requester' && consult.state === 'initiated' && (state.capabilities.transfer === true || state.capabilities.conference === true)) {
    consult.state = 'connected';
  }
}

/** Brings the state in line with the CTI server's view (after login, and on reconnect). */
export function applyAgentView(state: DesktopState, view: AgentView): void {
  state.agentState = view.agentState;
  state.callState = view.callState;
  state.nailedStatus = view.nailedStatus;
  state.reasonCode = view.reasonCode;
  state.capabilities = { ...view.capabilities };
  connectIfPossible(state);
}
