/**
 * Blending and ACD calls over the CTI links (protocol.md §5b): agent 1011 of the demo's Predictive team
 * logs in over A3 (AgentLogin, SetAgentStateToManualIn) and is nailed to the predictive job; its team
 * blends into the DemoInbound queue as soon as a caller waits, and back once the queue has been empty for
 * 30 s. Callers are scripted (no simulated inbound traffic) and every predictive dial is busy, so the
 * agent only ever talks to the callers the test sends. Every A4 event of the agent is compared whole, in
 * order; the inbound_calls row is read back from the SQLite file.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { BlendingRule } from '../../src/acd/queue-types.ts';
import { DEMO_INBOUND_QUEUE, DEMO_PREDICTIVE_TEAM } from '../../src/demo/demo-data.ts';
import { named, type CtiEvent, type EventCollector } from '../support/cti-client.ts';
import {
  Floor, ScriptedCaller, agentState, assertEventsSince, callDone, capabilitiesOf, closeAllFloors, ev, expectNext, failure, nailupStatus, wrapUpDone,
} from '../support/cti-floor.ts';

after(closeAllFloors);

const AGENT = { agentID: '1011', extension: '44011' } as const;
const RELEASE_SECONDS = 30;
/** Blend in as soon as one caller waits; back out after RELEASE_SECONDS of an empty queue; nobody must stay outbound. */
const RULE: BlendingRule = {
  queue: DEMO_INBOUND_QUEUE, callsWaitingAbove: 0, oldestWaitAboveSeconds: null, serviceLevelBelowPercent: null,
  releaseAfterEmptySeconds: RELEASE_SECONDS, minOutbound: 0, maxOutbound: null,
};
/** Every predictive dial is busy: the agent gets no outbound customer. */
const NO_OUTBOUND_CUSTOMER = { live: 0, machine: 0, busy: 1, invalid: 0, refused: 0 };

interface InboundRow {
  call_id: string;
  queue: string;
  calling_number: string;
  arrived_at: number;
  answered_at: number | null;
  ended_at: number | null;
  result: string;
  agent_id: string | null;
  completion_code: string | null;
}

