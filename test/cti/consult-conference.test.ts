/**
 * Consult, then conference, over the CTI links (protocol.md §5b): agent 1 (Preview team) talks to the
 * only dialable preview contact, consults agent 2 and conferences the three of them. The passive party
 * leaving (LeavePOMConference at 2) leaves 1 with its customer; the owner ending it (EndPOMConference)
 * drops 2; the owner leaving (LeavePOMConference at 1) hands the customer to 2, who then owns and
 * disposes the contact. Every A4 event of both extensions is compared whole; the capabilities
 * (endConference only for the owner) come from the agent view.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PREVIEW_CAMPAIGN } from '../../src/demo/demo-data.ts';
import { named } from '../support/cti-client.ts';
import {
  A1, A2, agentState, assertEventsSince, attemptOf, callDone, capabilitiesOf, closeAllFloors, consultAgent2, ev, expectNext, failure,
  previewWrapUpData, twoPreviewAgents, wrapUpDone, type TwoAgents,
} from '../support/cti-floor.ts';

after(closeAllFloors);

const CONFERENCE_CAPS = ['hold', 'release', 'transfer', 'conference', 'leaveConsult', 'leaveConference', 'endConference'] as const;
const caps = (set: Partial<Record<(typeof CONFERENCE_CAPS)[number], boolean>>): Record<string, boolean> =>
  Object.fromEntries(CONFERENCE_CAPS.map((n) => [n, set[n] ?? false]));

/** ConferencePOMCall at 1 in a connected consult: 1 ConferenceOwner, 2 ConferencePassive, OnConferenceNotify at both with their roles. */
async function conference(t: TwoAgents, consultHandle: string): Promise<void> {
  const { floor, s1, s2, call } = t;
  await floor.settle();
  const [m1, m2] = [s1.mark(), s2.mark()];
  const invokeID = await floor.generic('ConferencePOMCall', { connectionHandle: call.handle });
  await s2.next(named('OnConferenceNotify'));
  await floor.settle();
  assertEventsSince(s1, m1, [
    agentState(A1.extension, A1.agentID, 'Ready', 'ConferenceOwner', 0, 'NailedUp'),
    callDone('ConferencePOMCallDone', A1.extension, invokeID),
    ev('OnConferenceNotify', A1.extension, { ConnectionHandle: call.handle, Role: 'Owner', RequestingAgentID: A1.agentID, JSONData: call.contactJson }),
  ], 'at agent 1');
  assertEventsSince(s2, m2, [
    agentState(A2.extension, A2.agentID, 'Ready', 'ConferencePassive', 0, 'NailedUp'),
    ev('OnConferenceNotify', A2.extension, { ConnectionHandle: consultHandle, Role: 'Passive', RequestingAgentID: A1.agentID, JSONData: call.contactJson }),
  ], 'at agent 2');
  // Only the owner may end the conference; both may leave it; nobody transfers or conferences again.
  assert.deepStrictEqual(await capabilitiesOf(floor, A1.agentID, CONFERENCE_CAPS), caps({ leaveConference: true, endConference: true }));
  assert.deepStrictEqual(await capabilitiesOf(floor, A2.agentID, CONFERENCE_CAPS), caps({ leaveConference: true }));
}

