/**
 * The CTI server's links against protocol.md: A3 commands (§2) over real HTTP, A4 events (§5) over a
 * real WebSocket, the agent states and nail-up of §3 and the negated result codes of §4. nailup runs in
 * this process on simulated time with the demo floor (no bots); every event is compared whole, with the
 * dynamic values (connection handles, contact ids) taken from earlier events or from the store.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import type { ContactRecord } from '../../src/store/records.ts';
import { EventCollector, getAgent, named, postCommand, sendCommand, type CtiEvent, type HttpReply } from '../support/cti-client.ts';
import {
  Floor, SESSION, START, agentState, assertEventsSince, assertValidationError, callBody, callDone, closeAllFloors,
  done, ev, expectNext, failure, generic, localHour, nailupStatus, stateBody, wrapUpDone,
} from '../support/cti-floor.ts';

const WALK_AWAY_CODE = 99;

/** The demo floor as it is (test/support/cti-floor.ts), its simulated inbound callers included. */
const startFloor = (flags: Record<string, unknown> = {}): Promise<Floor> => Floor.start(flags, { demoInbound: true });

after(closeAllFloors);

/** Table 4.1: AGTLogonRESP's codes as TMAC sees them, and their messages. */
const LOGON_FAILURES: Record<string, string> = {
  '-2': 'This agent is not registered with the system',
  '-6': 'Unable to verify password',
  '-7': 'Agent is already logged in',
  '-9': 'Agent skills not found',
  '-10': 'Unable to change the state of the agent',
  '-11': 'Internal error. Unable to login agent',
  '-12': 'Login failure. Zone not found',
  '-13': 'Login failure. Invalid locale',
  '-15': 'Login failure. Invalid Timezone',
  '-16': 'Login failure. Invalid Agent Name',
  '-17': 'Login failure. Authentication of agent failed.',
};

const MESSAGES = {
  notRegistered: 'This agent is not registered with the system',
  alreadyLoggedIn: 'Agent is already logged in',
  authFailed: 'Login failure. Authentication of agent failed.',
  sameAux: 'Agent already in same aux code',
  cannotChange: 'Unable to change the current state',
  unholdDisconnected: 'Unable to unhold as call is disconnected',
  unholdNotOnCall: 'Unable to unhold as agent is not on call',
  logoffNotAux: 'Unable to logoff. Please move to not ready state',
} as const;

// ── the JSONData protocol.md fixes ─────────────────────────────────────────────

/** Every key of the spec's example (its line 197), in its order. */
const CONTACT_KEYS = [
  'CallbackNotes', 'CampaignName', 'CanCancel', 'CanCancelSpecified', 'CanEnterFreeFormNumber', 'CanEnterFreeFormNumberSpecified',
  'ContactCapabilities', 'ContactNumbers', 'ContactType', 'ContactTypeSpecified', 'ScriptURL', 'ScriptFailoverURL', 'SkillsetName',
  'DefaultNumber', 'Timed', 'TimedSpecified', 'Timeout', 'TimeoutSpecified', 'CanDial', 'CanDialSpecified', 'CanReschedule',
  'CanRescheduleSpecified', 'ExpiryTime', 'ContactID', 'SkillsetID',
];
/** ContactCapabilities: POM's 18 flags in its wire order, named as .NET properties. */
const CAPABILITY_KEYS = [
  'Hold', 'Unhold', 'Transfer', 'Conference', 'Release', 'Disposition', 'Originate', 'CreateCallback', 'SendDTMF', 'UpdateRecord',
  'LeaveConference', 'Record', 'LeaveConsult', 'EndConference', 'ChangeOwnership', 'NotReady', 'Ready', 'Connect',
];
const CONTACT_NUMBER_KEYS = ['IsDefault', 'Name', 'Number', 'Timezone', 'State', 'Wireless'];
const CUSTOMER_KEYS = ['Title', 'ID', 'Firstname', 'Lastname', 'PhoneFields', 'EmailFields', 'AddressList', 'CustomFields'];
const PHONE_FIELD_KEYS = ['phoneNumber', 'countryCode', 'timezone', 'state', 'wireless'];
const ADDRESS_KEYS = ['Line1', 'Line2', 'Line3', 'Line4', 'Line5', 'Country', 'ZipCode'];
const LEAF_KEYS = ['key', 'value', 'attributeType'];

const DEMO_CAMPAIGNS = {
  Preview: { name: 'DemoPreview', skillsetName: 'PreviewOut', skillsetId: '15', contactType: 0, canCancel: true, wrapupSeconds: 60 },
  Predictive: { name: 'DemoPredictive', skillsetName: 'PredictiveOut', skillsetId: '16', contactType: 2, canCancel: false, wrapupSeconds: 30 },
} as const;

/** OnOutboundCallInitiated's JSONData for a demo contact, keys in the order of the spec's example. */
function contactJson(contact: ContactRecord, type: keyof typeof DEMO_CAMPAIGNS): string {
  const campaign = DEMO_CAMPAIGNS[type];
  const preview = type === 'Preview';
  // What the agent may do with the contact as it gets it: dial a preview; hold, release or book a callback on a connected call.
  const can = (names: string[]): Record<string, boolean> => Object.fromEntries(CAPABILITY_KEYS.map((k) => [k, names.includes(k)]));
  return JSON.stringify({
    CallbackNotes: '',
    CampaignName: campaign.name,
    CanCancel: campaign.canCancel,
    CanCancelSpecified: false,
    CanEnterFreeFormNumber: preview,
    CanEnterFreeFormNumberSpecified: false,
    ContactCapabilities: preview ? can(['NotReady', 'Connect']) : can(['Hold', 'Release', 'CreateCallback', 'NotReady']),
    ContactNumbers: contact.phones.map((p, i) => ({
      IsDefault: i === 0, Name: `Phone ${i + 1}`, Number: p.number, Timezone: p.timezone, State: p.state, Wireless: String(p.wireless),
    })),
    ContactType: campaign.contactType,
    ContactTypeSpecified: false,
    ScriptURL: '',
    ScriptFailoverURL: '',
    SkillsetName: campaign.skillsetName,
    DefaultNumber: contact.phones[0]!.number,
    Timed: false,
    TimedSpecified: false,
    Timeout: 0,
    TimeoutSpecified: false,
    CanDial: preview,
    CanDialSpecified: false,
    CanReschedule: true,
    CanRescheduleSpecified: false,
    ExpiryTime: '0',
    ContactID: contact.id,
    SkillsetID: campaign.skillsetId,
  });
}

const leaf = (key: string, value: string, attributeType: number): { key: string; value: string; attributeType: number } => ({ key, value, attributeType });
const READ_ONLY = 0;
const WRITE = 1;

/** OnOutboundCallUUIData's JSONData for a demo contact. */
function customerJson(c: ContactRecord): string {
  return JSON.stringify({
    Title: leaf('Title', c.title, WRITE),
    ID: leaf('ID', c.userContactId, READ_ONLY),
    Firstname: leaf('First Name', c.firstName, WRITE),
    Lastname: leaf('Last Name', c.lastName, WRITE),
    PhoneFields: c.phones.map((p, i) => ({
      phoneNumber: leaf(`Phone ${i + 1}`, p.number, WRITE),
      countryCode: leaf('Country Code', p.countryCode, READ_ONLY),
      timezone: leaf('Time Zone', p.timezone, READ_ONLY),
      state: leaf('State', p.state, READ_ONLY),
      wireless: leaf('Wireless', String(p.wireless), READ_ONLY),
    })),
    EmailFields: c.emails.map((e, i) => leaf(`Email ${i + 1}`, e, WRITE)),
    AddressList: [{
      Line1: leaf('Address Line 1', c.address.line1, WRITE),
      Line2: leaf('Address Line 2', c.address.line2, WRITE),
      Line3: leaf('Address Line 3', c.address.line3, WRITE),
      Line4: leaf('Address Line 4', c.address.line4, WRITE),
      Line5: leaf('Address Line 5', c.address.line5, WRITE),
      Country: leaf('Country', c.address.country, WRITE),
      ZipCode: leaf('Zip Code', c.address.zipCode, WRITE),
    }],
    CustomFields: Object.entries(c.customFields).map(([k, v]) => leaf(k, v, READ_ONLY)),
  });
}

