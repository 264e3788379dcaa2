/**
 * Desktop sessions that end, over the real APIs on a floor on simulated time: a supervisor logs an agent
 * out (`POST /api/v1/agents/{agentId}/logout`: supervisors and administrators; 404 for an unknown agent,
 * 409 NOT_LOGGED_ON for one not on the floor), which releases the preview contact the agent held, ends
 * its desktop session ("logged out by a supervisor") and lets the agent log in again at once; and every
 * desktop logout — by the agent, by the idle timeout, by a supervisor — is in the audit log beside the
 * logins (desktopLogout with its reason). A session that expires while the agent is on a call is not cut
 * from it: the agent finishes the call (or takes the session over), goes Not-Ready, and is logged out then.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { hashToken } from '../../src/tmac/tmac-server.ts';
import { Floor, closeAllFloors, keepDialablePreviews } from '../support/cti-floor.ts';
import { DesktopSocket } from '../support/desktop-socket.ts';
import { Client, loginAs, type Json } from '../support/nailup.ts';

after(closeAllFloors);

interface Raw {
  status: number;
  text: string;
  body: Json;
}

async function send(floor: Floor, path: string, body: unknown, token?: string): Promise<Raw> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${floor.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, text, body: text === '' ? undefined : JSON.parse(text) };
}

/** POST …/logout with the client's token (or none), the raw reply. */
async function logoutAgent(floor: Floor, agentId: string, client?: Client): Promise<Raw> {
  const response = await fetch(`${floor.url}/api/v1/agents/${agentId}/logout`, { method: 'POST', headers: client ? { authorization: client.authorization } : {} });
  const text = await response.text();
  return { status: response.status, text, body: text === '' ? undefined : JSON.parse(text) };
}

async function desktopLogin(floor: Floor, agentId: string): Promise<string> {
  const reply = await send(floor, '/tmac/v1/login', { lanId: `agent${agentId}`, extension: String(43000 + Number(agentId)), password: 'demo' });
  assert.equal(reply.status, 200, reply.text);
  return reply.body.token as string;
}

type AuditRow = { username: string; role: string; action: string; target: string; outcome: string; details: Record<string, unknown> };

async function audit(floor: Floor, action: string): Promise<AuditRow[]> {
  return (await floor.nailup.store.audit.list({ action, limit: 100 })).reverse()
    .map((r) => ({ username: r.username, role: r.role, action: r.action, target: r.target, outcome: r.outcome, details: r.details }));
}

