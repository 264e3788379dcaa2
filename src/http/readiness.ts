/** Whether this process can do its work now: the store takes writes, the dialer's queue runs. */
import type { Dialer } from '../dialer/dialer.ts';
import type { Store } from '../store/store.ts';

const TIMEOUT_MS = 2000;

export interface Readiness {
  ready: boolean;
  checks: { store: string; dialer: string };
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

export async function readiness(store: Store, dialer: Dialer): Promise<Readiness> {
  const [storeCheck, dialerCheck] = await Promise.all([
    settle(() => store.checkWritable()),
    // A task through the queue every change runs in: it answers only if the dialer is not stuck.
    settle(() => new Promise<void>((resolve) => dialer.queue.push(async () => resolve()))),
  ]);
  return { ready: storeCheck === 'ok' && dialerCheck === 'ok', checks: { store: storeCheck, dialer: dialerCheck } };
}
