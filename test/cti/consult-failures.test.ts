/**
 * Consult's refusals and pending consults over the CTI links (protocol.md §5b): every failure reaches
 * the requesting desktop as CSTAUniversalFailureEvent with POM's code negated (141–146, 181–182, 281,
 * 301, 401, 421) and changes nothing; a malformed ConsultPOMCall is refused with HTTP 400. A consult to
 * a busy agent waits (OnConsultPending; two at most) and connects once that agent's call is disposed,
 * before the PendingNotReady it asked for takes effect. Agents of the demo Preview team log in over A3
 * on simulated time; every dial is answered by a person.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { named, type EventCollector, type HttpReply } from '../support/cti-client.ts';
import {
  A1, A2, CONSULT_FLAGS, Floor, agentState, assertEventsSince, assertValidationError, callDone, capabilitiesOf, closeAllFloors, done, ev,
  expectNext, failure, keepDialablePreviews, previewWrapUpData, stateBody, wrapUpDone, type PreviewCall,
} from '../support/cti-floor.ts';

after(closeAllFloors);

const MESSAGES = {
  141: 'Unable to consult',
  142: 'Consult destination agent is busy',
  143: 'Consult destination agent is in AUX',
  144: 'Consult destination agent is logged out',
  145: 'Consult destination is empty',
  146: 'Maximum number of consults reached',
  181: 'Unable to conference: agent is not in a consult',
  182: 'Unable to conference: the consulted party has not answered',
  281: 'Unable to leave: agent is not in a conference',
  301: 'Unable to end the conference: not in a conference or not its owner',
  401: 'Unable to cancel the consult',
  421: 'Unable to complete the transfer',
} as const;

const extensionOf = (agentID: string): string => String(44000 + Number(agentID) - 1000);

/** Logs the agent in, makes it Ready and waits for its preview contact (the list is not restricted here). */
async function withPreview(floor: Floor, agentID: string, socket: EventCollector): Promise<void> {
  const extension = extensionOf(agentID);
  await floor.login(agentID, extension, socket);
  await floor.readyAndNailed(agentID, extension, socket);
  await expectNext(socket, agentState(extension, agentID, 'Ready', 'Preview', 0, 'NailedUp'));
}

/** …and dials it: the agent talks to its customer. */
async function talking(floor: Floor, agentID: string, socket: EventCollector): Promise<PreviewCall> {
  await withPreview(floor, agentID, socket);
  return floor.dialOffered(agentID, extensionOf(agentID), socket);
}

const consultBody = (handle: string, destination: string, destinationType = 'Agent'): Record<string, string> =>
  ({ connectionHandle: handle, destinationType, destination });

