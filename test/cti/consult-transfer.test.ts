/**
 * Consult and transfer over the CTI links (protocol.md §5b): two agents of the demo Preview team log in
 * over A3 on a nailup running on simulated time; agent 1 gets the only dialable preview contact, dials
 * it (every dial is answered by a person) and consults agent 2, who is Ready with nothing to do. Every
 * A4 event of the two extensions is compared whole, in order; the capabilities are read from the agent
 * view (GET /cti/v1/agents/{agentID}); the attempt's disposition from the store.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PREVIEW_CAMPAIGN } from '../../src/demo/demo-data.ts';
import { named } from '../support/cti-client.ts';
import {
  A1, A2, CONSULT_FLAGS, Floor, agentState, assertEventsSince, attemptOf, callBody, callDone, capabilitiesOf, closeAllFloors, consultAgent2, done,
  ev, expectNext, failure, keepDialablePreviews, previewWrapUpData, releaseOnePreview, stateBody, twoPreviewAgents, wrapUpDone, type TwoAgents,
} from '../support/cti-floor.ts';

after(closeAllFloors);

/** The capability flags of consult, transfer and conference. */
const CONSULT_CAPS = ['hold', 'release', 'transfer', 'conference', 'leaveConsult', 'leaveConference', 'endConference'] as const;
const caps = (set: Partial<Record<(typeof CONSULT_CAPS)[number], boolean>>): Record<string, boolean> =>
  Object.fromEntries(CONSULT_CAPS.map((n) => [n, set[n] ?? false]));
const ON_CUSTOMER = caps({ hold: true, release: true });

/** OnConsultDestinationAgentsList at agent 1 listing agent 2 with its presence. */
async function expectAgent2Listed(t: TwoAgents, presence: 'Available' | 'Busy'): Promise<void> {
  const invokeID = await t.floor.generic('GetConsultDestinationAgentsList', { connectionHandle: t.call.handle, consultType: 'Agent' });
  const name = (await t.floor.nailup.store.agents.findByAgentId(A2.agentID))!.name;
  await expectNext(t.s1, ev('OnConsultDestinationAgentsList', A1.extension, {
    ResponseStatus: '0', ErrorInfo: '', Extension: A1.extension, InvokeID: String(invokeID), ConnectionHandle: t.call.handle, consultType: 'Agent',
    JSONData: JSON.stringify([{ destinationName: name, destinationValue: A2.agentID, destinationType: 'Agent', presence, state: 'Ready' }]),
  }));
}

