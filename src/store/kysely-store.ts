import type { Kysely } from 'kysely';
import type SqliteDatabase from 'better-sqlite3';
import { KyselyAgentHistoryRepository } from './repositories/agent-history.ts';
import { KyselyAgentRepository } from './repositories/agents.ts';
import { KyselyAttemptRepository } from './repositories/attempts.ts';
import { KyselyCallbackRepository } from './repositories/callbacks.ts';
import { KyselyCampaignRepository } from './repositories/campaigns.ts';
import { KyselyCompletionCodeRepository } from './repositories/completion-codes.ts';
import { KyselyContactListRepository } from './repositories/contact-lists.ts';
import { KyselyContactRepository } from './repositories/contacts.ts';
import { KyselyDncRepository } from './repositories/dnc.ts';
import { KyselyJobRepository } from './repositories/jobs.ts';
import { KyselyOrganizationRepository } from './repositories/organizations.ts';
import { KyselyAgentActionRepository, KyselyCtiLoginRepository, KyselySalesRecordRepository, KyselyTmacSessionRepository } from './repositories/desktop.ts';
import { KyselyImportRepository } from './repositories/imports.ts';
import { KyselyReportExportRepository } from './repositories/report-exports.ts';
import { KyselyQueueRepository } from './repositories/queues.ts';
import { KyselyInboundCallRepository } from './repositories/inbound-calls.ts';
import { KyselyRollupRepository } from './repositories/rollups.ts';
import {
  KyselyAuditRepository, KyselyDataSourceRepository, KyselyManualUploadRepository, KyselyPurgeDataRepository, KyselySupervisorRepository,
} from './repositories/utilities.ts';
import type { Database, Dialect } from './schema.ts';
import type { Store } from './store.ts';

/** The Store over one Kysely instance; the same code serves SQLite and PostgreSQL. */
export class KyselyStore implements Store {
  readonly organizations: KyselyOrganizationRepository;
  readonly agents: KyselyAgentRepository;
  readonly campaigns: KyselyCampaignRepository;
  readonly completionCodes: KyselyCompletionCodeRepository;
  readonly contactLists: KyselyContactListRepository;
  readonly contacts: KyselyContactRepository;
  readonly dnc: KyselyDncRepository;
  readonly jobs: KyselyJobRepository;
  readonly attempts: KyselyAttemptRepository;
  readonly callbacks: KyselyCallbackRepository;
  readonly agentHistory: KyselyAgentHistoryRepository;
  readonly tmacSessions: KyselyTmacSessionRepository;
  readonly ctiLogins: KyselyCtiLoginRepository;
  readonly agentActions: KyselyAgentActionRepository;
  readonly salesRecords: KyselySalesRecordRepository;
  readonly supervisors: KyselySupervisorRepository;
  readonly audit: KyselyAuditRepository;
  readonly purgeData: KyselyPurgeDataRepository;
  readonly manualUploads: KyselyManualUploadRepository;
  readonly dataSources: KyselyDataSourceRepository;
  readonly imports: KyselyImportRepository;
  readonly reportExports: KyselyReportExportRepository;
  readonly queues: KyselyQueueRepository;
  readonly inboundCalls: KyselyInboundCallRepository;
  readonly rollups: KyselyRollupRepository;

  /** `sqlite`: the connection under `db` when it is SQLite; bulk imports prepare their statements on it. */
  constructor(private readonly db: Kysely<Database>, readonly dialect: Dialect, sqlite?: SqliteDatabase.Database) {
    this.organizations = new KyselyOrganizationRepository(db);
    this.agents = new KyselyAgentRepository(db);
    this.campaigns = new KyselyCampaignRepository(db);
    this.completionCodes = new KyselyCompletionCodeRepository(db);
    this.contactLists = new KyselyContactListRepository(db);
    this.contacts = new KyselyContactRepository(db);
    this.dnc = new KyselyDncRepository(db);
    this.jobs = new KyselyJobRepository(db);
    this.attempts = new KyselyAttemptRepository(db);
    this.callbacks = new KyselyCallbackRepository(db);
    this.agentHistory = new KyselyAgentHistoryRepository(db);
    this.tmacSessions = new KyselyTmacSessionRepository(db);
    this.ctiLogins = new KyselyCtiLoginRepository(db);
    this.agentActions = new KyselyAgentActionRepository(db);
    this.salesRecords = new KyselySalesRecordRepository(db);
    this.supervisors = new KyselySupervisorRepository(db);
    this.audit = new KyselyAuditRepository(db);
    this.purgeData = new KyselyPurgeDataRepository(db);
    this.manualUploads = new KyselyManualUploadRepository(db);
    this.dataSources = new KyselyDataSourceRepository(db);
    this.imports = new KyselyImportRepository(db, sqlite);
    this.reportExports = new KyselyReportExportRepository(db);
    this.queues = new KyselyQueueRepository(db);
    this.inboundCalls = new KyselyInboundCallRepository(db);
    this.rollups = new KyselyRollupRepository(db);
  }

  async checkWritable(): Promise<void> {
    const probe = new Error('readiness probe: rolled back');
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx.insertInto('organizations').values({ name: `readyz-${process.pid}` }).execute();
        throw probe;
      });
    } catch (error) {
      if (error !== probe) throw error;
    }
  }

  /** Closes the SQLite file or ends the PostgreSQL pool. */
  close(): Promise<void> {
    return this.db.destroy();
  }
}
