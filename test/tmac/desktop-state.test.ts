/**
 * The DesktopState folding of the inbound, blending, consult, transfer and conference events
 * (protocol.md §5b; docs/tmac-api.md, "How the consult events fold into the state").
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TmacEvent } from '../../src/cti/tmac-events.ts';
import type { AgentView } from '../../src/cti/cti-server.ts';
import { CAPABILITY_NAMES, type POMCapabilities } from '../../src/pom/types.ts';
import type { DesktopState } from '../../src/tmac/desktop-state.ts';
import { applyAgentView, applyEvent } from '../../src/tmac/desktop-state-events.ts';

const T0 = 1_760_000_000_000;

function state(agentID = '1001', name = 'Ada Lovelace', extension = '44001'): DesktopState {
  return {
    agent: { agentID, lanId: `agent${agentID}`, name, extension },
    agentState: 'Ready', callState: 'Idle', nailedStatus: 'NailedUp', reasonCode: 0, stateSince: T0,
    blend: 'outbound', blendQueue: null, blendSince: 0, capabilities: {}, call: null, consultDestinations: null, consult: null, consultsWaiting: [], nailingLostAt: null, pomUnavailableAt: null,
    session: { expiresAt: 0, idleExpiresAt: 0 }, lastError: null,
  };
}

const ev = (eventName: string, eventData: Record<string, string>, extension = '44001'): TmacEvent => ({ eventName, extension, eventData });

/** Applies the events in order, one second apart; returns what each returned. */
function fold(s: DesktopState, ...events: TmacEvent[]): boolean[] {
  return events.map((e, i) => applyEvent(s, e, T0 + (i + 1) * 1000));
}

const CONTACT = {
  CallbackNotes: '', CampaignName: 'DemoPreview', CanCancel: true, CanEnterFreeFormNumber: true,
  ContactNumbers: [{ IsDefault: true, Name: 'Phone 1', Number: '+14065551234', Timezone: 'America/Denver', State: 'MT', Wireless: '' }],
  ContactType: 0, ScriptURL: '', SkillsetName: 'PreviewOut', DefaultNumber: '+14065551234', Timed: false, Timeout: 0, CanDial: true,
  CanReschedule: true, ExpiryTime: '30', ContactID: 17, SkillsetID: '1',
};
const leaf = (key: string, value: string) => ({ key, value, attributeType: 1 });
const CUSTOMER = JSON.stringify({
  Title: leaf('Title', 'Ms'), ID: leaf('ID', 'P000017'), Firstname: leaf('First Name', 'Grace'), Lastname: leaf('Last Name', 'Hopper'),
  PhoneFields: [], EmailFields: [], AddressList: [], CustomFields: [],
});
const DESTINATIONS = JSON.stringify([
  { destinationName: 'Alan Turing', destinationValue: '1002', destinationType: 'Agent', presence: 'Available', state: 'Ready' },
]);

function capabilities(on: Partial<POMCapabilities>): POMCapabilities {
  return { ...Object.fromEntries(CAPABILITY_NAMES.map((n) => [n, false])), ...on } as POMCapabilities;
}

function view(s: DesktopState, callState: string, on: Partial<POMCapabilities>): AgentView {
  return {
    agentID: s.agent.agentID, extension: s.agent.extension, agentState: 'Ready', callState, nailedStatus: 'NailedUp', reasonCode: 0,
    capabilities: capabilities(on), call: null,
  };
}

/** Read through a function: the assertions before narrowed `s.call.customer` to null. */
const customerOf = (s: DesktopState) => s.call?.customer ?? null;

/** Agent 1001 talking with the customer of contact 17 on handle H1. */
function talking(): DesktopState {
  const s = state();
  fold(s,
    ev('OnOutboundCallInitiated', { ConnectionHandle: 'H1', MonitorHandle: 'M1', CallID: 'H1', Device: '44001', UCID: 'H1', campaignType: 'Preview', JSONData: JSON.stringify(CONTACT) }),
    ev('OnOutboundCallUUIData', { Device: '44001', ConnectionHandle: 'H1', UCID: 'H1', campaignType: 'Preview', JSONData: CUSTOMER }),
    ev('OnAgentStateChanged', { AgentState: 'Ready', CallState: 'Talking', ReasonCode: '0', NailedStatus: 'NailedUp' }),
  );
  return s;
}

