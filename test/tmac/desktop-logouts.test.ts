/**
 * Desktop sessions that end, over the real APIs on a floor on simulated time: a supervisor logs an agent
 * out (`POST /api/v1/agents/{agentId}/logout`: supervisors and administrators; 404 for an unknown agent,
 * 409 NOT_LOGGED_ON for one not on the floor), which releases the preview contact the agent held, ends
 * its desktop session ("logged out by a supervisor") and lets the agent log in again at once; and every
 * desktop logout — by the agent, by the idle timeout, by a supervisor — is in the audit log beside the
 * logins (desktopLogout with its reason).
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
