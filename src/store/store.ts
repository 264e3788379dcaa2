// The Store port itself; gathers the repository interfaces it lists from ports/, one file per concern.
import type { AgentRepository, OrganizationRepository } from './ports/organization.ts';
import type { CampaignRepository, CompletionCodeRepository } from './ports/campaign.ts';
import type { ContactListRepository, ContactRepository, DncRepository } from './ports/contact.ts';
import type { AttemptRepository, JobRepository } from './ports/attempt.ts';
import type { CallbackRepository } from './ports/callback.ts';
import type {
  AgentActionRepository, AgentHistoryRepository, CtiLoginRepository, SalesRecordRepository, TmacSessionRepository,
} from './ports/agent-activity.ts';
import type { AuditRepository, SupervisorRepository } from './ports/supervisor.ts';
import type { DataSourceRepository, ImportRepository, ManualUploadRepository, PurgeDataRepository } from './ports/utilities.ts';
import type { ReportExportRepository } from './ports/exports.ts';
import type { InboundCallRepository, QueueRepository } from './ports/inbound.ts';
import type { RollupRepository } from './ports/rollups.ts';

export type * from './ports/organization.ts';
export type * from './ports/campaign.ts';
export * from './ports/contact.ts';
export type * from './ports/attempt.ts';
export type * from './ports/callback.ts';
export type * from './ports/agent-activity.ts';
export type * from './ports/supervisor.ts';
export type * from './ports/utilities.ts';
export type * from './ports/exports.ts';
export type * from './ports/inbound.ts';
export type * from './ports/rollups.ts';

/**
 * The store port. Every method resolves only after the change is durable in the database, so the
 * caller may acknowledge it. Adapters: SQLite (embedded default) and PostgreSQL, one query layer.
 */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  readonly organizations: OrganizationRepository;
  readonly agents: AgentRepository;
  readonly campaigns: CampaignRepository;
  readonly completionCodes: CompletionCodeRepository;
  readonly contactLists: ContactListRepository;
  readonly contacts: ContactRepository;
  readonly dnc: DncRepository;
  readonly jobs: JobRepository;
  readonly attempts: AttemptRepository;
  readonly callbacks: CallbackRepository;
  readonly agentHistory: AgentHistoryRepository;
  readonly tmacSessions: TmacSessionRepository;
  readonly ctiLogins: CtiLoginRepository;
  readonly agentActions: AgentActionRepository;
  readonly salesRecords: SalesRecordRepository;
  readonly supervisors: SupervisorRepository;
  readonly audit: AuditRepository;
  readonly purgeData: PurgeDataRepository;
  readonly manualUploads: ManualUploadRepository;
  readonly dataSources: DataSourceRepository;
  readonly reportExports: ReportExportRepository;
  readonly imports: ImportRepository;
  readonly queues: QueueRepository;
  readonly inboundCalls: InboundCallRepository;
  /** The OCM Report Scheduler's rollups (src/reports/rollups/). */
  readonly rollups: RollupRepository;
  /** Resolves if the database takes a write now (a write in a transaction rolled back); rejects with why not. */
  checkWritable(): Promise<void>;
  close(): Promise<void>;
}