describe('consult refusals: each failure code as CSTAUniversalFailureEvent, each malformed command as HTTP 400', () => {
  let floor: Floor;
  const sockets = new Map<string, EventCollector>();
  const socketOf = (agentID: string): EventCollector => sockets.get(agentID)!;
  let call1: PreviewCall;

  before(async () => {
    floor = await Floor.start(CONSULT_FLAGS);
    for (const agentID of ['1001', '1002', '1003', '1004', '1005']) sockets.set(agentID, await floor.watch(extensionOf(agentID)));
    call1 = await talking(floor, A1.agentID, socketOf(A1.agentID));
  });

  after(async () => {
    await floor?.close();
  });

  /** Sends a generic command of agent `agentID` and expects exactly its failure event, the agent's state unchanged. */
  async function refused(agentID: string, commandName: string, data: Record<string, string>, code: keyof typeof MESSAGES): Promise<void> {
    const socket = socketOf(agentID);
    const before = await floor.view(agentID);
    await floor.settle();
    const mark = socket.mark();
    const invokeID = await floor.generic(commandName, data);
    await socket.next(named('CSTAUniversalFailureEvent', { InvokeID: String(invokeID) }));
    await floor.settle();
    assertEventsSince(socket, mark, [failure(extensionOf(agentID), invokeID, -code, MESSAGES[code])], `${commandName} ${JSON.stringify(data)}`);
    assert.deepStrictEqual(await floor.view(agentID), before, `${commandName}: the agent is as it was`);
  }

  it('a malformed ConsultPOMCall is refused with HTTP 400 naming the jsonData field, and emits nothing', async () => {
    const all = await floor.watch();
    await floor.settle();
    const mark = all.mark();
    const handle = call1.handle;
    const send = (data: Record<string, unknown>): Promise<HttpReply> =>
      floor.post('SendGenericCTICommand', { commandName: 'ConsultPOMCall', jsonData: JSON.stringify(data), invokeID: floor.invokeID() });
    assertValidationError(await send({ connectionHandle: handle, destinationType: 'Supervisor', destination: '1002' }), 'jsonData.destinationType', 'destinationType Supervisor');
    assertValidationError(await send({ connectionHandle: handle, destinationType: 'agent', destination: '1002' }), 'jsonData.destinationType', 'destinationType in lower case');
    assertValidationError(await send({ connectionHandle: handle, destination: '1002' }), 'jsonData.destinationType', 'no destinationType');
    assertValidationError(await send({ connectionHandle: handle, destinationType: 'Agent' }), 'jsonData.destination', 'no destination');
    assertValidationError(await send({ connectionHandle: handle, destinationType: 'Agent', destination: 1002 }), 'jsonData.destination', 'a numeric destination');
    assertValidationError(await send({ connectionHandle: 'no-such-call', destinationType: 'Agent', destination: '1002' }), 'jsonData.connectionHandle', 'an unknown call');
    for (const commandName of ['TransferPOMCall', 'ConferencePOMCall', 'CancelPOMConsult', 'LeavePOMConference', 'EndPOMConference']) {
      assertValidationError(await floor.post('SendGenericCTICommand', { commandName, jsonData: '{}', invokeID: floor.invokeID() }), 'jsonData.connectionHandle', commandName);
    }
    await floor.settle();
    assert.deepStrictEqual(all.since(mark), [], 'no event for a refused command');
    assert.equal((await floor.view(A1.agentID)).callState, 'Talking');
  });

  it('with no consult: transfer -421, conference -181, cancel -401, end conference -301, leave conference -281', async () => {
    const handle = call1.handle;
    await refused(A1.agentID, 'TransferPOMCall', { connectionHandle: handle }, 421);
    await refused(A1.agentID, 'ConferencePOMCall', { connectionHandle: handle }, 181);
    await refused(A1.agentID, 'CancelPOMConsult', { connectionHandle: handle }, 401);
    await refused(A1.agentID, 'EndPOMConference', { connectionHandle: handle }, 301);
    await refused(A1.agentID, 'LeavePOMConference', { connectionHandle: handle }, 281);
  });

  it('destination logged out or unknown -144, empty -145, the agent itself -141, Not-Ready (AUX) -143', async () => {
    const handle = call1.handle;
    await refused(A1.agentID, 'ConsultPOMCall', consultBody(handle, '1009'), 144);
    await refused(A1.agentID, 'ConsultPOMCall', consultBody(handle, '9999'), 144);
    await refused(A1.agentID, 'ConsultPOMCall', consultBody(handle, ''), 145);
    await refused(A1.agentID, 'ConsultPOMCall', consultBody(handle, '   '), 145);
    await refused(A1.agentID, 'ConsultPOMCall', consultBody(handle, '', 'External'), 145);
    await refused(A1.agentID, 'ConsultPOMCall', consultBody(handle, A1.agentID), 141);
    // Logged in: NotReady until it asks for Ready; then Not-Ready with a reason code (AUX).
    await floor.login(A2.agentID, A2.extension, socketOf(A2.agentID));
    await refused(A1.agentID, 'ConsultPOMCall', consultBody(handle, A2.agentID), 143);
    const aux = floor.invokeID();
    await floor.accepted('SetAgentStateToAux', stateBody(A2.agentID, aux, 5));
    await expectNext(socketOf(A2.agentID), done('SetAgentStateToAuxDone', A2.extension, aux));
    await refused(A1.agentID, 'ConsultPOMCall', consultBody(handle, A2.agentID), 143);
  });

  it('a busy destination going Not-Ready (PendingNotReady with a contact in hand) -142', async () => {
    const s2 = socketOf(A2.agentID);
    await floor.readyAndNailed(A2.agentID, A2.extension, s2);
    await expectNext(s2, agentState(A2.extension, A2.agentID, 'Ready', 'Preview', 0, 'NailedUp'));
    const aux = floor.invokeID();
    await floor.accepted('SetAgentStateToAux', stateBody(A2.agentID, aux, 6));
    await expectNext(s2, agentState(A2.extension, A2.agentID, 'PendingNotReady', 'Preview', 6, 'NailedUp'));
    await refused(A1.agentID, 'ConsultPOMCall', consultBody(call1.handle, A2.agentID), 142);
  });

  it('a busy Ready destination takes two pending consults (OnConsultPending); the third is -146; a cancelled one makes room', async () => {
    const [s1, s3, s4, s5] = ['1001', '1003', '1004', '1005'].map(socketOf) as [EventCollector, EventCollector, EventCollector, EventCollector];
    const call3 = await talking(floor, '1003', s3);
    const call4 = await talking(floor, '1004', s4);
    // 1005 has a preview contact in hand: busy, and Ready.
    await withPreview(floor, '1005', s5);

    await floor.settle();
    const [m1, m5] = [s1.mark(), s5.mark()];
    const consult = await floor.generic('ConsultPOMCall', consultBody(call1.handle, '1005'));
    const pending = await s5.next(named('OnConsultPending'));
    const consultHandle = pending.eventData.ConnectionHandle!;
    await floor.settle();
    assertEventsSince(s1, m1, [
      agentState(A1.extension, A1.agentID, 'Ready', 'Consult', 0, 'NailedUp'),
      callDone('ConsultPOMCallDone', A1.extension, consult),
      ev('OnConsultCallInitiated', A1.extension, { ConnectionHandle: call1.handle, ConsultHandle: consultHandle, DestinationType: 'Agent', Destination: '1005' }),
    ], 'at the requester');
    assertEventsSince(s5, m5, [ev('OnConsultPending', '44005', { ConnectionHandle: consultHandle, RequestingAgentID: A1.agentID, Campaign: 'DemoPreview' })], 'at the busy destination');

    // Pending: nothing to transfer or conference yet.
    assert.deepStrictEqual(await capabilitiesOf(floor, A1.agentID, ['transfer', 'conference', 'leaveConsult', 'hold']), { transfer: false, conference: false, leaveConsult: true, hold: false });
    await refused(A1.agentID, 'TransferPOMCall', { connectionHandle: call1.handle }, 421);
    await refused(A1.agentID, 'ConferencePOMCall', { connectionHandle: call1.handle }, 182);
    // One consult at a time.
    await refused(A1.agentID, 'ConsultPOMCall', consultBody(call1.handle, '1003'), 141);

    await floor.generic('ConsultPOMCall', consultBody(call3.handle, '1005'));
    await s5.next(named('OnConsultPending', { RequestingAgentID: '1003' }));
    await refused('1004', 'ConsultPOMCall', consultBody(call4.handle, '1005'), 146);

    // 1001 gives up waiting: both parties hear of it, and 1004's consult now waits in its place.
    await floor.settle();
    const [n1, n5] = [s1.mark(), s5.mark()];
    const cancel = await floor.generic('CancelPOMConsult', { connectionHandle: call1.handle });
    await s5.next(named('OnConsultCancelled'));
    await floor.settle();
    assertEventsSince(s1, n1, [
      callDone('CancelPOMConsultDone', A1.extension, cancel),
      ev('OnConsultCancelled', A1.extension, { ConnectionHandle: call1.handle, ConsultHandle: consultHandle, RequestingAgentID: A1.agentID }),
      agentState(A1.extension, A1.agentID, 'Ready', 'Talking', 0, 'NailedUp'),
    ]);
    assertEventsSince(s5, n5, [ev('OnConsultCancelled', '44005', { ConnectionHandle: consultHandle, ConsultHandle: consultHandle, RequestingAgentID: A1.agentID })]);
    await floor.generic('ConsultPOMCall', consultBody(call4.handle, '1005'));
    await s5.next(named('OnConsultPending', { RequestingAgentID: '1004' }));
  });
});