/** The key lists protocol.md names, checked on the JSON as sent. */
function assertContactKeys(jsonData: string): void {
  const contact = JSON.parse(jsonData) as Record<string, unknown> & { ContactNumbers: Array<Record<string, unknown>>; ContactCapabilities: Record<string, unknown> };
  assert.deepStrictEqual(Object.keys(contact), CONTACT_KEYS);
  assert.deepStrictEqual(Object.keys(contact.ContactCapabilities), CAPABILITY_KEYS);
  assert.ok(contact.ContactNumbers.length > 0);
  for (const n of contact.ContactNumbers) assert.deepStrictEqual(Object.keys(n), CONTACT_NUMBER_KEYS);
}

function assertCustomerKeys(jsonData: string): void {
  type Leaf = Record<string, unknown>;
  const customer = JSON.parse(jsonData) as Record<string, unknown> & {
    Title: Leaf; ID: Leaf; Firstname: Leaf; Lastname: Leaf; PhoneFields: Array<Record<string, Leaf>>; EmailFields: Leaf[]; AddressList: Array<Record<string, Leaf>>; CustomFields: Leaf[];
  };
  assert.deepStrictEqual(Object.keys(customer), CUSTOMER_KEYS);
  const leaves: Leaf[] = [customer.Title, customer.ID, customer.Firstname, customer.Lastname, ...customer.EmailFields, ...customer.CustomFields];
  assert.ok(customer.PhoneFields.length > 0 && customer.AddressList.length > 0);
  for (const p of customer.PhoneFields) {
    assert.deepStrictEqual(Object.keys(p), PHONE_FIELD_KEYS);
    leaves.push(...Object.values(p));
  }
  for (const a of customer.AddressList) {
    assert.deepStrictEqual(Object.keys(a), ADDRESS_KEYS);
    leaves.push(...Object.values(a));
  }
  for (const l of leaves) {
    assert.deepStrictEqual(Object.keys(l), LEAF_KEYS);
    assert.equal(typeof l.key, 'string');
    assert.equal(typeof l.value, 'string');
    assert.equal(typeof l.attributeType, 'number');
  }
}

/** A number of the contact inside its calling window now (08:00–21:00 local; the far west is still asleep at the start). */
function dialableNumber(contact: ContactRecord, now: number): string {
  const phone = contact.phones.find((p) => localHour(p.timezone, now) >= 9 && localHour(p.timezone, now) < 20);
  assert.ok(phone, `contact ${contact.id} has a number inside its calling window`);
  return phone.number;
}

async function contactOf(floor: Floor, callInitiated: CtiEvent): Promise<ContactRecord> {
  const id = (JSON.parse(callInitiated.eventData.JSONData!) as { ContactID: number }).ContactID;
  const contact = await floor.nailup.store.contacts.findById(id);
  assert.ok(contact, `contact ${id} is in the store`);
  return contact;
}

async function completionCodesJson(floor: Floor, campaignName: string): Promise<string> {
  const campaign = await floor.nailup.store.campaigns.findByName(campaignName);
  assert.ok(campaign);
  const names = campaign.completionCodes.map((c) => c.codeValue);
  for (const name of ['Sale', 'Not Interested', 'Callback', 'NSP', 'CM_NTC']) assert.ok(names.includes(name), `completion code ${name}`);
  return JSON.stringify(campaign.completionCodes.map((c) => ({ codeID: c.codeID, codeValue: c.codeValue })));
}

function codeIdOf(codesJson: string, codeValue: string): string {
  const code = (JSON.parse(codesJson) as Array<{ codeID: string; codeValue: string }>).find((c) => c.codeValue === codeValue);
  assert.ok(code, `completion code ${codeValue}`);
  return code.codeID;
}

interface Offer {
  handle: string;
  contact: ContactRecord;
  initiated: CtiEvent;
  uui: CtiEvent;
}

/** Checks a new contact's OnOutboundCallInitiated and OnOutboundCallUUIData whole, against the contact in the store. */
async function checkOffer(floor: Floor, initiated: CtiEvent, uui: CtiEvent, extension: string, type: keyof typeof DEMO_CAMPAIGNS, monitorHandle: string): Promise<Offer> {
  const handle = initiated.eventData.ConnectionHandle!;
  assert.ok(handle, 'a ConnectionHandle');
  const contact = await contactOf(floor, initiated);
  assert.deepStrictEqual(initiated, ev('OnOutboundCallInitiated', extension, {
    ConnectionHandle: handle, MonitorHandle: monitorHandle, CallID: handle, Device: extension, UCID: handle, campaignType: type, JSONData: contactJson(contact, type),
  }));
  assertContactKeys(initiated.eventData.JSONData!);
  assert.deepStrictEqual(uui, ev('OnOutboundCallUUIData', extension, {
    Device: extension, ConnectionHandle: handle, UCID: handle, campaignType: type, JSONData: customerJson(contact),
  }));
  assertCustomerKeys(uui.eventData.JSONData!);
  return { handle, contact, initiated, uui };
}

/** The call events of a new preview contact: OnOutboundCallInitiated then OnOutboundCallUUIData. */
async function expectOffered(floor: Floor, socket: EventCollector, extension: string, type: keyof typeof DEMO_CAMPAIGNS, monitorHandle: string): Promise<Offer> {
  const initiated = await socket.next(named('OnOutboundCallInitiated'));
  const uui = await socket.next(named('OnOutboundCallUUIData'));
  return checkOffer(floor, initiated, uui, extension, type, monitorHandle);
}

function wrapUpData(extension: string, handle: string, type: keyof typeof DEMO_CAMPAIGNS, codesJson: string): CtiEvent {
  return ev('OnCallWrapUpDataEvent', extension, {
    Device: extension, ConnectionHandle: handle, UCID: handle, campaignType: type,
    WrapupTime: String(DEMO_CAMPAIGNS[type].wrapupSeconds), DefaultCompletionCode: '76', JSONData: codesJson,
  });
}

const ALL_FALSE = {
  hold: false, unhold: false, transfer: false, conference: false, release: false, disposition: false, originate: false,
  createCallback: false, sendDTMF: false, updateRecord: false, leaveConference: false, record: false, leaveConsult: false,
  endConference: false, changeOwnership: false, notReady: false, ready: false, connect: false,
};

/** HTTP 400 with {"error":{"code":"VALIDATION_FAILED","message":…,"field":…}} naming `field`, and no other key. */
function assertStrictValidationError(reply: HttpReply, field: string, what = ''): void {
  assertValidationError(reply, field, what);
  const context = `${what ? `${what}: ` : ''}${reply.status} ${JSON.stringify(reply.body)}`;
  assert.deepStrictEqual(Object.keys(reply.body as object), ['error'], context);
  assert.deepStrictEqual(Object.keys((reply.body as { error: object }).error).sort(), ['code', 'field', 'message'], context);
}

// ── the preview floor ──────────────────────────────────────────────────────────

