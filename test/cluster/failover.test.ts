/**
 * Failover with real processes: two dialers (`nailup start --role dialer`, child processes) on one
 * PostgreSQL and NATS, one gateway. A preview agent works through the gateway: a call wrapped up (the
 * disposition acknowledged), then a second call in progress when the leading dialer is killed with
 * SIGKILL. The standby takes the lease; the agent's desktop is told the link is up again and comes back
 * without a new login, Ready, and is offered the next contact. In the store: the acknowledged disposition
 * is there, the call in flight ended with result Unknown and its contact waits its retry interval, and no
 * contact was dialed twice. An agent on the CTI links themselves (A3/A4) keeps its socket, is logged on
 * again without its password and put back in Aux with its reason; another, in wrap-up at the kill, gets
 * its call back in wrap-up and disposes it with its own code.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Gateway } from '../../src/cluster/gateway.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { AttemptRecord } from '../../src/store/records.ts';
import type { Store } from '../../src/store/store.ts';
import { TestCluster, eventually, seedDemoAllDay } from '../support/cluster.ts';
import { DesktopSocket } from '../support/desktop-socket.ts';
import type { Json } from '../support/nailup.ts';
import { EventCollector, getAgent, named, sendCommand } from '../support/cti-client.ts';

const STEP_MS = 20_000;

void describe('a leading dialer killed mid-call', () => {
  let cluster: TestCluster;
  let gateway: Gateway;
  let store: Store;

  before(async () => {
    cluster = await TestCluster.start();
    await seedDemoAllDay(cluster.pg.url, 40);
    store = await openStore(cluster.pg.url);
  });
  after(async () => {
    await store?.close();
    await cluster?.stop();
  });

  void it('loses no acknowledged disposition, dials no contact twice, and brings the desktop back without a login', async () => {
    // A person answers every call and never hangs up first: the agent ends the calls.
    const network = { 'network.outcomes': { live: 1 }, 'network.ringTime': 1, 'network.talk': 600 };
    const first = await cluster.spawnDialer('dialer-1', network);
    gateway = await cluster.gateway({ 'cluster.instance': 'gateway-1' });
    await eventually('dialer-1 leads', () => (gateway.leader.leader?.instance === 'dialer-1' ? true : undefined), 60_000);
    const second = await cluster.spawnDialer('dialer-2', network);
    await eventually('dialer-2 stands by', async () => ((await fetch(`http://127.0.0.1:${second.port}/readyz`).catch(() => null))?.status === 200 ? true : undefined), 60_000);

    const login = await post('/tmac/v1/login', { lanId: 'agent1001', extension: '44001', password: 'demo' });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    const token = login.body.token as string;
    const command = async (name: string, body: unknown = {}): Promise<void> => {
      const reply = await post(`/tmac/v1/commands/${name}`, body, { authorization: `Bearer ${token}` });
      assert.equal(reply.status, 200, `${name}: ${JSON.stringify(reply.body)}`);
    };
    const desk = await DesktopSocket.open(gateway.url, token, STEP_MS);

    // Agent 1002 works over the CTI links themselves (A3 commands, A4 events), in Aux with reason 5.
    const a4 = await EventCollector.open(gateway.url, { extension: '44002' });
    assert.equal(await sendCommand(gateway.url, 'SecurityLogin', { extension: '44002', invokeID: 1 }), 0);
    assert.equal(await sendCommand(gateway.url, 'AgentLogin', { extension: '44002', agentID: '1002', agentPassword: 'demo', invokeID: 2 }), 0);
    await a4.next(named('SetAgentStateDone', { InvokeID: '2', ErrorCode: '0' }), STEP_MS);
    assert.equal(await sendCommand(gateway.url, 'SetAgentStateToAux', { sessionID: 's', agentID: '1002', agentState: 0, queue: '', reasonCode: 5, invokeID: 3 }), 0);
    await a4.next(named('SetAgentStateToAuxDone', { InvokeID: '3', ErrorCode: '0' }), STEP_MS);

    // Call 1: previewed, dialed, ended by the agent, wrapped up — the wrap-up is acknowledged.
    await command('ready');
    const preview1 = await desk.next('the first preview', (s) => s.call?.campaignName === 'DemoPreview' && s.callState === 'Preview');
    const contact1 = preview1.call.contact.ContactID as number;
    await command('dial', { number: preview1.call.contact.DefaultNumber as string });
    await desk.next('call 1 talking', (s) => s.callState === 'Talking');
    await command('disconnect');
    const wrapup = await desk.next('call 1 in wrap-up', (s) => s.call?.wrapup !== null && s.call?.wrapup !== undefined);
    const code = wrapup.call.wrapup.codes.find((c: { codeID: string }) => c.codeID !== wrapup.call.wrapup.defaultCompletionCode) ?? wrapup.call.wrapup.codes[0];
    await command('wrapup', { codeID: code.codeID });

    // Agent 1003, over A3/A4 too, takes a preview call and is in its wrap-up when the leader is killed.
    const wrapA4 = await EventCollector.open(gateway.url, { extension: '44003' });
    assert.equal(await sendCommand(gateway.url, 'SecurityLogin', { extension: '44003', invokeID: 1 }), 0);
    assert.equal(await sendCommand(gateway.url, 'AgentLogin', { extension: '44003', agentID: '1003', agentPassword: 'demo', invokeID: 2 }), 0);
    await wrapA4.next(named('SetAgentStateDone', { InvokeID: '2', ErrorCode: '0' }), STEP_MS);
    assert.equal(await sendCommand(gateway.url, 'SetAgentStateToAutoIn', { sessionID: 's', agentID: '1003', agentState: 3, queue: '', invokeID: 3 }), 0);
    const offer = await wrapA4.next(named('OnOutboundCallInitiated', { campaignType: 'Preview' }), STEP_MS);
    const offered = JSON.parse(offer.eventData.JSONData!) as { ContactID: number; DefaultNumber: string };
    const wrapContact = offered.ContactID;
    const dialData = JSON.stringify({ connectionHandle: offer.eventData.ConnectionHandle, numberToDial: offered.DefaultNumber, custName: '' });
    assert.equal(await sendCommand(gateway.url, 'SendGenericCTICommand', { commandName: 'DialPOMPreviewCall', jsonData: dialData, invokeID: 4 }), 0);
    await wrapA4.next(named('OnAgentStateChanged', { CallState: 'Talking' }), STEP_MS);
    assert.equal(await sendCommand(gateway.url, 'DisconnectCall', { sessionID: 's', connectionHandle: offer.eventData.ConnectionHandle, invokeID: 5 }), 0);
    await wrapA4.next(named('OnCallWrapUpDataEvent', { ConnectionHandle: offer.eventData.ConnectionHandle! }), STEP_MS);

    // Call 2: in progress when the leader is killed.
    const preview2 = await desk.next('the second preview', (s) => s.callState === 'Preview' && s.call !== null && s.call.contact.ContactID !== contact1);
    const contact2 = preview2.call.contact.ContactID as number;
    await command('dial', { number: preview2.call.contact.DefaultNumber as string });
    await desk.next('call 2 talking', (s) => s.callState === 'Talking');
    const killedAt = Date.now();
    first.child.kill('SIGKILL');

    // The standby announces its takeover: the gateways tell their desktops "reconnecting" at once, then "up" once it serves.
    await eventually('dialer-2 leads', () => (gateway.leader.leader?.instance === 'dialer-2' ? true : undefined), STEP_MS);
    assert.equal(gateway.leader.epoch, 2);
    await desk.message('up again', (m) => m.type === 'link' && m.state === 'up');
    // Back without a login: Ready and nailed, and offered a contact that is neither of the two.
    const preview3 = await desk.next('a preview from the new leader', (s) => s.callState === 'Preview' && s.agentState === 'Ready' && s.call !== null
      && s.call?.contact.ContactID !== contact1 && s.call?.contact.ContactID !== contact2);
    assert.equal(preview3.nailedStatus, 'NailedUp');
    const state = await get('/tmac/v1/state', { authorization: `Bearer ${token}` });
    assert.equal(state.status, 200, 'the token still opens the session');

    // The A3/A4 agent, on the same socket: told POM is not available as soon as the gateway knows the leader
    // is gone, then its nailed line lost, logged on again by the new leader without its password, back in
    // Aux with its reason; POM available again once the new leader serves; it takes commands as before.
    const notAvailable = await a4.next(named('POMNotAvailable'), STEP_MS);
    assert.equal(a4.textOf(notAvailable), '{"eventName":"POMNotAvailable","extension":"44002","eventData":{"Extension":"44002"}}');
    const lost = await a4.next(named('OnNailupStatusChanged', { NailedStatus: 'NailingLost' }), STEP_MS);
    assert.equal(a4.textOf(lost), '{"eventName":"OnNailupStatusChanged","extension":"44002","eventData":{"Extension":"44002","AgentID":"1002","NailedStatus":"NailingLost"}}');
    const relogged = await a4.next(named('SetAgentStateDone'), STEP_MS);
    assert.equal(relogged.eventData.ErrorCode, '0');
    await a4.next(named('OnAgentStateChanged', { AgentState: 'NotReady', ReasonCode: '5' }), STEP_MS);
    const available = await a4.next(named('POMAvailable'), STEP_MS);
    assert.equal(a4.textOf(available), '{"eventName":"POMAvailable","extension":"44002","eventData":{"Extension":"44002"}}');
    assert.equal(a4.all().filter((e) => e.eventName.startsWith('POM')).length, 2, 'told once of each');
    const view = await getAgent(gateway.url, '1002');
    assert.equal(view.status, 200);
    assert.equal((view.body as Json).agentState, 'NotReady');
    assert.equal(await sendCommand(gateway.url, 'SetAgentStateToAutoIn', { sessionID: 's', agentID: '1002', agentState: 3, queue: '', invokeID: 4 }), 0);
    await a4.next(named('SetAgentStateToAutoInDone', { InvokeID: '4', ErrorCode: '0' }), STEP_MS);
    await a4.close();

    // Agent 1003 has its call back, in wrap-up, under a new handle; its disposition is the one written.
    const back = await wrapA4.next(named('OnOutboundCallInitiated'), STEP_MS);
    assert.equal((JSON.parse(back.eventData.JSONData!) as { ContactID: number }).ContactID, wrapContact);
    const codes = await wrapA4.next(named('OnCallWrapUpDataEvent', { ConnectionHandle: back.eventData.ConnectionHandle! }), STEP_MS);
    const wrapCodes = JSON.parse(codes.eventData.JSONData!) as Array<{ codeID: string }>;
    const chosen = wrapCodes.map((c) => c.codeID).find((c) => c !== codes.eventData.DefaultCompletionCode);
    assert.ok(chosen, `a code other than the default among ${codes.eventData.JSONData}`);
    const wrapData = JSON.stringify({ connectionHandle: back.eventData.ConnectionHandle, pCode: chosen, pValue: chosen });
    assert.equal(await sendCommand(gateway.url, 'SendGenericCTICommand', { commandName: 'WrapUpCallContact', jsonData: wrapData, invokeID: 6 }), 0);
    await wrapA4.next(named('OnCallWrapUpDone', { ConnectionHandle: back.eventData.ConnectionHandle! }), STEP_MS);
    const wrapAttempts = await attemptsOf(wrapContact);
    assert.equal(wrapAttempts.length, 1, 'the wrapped-up contact was dialed once');
    assert.equal(wrapAttempts[0]!.completionCode, chosen, 'the agent\'s disposition, not the default');
    await wrapA4.close();

    // The acknowledged disposition of call 1 is in the store.
    const attempts1 = await attemptsOf(contact1);
    assert.equal(attempts1.length, 1, 'contact 1 was dialed once');
    assert.equal(attempts1[0]!.completionCode, code.codeID);
    // Call 2 ended with result Unknown, and its contact waits its retry interval.
    const attempts2 = await attemptsOf(contact2);
    assert.equal(attempts2.length, 1, 'contact 2 was dialed once');
    assert.equal(attempts2[0]!.result, 'Unknown');
    assert.ok(attempts2[0]!.endedAt !== null);
    const record2 = await store.contacts.findById(contact2);
    assert.ok(record2);
    assert.notEqual(record2.state, 'in_progress');
    assert.ok(record2.nextAttemptAt === null || record2.nextAttemptAt > killedAt + 60_000, `contact 2 waits: next attempt at ${record2.nextAttemptAt}`);
    desk.close();
  });

  const post = async (path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${gateway.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
  };
  const get = async (path: string, headers: Record<string, string>): Promise<{ status: number }> => ({ status: (await fetch(`${gateway.url}${path}`, { headers })).status });
  const attemptsOf = async (contactId: number): Promise<AttemptRecord[]> =>
    (await store.attempts.listBetween(0, Date.now() + 1)).filter((attempt) => attempt.contactId === contactId);
});