describe('a consult pending on a busy agent who asks for Not-Ready', () => {
  let floor: Floor;
  let s1: EventCollector;
  let s2: EventCollector;
  let call1: PreviewCall;
  let call2: PreviewCall;
  let consultHandle = '';
  let codesJson = '';

  before(async () => {
    floor = await Floor.start(CONSULT_FLAGS);
    await keepDialablePreviews(floor, 2);
    s1 = await floor.watch(A1.extension);
    s2 = await floor.watch(A2.extension);
    const campaign = await floor.nailup.store.campaigns.findByName('DemoPreview');
    codesJson = JSON.stringify(campaign!.completionCodes.map((c) => ({ codeID: c.codeID, codeValue: c.codeValue })));
    call1 = await talking(floor, A1.agentID, s1);
    call2 = await talking(floor, A2.agentID, s2);
  });

  after(async () => {
    await floor?.close();
  });

  it('agent 1 consults agent 2, who is on a call: the consult waits (OnConsultPending at 2)', async () => {
    await floor.settle();
    const [m1, m2] = [s1.mark(), s2.mark()];
    const invokeID = await floor.generic('ConsultPOMCall', consultBody(call1.handle, A2.agentID));
    const pending = await s2.next(named('OnConsultPending'));
    consultHandle = pending.eventData.ConnectionHandle!;
    await floor.settle();
    assertEventsSince(s1, m1, [
      agentState(A1.extension, A1.agentID, 'Ready', 'Consult', 0, 'NailedUp'),
      callDone('ConsultPOMCallDone', A1.extension, invokeID),
      ev('OnConsultCallInitiated', A1.extension, { ConnectionHandle: call1.handle, ConsultHandle: consultHandle, DestinationType: 'Agent', Destination: A2.agentID }),
    ]);
    assertEventsSince(s2, m2, [ev('OnConsultPending', A2.extension, { ConnectionHandle: consultHandle, RequestingAgentID: A1.agentID, Campaign: 'DemoPreview' })]);
    assert.deepStrictEqual(await capabilitiesOf(floor, A1.agentID, ['transfer', 'conference']), { transfer: false, conference: false });
  });

  it('agent 2 asks for Not-Ready (PendingNotReady), releases and disposes its call: the pending consult connects first', async () => {
    await floor.settle();
    const m2 = s2.mark();
    const aux = floor.invokeID();
    await floor.accepted('SetAgentStateToAux', stateBody(A2.agentID, aux, 3));
    await expectNext(s2, done('SetAgentStateToAuxDone', A2.extension, aux));
    const release = await floor.callControl('DisconnectCall', call2.handle);
    await s2.next(named('OnCallWrapUpDataEvent'));
    const wrap = await floor.generic('WrapUpCallContact', { connectionHandle: call2.handle, pCode: '70', pValue: 'Not Interested' });
    await s2.next(named('OnConsultNotify'));
    await floor.settle();
    assertEventsSince(s2, m2, [
      agentState(A2.extension, A2.agentID, 'PendingNotReady', 'Talking', 3, 'NailedUp'),
      done('SetAgentStateToAuxDone', A2.extension, aux),
      agentState(A2.extension, A2.agentID, 'PendingNotReady', 'Wrapup', 3, 'NailedUp'),
      callDone('DisconnectCallDone', A2.extension, release),
      previewWrapUpData(A2.extension, call2.handle, codesJson),
      wrapUpDone(A2.extension, wrap, call2.handle),
      agentState(A2.extension, A2.agentID, 'PendingNotReady', 'Talking', 3, 'NailedUp'),
      ev('OnConsultNotify', A2.extension, { ConnectionHandle: consultHandle, RequestingAgentID: A1.agentID, Device: A2.extension, JSONData: call1.contactJson }),
    ], 'PendingNotReady lasts while the consult is pending, and the consult connects before Not-Ready');
    // The consult is connected now: agent 1 may transfer or conference. (No A4 event tells agent 1: its
    // desktop reads the agent view while a consult waits, docs/tmac-api.md.)
    assert.deepStrictEqual(await capabilitiesOf(floor, A1.agentID, ['transfer', 'conference']), { transfer: true, conference: true });
  });

  it('agent 2 stays PendingNotReady while the consult lasts, and goes Not-Ready only once it ends', async () => {
    await floor.advance(30_000);
    assert.equal((await floor.view(A2.agentID)).agentState, 'PendingNotReady');
    assert.ok(!s2.has(named('OnAgentStateChanged', { AgentState: 'NotReady' })));
    await floor.settle();
    const m2 = s2.mark();
    await floor.generic('CancelPOMConsult', { connectionHandle: call1.handle });
    await s2.next(named('OnAgentStateChanged', { CallState: 'Idle' }));
    await floor.settle();
    assertEventsSince(s2, m2, [
      ev('OnConsultCancelled', A2.extension, { ConnectionHandle: consultHandle, ConsultHandle: consultHandle, RequestingAgentID: A1.agentID }),
      agentState(A2.extension, A2.agentID, 'NotReady', 'Talking', 3, 'NailedUp'),
      agentState(A2.extension, A2.agentID, 'NotReady', 'Idle', 3, 'NailedUp'),
    ]);
    const view2 = await floor.view(A2.agentID);
    assert.deepStrictEqual([view2.agentState, view2.callState, view2.reasonCode], ['NotReady', 'Idle', 3]);
    // Not-Ready: no new contact, and a consult is refused as AUX.
    await floor.advance(30_000);
    assert.ok(!s2.has(named('OnOutboundCallInitiated')));
    const invokeID = await floor.generic('ConsultPOMCall', consultBody(call1.handle, A2.agentID));
    await expectNext(s1, failure(A1.extension, invokeID, -143, MESSAGES[143]));
  });
});
