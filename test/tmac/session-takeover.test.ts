/**
 * Taking over one's own desktop session (docs/tmac-api.md, Login), over the real web-client API on a
 * floor on simulated time: an agent whose desktop session lives on (a tab closed without logging out)
 * logs in again with `takeOver: true` and the right password at the same extension; the live session
 * gets a new token and keeps its state (a preview in hand, a call), the old token is refused and its
 * socket is told "taken over" and closed. Without `takeOver` the -7 reply is as before, byte for byte;
 * a wrong password, another extension and an agent logged on without a desktop here are refused. Every
 * step is in the audit log.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { hashToken } from '../../src/tmac/tmac-server.ts';
import { Floor, closeAllFloors, keepDialablePreviews } from '../support/cti-floor.ts';
import { DesktopSocket } from '../support/desktop-socket.ts';
import type { Json } from '../support/nailup.ts';

after(closeAllFloors);

interface Raw {
  status: number;
  text: string;
  body: Json;
}

async function send(floor: Floor, method: 'GET' | 'POST', path: string, body?: unknown, token?: string): Promise<Raw> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${floor.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, text, body: text === '' ? undefined : JSON.parse(text) };
}

const AGENT = { lanId: 'agent1001', extension: '44001', password: 'demo' };
const ALREADY_LOGGED_IN = '{"error":{"code":"LOGIN_FAILED","message":"Agent is already logged in","tmacCode":-7}}';
const WRONG_PASSWORD = '{"error":{"code":"LOGIN_FAILED","message":"Login failure. Authentication of agent failed.","tmacCode":-17}}';
const EXPIRED = '{"error":{"code":"SESSION_EXPIRED","message":"the session has expired or does not exist; log in again","field":"token"}}';

/** How the socket closed: its code and reason. */
function closeOf(desk: DesktopSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => desk.ws.once('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })));
}

async function auditOf(floor: Floor, username: string): Promise<Array<{ action: string; outcome: string; details: Record<string, unknown> }>> {
  const rows = await floor.nailup.store.audit.list({ username, limit: 100 });
  return rows.reverse().map((r) => ({ action: r.action, outcome: r.outcome, details: r.details }));
}

void describe('taking over one\'s own desktop session', () => {
  void it('gives the live session a new token with its state (a preview, then a call); the old token gets 401 and its socket "taken over"', async () => {
    const floor = await Floor.start();
    const [contact] = await keepDialablePreviews(floor, 1);
    const loggedInAt = floor.clock.now();
    const first = await send(floor, 'POST', '/tmac/v1/login', AGENT);
    assert.equal(first.status, 200, first.text);
    const tokenA = first.body.token as string;
    const deskA = await DesktopSocket.open(floor.url, tokenA);
    const closedA = closeOf(deskA);
    assert.equal((await send(floor, 'POST', '/tmac/v1/commands/ready', {}, tokenA)).status, 200);
    await floor.advance(1500);
    const preview = await deskA.next('a preview', (s) => s.callState === 'Preview' && s.call !== null);
    assert.equal(preview.call.contact.ContactID, contact!.id);

    // The tab is closed, a new one logs in: -7 exactly as before.
    const again = await send(floor, 'POST', '/tmac/v1/login', AGENT);
    assert.equal(again.status, 401);
    assert.equal(again.text, ALREADY_LOGGED_IN);
    // takeOver needs the password (the dialer answers -7 only after it verified it) …
    const wrong = await send(floor, 'POST', '/tmac/v1/login', { ...AGENT, password: 'not-the-password', takeOver: true });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.text, WRONG_PASSWORD);
    // … and the session's extension.
    const elsewhere = await send(floor, 'POST', '/tmac/v1/login', { ...AGENT, extension: '44009', takeOver: true });
    assert.equal(elsewhere.status, 409);
    assert.equal(elsewhere.text, '{"error":{"code":"TAKEOVER_REFUSED","message":"Agent is already logged in at extension 44001: log in with extension 44001 to continue that session here","field":"extension","tmacCode":-7}}');
    const notBoolean = await send(floor, 'POST', '/tmac/v1/login', { ...AGENT, takeOver: 'yes' });
    assert.equal(notBoolean.status, 400);
    assert.equal(notBoolean.text, '{"error":{"code":"VALIDATION_FAILED","message":"takeOver: must be true or false","field":"takeOver"}}');
    // None of them touched the session.
    const still = await send(floor, 'GET', '/tmac/v1/state', undefined, tokenA);
    assert.equal(still.status, 200);
    assert.equal(still.body.state.call.connectionHandle, preview.call.connectionHandle);

    // Continue here.
    const taken = await send(floor, 'POST', '/tmac/v1/login', { ...AGENT, takeOver: true });
    assert.equal(taken.status, 200, taken.text);
    assert.deepEqual(Object.keys(taken.body), ['token', 'agent', 'state', 'config'], 'the login reply\'s shape');
    const tokenB = taken.body.token as string;
    assert.notEqual(tokenB, tokenA);
    assert.deepEqual(taken.body.agent, { agentID: '1001', lanId: 'agent1001', name: preview.agent.name, extension: '44001' });
    assert.equal(taken.body.state.agentState, 'Ready');
    assert.equal(taken.body.state.callState, 'Preview');
    assert.equal(taken.body.state.nailedStatus, 'NailedUp');
    assert.equal(taken.body.state.call.connectionHandle, preview.call.connectionHandle, 'the same contact in hand');
    assert.equal(taken.body.state.call.contact.ContactID, contact!.id);
    assert.ok(taken.body.state.session.expiresAt > floor.clock.now(), 'a session deadline of its own');

    // The old window: its socket is told and closed; its token is refused everywhere.
    const last = await deskA.message('the old socket told', (m) => m.type === 'loggedOut');
    assert.deepEqual(last, { type: 'loggedOut', reason: 'taken over' });
    assert.deepEqual(await closedA, { code: 4001, reason: 'taken over' });
    const oldState = await send(floor, 'GET', '/tmac/v1/state', undefined, tokenA);
    assert.equal(oldState.status, 401);
    assert.equal(oldState.text, EXPIRED);
    assert.equal((await send(floor, 'POST', '/tmac/v1/commands/cancelPreview', {}, tokenA)).status, 401);
    await assert.rejects(DesktopSocket.open(floor.url, tokenA), 'the old token opens no socket');
    assert.equal(floor.nailup.dialer.session('1001')?.call?.contact.id, contact!.id, 'the old token changed nothing at the dialer');

    // The new window works the same session: dial, talk, and take it over again while talking.
    const newState = await send(floor, 'GET', '/tmac/v1/state', undefined, tokenB);
    assert.equal(newState.status, 200);
    assert.equal(newState.body.state.call.connectionHandle, preview.call.connectionHandle);
    const deskB = await DesktopSocket.open(floor.url, tokenB);
    assert.equal((await send(floor, 'POST', '/tmac/v1/commands/dial', { number: preview.call.contact.DefaultNumber }, tokenB)).status, 200);
    for (let i = 0; i < 30 && floor.nailup.dialer.session('1001')?.callState !== 'Talking'; i++) await floor.advance(1000);
    const talking = await deskB.next('talking', (s) => s.callState === 'Talking');
    assert.ok(talking.call.connectedAt > 0, 'the call was connected');
    const third = await send(floor, 'POST', '/tmac/v1/login', { ...AGENT, takeOver: true });
    assert.equal(third.status, 200, third.text);
    const tokenC = third.body.token as string;
    assert.equal(third.body.state.callState, 'Talking', 'still on the call');
    assert.equal(third.body.state.call.connectionHandle, preview.call.connectionHandle);
    assert.equal(third.body.state.call.connectedAt, talking.call.connectedAt);
    assert.deepEqual(await deskB.message('the second socket told', (m) => m.type === 'loggedOut'), { type: 'loggedOut', reason: 'taken over' });
    assert.equal((await send(floor, 'POST', '/tmac/v1/commands/hold', {}, tokenB)).status, 401);
    assert.equal((await send(floor, 'POST', '/tmac/v1/commands/hold', {}, tokenC)).status, 200, 'the call is the new window\'s');

    // One open session in the store, under the newest token; the others ended as taken over.
    const open = (await floor.nailup.store.tmacSessions.open()).filter((s) => s.agentId === '1001');
    assert.deepEqual(open.map((s) => s.tokenHash), [hashToken(tokenC)]);
    for (const token of [tokenA, tokenB]) assert.equal((await floor.nailup.store.tmacSessions.findByTokenHash(hashToken(token)))?.endReason, 'taken over');

    const audit = await auditOf(floor, 'agent1001');
    const entries = audit.map((a) => `${a.action} ${a.outcome}${a.details.reason ? ` ${String(a.details.reason)}` : ''}`);
    assert.deepEqual(entries, [
      'desktopLogin ok',
      'desktopLogin failed refused',
      'desktopLogin failed wrongPassword',
      'desktopTakeOver failed otherExtension',
      'desktopLogin failed invalid',
      'desktopLogout ok takenOver',
      'desktopTakeOver ok',
      'desktopLogout ok takenOver',
      'desktopTakeOver ok',
    ]);
    assert.equal(audit[2]!.details.takeOver, true);
    assert.equal(audit[1]!.details.takeOver, undefined, 'a login without takeOver is audited as before');
    assert.deepEqual(audit[6]!.details, { address: '127.0.0.1', extension: '44001', agentId: '1001', sessionStartedAt: new Date(loggedInAt).toISOString() });
    assert.equal(audit[5]!.details.agentId, '1001');
    const actions = (await floor.nailup.store.agentActions.list('1001', 0, floor.clock.now() + 1)).map((a) => `${a.action} ${a.result}`);
    assert.equal(actions.filter((a) => a === 'takeOver 0').length, 2);
    deskA.close();
    deskB.close();
    await floor.close();
  });

  void it('with takeOver an agent who is not logged in just logs in; an agent logged on without a desktop here is refused', async () => {
    const floor = await Floor.start();
    const plain = await send(floor, 'POST', '/tmac/v1/login', { lanId: 'agent1002', extension: '44002', password: 'demo', takeOver: true });
    assert.equal(plain.status, 200, plain.text);
    assert.equal(plain.body.state.agentState, 'NotReady');
    const audit = await auditOf(floor, 'agent1002');
    assert.deepEqual(audit.map((a) => `${a.action} ${a.outcome}`), ['desktopLogin ok']);

    // Agent 1003 logged on through the CTI server by another client: no desktop session here to take over.
    const socket = await floor.watch('44003');
    await floor.login('1003', '44003', socket);
    const refused = await send(floor, 'POST', '/tmac/v1/login', { lanId: 'agent1003', extension: '44003', password: 'demo', takeOver: true });
    assert.equal(refused.status, 409);
    assert.equal(refused.text, '{"error":{"code":"TAKEOVER_REFUSED","message":"Agent is already logged in, but not at a desktop of this server: a supervisor can log the agent out","tmacCode":-7}}');
    assert.ok(floor.nailup.dialer.isLoggedOn('1003'), 'still logged on');
    assert.deepEqual((await auditOf(floor, 'agent1003')).map((a) => `${a.action} ${a.outcome} ${String(a.details.reason)}`), ['desktopTakeOver failed noDesktopSession']);
    await floor.close();
  });
});