describe('A3/A4 on the preview floor (agents 1001, 1002)', () => {
  let floor: Floor;
  let all: EventCollector;
  let s1: EventCollector;
  let s2: EventCollector;
  let s9: EventCollector;
  let codesJson = '';
  /** 1001's current contact and the monitor handle its calls carry. */
  let offer: Offer;
  let monitorHandle = '';

  before(async () => {
    floor = await startFloor();
    all = await floor.watch();
    s1 = await floor.watch('44001');
    s2 = await floor.watch('44002');
    s9 = await floor.watch('44009');
    codesJson = await completionCodesJson(floor, 'DemoPreview');
  });

  after(async () => {
    await floor?.close();
  });

  it('SecurityLogin and SecurityLogout answer with their Done events, as the spec writes them', async () => {
    assert.equal(await sendCommand(floor.url, 'SecurityLogin', { extension: '44001', invokeID: 5 }), 0);
    const login = await expectNext(s1, done('SecurityLoginDone', '44001', 5), { exactText: true });
    assert.equal(s1.textOf(login), '{"eventName":"SecurityLoginDone","extension":"44001","eventData":{"ErrorInfo":"","ResponseStatus":"0","Extension":"44001","InvokeID":"5","ErrorCode":"0"}}');

    const invokeID = floor.invokeID();
    await floor.accepted('SecurityLogin', { extension: '44009', invokeID });
    await expectNext(s9, done('SecurityLoginDone', '44009', invokeID), { exactText: true });
    const out = floor.invokeID();
    await floor.accepted('SecurityLogout', { extension: '44009', invokeID: out });
    await expectNext(s9, done('SecurityLogoutDone', '44009', out), { exactText: true });
  });

  it('MonitorDevice answers MonitorDeviceDone; UnMonitorDevice of an unknown monitorHandle answers 0 too (the spec: always 0)', async () => {
    const invokeID = floor.invokeID();
    await floor.accepted('MonitorDevice', { sessionID: SESSION, extension: '44001', invokeID });
    await expectNext(s1, done('MonitorDeviceDone', '44001', invokeID), { exactText: true });

    const unknown = floor.invokeID();
    await floor.accepted('UnMonitorDevice', { sessionID: SESSION, monitorHandle: 4242, invokeID: unknown });
    await expectNext(all, done('UnMonitorDeviceDone', '', unknown), { exactText: true });
  });

  it('AgentLogin: -2 for an unknown agent, -17 for a wrong password, success, then -7 when already logged in', async () => {
    assert.equal((await getAgent(floor.url, '1001')).status, 404, 'not logged in yet');

    const unknown = floor.invokeID();
    await floor.accepted('AgentLogin', { extension: '44009', agentID: '9999', agentPassword: 'demo', invokeID: unknown });
    await expectNext(s9, done('SetAgentStateDone', '44009', unknown, -2, MESSAGES.notRegistered), { exactText: true });

    const wrong = floor.invokeID();
    await floor.accepted('AgentLogin', { extension: '44001', agentID: '1001', agentPassword: 'not-the-password', invokeID: wrong });
    await expectNext(s1, done('SetAgentStateDone', '44001', wrong, -17, MESSAGES.authFailed), { exactText: true });
    assert.equal((await getAgent(floor.url, '1001')).status, 404, 'a failed login logs nobody in');

    await floor.settle();
    const mark = s1.mark();
    const ok = floor.invokeID();
    await floor.accepted('AgentLogin', { extension: '44001', agentID: '1001', agentPassword: 'demo', invokeID: ok });
    await expectNext(s1, done('SetAgentStateDone', '44001', ok), { exactText: true });
    await expectNext(s1, agentState('44001', '1001', 'NotReady', 'NoState', 0, 'NotNailedUp'));
    await floor.settle();
    assertEventsSince(s1, mark, [done('SetAgentStateDone', '44001', ok), agentState('44001', '1001', 'NotReady', 'NoState', 0, 'NotNailedUp')]);

    const again = floor.invokeID();
    await floor.accepted('AgentLogin', { extension: '44001', agentID: '1001', agentPassword: 'demo', invokeID: again });
    await expectNext(s1, done('SetAgentStateDone', '44001', again, -7, MESSAGES.alreadyLoggedIn), { exactText: true });

    const view = await getAgent(floor.url, '1001');
    assert.equal(view.status, 200);
    assert.deepStrictEqual(view.body, {
      agentID: '1001', extension: '44001', agentState: 'NotReady', callState: 'NoState', nailedStatus: 'NotNailedUp', reasonCode: 0,
      capabilities: { ...ALL_FALSE, notReady: true, ready: true }, call: null,
    });
  });

  it('AgentLogin on an extension another agent is logged in on fails with a code of table 4.1 and its message', async () => {
    const invokeID = floor.invokeID();
    await floor.accepted('AgentLogin', { extension: '44001', agentID: '1003', agentPassword: 'demo', invokeID });
    const refused = await s1.next(named('SetAgentStateDone', { InvokeID: String(invokeID) }));
    const code = refused.eventData.ErrorCode!;
    assert.ok(Object.hasOwn(LOGON_FAILURES, code), `ErrorCode ${code} is one of table 4.1's (${Object.keys(LOGON_FAILURES).join(', ')})`);
    assert.deepStrictEqual(refused, done('SetAgentStateDone', '44001', invokeID, Number(code), LOGON_FAILURES[code]));
    assert.equal((await getAgent(floor.url, '1003')).status, 404, '1003 is not logged in');
    const view = await getAgent(floor.url, '1001');
    assert.equal((view.body as { extension: string }).extension, '44001', '1001 keeps its extension');
  });

  it('SetAgentStateToAux answers SetAgentStateToAuxDone; the same aux code again is -63; Pending while NotReady is -64', async () => {
    await floor.settle();
    const mark = s1.mark();
    const aux = floor.invokeID();
    await floor.accepted('SetAgentStateToAux', stateBody('1001', aux, 5));
    await expectNext(s1, done('SetAgentStateToAuxDone', '44001', aux), { exactText: true });

    const same = floor.invokeID();
    await floor.accepted('SetAgentStateToAux', stateBody('1001', same, 5));
    await expectNext(s1, done('SetAgentStateToAuxDone', '44001', same, -63, MESSAGES.sameAux), { exactText: true });

    const pending = floor.invokeID();
    await floor.accepted('SetAgentStateToPending', stateBody('1001', pending, 6));
    await expectNext(s1, done('SetAgentStateToPendingDone', '44001', pending, -64, MESSAGES.cannotChange), { exactText: true });

    await floor.settle();
    assertEventsSince(s1, mark, [
      agentState('44001', '1001', 'NotReady', 'NoState', 5, 'NotNailedUp'),
      done('SetAgentStateToAuxDone', '44001', aux),
      done('SetAgentStateToAuxDone', '44001', same, -63, MESSAGES.sameAux),
      done('SetAgentStateToPendingDone', '44001', pending, -64, MESSAGES.cannotChange),
    ]);
    const view = await getAgent(floor.url, '1001');
    assert.equal((view.body as { reasonCode: number }).reasonCode, 5);
  });

  it('the first Ready (AutoIn) runs the whole nail-up: PendingNailUp, then NailedUp 1.5 s later, then a preview contact', async () => {
    await floor.settle();
    const mark = s1.mark();
    const ready = floor.invokeID();
    await floor.accepted('SetAgentStateToAutoIn', stateBody('1001', ready));
    await expectNext(s1, done('SetAgentStateToAutoInDone', '44001', ready), { exactText: true });
    await expectNext(s1, nailupStatus('44001', '1001', 'PendingNailUp'));
    await floor.settle();
    assertEventsSince(s1, mark, [
      agentState('44001', '1001', 'Ready', 'NoState', 0, 'NotNailedUp'),
      done('SetAgentStateToAutoInDone', '44001', ready),
      nailupStatus('44001', '1001', 'PendingNailUp'),
    ]);

    // The nailed call takes 1.5 s to reach the station.
    await floor.advance(1000);
    assert.ok(!s1.has(named('OnNailupStatusChanged')), 'not nailed up before 1.5 s');
    await floor.advance(500);
    await expectNext(s1, nailupStatus('44001', '1001', 'NailedUp'));
    await expectNext(s1, agentState('44001', '1001', 'Ready', 'Idle', 0, 'NailedUp'));
    await expectNext(s1, agentState('44001', '1001', 'Ready', 'Preview', 0, 'NailedUp'));
    // 44001 is monitored: its calls carry the monitor handle (UnMonitorDevice takes it, below).
    await floor.settle();
    monitorHandle = s1.all().find(named('OnOutboundCallInitiated'))?.eventData.MonitorHandle ?? '';
    assert.match(monitorHandle, /^[1-9][0-9]*$/);
    offer = await expectOffered(floor, s1, '44001', 'Preview', monitorHandle);

    const readyAgain = floor.invokeID();
    await floor.accepted('SetAgentStateToAutoIn', stateBody('1001', readyAgain));
    await expectNext(s1, done('SetAgentStateToAutoInDone', '44001', readyAgain, -64, MESSAGES.cannotChange), { exactText: true });
  });

  it('bad input gets HTTP 400 naming the field, with no event and no state change', async () => {
    await floor.settle();
    const before = await getAgent(floor.url, '1001');
    assert.equal(before.status, 200);
    const mark = all.mark();
    const handle = offer.handle;
    const ok = (invokeID: number): Record<string, unknown> => callBody(handle, invokeID);
    const cases: Array<{ what: string; command: string; body?: unknown; raw?: string; field: string }> = [
      { what: 'unknown command', command: 'HoldEverything', body: ok(1), field: 'command' },
      { what: 'missing parameter', command: 'Hold', body: { sessionID: SESSION, invokeID: 2 }, field: 'connectionHandle' },
      { what: 'invokeID as a string', command: 'Hold', body: { ...ok(3), invokeID: '5' }, field: 'invokeID' },
      { what: 'extra unknown parameter', command: 'Hold', body: { ...ok(4), priority: 'high' }, field: 'priority' },
      { what: 'malformed JSON', command: 'Hold', raw: '{"sessionID": "s", "connectionHandle": ', field: 'body' },
      { what: 'a body that is not an object', command: 'Hold', body: [ok(5)], field: 'body' },
      { what: 'agent not logged in', command: 'SetAgentStateToAux', body: stateBody('1005', 6, 3), field: 'agentID' },
      { what: 'reasonCode as a string', command: 'SetAgentStateToAux', body: { ...stateBody('1001', 7), reasonCode: '3' }, field: 'reasonCode' },
      { what: 'unknown connectionHandle', command: 'Hold', body: callBody('no-such-call', 8), field: 'connectionHandle' },
      { what: 'unknown connectionHandle (DisconnectCall)', command: 'DisconnectCall', body: callBody(`${handle}x`, 9), field: 'connectionHandle' },
      { what: 'jsonData that is not JSON', command: 'SendGenericCTICommand', body: { commandName: 'CancelPOMPreviewCall', jsonData: `{connectionHandle: ${handle}}`, invokeID: 10 }, field: 'jsonData' },
      { what: 'jsonData that is not an object', command: 'SendGenericCTICommand', body: { commandName: 'CancelPOMPreviewCall', jsonData: JSON.stringify([handle]), invokeID: 11 }, field: 'jsonData' },
      { what: 'jsonData without a field', command: 'SendGenericCTICommand', body: generic('DialPOMPreviewCall', { connectionHandle: handle, custName: 'x' }, 12), field: 'jsonData.numberToDial' },
      { what: 'jsonData of an unknown call', command: 'SendGenericCTICommand', body: generic('CancelPOMPreviewCall', { connectionHandle: 'nope' }, 13), field: 'jsonData.connectionHandle' },
      { what: 'jsonData of a wrong type', command: 'SendGenericCTICommand', body: { commandName: 'CancelPOMPreviewCall', jsonData: { connectionHandle: handle }, invokeID: 14 }, field: 'jsonData' },
      { what: 'unknown generic command', command: 'SendGenericCTICommand', body: generic('DialEverybody', { connectionHandle: handle }, 15), field: 'commandName' },
      { what: 'userUserInfo given twice', command: 'DisconnectCall', body: { ...ok(17), userUserInfo: 'a', UserUserInfo: 'b' }, field: 'UserUserInfo' },
      { what: 'commandName given twice', command: 'SendGenericCTICommand', body: { ...generic('CancelPOMPreviewCall', { connectionHandle: handle }, 18), CommandName: 'CancelPOMPreviewCall' }, field: 'CommandName' },
      { what: 'consultType not Agent or External', command: 'SendGenericCTICommand', body: generic('GetConsultDestinationAgentsList', { connectionHandle: handle, consultType: 'Everyone' }, 16), field: 'jsonData.consultType' },
    ];
    for (const c of cases) {
      const reply = await postCommand(floor.url, c.command, c.body, c.raw === undefined ? {} : { raw: c.raw });
      assertStrictValidationError(reply, c.field, c.what);
    }
    await floor.settle();
    assert.deepStrictEqual(all.since(mark), [], 'no event for refused commands');
    assert.deepStrictEqual(await getAgent(floor.url, '1001'), before, 'the agent is as it was');
  });

  it('ManualIn, GetConsultDestinationAgentsList, Pending during a call, then NotReady after wrap-up (agent 1002)', async () => {
    const login = floor.invokeID();
    await floor.accepted('AgentLogin', { extension: '44002', agentID: '1002', agentPassword: 'demo', invokeID: login });
    await expectNext(s2, done('SetAgentStateDone', '44002', login));
    await expectNext(s2, agentState('44002', '1002', 'NotReady', 'NoState', 0, 'NotNailedUp'));
    const manual = floor.invokeID();
    await floor.accepted('SetAgentStateToManualIn', stateBody('1002', manual));
    await expectNext(s2, agentState('44002', '1002', 'Ready', 'NoState', 0, 'NotNailedUp'));
    await expectNext(s2, done('SetAgentStateToManualInDone', '44002', manual), { exactText: true });
    await expectNext(s2, nailupStatus('44002', '1002', 'PendingNailUp'));
    await floor.advance(1500);
    await expectNext(s2, nailupStatus('44002', '1002', 'NailedUp'));
    const offer2 = await expectOffered(floor, s2, '44002', 'Preview', '0');
    const h2 = offer2.handle;

    // 1001 is Ready with a preview in hand: a busy agent of the same organization.
    const name1001 = (await floor.nailup.store.agents.findByAgentId('1001'))!.name;
    const consult = floor.invokeID();
    await floor.accepted('SendGenericCTICommand', generic('GetConsultDestinationAgentsList', { connectionHandle: h2, consultType: 'Agent' }, consult));
    await expectNext(s2, ev('OnConsultDestinationAgentsList', '44002', {
      ResponseStatus: '0', ErrorInfo: '', Extension: '44002', InvokeID: String(consult), ConnectionHandle: h2, consultType: 'Agent',
      JSONData: JSON.stringify([{ destinationName: name1001, destinationValue: '1001', destinationType: 'Agent', presence: 'Busy', state: 'Ready' }]),
    }));
    const external = floor.invokeID();
    await floor.accepted('SendGenericCTICommand', generic('GetConsultDestinationAgentsList', { connectionHandle: h2, consultType: 'External' }, external));
    await expectNext(s2, ev('OnConsultDestinationAgentsList', '44002', {
      ResponseStatus: '-382', ErrorInfo: 'No external numbers configured', Extension: '44002', InvokeID: String(external), ConnectionHandle: h2, consultType: 'External', JSONData: '[]',
    }));

    // Dial the previewed contact, then ask for Not-Ready while talking.
    const dial = floor.invokeID();
    const number = dialableNumber(offer2.contact, floor.clock.now());
    await floor.accepted('SendGenericCTICommand', generic('DialPOMPreviewCall', { connectionHandle: h2, numberToDial: number, custName: `${offer2.contact.firstName} ${offer2.contact.lastName}` }, dial));
    await expectNext(s2, agentState('44002', '1002', 'Ready', 'Dialing', 0, 'NailedUp'));
    await floor.advanceUntil(s2, named('OnAgentStateChanged', { CallState: 'Talking' }), 60_000);
    const pending = floor.invokeID();
    await floor.accepted('SetAgentStateToPending', stateBody('1002', pending, 3));
    await expectNext(s2, agentState('44002', '1002', 'PendingNotReady', 'Talking', 3, 'NailedUp'));
    await expectNext(s2, done('SetAgentStateToPendingDone', '44002', pending), { exactText: true });

    const release = floor.invokeID();
    await floor.accepted('DisconnectCall', callBody(h2, release));
    await expectNext(s2, agentState('44002', '1002', 'PendingNotReady', 'Wrapup', 3, 'NailedUp'));
    await expectNext(s2, callDone('DisconnectCallDone', '44002', release), { exactText: true });
    await expectNext(s2, wrapUpData('44002', h2, 'Preview', codesJson));
    const wrap = floor.invokeID();
    await floor.accepted('SendGenericCTICommand', generic('WrapUpCallContact', { connectionHandle: h2, pCode: codeIdOf(codesJson, 'Not Interested'), pValue: 'Not Interested' }, wrap));
    await expectNext(s2, wrapUpDone('44002', wrap, h2));
    await expectNext(s2, agentState('44002', '1002', 'NotReady', 'Wrapup', 3, 'NailedUp'));
    await expectNext(s2, agentState('44002', '1002', 'NotReady', 'Idle', 3, 'NailedUp'));

    // NotReady: no new contact however long the agent waits.
    await floor.advance(30_000);
    assert.ok(!s2.has(named('OnOutboundCallInitiated')), 'no contact for an agent in NotReady');

    const aux = floor.invokeID();
    await floor.accepted('SetAgentStateToAux', stateBody('1002', aux, 4));
    await expectNext(s2, agentState('44002', '1002', 'NotReady', 'Idle', 4, 'NailedUp'));
    await expectNext(s2, done('SetAgentStateToAuxDone', '44002', aux));
    const logout = floor.invokeID();
    await floor.accepted('AgentLogout', { sessionID: SESSION, agentID: '1002', invokeID: logout, queue: '', reasonCode: 0 });
    await expectNext(s2, done('SetAgentStateDone', '44002', logout), { exactText: true });
    assert.equal((await getAgent(floor.url, '1002')).status, 404);
  });

  it('a whole preview contact: dial, talk, hold, unhold, disconnect, wrap-up, with the failures of each step', async () => {
    const handle = offer.handle;
    const customer = JSON.parse(offer.uui.eventData.JSONData!) as { Firstname: { value: string }; Lastname: { value: string }; PhoneFields: Array<{ phoneNumber: { value: string } }> };
    const number = dialableNumber(offer.contact, floor.clock.now());
    assert.ok(customer.PhoneFields.some((p) => p.phoneNumber.value === number), 'the number is one of OnOutboundCallUUIData\'s');

    // Dial: the number and the name come from OnOutboundCallUUIData.
    await floor.settle();
    const dial = floor.invokeID();
    await floor.accepted('SendGenericCTICommand', generic('DialPOMPreviewCall', { connectionHandle: handle, numberToDial: number, custName: `${customer.Firstname.value} ${customer.Lastname.value}` }, dial));
    await expectNext(s1, agentState('44001', '1001', 'Ready', 'Dialing', 0, 'NailedUp'));
    // The customer answers after a few rings.
    const talking = await floor.advanceUntil(s1, named('OnAgentStateChanged'), 60_000);
    assert.deepStrictEqual(talking, agentState('44001', '1001', 'Ready', 'Talking', 0, 'NailedUp'));

    // The agent state read during the call.
    const view = await getAgent(floor.url, '1001');
    assert.equal(view.status, 200);
    assert.deepStrictEqual(view.body, {
      agentID: '1001', extension: '44001', agentState: 'Ready', callState: 'Talking', nailedStatus: 'NailedUp', reasonCode: 0,
      capabilities: { ...ALL_FALSE, hold: true, release: true, createCallback: true, notReady: true },
      call: { ConnectionHandle: handle, campaignType: 'Preview', campaignName: 'DemoPreview', contactID: offer.contact.id },
    });

    const hold = floor.invokeID();
    await floor.accepted('Hold', callBody(handle, hold));
    await expectNext(s1, agentState('44001', '1001', 'Ready', 'Held', 0, 'NailedUp'));
    await expectNext(s1, callDone('HoldCallDone', '44001', hold), { exactText: true });

    const holdAgain = floor.invokeID();
    await floor.accepted('Hold', callBody(handle, holdAgain));
    await expectNext(s1, failure('44001', holdAgain, -101, 'Unable to hold'), { exactText: true });

    const unhold = floor.invokeID();
    await floor.accepted('HoldReconnect', callBody(handle, unhold));
    await expectNext(s1, agentState('44001', '1001', 'Ready', 'Talking', 0, 'NailedUp'));
    await expectNext(s1, callDone('HoldReconnectDone', '44001', unhold), { exactText: true });

    const unholdAgain = floor.invokeID();
    await floor.accepted('HoldReconnect', callBody(handle, unholdAgain));
    await expectNext(s1, failure('44001', unholdAgain, -123, MESSAGES.unholdNotOnCall), { exactText: true });

    await floor.settle();
    let mark = s1.mark();
    const release = floor.invokeID();
    // The parameter as the spec spells it (UserUserInfo) is accepted as well as userUserInfo.
    await floor.accepted('DisconnectCall', { ...callBody(handle, release), UserUserInfo: 'ticket 42' });
    await expectNext(s1, callDone('DisconnectCallDone', '44001', release), { exactText: true });
    await expectNext(s1, wrapUpData('44001', handle, 'Preview', codesJson));
    await floor.settle();
    assertEventsSince(s1, mark, [
      agentState('44001', '1001', 'Ready', 'Wrapup', 0, 'NailedUp'),
      callDone('DisconnectCallDone', '44001', release),
      wrapUpData('44001', handle, 'Preview', codesJson),
    ]);

    // More wrap-up time (the campaign allows it): the full wrap-up time again.
    const extend = floor.invokeID();
    await floor.accepted('SendGenericCTICommand', generic('ExtendPOMWrapup', { connectionHandle: handle }, extend));
    await expectNext(s1, { eventName: 'ExtendPOMWrapupDone', extension: '44001', eventData: { ResponseStatus: '0', Extension: '44001', InvokeID: String(extend), ConnectionHandle: handle, WrapupTime: '60' } }, { exactText: true });
    // A redial to a number that is not one is refused by POM with 362, as an event.
    const redial = floor.invokeID();
    await floor.accepted('SendGenericCTICommand', generic('RedialPOMCall', { connectionHandle: handle, numberToDial: 'not a number' }, redial));
    const noNumber = await s1.next(named('CSTAUniversalFailureEvent', { InvokeID: String(redial) }));
    assert.equal(noNumber.eventData.ErrorCode, '-362');

    const afterEnd = floor.invokeID();
    await floor.accepted('HoldReconnect', callBody(handle, afterEnd));
    await expectNext(s1, failure('44001', afterEnd, -122, MESSAGES.unholdDisconnected), { exactText: true });

    const badCode = floor.invokeID();
    await floor.accepted('SendGenericCTICommand', generic('WrapUpCallContact', { connectionHandle: handle, pCode: '999', pValue: 'No such code' }, badCode));
    const refused = await s1.next(named('CSTAUniversalFailureEvent', { InvokeID: String(badCode) }));
    assert.equal(refused.eventData.ErrorCode, '-204');
    assert.deepStrictEqual(refused, failure('44001', badCode, -204, 'Wrap-up failed: completion code not updated'));

    await floor.settle();
    mark = s1.mark();
    const wrap = floor.invokeID();
    // CommandName, as the spec spells it.
    const { commandName, ...rest } = generic('WrapUpCallContact', { connectionHandle: handle, pCode: codeIdOf(codesJson, 'Sale'), pValue: 'Sale' }, wrap);
    await floor.accepted('SendGenericCTICommand', { ...rest, CommandName: commandName });
    await expectNext(s1, wrapUpDone('44001', wrap, handle));
    await expectNext(s1, agentState('44001', '1001', 'Ready', 'Idle', 0, 'NailedUp'));
    // Ready after wrap-up: the next preview contact comes at once.
    await expectNext(s1, agentState('44001', '1001', 'Ready', 'Preview', 0, 'NailedUp'));
    const next = await expectOffered(floor, s1, '44001', 'Preview', monitorHandle);
    assert.notEqual(next.handle, handle);
    assert.notEqual(next.contact.id, offer.contact.id);
    await floor.settle();
    assert.equal(s1.since(mark).length, 5);
    offer = next;

    // Logoff is allowed only in NotReady.
    const logout = floor.invokeID();
    await floor.accepted('AgentLogout', { sessionID: SESSION, agentID: '1001', invokeID: logout, queue: '', reasonCode: 0 });
    await expectNext(s1, done('SetAgentStateDone', '44001', logout, -541, MESSAGES.logoffNotAux), { exactText: true });
    assert.equal((await getAgent(floor.url, '1001')).status, 200, 'still logged in');
  });

  it('Aux with a preview in hand is PendingNotReady; CancelPOMPreviewCall, wrap-up, NotReady, then AgentLogout succeeds', async () => {
    const handle = offer.handle;
    const aux = floor.invokeID();
    await floor.accepted('SetAgentStateToAux', stateBody('1001', aux, 7));
    await expectNext(s1, agentState('44001', '1001', 'PendingNotReady', 'Preview', 7, 'NailedUp'));
    await expectNext(s1, done('SetAgentStateToAuxDone', '44001', aux), { exactText: true });

    const logout = floor.invokeID();
    await floor.accepted('AgentLogout', { sessionID: SESSION, agentID: '1001', invokeID: logout, queue: '', reasonCode: 0 });
    await expectNext(s1, done('SetAgentStateDone', '44001', logout, -541, MESSAGES.logoffNotAux));

    const cancel = floor.invokeID();
    await floor.accepted('SendGenericCTICommand', generic('CancelPOMPreviewCall', { connectionHandle: handle }, cancel));
    await expectNext(s1, agentState('44001', '1001', 'PendingNotReady', 'Wrapup', 7, 'NailedUp'));
    await expectNext(s1, ev('OnPreviewCallCancelled', '44001', { ResponseStatus: '0', Extension: '44001', InvokeID: String(cancel), ConnectionHandle: handle }));
    await expectNext(s1, wrapUpData('44001', handle, 'Preview', codesJson));

    const wrap = floor.invokeID();
    await floor.accepted('SendGenericCTICommand', generic('WrapUpCallContact', { connectionHandle: handle, pCode: codeIdOf(codesJson, 'CM_NTC'), pValue: 'CM_NTC' }, wrap));
    await expectNext(s1, wrapUpDone('44001', wrap, handle));
    await expectNext(s1, agentState('44001', '1001', 'NotReady', 'Wrapup', 7, 'NailedUp'));
    await expectNext(s1, agentState('44001', '1001', 'NotReady', 'Idle', 7, 'NailedUp'));
    await floor.advance(5000);
    assert.ok(!s1.has(named('OnOutboundCallInitiated')), 'no new contact once NotReady');

    await floor.settle();
    const mark = s1.mark();
    const out = floor.invokeID();
    await floor.accepted('AgentLogout', { sessionID: SESSION, agentID: '1001', invokeID: out, queue: '', reasonCode: 0 });
    await expectNext(s1, done('SetAgentStateDone', '44001', out), { exactText: true });
    await floor.settle();
    const loggedOut = s1.since(mark);
    assert.deepStrictEqual(loggedOut.map((e) => e.eventName), ['OnNailupStatusChanged', 'OnNailupStatusChanged', 'OnAgentLoggedOut', 'SetAgentStateDone']);
    assert.deepStrictEqual(loggedOut[0], nailupStatus('44001', '1001', 'PendingNailupDrop'));
    assert.deepStrictEqual(loggedOut[1], nailupStatus('44001', '1001', 'NotNailedUp'));
    assert.deepStrictEqual(loggedOut[2], { eventName: 'OnAgentLoggedOut', extension: '44001', eventData: { Extension: '44001', AgentID: '1001' } });
    assert.deepStrictEqual(loggedOut[3], done('SetAgentStateDone', '44001', out));
    assert.equal((await getAgent(floor.url, '1001')).status, 404, 'not logged in any more');
  });

  it('UnMonitorDevice of the handle the call carried answers UnMonitorDeviceDone; SecurityLogout answers SecurityLogoutDone', async () => {
    const unmonitor = floor.invokeID();
    await floor.accepted('UnMonitorDevice', { sessionID: SESSION, monitorHandle: Number(monitorHandle), invokeID: unmonitor });
    await expectNext(s1, done('UnMonitorDeviceDone', '44001', unmonitor), { exactText: true });
    // The handle is gone now: unmonitoring it again still answers 0, on no extension.
    const again = floor.invokeID();
    await floor.accepted('UnMonitorDevice', { sessionID: SESSION, monitorHandle: Number(monitorHandle), invokeID: again });
    await expectNext(all, done('UnMonitorDeviceDone', '', again), { exactText: true });
    const out = floor.invokeID();
    await floor.accepted('SecurityLogout', { extension: '44001', invokeID: out });
    await expectNext(s1, done('SecurityLogoutDone', '44001', out), { exactText: true });
  });

  it('once 1001 logged out, its extension is free: another agent logs in on it', async () => {
    const login = floor.invokeID();
    await floor.accepted('AgentLogin', { extension: '44001', agentID: '1003', agentPassword: 'demo', invokeID: login });
    await expectNext(s1, done('SetAgentStateDone', '44001', login), { exactText: true });
    await expectNext(s1, agentState('44001', '1003', 'NotReady', 'NoState', 0, 'NotNailedUp'));
    const logout = floor.invokeID();
    await floor.accepted('AgentLogout', { sessionID: SESSION, agentID: '1003', invokeID: logout });
    await expectNext(s1, done('SetAgentStateDone', '44001', logout), { exactText: true });
  });

  it('a command for an agent who logged out is refused with HTTP 400 naming agentID', async () => {
    await floor.settle();
    const mark = all.mark();
    assertStrictValidationError(await postCommand(floor.url, 'SetAgentStateToAutoIn', stateBody('1001', floor.invokeID())), 'agentID');
    assertStrictValidationError(await postCommand(floor.url, 'AgentLogout', { sessionID: SESSION, agentID: '1001', invokeID: floor.invokeID() }), 'agentID');
    await floor.settle();
    assert.deepStrictEqual(all.since(mark), []);
  });

  it('every event carries strings only, names its extension, and OnAgentStateChanged / OnNailupStatusChanged use protocol.md\'s states', async () => {
    await floor.settle();
    const events = all.all();
    assert.ok(events.length > 50);
    const agentStates = new Set(['Ready', 'NotReady', 'PendingNotReady']);
    const nailedStates = new Set(['NotNailedUp', 'PendingNailUp', 'NailedUp', 'NailingLost', 'PendingNailupDrop']);
    const offending: string[] = [];
    for (const e of events) {
      assert.ok(typeof e.eventName === 'string' && e.eventName.length > 0);
      for (const [key, value] of Object.entries(e.eventData)) assert.equal(typeof value, 'string', `${e.eventName}.${key} is a string`);
      assert.equal(e.eventData.Extension ?? e.eventData.Device, e.extension, `${e.eventName} names its extension`);
      if (e.eventName === 'OnAgentStateChanged' && !agentStates.has(e.eventData.AgentState!)) offending.push(`AgentState ${e.eventData.AgentState}`);
      if ((e.eventName === 'OnAgentStateChanged' || e.eventName === 'OnNailupStatusChanged') && !nailedStates.has(e.eventData.NailedStatus!)) offending.push(`NailedStatus ${e.eventData.NailedStatus}`);
    }
    assert.deepStrictEqual(offending, [], 'states outside protocol.md §3/§5 (AgentState: Ready / NotReady / PendingNotReady)');
  });

  it('each extension\'s events arrive in order; ?extension= receives only that extension\'s, the unfiltered socket everyone\'s', async () => {
    await floor.settle();
    const everything = all.all();
    const texts = all.allTexts();
    for (const [extension, socket] of [['44001', s1], ['44002', s2], ['44009', s9]] as const) {
      const mine = socket.all();
      assert.ok(mine.length > 0, `${extension} had events`);
      assert.ok(mine.every((e) => e.extension === extension), `only ${extension}'s events on ?extension=${extension}`);
      // The same events, in the same order, as the unfiltered socket saw them.
      assert.deepStrictEqual(socket.allTexts(), texts.filter((_t, i) => everything[i]!.extension === extension));
    }
    // UnMonitorDevice of a handle no longer monitored answers on no extension ('').
    const extensions = new Set(everything.map((e) => e.extension));
    assert.deepStrictEqual([...extensions].sort(), ['', '44001', '44002', '44009']);

    // One contact's events of 44001 in the order the call went.
    const names = s1.all().map((e) => e.eventName);
    const order = ['SecurityLoginDone', 'MonitorDeviceDone', 'SetAgentStateDone', 'SetAgentStateToAutoInDone', 'OnNailupStatusChanged', 'OnOutboundCallInitiated',
      'OnOutboundCallUUIData', 'HoldCallDone', 'HoldReconnectDone', 'DisconnectCallDone', 'OnCallWrapUpDataEvent', 'OnCallWrapUpDone', 'OnPreviewCallCancelled', 'UnMonitorDeviceDone', 'SecurityLogoutDone'];
    let at = -1;
    for (const name of order) {
      const i = names.indexOf(name, at + 1);
      assert.ok(i > at, `${name} after the events before it (${names.join(', ')})`);
      at = i;
    }
  });
});

