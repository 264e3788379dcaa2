/**
 * The spec details of links A3/A4 that concern POM's side (issue 15, item 5), on a real floor: A3 over
 * real HTTP, A4 over real WebSockets, simulated time. The aux reason's name POM is told, the Standard
 * callback type, a successful RedialPOMCall, and NailingLost when the agent's nailed line drops (the
 * station hangs up its nail-up call in the simulated network) followed by the re-nail.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatedNetwork } from '../../src/telephony/simulated-network.ts';
import { named, postCommand, type EventCollector } from '../support/cti-client.ts';
import {
  A1, A2, Floor, agentState, assertEventsSince, assertValidationError, attemptOf, callDone, closeAllFloors, done, ev, expectNext, failure, generic, keepDialablePreviews,
  nailupStatus, previewWrapUpData, stateBody, twoPreviewAgents, wrapUpDone,
} from '../support/cti-floor.ts';

after(closeAllFloors);

const MINUTE = 60_000;

/** The agent as the dialer shows it to supervisors (GET /api/v1/status; the floor runs with http.publicStatus). */
async function floorAgent(floor: Floor, agentId: string): Promise<Record<string, unknown>> {
  const reply = await fetch(`${floor.url}/api/v1/status`);
  assert.equal(reply.status, 200);
  const status = (await reply.json()) as { agents: Array<Record<string, unknown>> };
  const agent = status.agents.find((a) => a.agentId === agentId);
  assert.ok(agent, `${agentId} is on the floor`);
  return agent;
}

function simulatedNetwork(floor: Floor): SimulatedNetwork {
  const network = floor.nailup.dialer.network;
  assert.ok(network instanceof SimulatedNetwork);
  return network;
}

/** The contact's default number and its time zone, from OnOutboundCallInitiated's JSONData. */
function defaultNumberOf(contactJson: string): { number: string; timezone: string } {
  const contact = JSON.parse(contactJson) as { DefaultNumber: string; ContactNumbers: Array<{ Number: string; Timezone: string }> };
  const number = contact.ContactNumbers.find((n) => n.Number === contact.DefaultNumber);
  assert.ok(number);
  return { number: number.Number, timezone: number.Timezone };
}

function codeIdOf(codesJson: string, codeValue: string): string {
  const code = (JSON.parse(codesJson) as Array<{ codeID: string; codeValue: string }>).find((c) => c.codeValue === codeValue);
  assert.ok(code, codeValue);
  return code.codeID;
}

describe('the aux reason POM is told', () => {
  it('is the name of the reason the agent chose (tmac.reasonCodes), "Aux <code>" for a code not configured, none when Ready', async () => {
    const floor = await Floor.start({ 'http.publicStatus': true });
    const s1 = await floor.watch(A1.extension);
    await floor.login(A1.agentID, A1.extension, s1);
    const base = { agentId: A1.agentID, callState: 'NoState', nailedStatus: 'NotNailedUp', campaign: null, mode: 'outbound' };

    // 2 is "Lunch" in the default tmac.reasonCodes.
    const lunch = floor.invokeID();
    await floor.accepted('SetAgentStateToAux', stateBody(A1.agentID, lunch, 2));
    await expectNext(s1, agentState(A1.extension, A1.agentID, 'NotReady', 'NoState', 2, 'NotNailedUp'));
    await expectNext(s1, done('SetAgentStateToAuxDone', A1.extension, lunch), { exactText: true });
    await floor.settle();
    assert.deepStrictEqual(await floorAgent(floor, A1.agentID), { ...base, agentState: 'NotReady', reasonCode: 2, reasonName: 'Lunch' });

    const unlisted = floor.invokeID();
    await floor.accepted('SetAgentStateToAux', stateBody(A1.agentID, unlisted, 42));
    await expectNext(s1, done('SetAgentStateToAuxDone', A1.extension, unlisted), { exactText: true });
    await floor.settle();
    assert.deepStrictEqual(await floorAgent(floor, A1.agentID), { ...base, agentState: 'NotReady', reasonCode: 42, reasonName: 'Aux 42' });

    const ready = floor.invokeID();
    await floor.accepted('SetAgentStateToAutoIn', stateBody(A1.agentID, ready));
    await expectNext(s1, done('SetAgentStateToAutoInDone', A1.extension, ready), { exactText: true });
    await floor.settle();
    const readyView = await floorAgent(floor, A1.agentID);
    assert.deepStrictEqual([readyView.agentState, readyView.reasonCode, readyView.reasonName], ['Ready', 0, '']);
    await floor.close();
  });
});