describe('consult, then transfer from agent 1 to agent 2', () => {
  let t: TwoAgents;
  let consultHandle = '';

  before(async () => {
    t = await twoPreviewAgents();
  });

  it('while agent 1 talks to its customer transfer and conference are false; agent 2 is listed Available', async () => {
    assert.deepStrictEqual(await capabilitiesOf(t.floor, A1.agentID, CONSULT_CAPS), ON_CUSTOMER);
    assert.deepStrictEqual(await capabilitiesOf(t.floor, A2.agentID, CONSULT_CAPS), caps({}));
    await expectAgent2Listed(t, 'Available');
  });

  it('ConsultPOMCall {destinationType Agent}: ConsultPOMCallDone and OnConsultCallInitiated at 1, OnConsultNotify with the contact at 2', async () => {
    consultHandle = await consultAgent2(t);
    // In a connected consult the requester may transfer or conference; the consulted agent may not.
    assert.deepStrictEqual(await capabilitiesOf(t.floor, A1.agentID, CONSULT_CAPS), caps({ transfer: true, conference: true, leaveConsult: true }));
    assert.deepStrictEqual(await capabilitiesOf(t.floor, A2.agentID, CONSULT_CAPS), caps({ release: true }));
    await expectAgent2Listed(t, 'Busy');
  });

  it('TransferPOMCall: TransferPOMCallDone, OnCallDisconnected Transferred and the wrap-up data at 1; OnTransferNotify at 2', async () => {
    const { floor, s1, s2, call } = t;
    await floor.settle();
    const [m1, m2] = [s1.mark(), s2.mark()];
    const invokeID = await floor.generic('TransferPOMCall', { connectionHandle: call.handle });
    await s1.next(named('OnCallWrapUpDataEvent'));
    await floor.settle();
    assertEventsSince(s1, m1, [
      agentState(A1.extension, A1.agentID, 'Ready', 'Wrapup', 0, 'NailedUp'),
      callDone('TransferPOMCallDone', A1.extension, invokeID),
      ev('OnCallDisconnected', A1.extension, { Device: A1.extension, ConnectionHandle: call.handle, UCID: call.handle, campaignType: 'Preview', Reason: 'Transferred' }),
      previewWrapUpData(A1.extension, call.handle, t.codesJson),
    ], 'at agent 1');
    assertEventsSince(s2, m2, [
      ev('OnTransferNotify', A2.extension, { ConnectionHandle: consultHandle, RequestingAgentID: A1.agentID, JSONData: call.contactJson }),
    ], 'at agent 2');

    // Agent 2 now has the customer, on the consult's handle.
    const view2 = await floor.view(A2.agentID);
    assert.equal(view2.callState, 'Talking');
    assert.deepStrictEqual(view2.call, { ConnectionHandle: consultHandle, campaignType: 'Preview', campaignName: DEMO_PREVIEW_CAMPAIGN, contactID: call.contactID });
    assert.deepStrictEqual(await capabilitiesOf(floor, A2.agentID, CONSULT_CAPS), ON_CUSTOMER);
    assert.deepStrictEqual(await capabilitiesOf(floor, A1.agentID, CONSULT_CAPS), caps({}));
    assert.equal((await floor.view(A1.agentID)).capabilities.disposition, true);
  });

  it('agent 1 wraps up its own part: OnCallWrapUpDone, Idle; the attempt gets no completion code from it', async () => {
    const { floor, s1, call } = t;
    await floor.settle();
    const m1 = s1.mark();
    const invokeID = await floor.generic('WrapUpCallContact', { connectionHandle: call.handle, pCode: '70', pValue: 'Not Interested' });
    await expectNext(s1, wrapUpDone(A1.extension, invokeID, call.handle));
    await floor.settle();
    assertEventsSince(s1, m1, [wrapUpDone(A1.extension, invokeID, call.handle), agentState(A1.extension, A1.agentID, 'Ready', 'Idle', 0, 'NailedUp')]);
    const attempt = await attemptOf(floor, call.contactID);
    assert.deepStrictEqual([attempt.completionCode, attempt.endedAt], [null, null], 'the customer still talks to agent 2; nobody disposed the contact');
  });

  it('the customer hangs up: OnCallDisconnected and the wrap-up data at 2; its wrap-up gives the attempt its code', async () => {
    const { floor, s2, call } = t;
    await floor.settle();
    const m2 = s2.mark();
    await floor.advanceUntil(s2, named('OnCallDisconnected'), 11 * 60_000, 5000);
    await s2.next(named('OnCallWrapUpDataEvent'));
    await floor.settle();
    assertEventsSince(s2, m2, [
      agentState(A2.extension, A2.agentID, 'Ready', 'Wrapup', 0, 'NailedUp'),
      ev('OnCallDisconnected', A2.extension, { Device: A2.extension, ConnectionHandle: consultHandle, UCID: consultHandle, campaignType: 'Preview', Reason: 'Disconnected_By_User' }),
      previewWrapUpData(A2.extension, consultHandle, t.codesJson),
    ]);
    assert.ok(!t.s1.has(named('OnCallDisconnected')), 'agent 1 is no part of the call any more');

    const wrap = await floor.generic('WrapUpCallContact', { connectionHandle: consultHandle, pCode: '69', pValue: 'Sale' });
    await expectNext(s2, wrapUpDone(A2.extension, wrap, consultHandle));
    await expectNext(s2, agentState(A2.extension, A2.agentID, 'Ready', 'Idle', 0, 'NailedUp'));
    const attempt = await attemptOf(floor, call.contactID);
    assert.equal(attempt.completionCode, '69', 'agent 2\'s code');
    assert.equal(attempt.result, 'Answer_Human');
    assert.ok(attempt.endedAt !== null);
  });

  it('on agent 2\'s next call, a late command on the transferred call\'s handle fails as CSTAUniversalFailureEvent (not HTTP 400)', async () => {
    const { floor, s1, s2 } = t;
    // Agent 1 steps away, so the next contact goes to agent 2.
    const aux = floor.invokeID();
    await floor.accepted('SetAgentStateToAux', stateBody(A1.agentID, aux, 2));
    await expectNext(s1, done('SetAgentStateToAuxDone', A1.extension, aux));
    await releaseOnePreview(floor);
    const next = await floor.advanceUntil(s2, named('OnOutboundCallInitiated'), 60_000);
    assert.notEqual(next.eventData.ConnectionHandle, consultHandle);
    const late = floor.invokeID();
    const reply = await floor.post('DisconnectCall', callBody(consultHandle, late));
    assert.deepStrictEqual([reply.status, reply.body], [200, { result: 0 }], 'the previous call\'s handle is still known');
    await expectNext(s2, failure(A2.extension, late, -81, 'Unable to disconnect the call'));
  });

  after(async () => {
    await t?.floor.close();
  });
});