// ── a predictive contact ───────────────────────────────────────────────────────

describe('A3/A4 on the predictive floor (agent 1011)', () => {
  let floor: Floor;
  let s11: EventCollector;

  before(async () => {
    floor = await startFloor();
    s11 = await floor.watch('44011');
  });

  after(async () => {
    await floor?.close();
  });

  it('login, AutoIn, nail-up, a predictive call the customer ends, wrap-up, Aux and logout', async () => {
    const codesJson = await completionCodesJson(floor, 'DemoPredictive');
    const login = floor.invokeID();
    await floor.accepted('AgentLogin', { extension: '44011', agentID: '1011', agentPassword: 'demo', invokeID: login });
    await expectNext(s11, done('SetAgentStateDone', '44011', login), { exactText: true });
    await expectNext(s11, agentState('44011', '1011', 'NotReady', 'NoState', 0, 'NotNailedUp'));

    const ready = floor.invokeID();
    await floor.accepted('SetAgentStateToAutoIn', stateBody('1011', ready));
    await expectNext(s11, agentState('44011', '1011', 'Ready', 'NoState', 0, 'NotNailedUp'));
    await expectNext(s11, done('SetAgentStateToAutoInDone', '44011', ready), { exactText: true });
    await expectNext(s11, nailupStatus('44011', '1011', 'PendingNailUp'));
    await floor.advance(1500);
    await expectNext(s11, nailupStatus('44011', '1011', 'NailedUp'));
    await expectNext(s11, agentState('44011', '1011', 'Ready', 'Idle', 0, 'NailedUp'));

    // The dialer calls; a person answers and is connected to the agent.
    const initiated = await floor.advanceUntil(s11, named('OnOutboundCallInitiated'), 120_000);
    await expectNext(s11, agentState('44011', '1011', 'Ready', 'Talking', 0, 'NailedUp'));
    const uui = await s11.next(named('OnOutboundCallUUIData'));
    const offered = await checkOffer(floor, initiated, uui, '44011', 'Predictive', '0');
    const handle = offered.handle;
    const view = await getAgent(floor.url, '1011');
    assert.deepStrictEqual((view.body as { call: unknown }).call, { ConnectionHandle: handle, campaignType: 'Predictive', campaignName: 'DemoPredictive', contactID: offered.contact.id });

    // The customer hangs up.
    const disconnected = await floor.advanceUntil(s11, named('OnCallDisconnected'));
    assert.deepStrictEqual(disconnected, ev('OnCallDisconnected', '44011', {
      Device: '44011', ConnectionHandle: handle, UCID: handle, campaignType: 'Predictive', Reason: 'Disconnected_By_User',
    }));
    await expectNext(s11, wrapUpData('44011', handle, 'Predictive', codesJson));
    assert.deepStrictEqual(s11.all().filter(named('OnAgentStateChanged')).at(-1), agentState('44011', '1011', 'Ready', 'Wrapup', 0, 'NailedUp'));

    const wrap = floor.invokeID();
    await floor.accepted('SendGenericCTICommand', generic('WrapUpCallContact', { connectionHandle: handle, pCode: codeIdOf(codesJson, 'NSP'), pValue: 'NSP' }, wrap));
    await expectNext(s11, wrapUpDone('44011', wrap, handle));
    await expectNext(s11, agentState('44011', '1011', 'Ready', 'Idle', 0, 'NailedUp'));

    const aux = floor.invokeID();
    await floor.accepted('SetAgentStateToAux', stateBody('1011', aux, 2));
    await expectNext(s11, agentState('44011', '1011', 'NotReady', 'Idle', 2, 'NailedUp'));
    await expectNext(s11, done('SetAgentStateToAuxDone', '44011', aux), { exactText: true });
    const logout = floor.invokeID();
    await floor.accepted('AgentLogout', { sessionID: SESSION, agentID: '1011', invokeID: logout, queue: '', reasonCode: 0 });
    await expectNext(s11, done('SetAgentStateDone', '44011', logout), { exactText: true });
    assert.equal((await getAgent(floor.url, '1011')).status, 404);
  });
});

