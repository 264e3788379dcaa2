/**
 * "A demo that dials at any hour": nailup started with the demo on a virtual clock at 00:00, 06:00,
 * 12:00 and 18:00 UTC (one on a Saturday, one on a Sunday, one in northern summer) dials within 60 s:
 * a preview agent who logs on over the CTI links (A3/A4) and goes Ready is offered a contact inside its
 * calling window, and the predictive job connects calls to its simulated agents. The calling window is
 * enforced all along: no attempt is dialed outside its number's window.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Nailup } from '../../src/app.ts';
import { VirtualClock } from '../../src/clock/virtual-clock.ts';
import { isWithinWindow } from '../../src/dialer/compliance/calling-window.ts';
import { DEMO_PREDICTIVE_CAMPAIGN, DEMO_PREVIEW_CAMPAIGN } from '../../src/demo/demo-data.ts';
import type { FloorStatus } from '../../src/http/status.ts';
import type { CampaignRecord } from '../../src/store/records.ts';
import { EventCollector, named, sendCommand } from '../support/cti-client.ts';
import { startTestNailup } from '../support/nailup.ts';

const SECOND = 1000;
const WITHIN_MS = 60 * SECOND;
const SESSION = 'demo-any-hour';

const CASES = [
  { label: '00:00 UTC on a Wednesday in January', start: Date.UTC(2026, 0, 7, 0, 0) },
  { label: '06:00 UTC on a Saturday in July', start: Date.UTC(2026, 6, 11, 6, 0) },
  // The hour: 07:xx in New York, before any US contact's window opens.
  { label: '12:00 UTC on a Monday in January', start: Date.UTC(2026, 0, 5, 12, 0) },
  { label: '18:00 UTC on a Sunday in January', start: Date.UTC(2026, 0, 11, 18, 0) },
];

const open = new Set<{ close(): Promise<void> }>();
after(async () => {
  for (const item of open) await item.close();
});

/** Moves simulated time in 1 s steps, letting the dialer and the socket catch up after each, until `done` or `deadline`. */
async function advanceUntil(nailup: Nailup, clock: VirtualClock, socket: EventCollector, deadline: number, done: () => Promise<boolean>): Promise<void> {
  for (;;) {
    await nailup.dialer.whenIdle();
    await socket.flush();
    if (await done()) return;
    if (clock.now() >= deadline) return;
    await clock.advance(SECOND);
  }
}

async function campaign(nailup: Nailup, name: string): Promise<CampaignRecord> {
  const found = await nailup.store.campaigns.findByName(name);
  assert.ok(found, name);
  return found;
}

async function connectedAttempts(nailup: Nailup, campaignId: number): Promise<number> {
  let connected = 0;
  for (const job of await nailup.store.jobs.list(campaignId)) {
    connected += (await nailup.store.attempts.listByJob(job.id)).filter((a) => a.connectedAt !== null).length;
  }
  return connected;
}

