/**
 * Prometheus metrics at GET /metrics (docs/metrics.md): the demo floor with two simulated agents runs a
 * minute on a virtual clock, then a supervisor scrapes the exposition: the agents gauge counts the logged-on
 * sessions, the running jobs and the demo's inbound queue have their gauges, the A3 command sent is in the
 * command histogram, the open A4 socket is counted, and the process metrics are there. Without a login the
 * scrape is refused, unless http.publicStatus; two instances in one process keep their own registries.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Nailup } from '../../src/app.ts';
import { VirtualClock } from '../../src/clock/virtual-clock.ts';
import { DEMO_INBOUND_QUEUE, DEMO_PREDICTIVE_CAMPAIGN } from '../../src/demo/demo-names.ts';
import { EventCollector, sendCommand } from '../support/cti-client.ts';
import { loginAs, startTestNailup } from '../support/nailup.ts';
import { named, one, parse, type Sample } from '../support/prometheus.ts';

const SECOND = 1000;

async function scrape(url: string, authorization?: string): Promise<{ status: number; contentType: string; text: string }> {
  const response = await fetch(`${url}/metrics`, { headers: authorization ? { authorization } : {} });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
}

void describe('GET /metrics', () => {
  let nailup: Nailup;
  let socket: EventCollector;
  let authorization: string;
  let samples: Sample[];

  before(async () => {
    // A Wednesday, 10:00 in New York: the demo's contacts are inside their calling windows.
    const clock = new VirtualClock(Date.UTC(2026, 0, 7, 15, 0));
    nailup = await startTestNailup({ 'demo.bots': 2 }, { clock });
    socket = await EventCollector.open(nailup.url, { extension: '44001' });
    assert.equal(await sendCommand(nailup.url, 'SecurityLogin', { extension: '44001', invokeID: 1 }), 0);
    for (let i = 0; i < 60; i++) {
      await nailup.dialer.whenIdle();
      await clock.advance(SECOND);
    }
    await nailup.dialer.whenIdle();
    authorization = (await loginAs(nailup, 'supervisor')).authorization;
    const reply = await scrape(nailup.url, authorization);
    assert.equal(reply.status, 200, reply.text);
    assert.match(reply.contentType, /^text\/plain; version=0\.0\.4/);
    samples = parse(reply.text);
  });
  after(async () => {
    await socket?.close();
    await nailup?.close();
  });

  it('counts the logged-on agents by state and mode', () => {
    const agents = named(samples, 'nailup_agents');
    const sessions = nailup.dialer.sessions();
    assert.ok(sessions.length >= 2, `${sessions.length} sessions`);
    assert.equal(agents.reduce((sum, s) => sum + s.value, 0), sessions.length);
    for (const s of agents) {
      assert.deepEqual(Object.keys(s.labels).sort(), ['agent_state', 'call_state', 'mode']);
      assert.match(s.labels.mode!, /^(outbound|inbound)$/);
    }
  });

  it('has the running jobs\' lines, abandon rate and attempts', () => {
    const campaigns = nailup.dialer.runningJobs().map((r) => r.campaign.name);
    assert.ok(campaigns.includes(DEMO_PREDICTIVE_CAMPAIGN), `running: ${campaigns.join(', ')}`);
    for (const campaign of campaigns) {
      assert.ok(one(samples, 'nailup_job_lines', { campaign, state: 'ringing' }) >= 0);
      assert.ok(one(samples, 'nailup_job_lines', { campaign, state: 'waiting' }) >= 0);
      const rate = one(samples, 'nailup_job_abandon_rate', { campaign });
      assert.ok(rate >= 0 && rate <= 1, `abandon rate ${rate}`);
      const total = one(samples, 'nailup_job_attempts', { campaign, kind: 'total' });
      for (const kind of ['ended', 'live_answers', 'connected', 'abandoned']) {
        assert.ok(one(samples, 'nailup_job_attempts', { campaign, kind }) <= total, kind);
      }
      const results = samples.filter((s) => s.name === 'nailup_job_attempt_results' && s.labels.campaign === campaign);
      assert.ok(results.reduce((sum, s) => sum + s.value, 0) <= one(samples, 'nailup_job_attempts', { campaign, kind: 'ended' }), 'results of ended attempts');
    }
    assert.ok(samples.some((s) => s.name === 'nailup_job_attempt_results' && s.labels.campaign === DEMO_PREDICTIVE_CAMPAIGN && s.value > 0), 'the predictive job\'s results');
    // How the guard lets the predictive job dial, and why: one sample, as the job's own budget says.
    const pacing = samples.filter((s) => s.name === 'nailup_job_pacing' && s.labels.campaign === DEMO_PREDICTIVE_CAMPAIGN);
    const budget = nailup.dialer.runningJobs().find((r) => r.campaign.name === DEMO_PREDICTIVE_CAMPAIGN)!.snapshot().budget;
    assert.deepEqual(pacing.map((s) => ({ ...s.labels, value: s.value })), [{ campaign: DEMO_PREDICTIVE_CAMPAIGN, mode: budget.mode, reason: budget.reason, value: 1 }]);
    // How long it dialed under each reason: together, the time since it started (to the second it last decided).
    const runner = nailup.dialer.runningJobs().find((r) => r.campaign.name === DEMO_PREDICTIVE_CAMPAIGN)!;
    const byReason = samples.filter((s) => s.name === 'nailup_job_pacing_seconds' && s.labels.campaign === DEMO_PREDICTIVE_CAMPAIGN);
    assert.ok(byReason.length >= 1 && byReason.every((s) => s.value >= 0), JSON.stringify(byReason));
    const sinceStart = (nailup.clock.now() - runner.job.startedAt) / 1000;
    const counted = byReason.reduce((sum, s) => sum + s.value, 0);
    assert.ok(counted <= sinceStart && counted >= sinceStart - 2, `${counted} s of ${sinceStart} s`);
    assert.ok(byReason.some((s) => s.labels.reason === budget.reason), `the reason now (${budget.reason}) is counted`);
    // In a minute the predictive job dialed.
    assert.ok(one(samples, 'nailup_job_attempts', { campaign: DEMO_PREDICTIVE_CAMPAIGN, kind: 'total' }) > 0);
  });

  it('has the inbound queue\'s gauges', () => {
    const queue = DEMO_INBOUND_QUEUE;
    for (const name of ['nailup_queue_waiting_calls', 'nailup_queue_oldest_wait_seconds', 'nailup_queue_agents_staffed', 'nailup_queue_agents_available',
      'nailup_queue_offered_today', 'nailup_queue_answered_today', 'nailup_queue_abandoned_today', 'nailup_queue_overflowed_today',
      'nailup_queue_answered_within_threshold_today', 'nailup_queue_service_level_threshold_seconds']) {
      assert.ok(one(samples, name, { queue }) >= 0, name);
    }
    assert.ok(one(samples, 'nailup_queue_agents_available', { queue }) <= one(samples, 'nailup_queue_agents_staffed', { queue }));
    assert.ok(one(samples, 'nailup_queue_answered_today', { queue }) <= one(samples, 'nailup_queue_offered_today', { queue }));
    const figures = nailup.dialer.inboundFigures().find((f) => f.queue === queue);
    assert.ok(figures);
    assert.equal(one(samples, 'nailup_queue_service_level_threshold_seconds', { queue }), figures.serviceLevelSeconds);
  });

  it('times the A3 commands and counts the open A4 sockets', () => {
    assert.equal(one(samples, 'nailup_cti_command_seconds_count', { command: 'SecurityLogin' }), 1);
    assert.ok(one(samples, 'nailup_cti_command_seconds_sum', { command: 'SecurityLogin' }) > 0);
    assert.equal(one(samples, 'nailup_cti_command_seconds_bucket', { command: 'SecurityLogin', le: '+Inf' }), 1);
    assert.equal(one(samples, 'nailup_cti_event_connections'), 1);
  });

  it('has the process metrics, event-loop lag included', () => {
    assert.ok(one(samples, 'process_resident_memory_bytes') > 0);
    assert.ok(named(samples, 'nodejs_eventloop_lag_seconds').length === 1);
    assert.ok(named(samples, 'nodejs_eventloop_lag_p99_seconds').length === 1);
  });

  it('refuses a scrape without a supervisor login', async () => {
    assert.equal((await scrape(nailup.url)).status, 401);
    assert.equal((await scrape(nailup.url, 'Bearer not-a-token')).status, 401);
  });

  it('is public with http.publicStatus, in a registry of its own', async () => {
    const open = await startTestNailup({ 'http.publicStatus': true });
    try {
      const reply = await scrape(open.url);
      assert.equal(reply.status, 200);
      const own = parse(reply.text);
      // The other instance's SecurityLogin is not in this one's histogram.
      assert.equal(named(own, 'nailup_cti_command_seconds_count').length, 0);
      assert.equal(one(own, 'nailup_cti_event_connections'), 0);
      // The first instance still answers.
      assert.equal((await scrape(nailup.url, authorization)).status, 200);
    } finally {
      await open.close();
    }
  });
});