// ── a dial failure ─────────────────────────────────────────────────────────────

describe('A4 on a dial failure (every number busy)', () => {
  let floor: Floor;
  let s1: EventCollector;

  before(async () => {
    floor = await startFloor({ 'network.outcomes': { live: 0, machine: 0, busy: 1, invalid: 0, refused: 0 } });
    s1 = await floor.watch('44001');
  });

  after(async () => {
    await floor?.close();
  });

  it('a busy preview number gives OnCallDisconnected with Reason Call_Busy and the wrap-up data', async () => {
    const codesJson = await completionCodesJson(floor, 'DemoPreview');
    const login = floor.invokeID();
    await floor.accepted('AgentLogin', { extension: '44001', agentID: '1001', agentPassword: 'demo', invokeID: login });
    await expectNext(s1, done('SetAgentStateDone', '44001', login));
    await floor.accepted('SetAgentStateToAutoIn', stateBody('1001', floor.invokeID()));
    await floor.advance(1500);
    const { handle, contact } = await expectOffered(floor, s1, '44001', 'Preview', '0');

    await floor.accepted('SendGenericCTICommand', generic('DialPOMPreviewCall', { connectionHandle: handle, numberToDial: dialableNumber(contact, floor.clock.now()), custName: contact.lastName }, floor.invokeID()));
    await expectNext(s1, agentState('44001', '1001', 'Ready', 'Dialing', 0, 'NailedUp'));
    const disconnected = await floor.advanceUntil(s1, named('OnCallDisconnected'), 60_000);
    assert.deepStrictEqual(disconnected, ev('OnCallDisconnected', '44001', { Device: '44001', ConnectionHandle: handle, UCID: handle, campaignType: 'Preview', Reason: 'Call_Busy' }));
    await expectNext(s1, wrapUpData('44001', handle, 'Preview', codesJson));
    assert.deepStrictEqual(s1.all().filter(named('OnAgentStateChanged')).at(-1), agentState('44001', '1001', 'Ready', 'Wrapup', 0, 'NailedUp'));
    assert.ok(!s1.has(named('OnCallWrapUpDone')));
  });
});

