/**
 * The supervisor side of one nailup process: the POM web services' scheduler, the utilities (which
 * call POM over HTTP), imports, logins and the audit log. app.ts creates it; the HTTP server
 * registers its routes (src/api/register.ts).
 */
import type { Clock } from '../clock/clock.ts';
import type { NailupConfig } from '../config.ts';
import type { Dialer } from '../dialer/dialer.ts';
import type { Store } from '../store/store.ts';
import { AuditLog } from '../audit/audit-log.ts';
import { SupervisorAuth } from '../auth/supervisor-auth.ts';
import { Importer } from '../imports/importer.ts';
import { RunOnceScheduler } from '../pom-rest/run-once-scheduler.ts';
import { ReportExportScheduler } from '../reports/export-scheduler.ts';
import { POM_BASE_PATH } from '../pom-rest/register.ts';
import { PomRestClient } from './pom-client.ts';
import { SftpDrop } from './sftp-drop.ts';
import { ImportFeeds } from './import-feeds.ts';
import type { UtilityContext } from './context.ts';
import type { Log } from '../log/log.ts';

export interface SupervisorSide {
  config: Readonly<NailupConfig>;
  store: Store;
  dialer: Dialer;
  clock: Clock;
  drop: SftpDrop;
  importer: Importer;
  /** What the running imports have read of their files, and the request ids of uploads. */
  feeds: ImportFeeds;
  scheduler: RunOnceScheduler;
  /** The OCM Export Scheduler: scheduled report exports to CSV files. */
  exports: ReportExportScheduler;
  audit: AuditLog;
  auth: SupervisorAuth;
  pom: PomRestClient;
  utilities: UtilityContext;
  /** This nailup's URL, once it listens: the default POM base URL. */
  setSelfUrl(url: string): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createSupervisorSide(deps: { config: Readonly<NailupConfig>; store: Store; dialer: Dialer; clock: Clock; log: Log }): SupervisorSide {
  const { config, store, clock } = deps;
  const options = config.utilities;
  let selfUrl = `http://${config.host}:${config.port}`;
  const drop = new SftpDrop(options.sftp);
  const importer = new Importer(store, clock, { defaultRegion: options.defaultRegion, timeZone: options.timeZone, limits: config.imports, log: deps.log });
  const feeds = new ImportFeeds();
  const log = (m: string, e?: unknown): void => deps.log.error({ err: e }, m);
  const scheduler = new RunOnceScheduler({ store, clock, importer, drop, log });
  const exports = new ReportExportScheduler({ store, clock, folder: options.exportFolder, log });
  const pom = new PomRestClient({
    baseUrl: () => options.pom.baseUrl || `${selfUrl}${POM_BASE_PATH}`,
    username: options.pom.username, password: options.pom.password, timeoutMs: options.pom.timeoutMs,
  });
  return {
    ...deps, drop, importer, feeds, scheduler, exports, pom,
    audit: new AuditLog(store, clock),
    auth: new SupervisorAuth(store, clock, { sessionHours: options.sessionHours, sessionWarningMinutes: options.sessionWarningMinutes, logins: config.logins }),
    utilities: { pom, store, clock, options, drop },
    setSelfUrl(url: string) {
      selfUrl = url;
    },
    async start() {
      await importer.recover();
      await scheduler.start();
      await exports.start();
    },
    async stop() {
      scheduler.stop();
      exports.stop();
      await scheduler.whenIdle();
      await exports.whenIdle();
    },
  };
}