void describe('a supervisor logs an agent out', () => {
  void it('needs a supervisor; 404 for an unknown agent, 409 for one not logged on', async () => {
    const floor = await Floor.start();
    const none = await logoutAgent(floor, '1001');
    assert.equal(none.status, 401);
    assert.equal(none.body.error.code, 'UNAUTHORIZED');
    const supervisor = await loginAs(floor.nailup, 'supervisor');
    const unknown = await logoutAgent(floor, '9999', supervisor);
    assert.equal(unknown.status, 404);
    assert.equal(unknown.text, '{"error":{"code":"NOT_FOUND","message":"agent 9999 not found"}}');
    const notOn = await logoutAgent(floor, '1001', supervisor);
    assert.equal(notOn.status, 409);
    assert.equal(notOn.text, '{"error":{"code":"NOT_LOGGED_ON","message":"agent 1001 is not logged on"}}');
    // Refused before anything was done: not audited (as a callback that is no longer pending).
    assert.deepEqual((await audit(floor, 'LogoutAgent')).map((a) => [a.username, a.outcome]), []);
    await floor.close();
  });

  void it('releases the preview contact, ends the desktop session with the reason, audits both; the agent logs in again at once', async () => {
    const floor = await Floor.start();
    const [contact] = await keepDialablePreviews(floor, 1);
    const token = await desktopLogin(floor, '1001');
    const desk = await DesktopSocket.open(floor.url, token);
    assert.equal((await send(floor, '/tmac/v1/commands/ready', {}, token)).status, 200);
    await floor.advance(1500);
    const preview = await desk.next('a preview', (s) => s.callState === 'Preview' && s.call !== null);
    assert.equal(preview.call.contact.ContactID, contact!.id);
    assert.equal((await floor.nailup.store.contacts.findById(contact!.id))?.state, 'in_progress', 'reserved for the agent');

    const supervisor = await loginAs(floor.nailup, 'supervisor');
    const reply = await logoutAgent(floor, '1001', supervisor);
    assert.equal(reply.status, 200, reply.text);
    assert.deepEqual(reply.body, { agentId: '1001', loggedOut: true, agentState: 'Ready', callState: 'Preview', contactId: contact!.id, desktopSessions: 1 });

    // The dialer: logged off, the contact back in its list.
    assert.equal(floor.nailup.dialer.isLoggedOn('1001'), false);
    const released = await floor.nailup.store.contacts.findById(contact!.id);
    assert.equal(released?.state, 'ready', 'the preview contact is released');
    assert.equal(released?.attempts, 0, 'not dialed, no attempt');
    // The desktop: told why, its token refused, its session ended in the store.
    assert.deepEqual(await desk.message('the desktop told', (m) => m.type === 'loggedOut'), { type: 'loggedOut', reason: 'logged out by a supervisor' });
    const state = await fetch(`${floor.url}/tmac/v1/state`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(state.status, 401);
    assert.equal((await floor.nailup.store.tmacSessions.findByTokenHash(hashToken(token)))?.endReason, 'logged out by a supervisor');
    // Audited: the supervisor's action, and the desktop's logout naming the supervisor.
    const logouts = await audit(floor, 'LogoutAgent');
    assert.deepEqual(logouts, [{
      username: 'supervisor', role: 'supervisor', action: 'LogoutAgent', target: '1001', outcome: 'ok',
      details: { agentState: 'Ready', callState: 'Preview', contactId: contact!.id, desktopSessions: 1 },
    }]);
    assert.deepEqual(await audit(floor, 'desktopLogout'), [{
      username: 'agent1001', role: 'agent', action: 'desktopLogout', target: 'agent1001', outcome: 'ok',
      details: { reason: 'supervisor', agentId: '1001', extension: '44001', by: 'supervisor' },
    }]);

    // Logged out, the agent can log in again (no -7), and the contact comes again.
    const again = await desktopLogin(floor, '1001');
    const desk2 = await DesktopSocket.open(floor.url, again);
    assert.equal((await send(floor, '/tmac/v1/commands/ready', {}, again)).status, 200);
    await floor.advance(1500);
    const offered = await desk2.next('the preview again', (s) => s.callState === 'Preview' && s.call !== null);
    assert.equal(offered.call.contact.ContactID, contact!.id);

    // An administrator may too; an agent logged on without the desktop has no desktop session to end.
    const socket = await floor.watch('44003');
    await floor.login('1003', '44003', socket);
    const admin = await loginAs(floor.nailup, 'admin');
    const byAdmin = await logoutAgent(floor, '1003', admin);
    assert.equal(byAdmin.status, 200, byAdmin.text);
    assert.deepEqual(byAdmin.body, { agentId: '1003', loggedOut: true, agentState: 'NotReady', callState: 'NoState', contactId: null, desktopSessions: 0 });
    assert.equal(floor.nailup.dialer.isLoggedOn('1003'), false);
    assert.deepEqual((await audit(floor, 'LogoutAgent')).map((a) => [a.username, a.role, a.target, a.outcome]), [['supervisor', 'supervisor', '1001', 'ok'], ['admin', 'administrator', '1003', 'ok']]);
    desk.close();
    desk2.close();
    await floor.close();
  });
});

void describe('desktop logouts are audited', () => {
  void it('by the agent and by the idle timeout, with the reason', async () => {
    const floor = await Floor.start({ 'tmac.idleTimeoutSeconds': 30, 'tmac.warnBeforeSeconds': 10 });
    const own = await desktopLogin(floor, '1002');
    const desk = await DesktopSocket.open(floor.url, own);
    assert.equal((await send(floor, '/tmac/v1/commands/logout', {}, own)).status, 200);
    assert.deepEqual(await desk.message('logged out', (m) => m.type === 'loggedOut'), { type: 'loggedOut', reason: 'logged out' });

    const idle = await desktopLogin(floor, '1004');
    const idleDesk = await DesktopSocket.open(floor.url, idle);
    for (let i = 0; i < 40; i++) await floor.advance(1000);
    assert.deepEqual(await idleDesk.message('expired', (m) => m.type === 'loggedOut'), { type: 'loggedOut', reason: 'session expired' });
    assert.equal(floor.nailup.dialer.isLoggedOn('1004'), false, 'idle and Not Ready: logged off');

    assert.deepEqual((await audit(floor, 'desktopLogout')).map((a) => [a.username, a.details]), [
      ['agent1002', { reason: 'agent', agentId: '1002', extension: '44002' }],
      ['agent1004', { reason: 'idleTimeout', agentId: '1004', extension: '44004' }],
    ]);
    // Beside the logins.
    assert.deepEqual((await audit(floor, 'desktopLogin')).map((a) => [a.username, a.outcome]), [['agent1002', 'ok'], ['agent1004', 'ok']]);
    desk.close();
    idleDesk.close();
    await floor.close();
  });
});

void describe('a desktop session that expires while the agent holds a contact', () => {
  /** Agent 1001 at the desktop, talking to the preview contact it dialed. */
  async function talking(floor: Floor): Promise<{ token: string; desk: DesktopSocket }> {
    await keepDialablePreviews(floor, 1);
    const token = await desktopLogin(floor, '1001');
    const desk = await DesktopSocket.open(floor.url, token);
    assert.equal((await send(floor, '/tmac/v1/commands/ready', {}, token)).status, 200);
    await floor.advance(1500);
    const preview = await desk.next('a preview', (s) => s.callState === 'Preview' && s.call !== null);
    assert.equal((await send(floor, '/tmac/v1/commands/dial', { number: preview.call.contact.DefaultNumber }, token)).status, 200);
    for (let i = 0; i < 30 && floor.nailup.dialer.session('1001')?.callState !== 'Talking'; i++) await floor.advance(1000);
    await desk.next('talking', (s) => s.callState === 'Talking');
    return { token, desk };
  }

  const loggedOut = (desk: DesktopSocket): Json[] => desk.messages.filter((m) => m.type === 'loggedOut');

  void it('idle on a call: the session lives on (the tab may be taken over), the agent goes Not-Ready after the call and is then logged out', async () => {
    const floor = await Floor.start({ 'tmac.idleTimeoutSeconds': 30, 'tmac.warnBeforeSeconds': 10 });
    const { desk } = await talking(floor);
    for (let i = 0; i < 45; i++) await floor.advance(1000);
    assert.deepEqual(loggedOut(desk), [], 'not cut from the call');
    assert.equal(floor.nailup.dialer.session('1001')?.callState, 'Talking', 'still on the call');

    // The tab was closed: a new one takes the session over, on the call.
    const taken = await send(floor, '/tmac/v1/login', { lanId: 'agent1001', extension: '44001', password: 'demo', takeOver: true });
    assert.equal(taken.status, 200, taken.text);
    assert.equal(taken.body.state.callState, 'Talking');
    const token = taken.body.token as string;
    const desk2 = await DesktopSocket.open(floor.url, token);

    // Idle again until it expires on the call, then the customer hangs up: Not-Ready after the wrap-up, then logged out.
    for (let i = 0; i < 45; i++) await floor.advance(1000);
    assert.deepEqual(loggedOut(desk2), [], 'not cut from the call');
    assert.equal((await send(floor, '/tmac/v1/commands/disconnect', {}, token)).status, 200);
    const wrapup = await desk2.next('in wrap-up', (s) => s.callState === 'Wrapup' && s.call?.wrapup?.codes.length > 0);
    // The disconnect was a request: the idle expiry is cancelled, the Not-Ready asked at the expiry stays.
    for (let i = 0; i < 20; i++) await floor.advance(1000);
    assert.deepEqual(loggedOut(desk2), [], 'active again');
    assert.equal((await send(floor, '/tmac/v1/commands/wrapup', { codeID: wrapup.call.wrapup.codes[0].codeID }, token)).status, 200);
    await desk2.next('Not-Ready after the contact', (s) => s.agentState === 'NotReady' && s.callState !== 'Wrapup');
    for (let i = 0; i < 45; i++) await floor.advance(1000);
    assert.deepEqual(await desk2.message('idle, without a contact: logged out', (m) => m.type === 'loggedOut'), { type: 'loggedOut', reason: 'session expired' });
    assert.equal(floor.nailup.dialer.isLoggedOn('1001'), false);
    desk.close();
    desk2.close();
    await floor.close();
  });

  void it('at the end of its lifetime on a call: the agent finishes the call, then is logged out', async () => {
    const floor = await Floor.start({ 'tmac.lifetimeSeconds': 60, 'tmac.idleTimeoutSeconds': 3600, 'tmac.warnBeforeSeconds': 10 });
    const { token, desk } = await talking(floor);
    for (let i = 0; i < 70; i++) await floor.advance(1000);
    assert.deepEqual(loggedOut(desk), [], 'not cut from the call');
    // The lifetime is over, yet the call is the agent's to finish.
    assert.equal((await send(floor, '/tmac/v1/commands/disconnect', {}, token)).status, 200);
    const wrapup = await desk.next('in wrap-up', (s) => s.callState === 'Wrapup' && s.call?.wrapup?.codes.length > 0);
    assert.equal((await send(floor, '/tmac/v1/commands/wrapup', { codeID: wrapup.call.wrapup.codes[0].codeID }, token)).status, 200);
    for (let i = 0; i < 10; i++) await floor.advance(1000);
    assert.deepEqual(await desk.message('logged out once the contact is done', (m) => m.type === 'loggedOut'), { type: 'loggedOut', reason: 'session expired' });
    assert.equal(floor.nailup.dialer.isLoggedOn('1001'), false, 'and at the dialer: no new contact for an expired session');
    assert.equal((await floor.nailup.store.tmacSessions.findByTokenHash(hashToken(token)))?.endReason, 'session expired');
    const attempt = (await audit(floor, 'desktopLogout')).map((a) => a.details);
    assert.deepEqual(attempt, [{ reason: 'lifetime', agentId: '1001', extension: '44001' }]);
    desk.close();
    await floor.close();
  });
});