// ── walk-away ──────────────────────────────────────────────────────────────────

/** Logs the agent on, makes it Ready and runs simulated time until the agent is moved to NotReady (or `maxMs`). */
async function unattendedAgent(floor: Floor, socket: EventCollector, agentID: string, extension: string): Promise<void> {
  const login = floor.invokeID();
  await floor.accepted('AgentLogin', { extension, agentID, agentPassword: 'demo', invokeID: login });
  await expectNext(socket, done('SetAgentStateDone', extension, login));
  await floor.accepted('SetAgentStateToAutoIn', stateBody(agentID, floor.invokeID()));
  await expectNext(socket, nailupStatus(extension, agentID, 'PendingNailUp'));
  await floor.advance(1500);
  await expectNext(socket, nailupStatus(extension, agentID, 'NailedUp'));
}

describe('walk-away', () => {
  it('an agent who takes no action on two consecutive predictive calls is moved to NotReady with the walk-away reason code', async () => {
    const floor = await startFloor();
    try {
      const s12 = await floor.watch('44012');
      await unattendedAgent(floor, s12, '1012', '44012');
      const mark = s12.mark();
      const walked = await floor.advanceUntil(s12, named('OnAgentStateChanged', { AgentState: 'NotReady' }), 20 * 60_000, 5000);
      assert.deepStrictEqual(walked, agentState('44012', '1012', 'NotReady', 'Idle', WALK_AWAY_CODE, 'NailedUp'));
      const events = s12.since(mark);
      const upTo = events.indexOf(walked);
      const calls = events.slice(0, upTo).filter(named('OnOutboundCallInitiated')).map((e) => e.eventData.ConnectionHandle);
      assert.equal(calls.length, 2, 'moved after the second call');
      for (const handle of calls) {
        assert.ok(events.some(named('OnCallDisconnected', { ConnectionHandle: handle!, Reason: 'Disconnected_By_User' })), 'the customer ended the call');
        assert.ok(events.some(named('OnCallWrapUpDataEvent', { ConnectionHandle: handle!, DefaultCompletionCode: '76' })));
      }
      assert.ok(!events.some(named('OnCallWrapUpDone')), 'nobody wrapped the calls up');
      // The wrap-up timed out with the campaign's default code.
      const attempts = (await floor.nailup.store.attempts.listBetween(START, floor.clock.now() + 1)).filter((a) => a.agentId === '1012' && a.connectedAt !== null);
      assert.deepStrictEqual(attempts.map((a) => a.completionCode), ['76', '76']);

      const view = await getAgent(floor.url, '1012');
      assert.equal((view.body as { agentState: string }).agentState, 'NotReady');
      assert.equal((view.body as { reasonCode: number }).reasonCode, WALK_AWAY_CODE);
      await floor.advance(120_000);
      assert.ok(!s12.has(named('OnOutboundCallInitiated')), 'no call for an agent who walked away');
    } finally {
      await floor.close();
    }
  });

  it('a command refused with HTTP 400 is no action of the agent: two unattended calls still mean walk-away', async () => {
    const floor = await startFloor();
    try {
      const s13 = await floor.watch('44013');
      await unattendedAgent(floor, s13, '1013', '44013');
      // The first call ends unattended (customer hangs up, wrap-up times out).
      await floor.advanceUntil(s13, named('OnCallWrapUpDataEvent'), 20 * 60_000, 5000);
      await floor.advanceUntil(s13, named('OnAgentStateChanged', { CallState: 'Idle' }), 120_000, 5000);
      // A malformed request in between changes nothing.
      assertStrictValidationError(await postCommand(floor.url, 'SetAgentStateToAux', stateBody('1013', floor.invokeID(), -1)), 'reasonCode');
      const walked = await floor.advanceUntil(s13, (e) => e.eventName === 'OnAgentStateChanged' && e.eventData.AgentState !== 'Ready', 20 * 60_000, 5000);
      assert.deepStrictEqual(walked, agentState('44013', '1013', 'NotReady', 'Idle', WALK_AWAY_CODE, 'NailedUp'));
      const calls = s13.all().slice(0, s13.all().indexOf(walked)).filter(named('OnOutboundCallInitiated'));
      assert.equal(calls.length, 2, 'moved after the second unattended call: a request refused with HTTP 400 must not count as an action');
    } finally {
      await floor.close();
    }
  });
});