describe('conference: the passive party leaves, then a second one the owner ends', () => {
  let t: TwoAgents;

  before(async () => {
    t = await twoPreviewAgents();
  });

  after(async () => {
    await t?.floor.close();
  });

  it('in a conference, EndPOMConference by the passive party is -301, CancelPOMConsult is -402 and TransferPOMCall -421', async () => {
    const consultHandle = await consultAgent2(t);
    await conference(t, consultHandle);
    const { floor, s1, s2, call } = t;
    const end = await floor.generic('EndPOMConference', { connectionHandle: consultHandle });
    await expectNext(s2, failure(A2.extension, end, -301, 'Unable to end the conference: not in a conference or not its owner'));
    const cancel = await floor.generic('CancelPOMConsult', { connectionHandle: call.handle });
    await expectNext(s1, failure(A1.extension, cancel, -402, 'The consult has already been completed'));
    const transfer = await floor.generic('TransferPOMCall', { connectionHandle: call.handle });
    await expectNext(s1, failure(A1.extension, transfer, -421, 'Unable to complete the transfer'));
    const view = await floor.view(A1.agentID);
    assert.equal(view.callState, 'ConferenceOwner', 'the failures changed nothing');

    // The passive party leaves: it goes back to Idle; the owner is back Talking with the customer.
    await floor.settle();
    const [m1, m2] = [s1.mark(), s2.mark()];
    const leave = await floor.generic('LeavePOMConference', { connectionHandle: consultHandle });
    await s2.next(named('OnAgentStateChanged', { CallState: 'Idle' }));
    await floor.settle();
    assertEventsSince(s1, m1, [
      ev('OnConferenceEnded', A1.extension, { ConnectionHandle: call.handle }),
      agentState(A1.extension, A1.agentID, 'Ready', 'Talking', 0, 'NailedUp'),
    ], 'at the owner');
    assertEventsSince(s2, m2, [
      callDone('LeavePOMConferenceDone', A2.extension, leave),
      ev('OnConferenceEnded', A2.extension, { ConnectionHandle: consultHandle }),
      agentState(A2.extension, A2.agentID, 'Ready', 'Idle', 0, 'NailedUp'),
    ], 'at the passive party');
    assert.deepStrictEqual(await capabilitiesOf(floor, A1.agentID, CONFERENCE_CAPS), caps({ hold: true, release: true }));
    assert.deepStrictEqual(await capabilitiesOf(floor, A2.agentID, CONFERENCE_CAPS), caps({}));

    // Out of the conference, leaving again is -281 and ending it -301.
    const leaveAgain = await floor.generic('LeavePOMConference', { connectionHandle: consultHandle });
    await expectNext(s2, failure(A2.extension, leaveAgain, -281, 'Unable to leave: agent is not in a conference'));
    const endNow = await floor.generic('EndPOMConference', { connectionHandle: call.handle });
    await expectNext(s1, failure(A1.extension, endNow, -301, 'Unable to end the conference: not in a conference or not its owner'));
  });

  it('EndPOMConference by the owner: OnConferenceEnded at both, the owner Talking, the other party Idle', async () => {
    const consultHandle = await consultAgent2(t);
    await conference(t, consultHandle);
    const { floor, s1, s2, call } = t;
    await floor.settle();
    const [m1, m2] = [s1.mark(), s2.mark()];
    const end = await floor.generic('EndPOMConference', { connectionHandle: call.handle });
    await s2.next(named('OnAgentStateChanged', { CallState: 'Idle' }));
    await floor.settle();
    assertEventsSince(s1, m1, [
      callDone('EndPOMConferenceDone', A1.extension, end),
      ev('OnConferenceEnded', A1.extension, { ConnectionHandle: call.handle }),
      agentState(A1.extension, A1.agentID, 'Ready', 'Talking', 0, 'NailedUp'),
    ], 'at the owner');
    assertEventsSince(s2, m2, [
      ev('OnConferenceEnded', A2.extension, { ConnectionHandle: consultHandle }),
      agentState(A2.extension, A2.agentID, 'Ready', 'Idle', 0, 'NailedUp'),
    ], 'at the other party');
  });

  it('the owner releases its customer and wraps up: the attempt gets its code', async () => {
    const { floor, s1, call } = t;
    const release = await floor.callControl('DisconnectCall', call.handle);
    await expectNext(s1, agentState(A1.extension, A1.agentID, 'Ready', 'Wrapup', 0, 'NailedUp'));
    await expectNext(s1, callDone('DisconnectCallDone', A1.extension, release));
    await expectNext(s1, previewWrapUpData(A1.extension, call.handle, t.codesJson));
    const wrap = await floor.generic('WrapUpCallContact', { connectionHandle: call.handle, pCode: '69', pValue: 'Sale' });
    await expectNext(s1, wrapUpDone(A1.extension, wrap, call.handle));
    assert.equal((await attemptOf(floor, call.contactID)).completionCode, '69');
  });
});