describe('DesktopState: blending', () => {
  it('follows BlendToInbound and BlendToOutbound, and keeps the queue name', () => {
    const s = state();
    assert.deepEqual(fold(s, ev('BlendToInbound', { Extension: '44001', AgentID: '1001', Queue: 'DemoInbound' })), [true]);
    assert.equal(s.blend, 'inbound');
    assert.equal(s.blendQueue, 'DemoInbound');
    assert.equal(s.blendSince, T0 + 1000);
    fold(s, ev('BlendToOutbound', { Extension: '44001', AgentID: '1001', Queue: '' }));
    assert.equal(s.blend, 'outbound');
    assert.equal(s.blendQueue, 'DemoInbound', 'an outbound event without a queue keeps the last one');
    assert.equal(s.blendSince, T0 + 1000);
  });

  it('leaves the call alone', () => {
    const s = talking();
    fold(s, ev('BlendToInbound', { Extension: '44001', AgentID: '1001', Queue: 'DemoInbound' }));
    assert.equal(s.call?.connectionHandle, 'H1');
  });
});

describe('DesktopState: an inbound call', () => {
  it('is the call (campaignType Inbound) with its queue, calling number and wait, through disconnect and wrap-up', () => {
    const s = state();
    fold(s,
      ev('BlendToInbound', { Extension: '44001', AgentID: '1001', Queue: 'DemoInbound' }),
      ev('OnInboundCallDelivered', { ConnectionHandle: 'IN-7', UCID: 'U-7', Device: '44001', Queue: 'DemoInbound', CallingNumber: '+12025550143', WaitSeconds: '23' }),
      ev('OnAgentStateChanged', { AgentState: 'Ready', CallState: 'Talking', ReasonCode: '0', NailedStatus: 'NotNailedUp' }),
    );
    assert.ok(s.call);
    assert.equal(s.call.connectionHandle, 'IN-7');
    assert.equal(s.call.campaignType, 'Inbound');
    assert.equal(s.call.campaignName, 'DemoInbound');
    assert.deepEqual(s.call.inbound, { queue: 'DemoInbound', callingNumber: '+12025550143', waitSeconds: 23, ucid: 'U-7' });
    assert.deepEqual(s.call.contact, {});
    assert.equal(s.call.transferredFrom, null);

    const codes = [{ codeID: '69', codeValue: 'Sale' }, { codeID: '90', codeValue: 'Resolved' }];
    assert.deepEqual(fold(s,
      ev('OnCallDisconnected', { Device: '44001', ConnectionHandle: 'IN-7', UCID: 'U-7', campaignType: 'Inbound', Reason: 'Disconnected_By_User' }),
      ev('OnCallWrapUpDataEvent', { Device: '44001', ConnectionHandle: 'IN-7', UCID: 'U-7', campaignType: 'Inbound', WrapupTime: '60', DefaultCompletionCode: '90', JSONData: JSON.stringify(codes) }),
    ), [true, true]);
    assert.equal(s.call.disconnectReason, 'Disconnected_By_User');
    assert.deepEqual(s.call.wrapup, { codes, wrapupSeconds: 60, defaultCompletionCode: '90', startedAt: T0 + 2000 });
    fold(s, ev('OnAgentStateChanged', { AgentState: 'Ready', CallState: 'Idle', ReasonCode: '0', NailedStatus: 'NotNailedUp' }));
    assert.equal(s.call, null);
  });
});