// ── access to A3 and A4 ────────────────────────────────────────────────────────

describe('access to the CTI links', () => {
  it('without cti.apiKey, A3, A4 and the agent read work from loopback', async () => {
    const floor = await startFloor();
    try {
      assert.match(floor.url, /^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+$/);
      const socket = await EventCollector.open(floor.url, { extension: '44001' });
      try {
        assert.equal(await sendCommand(floor.url, 'SecurityLogin', { extension: '44001', invokeID: 2 }), 0);
        await expectNext(socket, done('SecurityLoginDone', '44001', 2), { exactText: true });
        assert.equal((await getAgent(floor.url, '1001')).status, 404);
      } finally {
        await socket.close();
      }
    } finally {
      await floor.close();
    }
  });

  it('without cti.apiKey, A3 and the agent read from a non-loopback address are refused', async (t) => {
    const address = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (!address) {
      t.skip('this machine has no non-loopback IPv4 address');
      return;
    }
    // Listening on every interface, the server answers only the names it is given (and loopback).
    const floor = await startFloor({ host: '0.0.0.0', 'http.allowedHosts': [address] });
    try {
      const socket = await floor.watch();
      const remote = `http://${address}:${new URL(floor.url).port}`;
      const reply = await postCommand(remote, 'SecurityLogin', { extension: '44001', invokeID: 3 });
      assert.equal(reply.status, 403, JSON.stringify(reply.body));
      assert.equal((reply.body as { error: { code: string } }).error.code, 'FORBIDDEN');
      assert.equal((await getAgent(remote, '1001')).status, 403);
      await assert.rejects(EventCollector.open(remote), /WebSocket refused: HTTP 403/);
      await floor.settle();
      assert.deepStrictEqual(socket.all(), [], 'a refused command emits nothing');
      // The same server answers loopback.
      assert.equal(await sendCommand(`http://127.0.0.1:${new URL(floor.url).port}`, 'SecurityLogin', { extension: '44001', invokeID: 4 }), 0);
    } finally {
      await floor.close();
    }
  });

  it('with cti.apiKey configured, A3, A4 and the agent read need the x-api-key header', async () => {
    const floor = await startFloor({ 'cti.apiKey': 'k3y-for-tests' });
    try {
      const without = await postCommand(floor.url, 'SecurityLogin', { extension: '44001', invokeID: 1 });
      assert.equal(without.status, 401, JSON.stringify(without.body));
      assert.equal((without.body as { error: { code: string } }).error.code, 'UNAUTHORIZED');
      const wrongKey = await postCommand(floor.url, 'SecurityLogin', { extension: '44001', invokeID: 1 }, { headers: { 'x-api-key': 'other' } });
      assert.equal(wrongKey.status, 401);
      assert.equal((await getAgent(floor.url, '1001')).status, 401);
      await assert.rejects(EventCollector.open(floor.url), /WebSocket refused: HTTP 40[13]/);

      const headers = { 'x-api-key': 'k3y-for-tests' };
      const socket = await EventCollector.open(floor.url, { headers });
      try {
        assert.equal(await sendCommand(floor.url, 'SecurityLogin', { extension: '44001', invokeID: 2 }, headers), 0);
        await expectNext(socket, done('SecurityLoginDone', '44001', 2), { exactText: true });
        assert.equal((await getAgent(floor.url, '1001', headers)).status, 404, 'past the key check: the agent is not logged in');
        // A request without the key produced no event.
        await socket.flush();
        assert.equal(socket.all().length, 1);
      } finally {
        await socket.close();
      }
    } finally {
      await floor.close();
    }
  });
});

describe('a refused login changes nothing', () => {
  it('-7 at another extension leaves the agent at its own: another agent may log in at the one it tried', async () => {
    const floor = await startFloor();
    const s1 = await floor.watch('44001');
    const s9 = await floor.watch('44009');
    await floor.login('1001', '44001', s1);
    const elsewhere = floor.invokeID();
    await floor.accepted('AgentLogin', { extension: '44009', agentID: '1001', agentPassword: 'demo', invokeID: elsewhere });
    await expectNext(s9, done('SetAgentStateDone', '44009', elsewhere, -7, MESSAGES.alreadyLoggedIn), { exactText: true });
    assert.equal((await floor.view('1001')).extension, '44001');

    await floor.login('1002', '44009', s9);
    assert.equal((await floor.view('1002')).extension, '44009');
    // And 1001's own extension is still taken.
    const taken = floor.invokeID();
    await floor.accepted('AgentLogin', { extension: '44001', agentID: '1003', agentPassword: 'demo', invokeID: taken });
    const refused = await s1.next(named('SetAgentStateDone', { InvokeID: String(taken) }));
    assert.notEqual(refused.eventData.ErrorCode, '0', '44001 is 1001\'s');
  });
});