describe('conference: the owner leaves and the customer is handed to the other agent', () => {
  let t: TwoAgents;
  let consultHandle = '';

  before(async () => {
    t = await twoPreviewAgents();
  });

  after(async () => {
    await t?.floor.close();
  });

  it('LeavePOMConference at the owner: it is disconnected (LeftConference) and wraps up; the other agent gets OnConferenceEnded and OnTransferNotify', async () => {
    consultHandle = await consultAgent2(t);
    await conference(t, consultHandle);
    const { floor, s1, s2, call } = t;
    await floor.settle();
    const [m1, m2] = [s1.mark(), s2.mark()];
    const leave = await floor.generic('LeavePOMConference', { connectionHandle: call.handle });
    await s1.next(named('OnCallWrapUpDataEvent'));
    await floor.settle();
    assertEventsSince(s1, m1, [
      agentState(A1.extension, A1.agentID, 'Ready', 'Wrapup', 0, 'NailedUp'),
      callDone('LeavePOMConferenceDone', A1.extension, leave),
      ev('OnCallDisconnected', A1.extension, { Device: A1.extension, ConnectionHandle: call.handle, UCID: call.handle, campaignType: 'Preview', Reason: 'LeftConference' }),
      previewWrapUpData(A1.extension, call.handle, t.codesJson),
    ], 'at the owner who left');
    assertEventsSince(s2, m2, [
      agentState(A2.extension, A2.agentID, 'Ready', 'Talking', 0, 'NailedUp'),
      ev('OnConferenceEnded', A2.extension, { ConnectionHandle: consultHandle }),
      ev('OnTransferNotify', A2.extension, { ConnectionHandle: consultHandle, RequestingAgentID: A1.agentID, JSONData: call.contactJson }),
    ], 'at the agent who has the customer now');
    const view2 = await floor.view(A2.agentID);
    assert.deepStrictEqual(view2.call, { ConnectionHandle: consultHandle, campaignType: 'Preview', campaignName: DEMO_PREVIEW_CAMPAIGN, contactID: call.contactID });
    assert.deepStrictEqual(await capabilitiesOf(floor, A2.agentID, CONFERENCE_CAPS), caps({ hold: true, release: true }));
    assert.deepStrictEqual(await capabilitiesOf(floor, A1.agentID, CONFERENCE_CAPS), caps({}));
  });

  it('agent 1 wraps up its own part; agent 2 releases the customer and wraps up: the attempt gets 2\'s code', async () => {
    const { floor, s1, s2, call } = t;
    const wrap1 = await floor.generic('WrapUpCallContact', { connectionHandle: call.handle, pCode: '70', pValue: 'Not Interested' });
    await expectNext(s1, wrapUpDone(A1.extension, wrap1, call.handle));
    await expectNext(s1, agentState(A1.extension, A1.agentID, 'Ready', 'Idle', 0, 'NailedUp'));
    assert.equal((await attemptOf(floor, call.contactID)).completionCode, null);

    await floor.settle();
    const m2 = s2.mark();
    const release = await floor.callControl('DisconnectCall', consultHandle);
    await s2.next(named('OnCallWrapUpDataEvent'));
    await floor.settle();
    assertEventsSince(s2, m2, [
      agentState(A2.extension, A2.agentID, 'Ready', 'Wrapup', 0, 'NailedUp'),
      callDone('DisconnectCallDone', A2.extension, release),
      previewWrapUpData(A2.extension, consultHandle, t.codesJson),
    ]);
    const wrap2 = await floor.generic('WrapUpCallContact', { connectionHandle: consultHandle, pCode: '72', pValue: 'NSP' });
    await expectNext(s2, wrapUpDone(A2.extension, wrap2, consultHandle));
    await expectNext(s2, agentState(A2.extension, A2.agentID, 'Ready', 'Idle', 0, 'NailedUp'));
    const attempt = await attemptOf(floor, call.contactID);
    assert.equal(attempt.completionCode, '72');
    assert.ok(attempt.endedAt !== null);
  });
});

describe('conference: the customer hangs up', () => {
  let t: TwoAgents;

  before(async () => {
    t = await twoPreviewAgents();
  });

  after(async () => {
    await t?.floor.close();
  });

  it('OnConferenceEnded at both; the owner is disconnected and wraps up the contact, the other agent is Idle', async () => {
    const consultHandle = await consultAgent2(t);
    await conference(t, consultHandle);
    const { floor, s1, s2, call } = t;
    const [m1, m2] = [s1.mark(), s2.mark()];
    await floor.advanceUntil(s1, named('OnCallDisconnected'), 11 * 60_000, 5000);
    await s1.next(named('OnCallWrapUpDataEvent'));
    await floor.settle();
    assertEventsSince(s1, m1, [
      ev('OnConferenceEnded', A1.extension, { ConnectionHandle: call.handle }),
      agentState(A1.extension, A1.agentID, 'Ready', 'Wrapup', 0, 'NailedUp'),
      ev('OnCallDisconnected', A1.extension, { Device: A1.extension, ConnectionHandle: call.handle, UCID: call.handle, campaignType: 'Preview', Reason: 'Disconnected_By_User' }),
      previewWrapUpData(A1.extension, call.handle, t.codesJson),
    ], 'at the owner');
    assertEventsSince(s2, m2, [
      ev('OnConferenceEnded', A2.extension, { ConnectionHandle: consultHandle }),
      agentState(A2.extension, A2.agentID, 'Ready', 'Idle', 0, 'NailedUp'),
    ], 'at the other party');
    const wrap = await floor.generic('WrapUpCallContact', { connectionHandle: call.handle, pCode: '70', pValue: 'Not Interested' });
    await expectNext(s1, wrapUpDone(A1.extension, wrap, call.handle));
    const attempt = await attemptOf(floor, call.contactID);
    assert.deepStrictEqual([attempt.completionCode, attempt.result], ['70', 'Answer_Human']);
  });
});