describe('DesktopState: the requester of a consult', () => {
  it('is initiated, then connected once transfer or conference is possible', () => {
    const s = talking();
    fold(s,
      ev('OnConsultDestinationAgentsList', { ResponseStatus: '0', ErrorInfo: '', Extension: '44001', InvokeID: '5', ConnectionHandle: 'H1', consultType: 'Agent', JSONData: DESTINATIONS }),
      ev('OnConsultCallInitiated', { ConnectionHandle: 'H1', ConsultHandle: 'C1', DestinationType: 'Agent', Destination: '1002' }),
    );
    assert.deepEqual(s.consult, {
      role: 'requester', state: 'initiated', handle: 'C1', connectionHandle: 'H1', type: 'Agent', destination: '1002', destinationName: 'Alan Turing',
      requestingAgentID: '1001', requestingAgentName: 'Ada Lovelace', startedAt: T0 + 2000, endReason: null,
    });
    assert.equal(s.call?.connectionHandle, 'H1', 'the customer is still the call');

    applyAgentView(s, view(s, 'Consult', { leaveConsult: true }));
    assert.equal(s.consult?.state, 'initiated', 'cancel alone does not make it connected');
    applyAgentView(s, view(s, 'Consult', { transfer: true, conference: true, leaveConsult: true }));
    assert.equal(s.consult?.state, 'connected');
    assert.equal(s.capabilities.transfer, true);
  });

  it('ignores OnConsultCallInitiated of another call', () => {
    const s = talking();
    assert.deepEqual(fold(s, ev('OnConsultCallInitiated', { ConnectionHandle: 'H9', ConsultHandle: 'C9', DestinationType: 'Agent', Destination: '1002' })), [false]);
    assert.equal(s.consult, null);
  });

  it('takes an external number, and ends when the number is busy (back with the customer)', () => {
    const s = talking();
    fold(s, ev('OnConsultCallInitiated', { ConnectionHandle: 'H1', ConsultHandle: 'C2', DestinationType: 'External', Destination: '+14065550100' }));
    assert.equal(s.consult?.type, 'External');
    assert.equal(s.consult?.destination, '+14065550100');
    assert.equal(s.consult?.destinationName, '');
    fold(s,
      ev('OnConsultDialFailed', { ConnectionHandle: 'H1', Reason: 'Call_Busy' }),
      ev('OnAgentStateChanged', { AgentState: 'Ready', CallState: 'Held', ReasonCode: '0', NailedStatus: 'NailedUp' }),
    );
    assert.equal(s.consult?.state, 'ended');
    assert.equal(s.consult?.endReason, 'Call_Busy');
    assert.equal(s.call?.connectionHandle, 'H1');
    assert.equal(s.call?.disconnectReason, null, 'the customer is still there');
    assert.equal(s.callState, 'Held');
  });

  it('transfers: the call ends as Transferred, the consult with it, and the requester wraps up its part', () => {
    const s = talking();
    fold(s,
      ev('OnConsultCallInitiated', { ConnectionHandle: 'H1', ConsultHandle: 'C1', DestinationType: 'Agent', Destination: '1002' }),
      ev('TransferPOMCallDone', { ResponseStatus: '0', Extension: '44001', InvokeID: '9' }),
      ev('OnCallDisconnected', { Device: '44001', ConnectionHandle: 'H1', UCID: 'H1', campaignType: 'Preview', Reason: 'Transferred' }),
      ev('OnCallWrapUpDataEvent', { Device: '44001', ConnectionHandle: 'H1', UCID: 'H1', campaignType: 'Preview', WrapupTime: '0', DefaultCompletionCode: '71', JSONData: '[{"codeID":"71","codeValue":"Transferred"}]' }),
      ev('OnAgentStateChanged', { AgentState: 'Ready', CallState: 'Wrapup', ReasonCode: '0', NailedStatus: 'NailedUp' }),
    );
    assert.equal(s.call?.disconnectReason, 'Transferred');
    assert.equal(s.call?.wrapup?.defaultCompletionCode, '71');
    assert.equal(s.consult?.state, 'ended');
    assert.equal(s.consult?.endReason, 'Transferred');
    // The wrap-up done: no call, and the next contact starts without the old consult.
    fold(s, ev('OnAgentStateChanged', { AgentState: 'Ready', CallState: 'Idle', ReasonCode: '0', NailedStatus: 'NailedUp' }));
    assert.equal(s.call, null);
    fold(s, ev('OnOutboundCallInitiated', { ConnectionHandle: 'H2', MonitorHandle: 'M1', CallID: 'H2', Device: '44001', UCID: 'H2', campaignType: 'Preview', JSONData: JSON.stringify(CONTACT) }));
    assert.equal(s.consult, null);
  });

  it('is cancelled: back with the customer', () => {
    const s = talking();
    fold(s,
      ev('OnConsultCallInitiated', { ConnectionHandle: 'H1', ConsultHandle: 'C1', DestinationType: 'Agent', Destination: '1002' }),
      ev('CancelPOMConsultDone', { ResponseStatus: '0', Extension: '44001', InvokeID: '10' }),
      ev('OnConsultCancelled', { ConnectionHandle: 'H1', ConsultHandle: 'C1', RequestingAgentID: '1001' }),
    );
    assert.equal(s.consult?.state, 'ended');
    assert.equal(s.consult?.endReason, 'Cancelled');
    assert.equal(s.call?.connectionHandle, 'H1');
    assert.equal(s.call?.disconnectReason, null);
  });

  it('ends when the consulted party hangs up the consult leg', () => {
    const s = talking();
    fold(s,
      ev('OnConsultCallInitiated', { ConnectionHandle: 'H1', ConsultHandle: 'C1', DestinationType: 'Agent', Destination: '1002' }),
      ev('OnCallDisconnected', { Device: '44001', ConnectionHandle: 'C1', UCID: 'C1', campaignType: '', Reason: 'Disconnected_By_User' }),
    );
    assert.equal(s.consult?.state, 'ended');
    assert.equal(s.call?.disconnectReason, null, 'the customer\'s call goes on');
  });

  it('conferences as the owner, and the conference ends', () => {
    const s = talking();
    fold(s,
      ev('OnConsultCallInitiated', { ConnectionHandle: 'H1', ConsultHandle: 'C1', DestinationType: 'Agent', Destination: '1002' }),
      ev('OnConferenceNotify', { ConnectionHandle: 'H1', Role: 'Owner', RequestingAgentID: '1001', JSONData: JSON.stringify(CONTACT) }),
    );
    assert.equal(s.consult?.state, 'conferenceOwner');
    fold(s, ev('OnAgentStateChanged', { AgentState: 'Ready', CallState: 'ConferenceOwner', ReasonCode: '0', NailedStatus: 'NailedUp' }));
    assert.equal(s.consult?.state, 'conferenceOwner');
    fold(s, ev('OnConferenceEnded', { ConnectionHandle: 'H1' }));
    assert.equal(s.consult?.state, 'ended');
    assert.equal(s.consult?.endReason, 'ConferenceEnded');
    assert.equal(s.call?.connectionHandle, 'H1', 'the owner stays with the customer');
  });

  it('shows a refused consult as lastError', () => {
    const s = talking();
    fold(s, ev('CSTAUniversalFailureEvent', { ResponseStatus: '-1', ErrorCode: '-142', ErrorInfo: 'Agent busy', Extension: '44001', InvokeID: '11' }));
    assert.deepEqual(s.lastError, { code: -142, message: 'Agent busy', at: T0 + 1000 });
    assert.equal(s.consult, null);
  });
});

