/**
 * The demo floor is blended: a human agent of the Predictive team who logs on over the CTI links (A3/A4)
 * and stays Ready, working the calls it gets, is blended to the DemoInbound queue within 3 minutes of
 * the start, takes a caller there, and is blended back to outbound. On a virtual clock, with the demo's
 * simulated agents and callers (seed 1). An agent moves only with nothing in hand, so an agent whose first
 * outbound call lasts past 3 minutes is blended later: the demo's seed is one whose first calls do not.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Nailup } from '../../src/app.ts';
import { VirtualClock } from '../../src/clock/virtual-clock.ts';
import { DEMO_INBOUND_QUEUE } from '../../src/demo/demo-data.ts';
import { EventCollector, named, sendCommand, type CtiEvent } from '../support/cti-client.ts';
import { startTestNailup } from '../support/nailup.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const AGENT = '1011';
const EXTENSION = '44011';

const open = new Set<{ close(): Promise<void> }>();
after(async () => {
  for (const item of open) await item.close();
});

void describe('the demo blends its Predictive team into DemoInbound', () => {
  void it('a Ready human agent is blended in within 3 minutes, takes a caller, and is blended back', async () => {
    const start = Date.UTC(2026, 11, 4, 15, 0);
    const clock = new VirtualClock(start);
    const nailup = await startTestNailup({ 'demo.bots': 8, 'demo.contactsPerList': 1000 }, { clock });
    open.add(nailup);
    const socket = await EventCollector.open(nailup.url, { extension: EXTENSION });
    open.add(socket);

    assert.equal(await sendCommand(nailup.url, 'AgentLogin', { extension: EXTENSION, agentID: AGENT, agentPassword: 'demo', invokeID: 1 }), 0);
    await nailup.dialer.whenIdle();
    await socket.next(named('SetAgentStateDone', { InvokeID: '1', ErrorCode: '0' }));
    assert.equal(await sendCommand(nailup.url, 'SetAgentStateToManualIn', { sessionID: 's', agentID: AGENT, agentState: 0, invokeID: 2 }), 0);

    // The agent works what it gets: every call's wrap-up is done at once with the call's default code.
    let invokeID = 10;
    const seen = new Set<CtiEvent>();
    const work = async (): Promise<void> => {
      await nailup.dialer.whenIdle();
      await socket.flush();
      for (const event of socket.all()) {
        if (seen.has(event)) continue;
        seen.add(event);
        if (event.eventName !== 'OnCallWrapUpDataEvent') continue;
        const jsonData = JSON.stringify({ connectionHandle: event.eventData.ConnectionHandle, pCode: event.eventData.DefaultCompletionCode, pValue: '' });
        assert.equal(await sendCommand(nailup.url, 'SendGenericCTICommand', { commandName: 'WrapUpCallContact', jsonData, invokeID: invokeID++ }), 0);
      }
    };
    const runUntil = async (deadline: number, done: () => boolean): Promise<void> => {
      for (;;) {
        await work();
        if (done() || clock.now() >= deadline) return;
        await clock.advance(SECOND);
      }
    };
    const has = (name: string, data: Record<string, string> = {}): boolean => socket.has(named(name, data));

    await runUntil(start + 3 * MINUTE, () => has('BlendToInbound'));
    assert.ok(has('BlendToInbound', { AgentID: AGENT, Queue: DEMO_INBOUND_QUEUE }), `not blended to inbound within 3 minutes (${socket.all().map((e) => e.eventName).join(', ')})`);
    const blendedAt = clock.now();

    await runUntil(blendedAt + 10 * MINUTE, () => has('OnInboundCallDelivered'));
    assert.ok(has('OnInboundCallDelivered', { Queue: DEMO_INBOUND_QUEUE, Device: EXTENSION }), 'no caller delivered while inbound');
    const delivered = socket.all().find((e) => e.eventName === 'OnInboundCallDelivered')!;
    const row = (await nailup.store.inboundCalls.abandoned({ from: 0, to: Number.MAX_SAFE_INTEGER })).find((r) => r.callId === delivered.eventData.UCID);
    assert.equal(row, undefined, 'the delivered caller is not an abandoned call');

    await runUntil(clock.now() + 20 * MINUTE, () => has('BlendToOutbound'));
    assert.ok(has('BlendToOutbound', { AgentID: AGENT, Queue: DEMO_INBOUND_QUEUE }), 'not blended back to outbound');
    // Back in outbound, the agent is nailed up to its campaign again.
    const renailed = (): boolean => {
      const all = socket.all();
      const back = all.findIndex((e) => e.eventName === 'BlendToOutbound');
      return all.some((e, i) => i > back && e.eventName === 'OnNailupStatusChanged' && e.eventData.NailedStatus === 'NailedUp');
    };
    await runUntil(clock.now() + MINUTE, renailed);
    assert.ok(renailed(), 'nailed up again after blending back');
    await closeAll(nailup, socket);
  });
});

void describe('the demo\'s queue without people on the floor', () => {
  void it('is served by the simulated agents that hold its skill: the team\'s minimum outbound counts the whole team', async () => {
    const start = Date.UTC(2026, 11, 4, 15, 0);
    const clock = new VirtualClock(start);
    const nailup = await startTestNailup({ 'demo.bots': 8, 'demo.contactsPerList': 1000 }, { clock });
    open.add(nailup);
    await clock.advance(10 * MINUTE);
    const [queue] = nailup.dialer.inboundFigures();
    assert.equal(queue?.queue, DEMO_INBOUND_QUEUE);
    assert.ok(queue.offered > 0, 'callers came');
    assert.ok(queue.answered > 0, `no caller answered in 10 minutes: ${JSON.stringify(queue)}`);
    open.delete(nailup);
    await nailup.close();
  });
});

async function closeAll(nailup: Nailup, socket: EventCollector): Promise<void> {
  open.delete(socket);
  open.delete(nailup);
  await socket.close();
  await nailup.close();
}
