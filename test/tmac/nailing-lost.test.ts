/**
 * The desktop when the agent's nailed line drops (NailingLost), over the real web-client API (login,
 * commands, the desktop's socket) on a floor on simulated time: the banner's state (`nailingLostAt`) is
 * set when the line drops, stays while the line is nailed up again, and goes once it is up.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { SimulatedNetwork } from '../../src/telephony/simulated-network.ts';
import { Floor, closeAllFloors, keepDialablePreviews } from '../support/cti-floor.ts';
import { DesktopSocket } from '../support/desktop-socket.ts';
import type { Json } from '../support/nailup.ts';

after(closeAllFloors);

async function post(floor: Floor, path: string, body: unknown, token?: string): Promise<{ status: number; body: Json }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${floor.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

void describe('the desktop when the nailed line drops', () => {
  void it('shows the line lost from NailingLost until it is nailed up again; a preview in hand goes back to the list and comes again', async () => {
    const floor = await Floor.start();
    const [contact] = await keepDialablePreviews(floor, 1);
    const login = await post(floor, '/tmac/v1/login', { lanId: 'agent1001', extension: '44001', password: 'demo' });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    const token = login.body.token as string;
    assert.equal(login.body.state.nailingLostAt, null);
    const desk = await DesktopSocket.open(floor.url, token);
    try {
      assert.equal((await post(floor, '/tmac/v1/commands/ready', {}, token)).status, 200);
      await floor.advance(1500);
      const preview = await desk.next('a preview', (s) => s.callState === 'Preview' && s.call !== null);
      assert.equal(preview.call.contact.ContactID, contact!.id);

      const network = floor.nailup.dialer.network;
      assert.ok(network instanceof SimulatedNetwork);
      const at = floor.clock.now();
      assert.ok(network.hangUpStation('44001'));
      await floor.settle();
      const lost = await desk.next('the line lost', (s) => s.nailedStatus === 'NailingLost');
      assert.equal(lost.nailingLostAt, at);
      const cleared = await desk.next('the preview taken back', (s) => s.callState === 'NoState' && s.call === null);
      assert.equal(cleared.nailingLostAt, at, 'still lost');
      const pending = await desk.next('nailing up again', (s) => s.nailedStatus === 'PendingNailUp');
      assert.equal(pending.nailingLostAt, at, 'lost until nailed up');

      await floor.advance(1500);
      const nailed = await desk.next('nailed up again', (s) => s.nailedStatus === 'NailedUp');
      assert.equal(nailed.nailingLostAt, null);
      const again = await desk.next('the preview again', (s) => s.callState === 'Preview' && s.call !== null);
      assert.equal(again.call.contact.ContactID, contact!.id, 'the undialed preview went back to the list');
      assert.notEqual(again.call.connectionHandle, preview.call.connectionHandle);
    } finally {
      desk.close();
      await floor.close();
    }
  });
});
