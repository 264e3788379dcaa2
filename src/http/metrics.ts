/**
 * Prometheus metrics (`GET /metrics`, docs/metrics.md): one prom-client registry per nailup instance (never
 * the library's global one, so several instances in one process do not clash). The floor's figures are read
 * at scrape time from the dialer, the ACD and the store; only the A3 command times are recorded as they happen.
 */
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Dialer } from '../dialer/dialer.ts';
import type { JobRunner } from '../dialer/job-runner.ts';
import type { AttemptCounts, Store } from '../store/store.ts';
import type { QueueFigures } from '../acd/queue-types.ts';
import { isCommandName } from '../cti/commands.ts';
import type { CtiLinkMetrics } from '../cti/routes.ts';
import type { Clock } from '../clock/clock.ts';
import { rollupMetrics } from '../reports/rollups/rollup-metrics.ts';

export interface MetricsDeps {
  /** The floor's figures: on role all and on the leading dialer. */
  floor?: { dialer: Dialer; store: Store; clock?: Clock };
  /** The process in its cluster: role, name, the leader's epoch as this process knows it, the NATS link. */
  cluster?: ClusterFigures;
}

export interface ClusterFigures {
  role: string;
  instance: string;
  /** The epoch this process leads under (a dialer) or follows (a gateway); 0 while none. */
  epoch(): number;
  natsConnected(): boolean;
}

export interface NailupMetrics extends CtiLinkMetrics {
  readonly registry: Registry;
  /** The exposition text and its content type. */
  scrape(): Promise<{ contentType: string; text: string }>;
  close(): void;
}

/** The queue gauges: name, help, and the figure (null: the gauge has no sample for the queue). */
const QUEUE_GAUGES: Array<[string, string, (f: QueueFigures) => number | null]> = [
  ['nailup_queue_waiting_calls', 'Calls waiting in the queue now.', (f) => f.waiting],
  ['nailup_queue_oldest_wait_seconds', 'Seconds the oldest waiting call has waited (0 when none waits).', (f) => f.oldestWaitSeconds],
  ['nailup_queue_agents_staffed', 'Agents of the queue\'s skill in inbound mode.', (f) => f.agentsStaffed],
  ['nailup_queue_agents_available', 'Agents of the queue\'s skill in inbound mode and free now.', (f) => f.agentsAvailable],
  ['nailup_queue_offered_today', 'Calls offered to the queue since midnight UTC.', (f) => f.offered],
  ['nailup_queue_answered_today', 'Calls answered since midnight UTC.', (f) => f.answered],
  ['nailup_queue_abandoned_today', 'Callers who hung up while waiting, since midnight UTC.', (f) => f.abandoned],
  ['nailup_queue_overflowed_today', 'Calls moved to the overflow queue since midnight UTC.', (f) => f.overflowed],
  ['nailup_queue_answered_within_threshold_today', 'Calls answered within the service level threshold since midnight UTC.', (f) => f.answeredWithinThreshold],
  ['nailup_queue_service_level_ratio', 'Answered within the threshold / (answered + abandoned after it), 0..1; absent before any such call.',
    (f) => (f.serviceLevelPercent === null ? null : f.serviceLevelPercent / 100)],
  ['nailup_queue_average_speed_of_answer_seconds', 'Mean seconds from arrival to answer today; absent before any answer.', (f) => f.averageSpeedOfAnswerSeconds],
  ['nailup_queue_service_level_threshold_seconds', 'The queue\'s service level threshold T.', (f) => f.serviceLevelSeconds],
];

export function createMetrics(deps: MetricsDeps): NailupMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  if (deps.floor) floorMetrics(registry, deps.floor.dialer, deps.floor.store);
  if (deps.floor?.clock) rollupMetrics(registry, deps.floor.store, deps.floor.clock);
  if (deps.cluster) clusterMetrics(registry, deps.cluster);
  return linkMetrics(registry);
}

function clusterMetrics(registry: Registry, cluster: ClusterFigures): void {
  new Gauge({
    name: 'nailup_process_info', help: 'This process: its role (all, dialer, gateway) and instance name; always 1.',
    labelNames: ['role', 'instance'] as const, registers: [registry],
    collect() {
      this.set({ role: cluster.role, instance: cluster.instance }, 1);
    },
  });
  new Gauge({
    name: 'nailup_leader_epoch', help: 'The epoch of the leading dialer this process is (dialer) or follows (gateway); 0 while none leads.',
    registers: [registry],
    collect() {
      this.set(cluster.epoch());
    },
  });
  new Gauge({
    name: 'nailup_nats_connected', help: '1 while this process is connected to NATS, else 0.', registers: [registry],
    collect() {
      this.set(cluster.natsConnected() ? 1 : 0);
    },
  });
}

