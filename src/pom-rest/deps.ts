import type { Clock } from '../clock/clock.ts';
import type { Dialer } from '../dialer/dialer.ts';
import type { Store } from '../store/store.ts';
import type { UtilitiesOptions } from '../utilities/utilities-config.ts';
import type { RunOnceScheduler } from './run-once-scheduler.ts';

/** What the POM web services work on: the embedded dialer and its store. */
export interface PomRestDeps {
  store: Store;
  dialer: Dialer;
  clock: Clock;
  options: UtilitiesOptions;
  scheduler: RunOnceScheduler;
}
