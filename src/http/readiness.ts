/** Whether this process can do its work now: the store takes writes, the dialer's queue runs. */
import type { Dialer } from '../dialer/dialer.ts';
import type { Store } from '../store/store.ts';
import type { ClusterFigures } from './metrics.ts';

const TIMEOUT_MS = 2000;

export interface Readiness {
  ready: boolean;
  checks: { store: string; dialer: string; nats?: string; leader?: string };
}

/** `check` resolves to 'ok', or the reason it failed or took longer than the timeout. */
async function settle(check: () => Promise<void>): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${TIMEOUT_MS} ms`), TIMEOUT_MS);
  });
  try {
    return await Promise.race([check().then(() => 'ok', (error: unknown) => (error instanceof Error ? error.message : String(error))), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** On a leading dialer the NATS link too (the gateways reach it through NATS only), and the lead. */
export async function readiness(store: Store, dialer: Dialer, cluster?: ClusterFigures): Promise<Readiness> {
  const [storeCheck, dialerCheck] = await Promise.all([
    // A fenced write: it fails once another dialer has taken the lead.
    settle(() => store.checkWritable()),
    // A task through the queue every change runs in: it answers only if the dialer is not stuck.
    settle(() => new Promise<void>((resolve) => dialer.queue.push(async () => resolve()))),
  ]);
  const checks: Readiness['checks'] = { store: storeCheck, dialer: dialerCheck };
  if (cluster) {
    checks.nats = cluster.natsConnected() ? 'ok' : 'disconnected';
    checks.leader = `leading with epoch ${cluster.epoch()}`;
  }
  return { ready: storeCheck === 'ok' && dialerCheck === 'ok' && checks.nats !== 'disconnected', checks };
}