describe('DesktopState: the destination of a consult', () => {
  const notify = () => ev('OnConsultNotify', { ConnectionHandle: 'C1', RequestingAgentID: '1001', Device: '44002', JSONData: JSON.stringify(CONTACT) }, '44002');

  it('gets the consult leg as its call, with the contact, who consults, and the customer card', () => {
    const s = state('1002', 'Alan Turing', '44002');
    fold(s, notify(), ev('OnAgentStateChanged', { AgentState: 'Ready', CallState: 'Talking', ReasonCode: '0', NailedStatus: 'NailedUp' }, '44002'));
    assert.ok(s.call);
    assert.equal(s.call.connectionHandle, 'C1');
    assert.equal(s.call.campaignType, 'Preview', 'ContactType 0');
    assert.equal(s.call.campaignName, 'DemoPreview');
    assert.equal(s.call.contact.ContactID, 17);
    assert.equal(s.call.customer, null);
    assert.deepEqual(s.consult, {
      role: 'destination', state: 'connected', handle: 'C1', connectionHandle: 'C1', type: 'Agent', destination: '1002', destinationName: 'Alan Turing',
      requestingAgentID: '1001', requestingAgentName: '', startedAt: T0 + 1000, endReason: null,
    });
    fold(s, ev('OnOutboundCallUUIData', { Device: '44002', ConnectionHandle: 'C1', UCID: 'C1', campaignType: 'Preview', JSONData: CUSTOMER }, '44002'));
    const customer = customerOf(s);
    assert.equal(customer?.firstName, 'Grace');
    assert.equal(customer?.lastName, 'Hopper');
  });

  it('owns the customer after the transfer, then wraps up when the customer hangs up', () => {
    const s = state('1002', 'Alan Turing', '44002');
    fold(s,
      notify(),
      ev('OnTransferNotify', { ConnectionHandle: 'C1', RequestingAgentID: '1001', JSONData: JSON.stringify(CONTACT) }, '44002'),
    );
    assert.equal(s.call?.connectionHandle, 'C1');
    assert.equal(s.call?.transferredFrom, '1001');
    assert.equal(s.consult?.state, 'ended');
    assert.equal(s.consult?.endReason, 'Transferred');
    fold(s,
      ev('OnCallDisconnected', { Device: '44002', ConnectionHandle: 'C1', UCID: 'C1', campaignType: 'Preview', Reason: 'Disconnected_By_User' }, '44002'),
      ev('OnCallWrapUpDataEvent', { Device: '44002', ConnectionHandle: 'C1', UCID: 'C1', campaignType: 'Preview', WrapupTime: '0', DefaultCompletionCode: '69', JSONData: '[{"codeID":"69","codeValue":"Sale"}]' }, '44002'),
      ev('OnAgentStateChanged', { AgentState: 'Ready', CallState: 'Wrapup', ReasonCode: '0', NailedStatus: 'NailedUp' }, '44002'),
    );
    assert.equal(s.call?.disconnectReason, 'Disconnected_By_User');
    assert.deepEqual(s.call?.wrapup?.codes, [{ codeID: '69', codeValue: 'Sale' }]);
    assert.equal(s.consult?.endReason, 'Transferred', 'the transfer stays the consult\'s outcome');
  });

  it('takes a transfer it did not see the consult of', () => {
    const s = state('1002', 'Alan Turing', '44002');
    fold(s, ev('OnTransferNotify', { ConnectionHandle: 'C1', RequestingAgentID: '1001', JSONData: JSON.stringify(CONTACT) }, '44002'));
    assert.equal(s.call?.connectionHandle, 'C1');
    assert.equal(s.call?.contact.ContactID, 17);
    assert.equal(s.call?.transferredFrom, '1001');
  });

  it('loses the consult leg when the requester cancels', () => {
    const s = state('1002', 'Alan Turing', '44002');
    fold(s, notify(), ev('OnConsultCancelled', { ConnectionHandle: 'C1', ConsultHandle: 'C1', RequestingAgentID: '1001' }, '44002'));
    assert.equal(s.call, null);
    assert.equal(s.consult?.state, 'ended');
    assert.equal(s.consult?.endReason, 'Cancelled');
    fold(s, ev('OnAgentStateChanged', { AgentState: 'Ready', CallState: 'Idle', ReasonCode: '0', NailedStatus: 'NailedUp' }, '44002'));
    assert.equal(s.consult?.endReason, 'Cancelled', 'an ended consult stays to be read');
  });

  it('is the passive party of a conference, also when it comes without a consult seen', () => {
    const s = state('1002', 'Alan Turing', '44002');
    fold(s, notify(), ev('OnConferenceNotify', { ConnectionHandle: 'C1', Role: 'Passive', RequestingAgentID: '1001', JSONData: JSON.stringify(CONTACT) }, '44002'));
    assert.equal(s.consult?.state, 'conferencePassive');
    assert.equal(s.consult?.role, 'destination');

    const fresh = state('1002', 'Alan Turing', '44002');
    fold(fresh, ev('OnConferenceNotify', { ConnectionHandle: 'C1', Role: 'Passive', RequestingAgentID: '1001', JSONData: JSON.stringify(CONTACT) }, '44002'));
    assert.equal(fresh.call?.connectionHandle, 'C1');
    assert.equal(fresh.consult?.state, 'conferencePassive');
    assert.equal(fresh.consult?.requestingAgentID, '1001');
    fold(fresh, ev('OnConferenceEnded', { ConnectionHandle: 'C1' }, '44002'));
    assert.equal(fresh.consult?.state, 'ended');
  });

  it('drops a consult still going when the agent goes idle', () => {
    const s = state('1002', 'Alan Turing', '44002');
    fold(s, notify(), ev('OnAgentStateChanged', { AgentState: 'Ready', CallState: 'Idle', ReasonCode: '0', NailedStatus: 'NailedUp' }, '44002'));
    assert.equal(s.call, null);
    assert.equal(s.consult, null);
  });
});

