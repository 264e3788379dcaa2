/**
 * The desktop's wrap-up actions over the real API (`POST /tmac/v1/commands/…`, the desktop's socket) on
 * a real floor: More time (AGTExtendWrapup) starts the wrap-up countdown again; Redial (AGTRedial) dials
 * the contact again from wrap-up, and the contact's second attempt is a redial.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Nailup } from '../../src/app.ts';
import { seedDemoAllDay } from '../support/cluster.ts';
import { DesktopSocket } from '../support/desktop-socket.ts';
import { startTestNailup, type Json } from '../support/nailup.ts';

void describe('wrap-up actions on the desktop', () => {
  let dir: string;
  let nailup: Nailup;
  let token: string;
  let desk: DesktopSocket;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nailup-wrapup-'));
    const database = join(dir, 'floor.db');
    // Calling hours all day: the test dials whatever the hour.
    await seedDemoAllDay(database);
    nailup = await startTestNailup({ database, 'network.outcomes': { live: 1 }, 'network.ringTime': 1, 'network.talk': 600, 'dialer.nailupDelayMs': 10 });
    const login = await post('/tmac/v1/login', { lanId: 'agent1001', extension: '44001', password: 'demo' });
    assert.equal(login.status, 200);
    token = login.body.token as string;
    desk = await DesktopSocket.open(nailup.url, token);
  });
  after(async () => {
    desk?.close();
    await nailup?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function post(path: string, body: unknown): Promise<{ status: number; body: Json }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await fetch(`${nailup.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
  }
  async function command(name: string, body: unknown = {}): Promise<void> {
    const reply = await post(`/tmac/v1/commands/${name}`, body);
    assert.equal(reply.status, 200, `${name}: ${JSON.stringify(reply.body)}`);
  }
  const next = (what: string, match: (state: Json) => boolean): Promise<Json> => desk.next(what, match);

  void it('gives more wrap-up time, and redials the contact from wrap-up', async () => {
    await command('ready');
    const preview = await next('a preview', (s) => s.callState === 'Preview' && s.call !== null);
    const contactId = preview.call.contact.ContactID as number;
    const number = preview.call.contact.DefaultNumber as string;
    await command('dial', { number });
    await next('talking', (s) => s.callState === 'Talking');
    await command('disconnect');
    const wrapup = await next('in wrap-up with its codes', (s) => s.call?.wrapup?.codes.length > 0);
    assert.equal(wrapup.call.wrapup.wrapupSeconds, 60);

    await command('extendWrapup');
    const extended = await next('the countdown started again', (s) => s.call?.wrapup && s.call.wrapup.startedAt > wrapup.call.wrapup.startedAt);
    assert.equal(extended.call.wrapup.wrapupSeconds, 60);

    await command('redial', { number });
    await next('dialing again, the wrap-up gone', (s) => s.call !== null && s.call.wrapup === null);
    await next('talking again', (s) => s.callState === 'Talking');
    await command('disconnect');
    const again = await next('in wrap-up again', (s) => s.call?.wrapup?.codes.length > 0);
    const code = again.call.wrapup.codes.find((c: { codeID: string }) => c.codeID !== again.call.wrapup.defaultCompletionCode);
    await command('wrapup', { codeID: code.codeID });
    await next('free again', (s) => s.call === null || s.call.contact.ContactID !== contactId);

    const attempts = (await nailup.store.attempts.listBetween(0, Date.now() + 1)).filter((a) => a.contactId === contactId);
    assert.deepEqual(attempts.map((a) => a.kind), ['preview', 'redial']);
    assert.equal(attempts[1]!.completionCode, code.codeID, 'the redial carries the agent\'s code');
  });
});