describe('consult cancelled (CancelPOMConsult), and a consult the consulted agent hangs up', () => {
  let t: TwoAgents;

  before(async () => {
    t = await twoPreviewAgents();
  });

  after(async () => {
    await t?.floor.close();
  });

  it('CancelPOMConsult: OnConsultCancelled at both; 1 back Talking with its customer; 2 Idle and Available again', async () => {
    const consultHandle = await consultAgent2(t);
    const { floor, s1, s2, call } = t;
    const [m1, m2] = [s1.mark(), s2.mark()];
    const invokeID = await floor.generic('CancelPOMConsult', { connectionHandle: call.handle });
    await s2.next(named('OnAgentStateChanged', { CallState: 'Idle' }));
    await floor.settle();
    assertEventsSince(s1, m1, [
      callDone('CancelPOMConsultDone', A1.extension, invokeID),
      ev('OnConsultCancelled', A1.extension, { ConnectionHandle: call.handle, ConsultHandle: consultHandle, RequestingAgentID: A1.agentID }),
      agentState(A1.extension, A1.agentID, 'Ready', 'Talking', 0, 'NailedUp'),
    ], 'at agent 1');
    assertEventsSince(s2, m2, [
      ev('OnConsultCancelled', A2.extension, { ConnectionHandle: consultHandle, ConsultHandle: consultHandle, RequestingAgentID: A1.agentID }),
      agentState(A2.extension, A2.agentID, 'Ready', 'Idle', 0, 'NailedUp'),
    ], 'at agent 2');

    const [view1, view2] = [await floor.view(A1.agentID), await floor.view(A2.agentID)];
    assert.deepStrictEqual([view1.callState, view1.call?.ConnectionHandle], ['Talking', call.handle]);
    assert.deepStrictEqual([view2.agentState, view2.callState, view2.call], ['Ready', 'Idle', null]);
    assert.deepStrictEqual(await capabilitiesOf(floor, A1.agentID, CONSULT_CAPS), ON_CUSTOMER, 'no transfer or conference without a consult');
    await expectAgent2Listed(t, 'Available');

    // With no consult left, cancelling again fails.
    const again = await floor.generic('CancelPOMConsult', { connectionHandle: call.handle });
    await expectNext(s1, ev('CSTAUniversalFailureEvent', A1.extension, {
      ResponseStatus: '-1', ErrorCode: '-401', ErrorInfo: 'Unable to cancel the consult', Extension: A1.extension, InvokeID: String(again),
    }));
  });

  it('agent 2 is available again: a new consult connects at once; when 2 hangs up (DisconnectCall) 1 is back Talking', async () => {
    const consultHandle = await consultAgent2(t);
    const { floor, s1, s2, call } = t;
    const [m1, m2] = [s1.mark(), s2.mark()];
    const invokeID = await floor.callControl('DisconnectCall', consultHandle);
    await s2.next(named('DisconnectCallDone'));
    await floor.settle();
    assertEventsSince(s1, m1, [
      ev('OnConsultCancelled', A1.extension, { ConnectionHandle: call.handle, ConsultHandle: consultHandle, RequestingAgentID: A1.agentID }),
      agentState(A1.extension, A1.agentID, 'Ready', 'Talking', 0, 'NailedUp'),
    ], 'at agent 1');
    assertEventsSince(s2, m2, [
      ev('OnConsultCancelled', A2.extension, { ConnectionHandle: consultHandle, ConsultHandle: consultHandle, RequestingAgentID: A1.agentID }),
      agentState(A2.extension, A2.agentID, 'Ready', 'Idle', 0, 'NailedUp'),
      callDone('DisconnectCallDone', A2.extension, invokeID),
    ], 'at agent 2: the consult leg is gone, and there is nothing to wrap up');
  });

  it('agent 1 goes on with its customer: hold, unhold, release, wrap-up; the attempt gets 1\'s code', async () => {
    const { floor, s1, call } = t;
    const hold = await floor.callControl('Hold', call.handle);
    await expectNext(s1, agentState(A1.extension, A1.agentID, 'Ready', 'Held', 0, 'NailedUp'));
    await expectNext(s1, callDone('HoldCallDone', A1.extension, hold));
    const unhold = await floor.callControl('HoldReconnect', call.handle);
    await expectNext(s1, agentState(A1.extension, A1.agentID, 'Ready', 'Talking', 0, 'NailedUp'));
    await expectNext(s1, callDone('HoldReconnectDone', A1.extension, unhold));
    const release = await floor.callControl('DisconnectCall', call.handle);
    await expectNext(s1, agentState(A1.extension, A1.agentID, 'Ready', 'Wrapup', 0, 'NailedUp'));
    await expectNext(s1, callDone('DisconnectCallDone', A1.extension, release));
    await expectNext(s1, previewWrapUpData(A1.extension, call.handle, t.codesJson));
    const wrap = await floor.generic('WrapUpCallContact', { connectionHandle: call.handle, pCode: '72', pValue: 'NSP' });
    await expectNext(s1, wrapUpDone(A1.extension, wrap, call.handle));
    assert.equal((await attemptOf(floor, call.contactID)).completionCode, '72');
  });
});