describe('DesktopState: a conference the owner leaves', () => {
  it('hands the customer to the passive party: the owner wraps up, the passive party owns the call', () => {
    const owner = talking();
    fold(owner,
      ev('OnConsultCallInitiated', { ConnectionHandle: 'H1', ConsultHandle: 'C1', DestinationType: 'Agent', Destination: '1002' }),
      ev('OnConferenceNotify', { ConnectionHandle: 'H1', Role: 'Owner', RequestingAgentID: '1001', JSONData: JSON.stringify(CONTACT) }),
      ev('OnCallDisconnected', { Device: '44001', ConnectionHandle: 'H1', UCID: 'H1', campaignType: 'Preview', Reason: 'LeftConference' }),
      ev('OnCallWrapUpDataEvent', { Device: '44001', ConnectionHandle: 'H1', UCID: 'H1', campaignType: 'Preview', WrapupTime: '0', DefaultCompletionCode: '76', JSONData: '[{"codeID":"76","codeValue":"No Answer"}]' }),
    );
    assert.equal(owner.call?.disconnectReason, 'LeftConference');
    assert.equal(owner.consult?.state, 'ended');
    assert.equal(owner.consult?.endReason, 'LeftConference');
    assert.equal(owner.call?.wrapup?.defaultCompletionCode, '76');

    const passive = state('1002', 'Alan Turing', '44002');
    fold(passive,
      ev('OnConsultNotify', { ConnectionHandle: 'C1', RequestingAgentID: '1001', Device: '44002', JSONData: JSON.stringify(CONTACT) }, '44002'),
      ev('OnConferenceNotify', { ConnectionHandle: 'C1', Role: 'Passive', RequestingAgentID: '1001', JSONData: JSON.stringify(CONTACT) }, '44002'),
      ev('OnConferenceEnded', { ConnectionHandle: 'C1' }, '44002'),
      ev('OnTransferNotify', { ConnectionHandle: 'C1', RequestingAgentID: '1001', JSONData: JSON.stringify(CONTACT) }, '44002'),
    );
    assert.equal(passive.call?.connectionHandle, 'C1');
    assert.equal(passive.call?.transferredFrom, '1001');
    assert.equal(passive.consult?.endReason, 'Transferred', 'the customer is this agent\'s now');
  });
});

