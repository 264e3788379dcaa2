import type { Clock } from '../clock/clock.ts';
import type { Store } from '../store/store.ts';
import type { PomRestClient, ErrorInfo } from './pom-client.ts';
import type { SftpDrop } from './sftp-drop.ts';
import type { UtilitiesOptions } from './utilities-config.ts';

/** What a utility operation works with: POM over HTTP, nailup's own tables, the SFTP drop. */
export interface UtilityContext {
  pom: PomRestClient;
  store: Store;
  clock: Clock;
  options: UtilitiesOptions;
  drop: SftpDrop;
}

/** The spec's PomResponse: IsSuccess and ErrorInfo. */
export interface PomResponse {
  isSuccess: boolean;
  errorInfo: ErrorInfo | null;
}

/** Waits on the clock (virtual in tests and demos). */
export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimer(ms, resolve));
}