describe('a Standard callback', () => {
  it('goes back to the campaign for any agent: booked by 1001, who goes Not Ready, and offered to 1002 at its time', async () => {
    const t = await twoPreviewAgents();
    const { floor, s1, s2, call, codesJson } = t;
    const { number, timezone } = defaultNumberOf(call.contactJson);
    const dueAt = floor.clock.now() + 10 * MINUTE;
    const notes = 'Wants the upgrade details after the meeting';

    const book = await floor.generic('CreatePOMCallback', {
      connectionHandle: call.handle, callbackType: 'Standard', callbackTime: new Date(dueAt).toISOString(), callbackTimezone: timezone, number, notes,
    });
    await expectNext(s1, ev('OnCallbackCreated', A1.extension, { ResponseStatus: '0', Extension: A1.extension, InvokeID: String(book), ConnectionHandle: call.handle }), { exactText: true });
    const [booked, ...others] = await floor.nailup.store.callbacks.list({});
    assert.equal(others.length, 0);
    assert.deepStrictEqual(
      { type: booked!.type, agentId: booked!.agentId, contactId: booked!.contactId, dueAt: booked!.dueAt, number: booked!.number, state: booked!.state },
      { type: 'Standard', agentId: null, contactId: call.contactID, dueAt, number, state: 'pending' },
      'no owner: the campaign\'s',
    );

    // 1001 ends the call, asks for Not Ready (Pending while in wrap-up) and disposes: Not Ready, still logged on.
    await floor.callControl('DisconnectCall', call.handle);
    await expectNext(s1, previewWrapUpData(A1.extension, call.handle, codesJson));
    const aux = floor.invokeID();
    await floor.accepted('SetAgentStateToAux', stateBody(A1.agentID, aux, 1));
    await expectNext(s1, done('SetAgentStateToAuxDone', A1.extension, aux));
    const wrap = await floor.generic('WrapUpCallContact', { connectionHandle: call.handle, pCode: codeIdOf(codesJson, 'Callback'), pValue: 'Callback' });
    await expectNext(s1, wrapUpDone(A1.extension, wrap, call.handle));
    await expectNext(s1, agentState(A1.extension, A1.agentID, 'NotReady', 'Wrapup', 1, 'NailedUp'));
    await floor.settle();
    const m1 = s1.mark();

    // Not before its time; then to 1002, the campaign's free agent, as a callback contact.
    await floor.advance(9 * MINUTE);
    assert.ok(!s2.has(named('OnOutboundCallInitiated')), 'not offered before its time');
    const initiated = await floor.advanceUntil(s2, named('OnOutboundCallInitiated'), 5 * MINUTE);
    assert.ok(floor.clock.now() >= dueAt);
    const handle = initiated.eventData.ConnectionHandle!;
    const contact = JSON.parse(initiated.eventData.JSONData!) as Record<string, unknown> & { ContactNumbers: Array<{ IsDefault: boolean; Number: string }> };
    assert.deepStrictEqual(initiated, ev('OnOutboundCallInitiated', A2.extension, {
      ConnectionHandle: handle, MonitorHandle: '0', CallID: handle, Device: A2.extension, UCID: handle, campaignType: 'Callback', JSONData: initiated.eventData.JSONData!,
    }));
    assert.deepStrictEqual(
      [contact.CampaignName, contact.ContactType, contact.ContactID, contact.CallbackNotes, contact.DefaultNumber, contact.CanDial],
      ['DemoPreview', 3, call.contactID, notes, number, true],
    );
    assert.deepStrictEqual(contact.ContactNumbers.filter((n) => n.IsDefault).map((n) => n.Number), [number]);
    await floor.settle();
    assert.ok(!s1.since(m1).some(named('OnOutboundCallInitiated')), '1001 (Not Ready) is not offered it');
    const [delivered] = await floor.nailup.store.callbacks.list({});
    assert.equal(delivered!.state, 'delivered');
    await floor.close();
  });
});

