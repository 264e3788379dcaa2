/**
 * The session manager of the supervisor API on a virtual clock: a session lasts
 * `utilities.sessionHours` from its login; the pages learn how long is left (on the server's clock)
 * and when to offer an extension; extending makes it last that long again from now, audited; an
 * ended or expired session cannot be extended.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Nailup } from '../../src/app.ts';
import { VirtualClock } from '../../src/clock/virtual-clock.ts';
import { loadConfig } from '../../src/config.ts';
import { loginAs, startTestNailup, type Client } from '../support/nailup.ts';

const START = Date.UTC(2026, 10, 24, 14, 0, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const clock = new VirtualClock(START);
let nailup: Nailup;

before(async () => {
  nailup = await startTestNailup({ 'utilities.sessionHours': 2, 'utilities.sessionWarningMinutes': 10 }, { clock });
});
after(async () => {
  await nailup?.close();
});

describe('supervisor session manager', () => {
  let supervisor: Client;

  before(async () => {
    supervisor = await loginAs(nailup, 'supervisor');
  });

  it('tells the pages how long the session has left and when to offer more', async () => {
    await clock.advance(30 * MINUTE);
    const me = await supervisor.get('/auth/me');
    assert.equal(me.status, 200);
    assert.deepEqual(me.body, {
      username: 'supervisor', name: 'Demo Supervisor', role: 'supervisor',
      expiresAt: new Date(START + 2 * HOUR).toISOString(), expiresInSeconds: 90 * 60, warnBeforeSeconds: 600,
    });
  });

  it('extends the session by its whole length from now, audited', async () => {
    await clock.advance(85 * MINUTE);
    assert.equal((await supervisor.get('/auth/me')).body.expiresInSeconds, 5 * 60);
    const extended = await supervisor.post('/auth/extend');
    assert.equal(extended.status, 200);
    assert.deepEqual(extended.body, {
      username: 'supervisor', name: 'Demo Supervisor', role: 'supervisor',
      expiresAt: new Date(START + 115 * MINUTE + 2 * HOUR).toISOString(), expiresInSeconds: 2 * 60 * 60, warnBeforeSeconds: 600,
    });
    await clock.advance(HOUR);
    assert.equal((await supervisor.get('/contact-lists')).status, 200, 'still open past its first end');
    const admin = await loginAs(nailup, 'admin');
    const audit = (await admin.get('/audit?action=extendSession')).body as Array<{ username: string; details: { expiresAt: string } }>;
    assert.deepEqual(audit.map((a) => [a.username, a.details.expiresAt]), [['supervisor', extended.body.expiresAt]]);
  });

  it('ends the session when its time is up: then it cannot be extended', async () => {
    await clock.advance(HOUR);
    const expired = await supervisor.post('/auth/extend');
    assert.equal(expired.status, 401);
    assert.deepEqual(expired.body, { error: { code: 'SESSION_EXPIRED', message: 'the session has ended: log in again' } });
    assert.equal((await supervisor.get('/auth/me')).status, 401);
  });

  it('cannot extend a session logged out', async () => {
    const other = await loginAs(nailup, 'supervisor');
    assert.equal((await other.post('/auth/logout')).status, 200);
    assert.equal((await other.post('/auth/extend')).status, 401);
  });

  it('refuses a warning as long as an hour, naming the key', () => {
    assert.throws(() => loadConfig({ flags: { 'utilities.sessionWarningMinutes': 60 } }), /utilities\.sessionWarningMinutes/);
  });
});
