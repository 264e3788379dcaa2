import type { Clock } from '../clock/clock.ts';
import type { NailupConfig } from '../config.ts';
import type { Dialer } from '../dialer/dialer.ts';
import type { Store } from '../store/store.ts';

/** What the administration of the floor works on. */
export interface AdminContext {
  store: Store;
  dialer: Dialer;
  clock: Clock;
  config: Readonly<NailupConfig>;
}