describe('RedialPOMCall', () => {
  it('from wrap-up dials the contact again: RedialPOMCallDone, Dialing, the customer answers, and the redial is the contact\'s second attempt', async () => {
    const t = await twoPreviewAgents();
    const { floor, s1, call, codesJson } = t;
    const { number } = defaultNumberOf(call.contactJson);
    const release = await floor.callControl('DisconnectCall', call.handle);
    await expectNext(s1, callDone('DisconnectCallDone', A1.extension, release));
    await expectNext(s1, previewWrapUpData(A1.extension, call.handle, codesJson));
    await floor.settle();
    const mark = s1.mark();

    const redial = await floor.generic('RedialPOMCall', { connectionHandle: call.handle, numberToDial: number });
    await expectNext(s1, { eventName: 'RedialPOMCallDone', extension: A1.extension, eventData: { ResponseStatus: '0', Extension: A1.extension, InvokeID: String(redial), ConnectionHandle: call.handle } }, { exactText: true });
    await floor.settle();
    assertEventsSince(s1, mark, [
      agentState(A1.extension, A1.agentID, 'Ready', 'Dialing', 0, 'NailedUp'),
      ev('RedialPOMCallDone', A1.extension, { ResponseStatus: '0', Extension: A1.extension, InvokeID: String(redial), ConnectionHandle: call.handle }),
    ]);
    const talking = await floor.advanceUntil(s1, named('OnAgentStateChanged'), MINUTE);
    assert.deepStrictEqual(talking, agentState(A1.extension, A1.agentID, 'Ready', 'Talking', 0, 'NailedUp'));

    const attempts = (await floor.nailup.store.attempts.listBetween(0, floor.clock.now() + 1)).filter((a) => a.contactId === call.contactID);
    assert.deepStrictEqual(attempts.map((a) => [a.kind, a.number, a.agentId]), [['preview', number, A1.agentID], ['redial', number, A1.agentID]]);
    assert.equal(attempts[0]!.completionCode, '76', 'the first attempt keeps the default code');
    assert.ok(attempts[1]!.connectedAt !== null, 'the redial reached the customer');
    await floor.close();
  });
});

describe('AddPOMAgentNote', () => {
  it('keeps each note with the call attempt in hand, a line each, through wrap-up; refuses an empty note (400) and one with no call in hand (-561)', async () => {
    const t = await twoPreviewAgents();
    const { floor, s1, call, codesJson } = t;
    const done = (invokeID: number) => ({ eventName: 'AddPOMAgentNoteDone', extension: A1.extension, eventData: { ResponseStatus: '0', Extension: A1.extension, InvokeID: String(invokeID), ConnectionHandle: call.handle } });

    const talking = await floor.generic('AddPOMAgentNote', { connectionHandle: call.handle, note: 'Asked about the fees' });
    await expectNext(s1, done(talking), { exactText: true });
    const empty = await postCommand(floor.url, 'SendGenericCTICommand', generic('AddPOMAgentNote', { connectionHandle: call.handle, note: '  ' }, floor.invokeID()));
    assertValidationError(empty, 'jsonData.note');

    const release = await floor.callControl('DisconnectCall', call.handle);
    await expectNext(s1, callDone('DisconnectCallDone', A1.extension, release));
    await expectNext(s1, previewWrapUpData(A1.extension, call.handle, codesJson));
    const inWrapup = await floor.generic('AddPOMAgentNote', { connectionHandle: call.handle, note: 'Call back on Friday' });
    await expectNext(s1, done(inWrapup), { exactText: true });
    const wrapup = await floor.generic('WrapUpCallContact', { connectionHandle: call.handle, pCode: codeIdOf(codesJson, 'Sale'), pValue: 'Sale' });
    await expectNext(s1, wrapUpDone(A1.extension, wrapup, call.handle));
    await floor.settle();
    const [attempt] = (await floor.nailup.store.attempts.listBetween(0, floor.clock.now() + 1)).filter((a) => a.contactId === call.contactID);
    assert.equal(attempt?.notes, 'Asked about the fees\nCall back on Friday');

    const late = await floor.generic('AddPOMAgentNote', { connectionHandle: call.handle, note: 'Too late' });
    await expectNext(s1, failure(A1.extension, late, -561, 'Unable to add the note: no contact in hand'), { exactText: true });
    await floor.close();
  });
});

/** Agent 1001 logged in, Ready and nailed up, with no contact to dial. */
async function idleNailedAgent(): Promise<{ floor: Floor; s1: EventCollector }> {
  const floor = await Floor.start();
  await keepDialablePreviews(floor, 0);
  const s1 = await floor.watch(A1.extension);
  await floor.login(A1.agentID, A1.extension, s1);
  await floor.readyAndNailed(A1.agentID, A1.extension, s1);
  return { floor, s1 };
}

