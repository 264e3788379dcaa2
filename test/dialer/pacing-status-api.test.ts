/**
 * What a supervisor is told over HTTP when answer detection alone breaks the abandon cap: the
 * campaign's warning with the false-positive rate that would comply, the job's pacing mode and its
 * abandons split by cause in the floor status (and on the floor page, in Chromium), and a warning in
 * the log when the job starts. A job without an agent Ready, or whose contacts are not due yet, says so
 * (the latter in the log too).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { VirtualClock } from '../../src/clock/virtual-clock.ts';
import type { Nailup } from '../../src/app.ts';
import { loginAs, startTestNailup, type Client, type Json } from '../support/nailup.ts';
import { capturingLogger } from '../support/log-lines.ts';
import { expectText, expectVisible, launchChromium, screenshot, VIEWPORT } from '../support/browser.ts';
import { STEP_MS } from '../support/supervisor-ui.ts';

const START = Date.UTC(2026, 2, 2, 15, 0, 0); // a Monday, 10:00 in New York
const MINUTE = 60_000;
const clock = new VirtualClock(START);
const { logger, lines } = capturingLogger();
let nailup: Nailup;
let admin: Client;

before(async () => {
  // Detection hangs up on 3% of the people who answer: the cap, by itself.
  nailup = await startTestNailup({
    'demo.bots': 12, 'demo.contactsPerList': 3000,
    network: {
      seed: 3, outcomes: { live: 0.3, machine: 0.2, busy: 0.08, invalid: 0.07, refused: 0 },
      amd: { humanDelay: 2, machineDecision: 3.5, falsePositive: 0.03, falseNegative: 0.15, falseNegativeAgentSeconds: 10 },
    },
  }, { clock, logger });
  admin = await loginAs(nailup, 'admin');
});
after(async () => {
  await nailup?.close();
});

const ok = (reply: { status: number; body: unknown }): Json => {
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return reply.body;
};

describe('answer detection that alone breaks the cap', () => {
  it('the campaign says so with the compliant rate; the job starts with a warning in the log, paces by agent release, and the status splits its abandons', async () => {
    const view = ok(await admin.request('PUT', '/campaigns/DemoPredictive', { answeringMachine: { detection: true, action: 'drop', falsePositiveRate: 0.03, falseNegativeRate: 0.15 } }));
    assert.equal(view.warnings.length, 1, JSON.stringify(view.warnings));
    assert.match(view.warnings[0], /false positives \(3%\) alone break the 3% abandon cap/);
    assert.match(view.warnings[0], /dials only for agents about to be free/);
    assert.match(view.warnings[0], /fewer than 3% false positives to keep the cap/);
    assert.match(view.warnings[0], /or connect machines to agents/);

    // A new job of the campaign: the warning is logged when it starts.
    ok(await admin.post('/campaigns/DemoPredictive/job/stop'));
    await clock.advance(MINUTE);
    ok(await admin.post('/campaigns/DemoPredictive/job/start'));
    const started = lines.filter((l) => l.level === 40 && l.campaign === 'DemoPredictive');
    assert.equal(started.length, 1, JSON.stringify(lines.filter((l) => l.level >= 40)));
    assert.equal(started[0].falsePositive, 0.03);
    assert.match(started[0].msg, /alone break the 3% abandon cap/);

    for (let m = 0; m < 30; m++) await clock.advance(MINUTE);
    const status = ok(await admin.get('/status'));
    const job = status.jobs.find((j: Json) => j.campaign === 'DemoPredictive' && j.state === 'running');
    assert.ok(job, JSON.stringify(status.jobs));
    assert.ok(job.attempts.liveAnswers > 50, `${job.attempts.liveAnswers} live answers`);
    // The detection's share is its estimate (3% of the people); the pacing added none; the job did not fall back to progressive.
    assert.equal(job.pacing.mode, 'release');
    assert.equal(job.pacing.reason, 'detection');
    // A preview job is not paced: its agents dial.
    assert.equal(status.jobs.find((j: Json) => j.campaign === 'DemoPreview')?.pacing, null, JSON.stringify(status.jobs));
    assert.ok(Math.abs(job.pacing.abandonRateByDetection - 0.03) < 0.002, JSON.stringify(job.pacing));
    assert.equal(job.pacing.abandonRateByPacing, 0);
    assert.ok(Math.abs(job.abandonRate - job.pacing.abandonRateByDetection - job.pacing.abandonRateByPacing) < 1e-9);
    assert.match(job.warnings[0], /alone break the 3% abandon cap/);

  });

  it('the floor page shows the job paced by release, the detection\'s share of the abandon rate and the warning', async () => {
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ viewport: VIEWPORT, baseURL: nailup.url, locale: 'en-US' });
      // The tab carries a supervisor's token, as the supervisor pages leave it.
      const token = admin.authorization.slice('Bearer '.length);
      await context.addInitScript((t) => sessionStorage.setItem('nailup.supervisor.token', t), token);
      const page = await context.newPage();
      await page.goto('/floor');
      const job = page.getByRole('table', { name: 'Jobs' }).getByRole('row').filter({ hasText: 'DemoPredictive' }).filter({ hasText: 'running' });
      await expectVisible(job.getByRole('cell', { name: /^release\s+\(answer detection uses the abandon budget\)$/ }), STEP_MS);
      await expectVisible(job.getByRole('cell', { name: /^3\.00 %\s+\(AMD 3\.00 %\)$/ }), STEP_MS);
      await expectText(page.getByRole('status', { name: 'Warnings' }), /DemoPredictive: Answering-machine detection's estimated false positives \(3%\) alone break the 3% abandon cap/, STEP_MS);
      await screenshot(page, 'floor-status-detection');
    } finally {
      await browser.close();
    }
  });

  it('machines connected to agents: nobody is hung up on, and nothing is said', async () => {
    const fixed = ok(await admin.request('PUT', '/campaigns/DemoPredictive', { answeringMachine: { detection: true, action: 'connect' } }));
    assert.deepEqual(fixed.warnings, []);
  });
});

describe('a running job without an agent Ready', () => {
  let quiet: Nailup;
  before(async () => {
    quiet = await startTestNailup({ 'demo.bots': 0 }, { clock: new VirtualClock(START) });
  });
  after(async () => {
    await quiet?.close();
  });

  it('says why it dials nothing: the pacing reason and a warning, for a predictive and a preview job', async () => {
    const status = ok(await (await loginAs(quiet, 'supervisor')).get('/status'));
    const predictive = status.jobs.find((j: Json) => j.campaign === 'DemoPredictive');
    const preview = status.jobs.find((j: Json) => j.campaign === 'DemoPreview');
    assert.ok(predictive && preview, JSON.stringify(status.jobs));
    assert.equal(predictive.agents, 0);
    assert.equal(predictive.attempts.total, 0);
    assert.deepEqual(predictive.pacing, { mode: 'progressive', reason: 'no-agents', abandonRateByPacing: 0, abandonRateByDetection: 0 });
    assert.equal(predictive.warnings[0], 'no agent is Ready on this job: it dials nothing until one is');
    assert.equal(preview.pacing, null);
    assert.equal(preview.warnings[0], 'no agent is Ready on this job: it dials nothing until one is');
  });
});

describe('a running job whose contacts are not due', () => {
  const quietClock = new VirtualClock(START);
  const { logger: quietLogger, lines: logged } = capturingLogger();
  let floor: Nailup;
  before(async () => {
    floor = await startTestNailup({ 'demo.bots': 4, 'demo.contactsPerList': 40 }, { clock: quietClock, logger: quietLogger });
  });
  after(async () => {
    await floor?.close();
  });

  it('says from when the next contact is due; a window opened by the supervisor takes effect at once', async () => {
    const admin = await loginAs(floor, 'admin');
    // Calls only from 18:00, local time: at 10:00 in New York every contact waits for its evening.
    const evenings = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, { start: '18:00', end: '21:00' }]));
    ok(await admin.request('PUT', '/campaigns/DemoPredictive', { callingWindow: { hours: evenings } }));
    for (let i = 0; i < 10; i++) await quietClock.advance(MINUTE);
    const job = (status: Json): Json => status.jobs.find((j: Json) => j.campaign === 'DemoPredictive');
    const quiet = job(ok(await admin.get('/status')));
    assert.ok(quiet.agentsAvailable > 0 && quiet.linesRinging === 0, JSON.stringify(quiet));
    const warning = (quiet.warnings as string[]).find((w) => w.startsWith('no contact is due now'));
    const at = /^no contact is due now: they wait for their calling window or their retry time, none before (\d{4}-\d\d-\d\d \d\d:\d\d) UTC$/.exec(warning ?? '');
    assert.ok(at, JSON.stringify(quiet.warnings));
    const due = Date.parse(`${at[1]!.replace(' ', 'T')}:00Z`);
    const campaign = await floor.store.campaigns.findByName('DemoPredictive');
    assert.ok(campaign);
    assert.equal(due, Math.floor(((await floor.store.contacts.nextDueAt(campaign.contactListId, campaign.maxAttempts)) ?? 0) / MINUTE) * MINUTE);
    assert.ok(due > quietClock.now(), 'later than now');

    // The log says it once, with the earliest time as the job saw it then.
    const waits = logged.filter((l) => l.msg === 'no contact is due: the job waits for calling windows or retry times');
    assert.equal(waits.length, 1, JSON.stringify(waits));
    assert.equal(waits[0].campaign, 'DemoPredictive');
    assert.ok(Date.parse(waits[0].nextDueAt) > START, waits[0].nextDueAt);

    // Nothing is dialed before it.
    const before = quiet.attempts.total as number;
    await quietClock.runUntil(due - MINUTE);
    const still = job(ok(await admin.get('/status')));
    assert.equal(still.attempts.total, before);
    assert.ok((still.warnings as string[]).some((w) => w.startsWith('no contact is due now')));

    // The supervisor opens the window all day: the contacts put off to their evening are dialed at once.
    const allDay = Object.fromEntries(Object.keys(evenings).map((d) => [d, { start: '00:00', end: '24:00' }]));
    ok(await admin.request('PUT', '/campaigns/DemoPredictive', { callingWindow: { hours: allDay } }));
    await quietClock.advance(MINUTE);
    const dialing = job(ok(await admin.get('/status')));
    assert.ok(dialing.attempts.total > before, 'dials again');
    assert.deepEqual((dialing.warnings as string[]).filter((w) => w.startsWith('no contact is due now')), []);
    assert.deepEqual(logged.filter((l) => l.msg === 'contacts due again: the job dials').map((l) => l.campaign), ['DemoPredictive']);
  });
});