function floorMetrics(registry: Registry, dialer: Dialer, store: Store): void {
  // The running jobs the dialer paces (a preview job's agents dial).
  const pacedJobs = (): JobRunner[] => dialer.runningJobs().filter((runner) => !runner.isPreview);
  new Gauge({
    name: 'nailup_agents', help: 'Logged-on agents by agent state, call state and mode (outbound: nailed to jobs; inbound: blended).',
    labelNames: ['agent_state', 'call_state', 'mode'] as const, registers: [registry],
    collect() {
      this.reset();
      for (const s of dialer.sessions()) this.inc({ agent_state: s.agentState, call_state: s.callState, mode: s.mode });
    },
  });

  new Gauge({
    name: 'nailup_job_lines', help: 'Calls of each running job: ringing (dialed, not yet answered) and waiting (answered, no agent yet).',
    labelNames: ['campaign', 'state'] as const, registers: [registry],
    collect() {
      this.reset();
      for (const runner of dialer.runningJobs()) {
        const snapshot = runner.snapshot();
        this.set({ campaign: runner.campaign.name, state: 'ringing' }, snapshot.ringingSeconds.length);
        this.set({ campaign: runner.campaign.name, state: 'waiting' }, snapshot.waiting);
      }
    },
  });

  new Gauge({
    name: 'nailup_job_abandon_rate', help: 'Abandoned / live answers of each running job over the regulatory window.',
    labelNames: ['campaign'] as const, registers: [registry],
    collect() {
      this.reset();
      for (const runner of dialer.runningJobs()) this.set({ campaign: runner.campaign.name }, runner.snapshot().stats.abandonRate);
    },
  });

  new Gauge({
    name: 'nailup_job_pacing', help: 'Always 1 per running job but preview: how the abandon guard lets it dial (mode) and why (reason).',
    labelNames: ['campaign', 'mode', 'reason'] as const, registers: [registry],
    collect() {
      this.reset();
      for (const runner of pacedJobs()) {
        const { mode, reason } = runner.snapshot().budget;
        this.set({ campaign: runner.campaign.name, mode, reason }, 1);
      }
    },
  });

  new Gauge({
    name: 'nailup_job_pacing_seconds', help: 'Seconds each running job but preview has dialed under each reason of the abandon guard since it started.',
    labelNames: ['campaign', 'reason'] as const, registers: [registry],
    collect() {
      this.reset();
      for (const runner of pacedJobs()) {
        for (const [reason, seconds] of runner.pacingTime.secondsByReason(dialer.clock.now())) this.set({ campaign: runner.campaign.name, reason }, seconds);
      }
    },
  });

  new Gauge({
    name: 'nailup_job_attempts', help: 'Attempts of each running job\'s campaign since the job started, by kind.',
    labelNames: ['campaign', 'kind'] as const, registers: [registry],
    async collect() {
      const rows: Array<[string, AttemptCounts]> = [];
      for (const runner of dialer.runningJobs()) rows.push([runner.campaign.name, await store.attempts.counts(runner.campaign.id, runner.job.startedAt)]);
      // Reset after the awaits: a concurrent scrape's samples are replaced, not mixed in.
      this.reset();
      for (const [campaign, counts] of rows) {
        this.set({ campaign, kind: 'total' }, counts.total);
        this.set({ campaign, kind: 'ended' }, counts.ended);
        this.set({ campaign, kind: 'live_answers' }, counts.liveAnswers);
        this.set({ campaign, kind: 'connected' }, counts.connected);
        this.set({ campaign, kind: 'abandoned' }, counts.abandoned);
      }
    },
  });

  new Gauge({
    name: 'nailup_job_attempt_results', help: 'Ended attempts of each running job\'s campaign since the job started, by result (Answer_Human, Busy, Unknown…).',
    labelNames: ['campaign', 'result'] as const, registers: [registry],
    async collect() {
      const rows: Array<[string, Array<{ result: string; count: number }>]> = [];
      for (const runner of dialer.runningJobs()) rows.push([runner.campaign.name, await store.attempts.resultCounts(runner.campaign.id, runner.job.startedAt)]);
      this.reset();
      for (const [campaign, counts] of rows) for (const { result, count } of counts) this.set({ campaign, result }, count);
    },
  });

  for (const [name, help, figure] of QUEUE_GAUGES) {
    new Gauge({
      name, help, labelNames: ['queue'] as const, registers: [registry],
      collect() {
        this.reset();
        for (const f of dialer.inboundFigures()) {
          const value = figure(f);
          if (value !== null) this.set({ queue: f.queue }, value);
        }
      },
    });
  }

}

/** A3 command times and open A4 sockets: on every process that serves the links. */
function linkMetrics(registry: Registry): NailupMetrics {
  const commandSeconds = new Histogram({
    name: 'nailup_cti_command_seconds', help: 'Time to handle an A3 command (link A3, POST /cti/v1/commands/:command), by command.',
    labelNames: ['command'] as const, registers: [registry],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  });

  let eventSockets: () => number = () => 0;
  new Gauge({
    name: 'nailup_cti_event_connections', help: 'Open A4 event sockets (/cti/v1/events).', registers: [registry],
    collect() {
      this.set(eventSockets());
    },
  });

  return {
    registry,
    commandHandled(command, seconds) {
      // Unknown names (refused with 400) share one label: the URL must not grow the series without bound.
      commandSeconds.observe({ command: isCommandName(command) ? command : 'unknown' }, seconds);
    },
    eventSockets(count) {
      eventSockets = count;
    },
    async scrape() {
      return { contentType: registry.contentType, text: await registry.metrics() };
    },
    close() {
      registry.clear();
    },
  };
}