void describe('the demo dials at any hour, inside each contact\'s calling window', () => {
  for (const { label, start } of CASES) {
    void it(`started at ${label}`, async () => {
      const clock = new VirtualClock(start);
      const nailup = await startTestNailup({ 'demo.bots': 4, 'demo.contactsPerList': 300, 'http.publicStatus': true }, { clock });
      open.add(nailup);
      const socket = await EventCollector.open(nailup.url, { extension: '44001' });
      open.add(socket);
      try {
        const preview = await campaign(nailup, DEMO_PREVIEW_CAMPAIGN);
        const predictive = await campaign(nailup, DEMO_PREDICTIVE_CAMPAIGN);
        // The rule is on: at this hour some contacts are outside their window (and some inside).
        const contacts = await nailup.store.contacts.nextDialable(preview.contactListId, start, preview.maxAttempts, 10_000);
        const inside = contacts.filter((c) => c.phones.some((p) => isWithinWindow(start, p, preview.callingWindow))).length;
        assert.ok(inside > 0 && inside < contacts.length, `${inside} of ${contacts.length} preview contacts inside their window`);

        // A preview agent logs on as a desktop does (A3 commands; their outcomes come on A4) and goes Ready.
        assert.equal(await sendCommand(nailup.url, 'SecurityLogin', { extension: '44001', invokeID: 1 }), 0);
        await socket.next(named('SecurityLoginDone', { InvokeID: '1', ErrorCode: '0' }));
        assert.equal(await sendCommand(nailup.url, 'AgentLogin', { extension: '44001', agentID: '1001', agentPassword: 'demo', invokeID: 2 }), 0);
        await nailup.dialer.whenIdle();
        await socket.next(named('SetAgentStateDone', { InvokeID: '2', ErrorCode: '0' }));
        assert.equal(await sendCommand(nailup.url, 'SetAgentStateToAutoIn', { sessionID: SESSION, agentID: '1001', agentState: 0, invokeID: 3, queue: '' }), 0);
        await nailup.dialer.whenIdle();
        await socket.next(named('SetAgentStateToAutoInDone', { InvokeID: '3', ErrorCode: '0' }));

        const deadline = start + WITHIN_MS;
        await advanceUntil(nailup, clock, socket, deadline, async () =>
          socket.has(named('OnOutboundCallInitiated')) && (await connectedAttempts(nailup, predictive.id)) > 0);

        // (a) The preview agent was offered a contact, on a number inside its calling window now.
        assert.ok(socket.has(named('OnOutboundCallInitiated')), `no preview contact offered within ${WITHIN_MS / SECOND} s`);
        const initiated = await socket.next(named('OnOutboundCallInitiated'));
        const offer = JSON.parse(initiated.eventData.JSONData ?? '{}') as { ContactID: number; DefaultNumber: string; CampaignName: string };
        assert.equal(offer.CampaignName, DEMO_PREVIEW_CAMPAIGN);
        const contact = await nailup.store.contacts.findById(offer.ContactID);
        assert.ok(contact, `contact ${offer.ContactID}`);
        const phone = contact.phones.find((p) => p.number === offer.DefaultNumber);
        assert.ok(phone, `the default number ${offer.DefaultNumber} is the contact's`);
        assert.ok(isWithinWindow(clock.now(), phone, preview.callingWindow),
          `${phone.number} (${phone.timezone}) is inside its window at ${new Date(clock.now()).toISOString()}`);

        // (b) The predictive job connected calls to its agents, as the store and the floor status say.
        assert.ok((await connectedAttempts(nailup, predictive.id)) > 0, `no predictive call connected within ${WITHIN_MS / SECOND} s`);
        const status = await (await fetch(`${nailup.url}/api/v1/status`)).json() as FloorStatus;
        const job = status.jobs.find((j) => j.campaign === DEMO_PREDICTIVE_CAMPAIGN);
        assert.ok(job, 'the predictive job runs');
        assert.equal(job.state, 'running');
        assert.ok(job.attempts.connected > 0, `floor status: ${JSON.stringify(job.attempts)}`);
        assert.ok(clock.now() <= deadline);

        // No attempt was dialed outside its number's window (restricted attempts were never dialed).
        let dialed = 0;
        for (const c of [preview, predictive]) {
          for (const j of await nailup.store.jobs.list(c.id)) {
            for (const attempt of await nailup.store.attempts.listByJob(j.id)) {
              if (attempt.result === 'Restricted_DNC' || attempt.result === 'Restricted_Other') continue;
              const called = await nailup.store.contacts.findById(attempt.contactId);
              const number = called?.phones.find((p) => p.number === attempt.number);
              assert.ok(number, `attempt ${attempt.id}: ${attempt.number} is a number of contact ${attempt.contactId}`);
              assert.ok(isWithinWindow(attempt.dialedAt, number, c.callingWindow),
                `attempt ${attempt.id} dialed ${number.number} (${number.timezone}) at ${new Date(attempt.dialedAt).toISOString()}, outside its window`);
              dialed++;
            }
          }
        }
        assert.ok(dialed > 0);
      } finally {
        open.delete(socket);
        open.delete(nailup);
        await socket.close();
        await nailup.close();
      }
    });
  }
});
