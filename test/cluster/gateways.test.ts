/**
 * A cluster on PostgreSQL and NATS (both started here): one dialer that leads, two gateways. Link A3
 * commands sent to one gateway reach the leader, and their A4 events come out of the other, byte for byte
 * as one process sends them; a refused command keeps its code and field across the bus; the supervisor API
 * and the desktop API are relayed; a desktop logged in through one gateway moves to the other when its
 * gateway goes away, without logging in again, and is closed as on one process when the session ends;
 * every role serves /metrics as Prometheus text.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DialerRole } from '../../src/cluster/dialer-role.ts';
import type { Gateway } from '../../src/cluster/gateway.ts';
import { EventCollector, getAgent, named, postCommand, sendCommand } from '../support/cti-client.ts';
import { TestCluster, eventually } from '../support/cluster.ts';
import { DesktopSocket } from '../support/desktop-socket.ts';
import { one, parse } from '../support/prometheus.ts';
import type { Json } from '../support/nailup.ts';

async function post(base: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

void describe('a cluster: one leading dialer, two gateways', () => {
  let cluster: TestCluster;
  let dialer: DialerRole;
  let a: Gateway;
  let b: Gateway;

  before(async () => {
    cluster = await TestCluster.start();
    dialer = await cluster.dialer({ 'cluster.instance': 'dialer-1' });
    await dialer.leading;
    a = await cluster.gateway({ 'cluster.instance': 'gateway-a' });
    b = await cluster.gateway({ 'cluster.instance': 'gateway-b' });
    await eventually('both gateways hear the leader', () => (a.leader.leader && b.leader.leader ? true : undefined));
  });
  after(() => cluster.stop());

  void it('is ready on every gateway once a dialer leads, and names the leader', async () => {
    for (const gateway of [a, b]) {
      const response = await fetch(`${gateway.url}/readyz`);
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { ready: true, checks: { nats: 'ok', leader: 'epoch 1 (dialer-1)' } });
    }
  });

  void it('takes A3 commands on one gateway and sends their A4 events from the other, as one process does', async () => {
    const events = await EventCollector.open(b.url, { extension: '5101' });
    try {
      assert.equal(await sendCommand(a.url, 'SecurityLogin', { extension: '5101', invokeID: 11 }), 0);
      const loggedIn = await events.next(named('SecurityLoginDone'));
      assert.equal(events.textOf(loggedIn), '{"eventName":"SecurityLoginDone","extension":"5101","eventData":{"ErrorInfo":"","ResponseStatus":"0","Extension":"5101","InvokeID":"11","ErrorCode":"0"}}');
      assert.equal(await sendCommand(a.url, 'AgentLogin', { extension: '5101', agentID: '1011', agentPassword: 'demo', invokeID: 12 }), 0);
      const done = await events.next(named('SetAgentStateDone'));
      assert.equal(events.textOf(done), '{"eventName":"SetAgentStateDone","extension":"5101","eventData":{"ErrorInfo":"","ResponseStatus":"0","Extension":"5101","InvokeID":"12","ErrorCode":"0"}}');
      // A wrong password answers in the event, with the spec's code and message.
      const other = await EventCollector.open(a.url, { extension: '5102' });
      assert.equal(await sendCommand(b.url, 'AgentLogin', { extension: '5102', agentID: '1012', agentPassword: 'wrong', invokeID: 13 }), 0);
      const refused = await other.next(named('SetAgentStateDone'));
      assert.equal(other.textOf(refused), '{"eventName":"SetAgentStateDone","extension":"5102","eventData":{"ErrorInfo":"Login failure. Authentication of agent failed.","ResponseStatus":"-17","Extension":"5102","InvokeID":"13","ErrorCode":"-17"}}');
      await other.close();

      const view = await getAgent(b.url, '1011');
      assert.equal(view.status, 200);
      assert.deepEqual({ agentID: (view.body as Json).agentID, extension: (view.body as Json).extension, agentState: (view.body as Json).agentState }, { agentID: '1011', extension: '5101', agentState: 'NotReady' });
      assert.equal((await getAgent(a.url, '9999')).status, 404);
    } finally {
      await events.close();
    }
  });

  void it('refuses a bad command on a gateway as the leader does: HTTP 400 with the code and the field', async () => {
    const reply = await postCommand(a.url, 'AgentLogin', { extension: '5103', agentID: '1013', agentPassword: 'demo', invokeID: 14, colour: 'red' });
    assert.equal(reply.status, 400);
    const error = (reply.body as Json).error;
    assert.equal(error.code, 'VALIDATION_FAILED');
    assert.equal(error.field, 'colour');
    const unknown = await postCommand(b.url, 'MakeCoffee', {});
    assert.equal(unknown.status, 400);
    assert.equal((unknown.body as Json).error.field, 'command');
  });

  void it('relays the supervisor API to the leader, and serves /metrics as Prometheus text to a supervisor', async () => {
    const login = await post(a.url, '/api/v1/auth/login', { username: 'supervisor', password: 'demo' });
    assert.equal(login.status, 200);
    const authorization = `Bearer ${login.body.token as string}`;
    const status = await fetch(`${b.url}/api/v1/status`, { headers: { authorization } });
    assert.equal(status.status, 200);
    const floor = (await status.json()) as Json;
    assert.ok(Array.isArray(floor.jobs), 'the floor status lists the jobs');

    assert.equal((await fetch(`${a.url}/metrics`)).status, 401);
    const scrape = await fetch(`${a.url}/metrics`, { headers: { authorization } });
    assert.equal(scrape.status, 200);
    assert.match(scrape.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const samples = parse(await scrape.text());
    assert.equal(one(samples, 'nailup_leader_epoch'), 1);
    assert.equal(one(samples, 'nailup_nats_connected'), 1);
    assert.equal(one(samples, 'nailup_process_info', { role: 'gateway', instance: 'gateway-a' }), 1);
    // The leader's own port has the floor's figures too.
    const leaderScrape = await fetch(`${(await dialer.leading).url}/metrics`, { headers: { authorization } });
    const leaderSamples = parse(await leaderScrape.text());
    assert.equal(one(leaderSamples, 'nailup_process_info', { role: 'dialer', instance: 'dialer-1' }), 1);
    assert.ok(leaderSamples.some((s) => s.name === 'nailup_agents'), 'the leader reports the agents');
  });

  void it('moves a desktop to the other gateway when its own goes away, without a new login', async () => {
    const login = await post(a.url, '/tmac/v1/login', { lanId: 'agent1004', extension: '5104', password: 'demo' });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    const token = login.body.token as string;
    const first = await DesktopSocket.open(a.url, token, 5000);
    await first.message('the state on the socket', (m) => m.type === 'state' && m.state.agent.agentID === '1004');
    const ready = await post(a.url, '/tmac/v1/commands/ready', {}, { authorization: `Bearer ${token}` });
    assert.equal(ready.status, 200, JSON.stringify(ready.body));
    await first.message('Ready on gateway a', (m) => m.type === 'state' && m.state.agentState === 'Ready');

    // Gateway a goes away: its socket closes; the desktop opens one on gateway b with the same token.
    const closed = new Promise<void>((resolve) => first.ws.once('close', () => resolve()));
    await a.close();
    cluster.gateways.splice(cluster.gateways.indexOf(a), 1);
    await closed;
    const second = await DesktopSocket.open(b.url, token, 5000);
    const state = await second.message('the state on gateway b', (m) => m.type === 'state');
    assert.equal(state.state.agent.agentID, '1004');
    assert.equal(state.state.agentState, 'Ready');
    const notReady = await post(b.url, '/tmac/v1/commands/notReady', { reasonCode: 1 }, { authorization: `Bearer ${token}` });
    assert.equal(notReady.status, 200, JSON.stringify(notReady.body));
    await second.message('NotReady on gateway b', (m) => m.type === 'state' && m.state.agentState === 'NotReady');
    // An unknown token gets no socket.
    await assert.rejects(DesktopSocket.open(b.url, 'not-a-token'));
    // Logged out: the socket is told why and closed, as on one process.
    const closedB = new Promise<{ code: number; reason: string }>((resolve) => second.ws.once('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })));
    const logout = await post(b.url, '/tmac/v1/commands/logout', {}, { authorization: `Bearer ${token}` });
    assert.equal(logout.status, 200, JSON.stringify(logout.body));
    assert.deepEqual(await second.message('told', (m) => m.type === 'loggedOut'), { type: 'loggedOut', reason: 'logged out' });
    assert.deepEqual(await closedB, { code: 4001, reason: 'logged out' });
  });
});