describe('DesktopState: consults waiting for a busy agent', () => {
  it('lists them from OnConsultPending until they connect or are cancelled', () => {
    const s = talking();
    assert.deepEqual(fold(s,
      ev('OnConsultPending', { ConnectionHandle: 'C5', RequestingAgentID: '1003', Campaign: 'DemoPreview' }),
      ev('OnConsultPending', { ConnectionHandle: 'C6', RequestingAgentID: '1004', Campaign: 'DemoPreview' }),
      ev('OnConsultPending', { ConnectionHandle: 'C6', RequestingAgentID: '1004', Campaign: 'DemoPreview' }),
    ), [true, true, false]);
    assert.deepEqual(s.consultsWaiting.map((w) => [w.handle, w.requestingAgentID, w.campaign]), [['C5', '1003', 'DemoPreview'], ['C6', '1004', 'DemoPreview']]);
    assert.deepEqual(fold(s, ev('OnConsultCancelled', { ConnectionHandle: 'C6', ConsultHandle: 'C6', RequestingAgentID: '1004' })), [true]);
    assert.deepEqual(s.consultsWaiting.map((w) => w.handle), ['C5']);
    assert.equal(s.call?.connectionHandle, 'H1', 'the agent\'s own call is untouched');
    // The call done, the waiting consult connects.
    fold(s,
      ev('OnAgentStateChanged', { AgentState: 'Ready', CallState: 'Idle', ReasonCode: '0', NailedStatus: 'NailedUp' }),
      ev('OnConsultNotify', { ConnectionHandle: 'C5', RequestingAgentID: '1003', Device: '44001', JSONData: JSON.stringify(CONTACT) }),
    );
    assert.deepEqual(s.consultsWaiting, []);
    assert.equal(s.consult?.handle, 'C5');
    assert.equal(s.consult?.requestingAgentID, '1003');
  });
});