describe('NailingLost when the nailed call drops', () => {
  it('an idle agent whose station hangs up gets NailingLost on A4 and is nailed up again', async () => {
    const { floor, s1 } = await idleNailedAgent();
    const network = simulatedNetwork(floor);
    assert.ok(network.stationNailed(A1.extension), 'the station has its nail-up call');
    await floor.settle();
    const mark = s1.mark();

    assert.ok(network.hangUpStation(A1.extension));
    await expectNext(s1, nailupStatus(A1.extension, A1.agentID, 'NailingLost'), { exactText: true });
    await floor.settle();
    assertEventsSince(s1, mark, [
      nailupStatus(A1.extension, A1.agentID, 'NailingLost'),
      agentState(A1.extension, A1.agentID, 'Ready', 'NoState', 0, 'NailingLost'),
      // Ready and free: the dialer nails the agent up again at once (the desktop answers AGTReadyForNailup).
      nailupStatus(A1.extension, A1.agentID, 'PendingNailUp'),
    ]);
    const view = await floor.view(A1.agentID);
    assert.deepStrictEqual([view.agentState, view.callState, view.nailedStatus], ['Ready', 'NoState', 'PendingNailUp']);

    await floor.advance(1500);
    assertEventsSince(s1, mark + 3, [
      nailupStatus(A1.extension, A1.agentID, 'NailedUp'),
      agentState(A1.extension, A1.agentID, 'Ready', 'Idle', 0, 'NailedUp'),
    ]);
    assert.ok(network.stationNailed(A1.extension), 'a new nail-up call');
    await floor.close();
  });

  it('an agent in Aux whose line drops stays NailingLost until it goes Ready, then is nailed up again', async () => {
    const { floor, s1 } = await idleNailedAgent();
    const aux = floor.invokeID();
    await floor.accepted('SetAgentStateToAux', stateBody(A1.agentID, aux, 3));
    await expectNext(s1, done('SetAgentStateToAuxDone', A1.extension, aux));
    await floor.settle();
    const mark = s1.mark();

    assert.ok(simulatedNetwork(floor).hangUpStation(A1.extension));
    await floor.advance(5000);
    assertEventsSince(s1, mark, [
      nailupStatus(A1.extension, A1.agentID, 'NailingLost'),
      agentState(A1.extension, A1.agentID, 'NotReady', 'NoState', 3, 'NailingLost'),
    ]);

    const ready = floor.invokeID();
    await floor.accepted('SetAgentStateToAutoIn', stateBody(A1.agentID, ready));
    await floor.advance(1500);
    assertEventsSince(s1, mark + 2, [
      agentState(A1.extension, A1.agentID, 'Ready', 'NoState', 0, 'NailingLost'),
      done('SetAgentStateToAutoInDone', A1.extension, ready),
      nailupStatus(A1.extension, A1.agentID, 'PendingNailUp'),
      nailupStatus(A1.extension, A1.agentID, 'NailedUp'),
      agentState(A1.extension, A1.agentID, 'Ready', 'Idle', 0, 'NailedUp'),
    ]);
    await floor.close();
  });

  it('with a customer on the line: the call is cut off (Reason NailingLost) and wrapped up, then the agent is nailed up again', async () => {
    const t = await twoPreviewAgents();
    const { floor, s1, call, codesJson } = t;
    await floor.settle();
    const mark = s1.mark();

    assert.ok(simulatedNetwork(floor).hangUpStation(A1.extension));
    await floor.settle();
    assertEventsSince(s1, mark, [
      nailupStatus(A1.extension, A1.agentID, 'NailingLost'),
      agentState(A1.extension, A1.agentID, 'Ready', 'Wrapup', 0, 'NailingLost'),
      ev('OnCallDisconnected', A1.extension, { Device: A1.extension, ConnectionHandle: call.handle, UCID: call.handle, campaignType: 'Preview', Reason: 'NailingLost' }),
      previewWrapUpData(A1.extension, call.handle, codesJson),
    ]);
    assert.equal((await attemptOf(floor, call.contactID)).result, 'Answer_Human');

    const wrap = await floor.generic('WrapUpCallContact', { connectionHandle: call.handle, pCode: codeIdOf(codesJson, 'Not Interested'), pValue: 'Not Interested' });
    await floor.advance(1500);
    assertEventsSince(s1, mark + 4, [
      wrapUpDone(A1.extension, wrap, call.handle),
      agentState(A1.extension, A1.agentID, 'Ready', 'NoState', 0, 'NailingLost'),
      nailupStatus(A1.extension, A1.agentID, 'PendingNailUp'),
      nailupStatus(A1.extension, A1.agentID, 'NailedUp'),
      agentState(A1.extension, A1.agentID, 'Ready', 'Idle', 0, 'NailedUp'),
    ]);
    const attempt = await attemptOf(floor, call.contactID);
    assert.deepStrictEqual([attempt.result, attempt.completionCode], ['Answer_Human', codeIdOf(codesJson, 'Not Interested')]);
    await floor.close();
  });
});