describe('a blended agent takes an ACD call over A3/A4 and returns to outbound', () => {
  let floor: Floor;
  let dir = '';
  let database = '';
  let s: EventCollector;
  let codesJson = '';
  const ext = AGENT.extension;
  const id = AGENT.agentID;
  /** The queue's wrap-up time and default code, as the demo defines DemoInbound. */
  let wrapupSeconds = 0;
  let defaultCode = '';

  function row(callId: string): InboundRow {
    const db = new Database(database, { readonly: true, fileMustExist: true });
    try {
      const found = db.prepare('SELECT * FROM inbound_calls WHERE call_id = ?').get(callId) as InboundRow | undefined;
      assert.ok(found, `an inbound_calls row for ${callId}`);
      return found;
    } finally {
      db.close();
    }
  }

  /** The caller arrives; the blender moves the agent in at its next tick and the ACD delivers the call. */
  async function callerDelivered(caller: ScriptedCaller): Promise<string> {
    await floor.settle();
    const mark = s.mark();
    floor.nailup.acd.arrive(caller);
    const delivered = await floor.advanceUntil(s, named('OnInboundCallDelivered'), 10_000);
    const handle = delivered.eventData.ConnectionHandle!;
    const answered = row(caller.id);
    assert.ok(answered.answered_at !== null, 'the ACD answered the call');
    await floor.settle();
    assertEventsSince(s, mark, [
      nailupStatus(ext, id, 'PendingNailupDrop'),
      nailupStatus(ext, id, 'NotNailedUp'),
      ev('BlendToInbound', ext, { Extension: ext, AgentID: id, Queue: DEMO_INBOUND_QUEUE }),
      agentState(ext, id, 'Ready', 'Talking', 0, 'NotNailedUp'),
      ev('OnInboundCallDelivered', ext, {
        ConnectionHandle: handle, UCID: caller.id, Device: ext, Queue: DEMO_INBOUND_QUEUE, CallingNumber: caller.callingNumber,
        WaitSeconds: String(Math.round((answered.answered_at - caller.arrivedAt) / 1000)),
      }),
    ]);
    assert.deepStrictEqual(caller.log, ['music', 'connect'], 'the caller waited with music, then was bridged');
    assert.deepStrictEqual([answered.agent_id, answered.result, answered.ended_at, answered.completion_code], [id, 'answered', null, null]);
    return handle;
  }

  function wrapUpData(handle: string, ucid: string): CtiEvent {
    return ev('OnCallWrapUpDataEvent', ext, {
      Device: ext, ConnectionHandle: handle, UCID: ucid, campaignType: 'Inbound', WrapupTime: String(wrapupSeconds), DefaultCompletionCode: defaultCode, JSONData: codesJson,
    });
  }

  /** BlendToOutbound, then the nail-up again (PendingNailUp, NailedUp 1.5 s later). */
  async function expectBackOutbound(mark: number): Promise<void> {
    await floor.advance(1500);
    assertEventsSince(s, mark, [
      agentState(ext, id, 'Ready', 'NoState', 0, 'NotNailedUp'),
      ev('BlendToOutbound', ext, { Extension: ext, AgentID: id, Queue: DEMO_INBOUND_QUEUE }),
      nailupStatus(ext, id, 'PendingNailUp'),
      nailupStatus(ext, id, 'NailedUp'),
      agentState(ext, id, 'Ready', 'Idle', 0, 'NailedUp'),
    ]);
    const view = await floor.view(id);
    assert.deepStrictEqual([view.agentState, view.callState, view.nailedStatus, view.call], ['Ready', 'Idle', 'NailedUp', null]);
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nailup-blending-'));
    database = join(dir, 'nailup.db');
    floor = await Floor.start({ database, 'network.outcomes': NO_OUTBOUND_CUSTOMER });
    const store = floor.nailup.store;
    const team = await store.organizations.findTeam(DEMO_PREDICTIVE_TEAM);
    assert.ok(team);
    assert.ok(await store.organizations.updateTeam(team.name, { organizationName: team.organizationName, skills: team.skills, blending: RULE }));
    await floor.nailup.dialer.teamsChanged();
    const queue = await store.queues.findByName(DEMO_INBOUND_QUEUE);
    assert.ok(queue);
    wrapupSeconds = queue.wrapupSeconds;
    defaultCode = queue.defaultCompletionCode;
    const names = new Map((await store.completionCodes.list()).map((c) => [c.codeID, c.codeValue]));
    codesJson = JSON.stringify(queue.completionCodes.map((codeID) => ({ codeID, codeValue: names.get(codeID) })));
    assert.equal(codesJson, '[{"codeID":"69","codeValue":"Sale"},{"codeID":"70","codeValue":"Not Interested"},{"codeID":"72","codeValue":"NSP"}]');
    s = await floor.watch(ext);
  });

  after(async () => {
    await floor?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('logs in, goes Ready (ManualIn) and is nailed to the predictive job; with no caller it stays outbound', async () => {
    await floor.login(id, ext, s);
    await floor.readyAndNailed(id, ext, s);
    await floor.advance(20_000);
    assert.ok(!s.has((e) => e.eventName.startsWith('Blend') || e.eventName === 'OnOutboundCallInitiated'), 'no blend, no outbound customer');
    const view = await floor.view(id);
    assert.deepStrictEqual([view.agentState, view.callState, view.nailedStatus], ['Ready', 'Idle', 'NailedUp']);
  });

  let caller: ScriptedCaller;
  let handle = '';

  it('a caller waits: BlendToInbound, the nail-up dropped, then OnInboundCallDelivered with the caller, its queue and its wait', async () => {
    await floor.advance(300);
    caller = new ScriptedCaller('ucid-0001', '+12125550101', DEMO_INBOUND_QUEUE, floor.clock);
    handle = await callerDelivered(caller);
    const view = await floor.view(id);
    assert.deepStrictEqual(view.call, { ConnectionHandle: handle, campaignType: 'Inbound', campaignName: '', contactID: 0 });
    // An ACD call: hold and release; no transfer without a consult; no contact record to call back or update.
    assert.deepStrictEqual(await capabilitiesOf(floor, id, ['hold', 'unhold', 'release', 'transfer', 'conference', 'createCallback', 'updateRecord']), {
      hold: true, unhold: false, release: true, transfer: false, conference: false, createCallback: false, updateRecord: false,
    });
  });

  it('Hold → HoldCallDone (the caller hears music); HoldReconnect → HoldReconnectDone', async () => {
    await floor.settle();
    let mark = s.mark();
    const hold = await floor.callControl('Hold', handle);
    await expectNext(s, callDone('HoldCallDone', ext, hold));
    await floor.settle();
    assertEventsSince(s, mark, [agentState(ext, id, 'Ready', 'Held', 0, 'NotNailedUp'), callDone('HoldCallDone', ext, hold)]);
    assert.deepStrictEqual(caller.log, ['music', 'connect', 'music']);
    assert.deepStrictEqual(await capabilitiesOf(floor, id, ['hold', 'unhold']), { hold: false, unhold: true });

    mark = s.mark();
    const unhold = await floor.callControl('HoldReconnect', handle);
    await expectNext(s, callDone('HoldReconnectDone', ext, unhold));
    await floor.settle();
    assertEventsSince(s, mark, [agentState(ext, id, 'Ready', 'Talking', 0, 'NotNailedUp'), callDone('HoldReconnectDone', ext, unhold)]);
  });

  it('DisconnectCall → DisconnectCallDone, then OnCallWrapUpDataEvent with the queue\'s codes; the caller is hung up and the row ended', async () => {
    await floor.settle();
    const mark = s.mark();
    const release = await floor.callControl('DisconnectCall', handle);
    await s.next(named('OnCallWrapUpDataEvent'));
    await floor.settle();
    assertEventsSince(s, mark, [
      agentState(ext, id, 'Ready', 'Wrapup', 0, 'NotNailedUp'),
      callDone('DisconnectCallDone', ext, release),
      wrapUpData(handle, caller.id),
    ]);
    assert.equal(caller.log.at(-1), 'hangup');
    assert.equal(row(caller.id).ended_at, floor.clock.now());

    // The call has ended: call control on its handle fails as CSTAUniversalFailureEvent; so does a code not of the queue.
    const unhold = await floor.callControl('HoldReconnect', handle);
    await expectNext(s, failure(ext, unhold, -122, 'Unable to unhold as call is disconnected'));
    const badCode = await floor.generic('WrapUpCallContact', { connectionHandle: handle, pCode: '73', pValue: 'CM_NTC' });
    await expectNext(s, failure(ext, badCode, -204, 'Wrap-up failed: completion code not updated'));
  });

  it('WrapUpCallContact with a code of the queue → OnCallWrapUpDone, Idle; the row has the agent, the end and the code', async () => {
    await floor.settle();
    const mark = s.mark();
    const wrap = await floor.generic('WrapUpCallContact', { connectionHandle: handle, pCode: '69', pValue: 'Sale' });
    await expectNext(s, wrapUpDone(ext, wrap, handle));
    await floor.settle();
    assertEventsSince(s, mark, [wrapUpDone(ext, wrap, handle), agentState(ext, id, 'Ready', 'Idle', 0, 'NotNailedUp')]);
    const ended = row(caller.id);
    assert.deepStrictEqual(
      { agent: ended.agent_id, result: ended.result, code: ended.completion_code, ended: ended.ended_at !== null, queue: ended.queue, number: ended.calling_number },
      { agent: id, result: 'answered', code: '69', ended: true, queue: DEMO_INBOUND_QUEUE, number: caller.callingNumber },
    );
  });

  it('the queue stays empty for the release time: BlendToOutbound, and the agent is nailed up again', async () => {
    await floor.settle();
    const mark = s.mark();
    const answeredAt = row(caller.id).answered_at!;
    await floor.advanceUntil(s, named('BlendToOutbound'), 60_000);
    const emptyFor = floor.clock.now() - answeredAt;
    assert.ok(emptyFor >= RELEASE_SECONDS * 1000 && emptyFor <= (RELEASE_SECONDS + 2) * 1000, `blended out ${emptyFor} ms after the queue emptied (release after ${RELEASE_SECONDS} s)`);
    await expectBackOutbound(mark);
  });

  it('a caller who hangs up: OnCallDisconnected and the wrap-up data; with no wrap-up the queue\'s default code, then straight back to outbound', async () => {
    await floor.advance(5000);
    const second = new ScriptedCaller('ucid-0002', '+13125550102', DEMO_INBOUND_QUEUE, floor.clock);
    const handle2 = await callerDelivered(second);
    await floor.advance(10_000);
    const mark = s.mark();
    second.hangUpNow();
    await s.next(named('OnCallWrapUpDataEvent'));
    await floor.settle();
    assertEventsSince(s, mark, [
      agentState(ext, id, 'Ready', 'Wrapup', 0, 'NotNailedUp'),
      ev('OnCallDisconnected', ext, { Device: ext, ConnectionHandle: handle2, UCID: second.id, campaignType: 'Inbound', Reason: 'Disconnected_By_User' }),
      wrapUpData(handle2, second.id),
    ]);
    const hungUpAt = floor.clock.now();
    assert.equal(row(second.id).ended_at, hungUpAt);
    const hold = await floor.callControl('Hold', handle2);
    await expectNext(s, failure(ext, hold, -102, 'Unable to hold as call is disconnected'));

    // The queue has been empty for longer than the release time meanwhile: the agent leaves once its wrap-up times out.
    await floor.settle();
    const before = s.mark();
    await floor.advanceUntil(s, named('BlendToOutbound'), (wrapupSeconds + 5) * 1000);
    assert.equal(floor.clock.now() - hungUpAt, wrapupSeconds * 1000, 'at the end of the queue\'s wrap-up time');
    // Exactly the way back (no OnCallWrapUpDone: nobody wrapped up).
    await expectBackOutbound(before);
    assert.deepStrictEqual([row(second.id).completion_code, row(second.id).agent_id], [defaultCode, id]);
  });
});