describe('a consulted agent who is not nailed up (its job paused before it went Ready)', () => {
  let floor: Floor;

  after(async () => {
    await floor?.close();
  });

  it('takes the consult from NoState and is back in NoState, free for the next consult, once it is cancelled', async () => {
    floor = await Floor.start(CONSULT_FLAGS);
    await keepDialablePreviews(floor, 1);
    const s1 = await floor.watch(A1.extension);
    const s2 = await floor.watch(A2.extension);
    await floor.login(A1.agentID, A1.extension, s1);
    await floor.readyAndNailed(A1.agentID, A1.extension, s1);
    const call = await floor.dialOffered(A1.agentID, A1.extension, s1);
    const job = floor.nailup.dialer.runningJobs().find((j) => j.campaign.name === DEMO_PREVIEW_CAMPAIGN);
    assert.ok(job);
    assert.ok(await floor.nailup.dialer.setJobState(job.job.id, 'pause'));

    await floor.login(A2.agentID, A2.extension, s2);
    const ready = floor.invokeID();
    await floor.accepted('SetAgentStateToManualIn', stateBody(A2.agentID, ready));
    await expectNext(s2, done('SetAgentStateToManualInDone', A2.extension, ready));
    await floor.advance(5000);
    const view2 = await floor.view(A2.agentID);
    assert.deepStrictEqual([view2.agentState, view2.callState, view2.nailedStatus], ['Ready', 'NoState', 'NotNailedUp']);

    for (let round = 1; round <= 2; round++) {
      await floor.settle();
      const m2 = s2.mark();
      await floor.generic('ConsultPOMCall', { connectionHandle: call.handle, destinationType: 'Agent', destination: A2.agentID });
      const notify = await s2.next(named('OnConsultNotify'));
      const consultHandle = notify.eventData.ConnectionHandle!;
      await floor.settle();
      assert.ok(!s2.since(m2).some(named('OnConsultPending')), `round ${round}: the consult connects at once`);
      await floor.generic('CancelPOMConsult', { connectionHandle: call.handle });
      await s1.next(named('OnConsultCancelled'));
      await floor.settle();
      assertEventsSince(s2, m2, [
        agentState(A2.extension, A2.agentID, 'Ready', 'Talking', 0, 'NotNailedUp'),
        notify,
        ev('OnConsultCancelled', A2.extension, { ConnectionHandle: consultHandle, ConsultHandle: consultHandle, RequestingAgentID: A1.agentID }),
        agentState(A2.extension, A2.agentID, 'Ready', 'NoState', 0, 'NotNailedUp'),
      ], `round ${round}`);
    }
  });
});