describe('DesktopState: malformed JSONData', () => {
  it('is taken as empty, never thrown', () => {
    const s = state('1002', 'Alan Turing', '44002');
    assert.deepEqual(fold(s, ev('OnConsultNotify', { ConnectionHandle: 'C1', RequestingAgentID: '1001', Device: '44002', JSONData: '{not json' }, '44002')), [true]);
    assert.deepEqual(s.call?.contact, {});
    fold(s, ev('OnCallWrapUpDataEvent', { Device: '44002', ConnectionHandle: 'C1', UCID: 'C1', campaignType: 'Preview', WrapupTime: '0', DefaultCompletionCode: '', JSONData: '[' }, '44002'));
    assert.deepEqual(s.call?.wrapup?.codes, []);
  });
});

describe('DesktopState: the nailed line', () => {
  it('is lost from NailingLost (also during the re-nail) until NailedUp', () => {
    const s = state();
    const nailed = (status: string): TmacEvent => ev('OnNailupStatusChanged', { Extension: '44001', AgentID: '1001', NailedStatus: status });
    assert.deepEqual(fold(s,
      nailed('NailingLost'),
      ev('OnAgentStateChanged', { Extension: '44001', AgentID: '1001', AgentState: 'Ready', CallState: 'NoState', ReasonCode: '0', NailedStatus: 'NailingLost' }),
      nailed('PendingNailUp'),
    ), [true, true, true]);
    assert.equal(s.nailedStatus, 'PendingNailUp');
    assert.equal(s.nailingLostAt, T0 + 1000, 'since the line dropped');
    fold(s, nailed('NailingLost'));
    assert.equal(s.nailingLostAt, T0 + 1000, 'lost again before it was up: still since the first drop');
    fold(s, nailed('NailedUp'));
    assert.equal(s.nailingLostAt, null);
  });

  it('takes a call cut off by the drop to wrap-up with the reason NailingLost', () => {
    const s = talking();
    fold(s,
      ev('OnNailupStatusChanged', { Extension: '44001', AgentID: '1001', NailedStatus: 'NailingLost' }),
      ev('OnAgentStateChanged', { AgentState: 'Ready', CallState: 'Wrapup', ReasonCode: '0', NailedStatus: 'NailingLost' }),
      ev('OnCallDisconnected', { Device: '44001', ConnectionHandle: 'H1', UCID: 'H1', campaignType: 'Preview', Reason: 'NailingLost' }),
    );
    assert.equal(s.call?.disconnectReason, 'NailingLost');
    assert.equal(s.nailingLostAt, T0 + 1000, 'each fold starts at T0 + 1 s');
    assert.equal(s.nailedStatus, 'NailingLost');
  });
});

describe('DesktopState: the dialer out of reach', () => {
  it('is unreachable from POMNotAvailable until POMAvailable (the agent is being logged on to the other POM meanwhile)', () => {
    const s = state();
    assert.deepEqual(fold(s, ev('POMNotAvailable', { Extension: '44001' })), [true]);
    assert.equal(s.pomUnavailableAt, T0 + 1000);
    fold(s, ev('OnNailupStatusChanged', { Extension: '44001', AgentID: '1001', NailedStatus: 'NailingLost' }), ev('POMNotAvailable', { Extension: '44001' }));
    assert.equal(s.pomUnavailableAt, T0 + 1000, 'still since the first notice');
    assert.deepEqual(fold(s, ev('POMAvailable', { Extension: '44001' })), [true]);
    assert.equal(s.pomUnavailableAt, null);
    assert.equal(s.nailingLostAt, T0 + 1000, 'the line is still to be nailed up again');
  });
});
