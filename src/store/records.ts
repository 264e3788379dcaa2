/**
 * The records the store keeps. Times are epoch milliseconds (numbers) in every adapter; phone
 * numbers are E.164; ids the store assigns are numbers.
 */

import type { BlendingRule, QueueDefinition } from '../acd/queue-types.ts';

export type LocationPreference = 'primary' | 'auxiliary';

export interface OrganizationRecord { id: number; name: string }
export interface ZoneRecord { id: number; name: string }
export interface TeamRecord {
  id: number;
  name: string;
  organizationName: string;
  /** The skills an agent of the team is given when created without skills of its own. */
  skills: string[];
  /** How the team's agents blend into an inbound queue (null: outbound only). */
  blending: BlendingRule | null;
}
export interface SkillRecord { id: number; name: string; organizationName: string }

export interface AgentRecord {
  agentId: string;
  extension: string;
  lanId: string;
  firstName: string;
  lastName: string;
  /** First and last name, as reports and desktops show it. */
  name: string;
  /** scrypt hash, `scrypt$N$r$p$salt$hash` (see store/password.ts). */
  passwordHash: string;
  organizationName: string;
  teamName: string;
  skills: string[];
  /** The agent's level in each skill, 1 (best) to 16; a skill not listed is level 1. */
  skillLevels: Record<string, number>;
  locationPreference: LocationPreference;
  locale: string;
  timeZone: string;
  zoneName: string;
  /** A disabled agent cannot log on (AGTLogon answers AuthenticationFailed). */
  enabled: boolean;
}

export type CampaignType = 'Preview' | 'Progressive' | 'Predictive';
export type AnsweringMachineAction = 'drop' | 'connect' | 'message';

/** What a completion code does to the contact: done with, dialed again later, a callback booked, never called again. */
export const COMPLETION_NEXT_STATES = ['done', 'retry', 'callback', 'dnc'] as const;
export type CompletionNextState = (typeof COMPLETION_NEXT_STATES)[number];

/** A completion code: defined once, offered by the campaigns that list it. */
export interface CompletionCode {
  codeID: string;
  codeValue: string;
  nextState: CompletionNextState;
  /** `retry`: minutes before the contact is dialed again; null: the campaign's retry rule for the call's result. */
  retryMinutes: number | null;
  /** Counts as a sale (job and agent reports). */
  sale: boolean;
  /** The person the contact is for was reached (right-party contact). */
  rightPartyContact: boolean;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Calling hours of one day in the contact's local time, "HH:MM" to "HH:MM" (end excluded; "24:00" is midnight). */
export interface DailyHours {
  start: string;
  end: string;
}

/** Calling hours per weekday; a day not listed has none (no calls that day). */
export type WeeklyHours = Partial<Record<Weekday, DailyHours>>;

/**
 * When a contact may be called, in the local time of the number dialed. A rule for the number's US
 * state, or else for its country calling code, replaces the campaign's hours.
 */
export interface CallingWindow {
  hours: WeeklyHours;
  /** By US state of the number (e.g. "TX"). */
  states?: Record<string, WeeklyHours>;
  /** By country calling code of the number (e.g. "44"). */
  countries?: Record<string, WeeklyHours>;
}

/** Minutes to wait before retrying a contact, by attempt result; results not named are final. */
export type RetryRules = Partial<Record<AttemptResult, number>>;

export interface PacingParameters {
  /**
   * Predictive jobs: `target` paces on the live state to hold the abandon rate at `targetAbandonRate`;
   * `ratio` dials a fixed `initialRatio` lines per free agent. Either way within the compliance guard.
   */
  method: 'target' | 'ratio';
  /** Static dial ratio for `ratio` pacing; the predictive pacer's starting point otherwise. */
  initialRatio: number;
  maxLinesPerAgent: number;
  /** Regulatory cap on abandoned / live answers. */
  abandonCap: number;
  /** The rate the predictive pacer aims at, below the cap so that bad luck stays under it. */
  targetAbandonRate: number;
  /** A live answer must reach an agent within this many seconds or it is abandoned. */
  connectWithinSeconds: number;
}

/** What answering-machine detection is estimated to get wrong on this campaign's trunk. */
export interface AmdEstimates {
  /** Share of people taken for machines (hung up on: each an abandoned call). */
  falsePositive: number;
  /** Share of machines taken for people (passed on as live answers). */
  falseNegative: number;
}

export interface CampaignRecord {
  id: number;
  name: string;
  organizationName: string;
  teamName: string;
  /** The outbound skill an agent must hold to be nailed to this campaign; empty: the agents of its team. */
  skillsetName: string;
  skillsetId: string;
  type: CampaignType;
  contactListId: number;
  dncListIds: number[];
  completionCodes: CompletionCode[];
  defaultCompletionCode: string;
  callingWindow: CallingWindow;
  retryRules: RetryRules;
  /** Attempts per contact, all numbers together. */
  maxAttempts: number;
  /** Attempts per number of a contact; 0: no limit but maxAttempts. */
  maxAttemptsPerNumber: number;
  noAnswerTimeoutSeconds: number;
  /** No ring-no-answer hang-up before this (at least the dialer's own minimum). */
  minimumRingSeconds: number;
  /** Number presented to the called party; empty: the trunk's. */
  callerId: string;
  /** A callback an agent books expires this many minutes after its due time unless the agent says otherwise. */
  callbackExpiryMinutes: number;
  /** Preview: timed previews dial by themselves after `previewTimeoutSeconds`. */
  previewTimed: boolean;
  previewTimeoutSeconds: number;
  previewCanCancel: boolean;
  wrapupSeconds: number;
  wrapupExtendable: boolean;
  amd: boolean;
  answeringMachineAction: AnsweringMachineAction;
  amdEstimates: AmdEstimates;
  pacing: PacingParameters;
  priority: number;
}

export interface ContactListRecord {
  id: number;
  name: string;
  organizationName: string;
  zoneName: string;
  lastUpdatedOn: number;
}

export interface ContactPhone {
  number: string;
  countryCode: string;
  /** IANA time zone of the number. */
  timezone: string;
  state: string;
  wireless: boolean;
}

export interface ContactAddress {
  line1: string; line2: string; line3: string; line4: string; line5: string;
  country: string; zipCode: string;
}

/**
 * `purged`: deleted from its list by a supervisor. The row stays (its attempts and callbacks refer to
 * it) but the list no longer has it: it is never dialed, counted or found by its userContactId again.
 */
export type ContactState = 'ready' | 'in_progress' | 'done' | 'uncallable' | 'purged';

export interface ContactRecord {
  id: number;
  contactListId: number;
  userContactId: string;
  title: string;
  firstName: string;
  lastName: string;
  phones: ContactPhone[];
  emails: string[];
  address: ContactAddress;
  customFields: Record<string, string>;
  state: ContactState;
  priority: number;
  attempts: number;
  lastAttemptAt: number | null;
  /** Not to be dialed before this time (retry interval, calling window). */
  nextAttemptAt: number;
  lastResult: AttemptResult | null;
  lastCompletionCode: string | null;
}

export type NewContact = Omit<ContactRecord, 'id' | 'contactListId' | 'state' | 'attempts' | 'lastAttemptAt' | 'nextAttemptAt' | 'lastResult' | 'lastCompletionCode'> &
  Partial<Pick<ContactRecord, 'state' | 'nextAttemptAt'>>;

export interface ContactOutcome {
  state: ContactState;
  nextAttemptAt: number;
  lastResult: AttemptResult;
  lastCompletionCode: string | null;
  attemptedAt: number;
}

export interface DncListRecord {
  id: number;
  name: string;
  organizationName: string;
  listType: 'phone' | 'email';
  lastUpdated: number;
}

export type JobState = 'running' | 'paused' | 'stopped' | 'completed';

export interface JobRecord {
  id: number;
  campaignId: number;
  state: JobState;
  startedAt: number;
  endedAt: number | null;
}

export type AttemptKind = 'predictive' | 'progressive' | 'preview' | 'callback' | 'redial';

/** The final result of an attempt: POM's dial-fail reasons, or how an answered call ended. */
export const ATTEMPT_RESULTS = [
  'Answer_Human', 'Answer_Machine', 'Call_Busy', 'Ring_No_Answer', 'Invalid_Number', 'Network_Refusal',
  'Restricted_DNC', 'Restricted_Other', 'Abandoned', 'Preview_Cancelled',
  // Still in progress when the dialer stopped; closed at the next start.
  'Unknown',
] as const;
export type AttemptResult = (typeof ATTEMPT_RESULTS)[number];

export interface AttemptRecord {
  id: number;
  jobId: number;
  campaignId: number;
  contactId: number;
  number: string;
  kind: AttemptKind;
  dialedAt: number;
  answeredAt: number | null;
  connectedAt: number | null;
  endedAt: number | null;
  result: AttemptResult | null;
  agentId: string | null;
  completionCode: string | null;
  abandoned: boolean;
  /** Connected to an agent who had gone Not-Ready (the Outbound Nuisance report). */
  nuisance: boolean;
  /** Answer detection said machine and hung up (a possible AMD false positive). */
  amdHangup: boolean;
  /** Why the dialer marked the call nuisance, when it recorded why (migration 012); absent when it did not. */
  nuisanceReason?: NuisanceReason | null;
  /** The agent's wrap-up notes (migration 012); absent when none were entered. */
  notes?: string | null;
}

/**
 * Why a call is a nuisance, as the dialer records it: `agent_aux`, a predictive (or progressive) call
 * connected to an agent who went to Aux on it (the spec's Outbound Nuisance). Abandoned calls and calls
 * left open by a stopped dialer are told by the attempt's own flags (src/reports/nuisance.ts).
 */
export type NuisanceReason = 'agent_aux';

export type NewAttempt = Pick<AttemptRecord, 'jobId' | 'campaignId' | 'contactId' | 'number' | 'kind' | 'dialedAt'> &
  Partial<Pick<AttemptRecord, 'agentId'>>;

export type AttemptUpdate = Partial<Omit<AttemptRecord, 'id' | 'jobId' | 'campaignId' | 'contactId' | 'number' | 'kind' | 'dialedAt'>>;

export type CallbackType = 'Standard' | 'Agent' | 'Campaign' | 'StrictAgent';
export const CALLBACK_STATES = ['pending', 'delivered', 'done', 'expired', 'cancelled'] as const;
export type CallbackState = (typeof CALLBACK_STATES)[number];

export interface CallbackRecord {
  id: number;
  campaignId: number;
  contactId: number;
  type: CallbackType;
  /** Owner for Agent / StrictAgent callbacks. */
  agentId: string | null;
  dueAt: number;
  expiresAt: number;
  number: string;
  timezone: string;
  notes: string;
  state: CallbackState;
  createdAt: number;
}

export type NewCallback = Omit<CallbackRecord, 'id' | 'state'>;

export interface AgentStateChangeRecord {
  agentId: string;
  at: number;
  agentState: string;
  callState: string;
  nailedStatus: string;
  reasonCode: number;
  campaignName: string | null;
}

/** An agent logged on through the CTI server, on this extension since then (resumed after a failover). */
export interface CtiLoginRecord {
  agentId: string;
  extension: string;
  since: number;
}

export interface TmacSessionRecord {
  tokenHash: string;
  agentId: string;
  lanId: string;
  extension: string;
  createdAt: number;
  lastSeenAt: number;
  /** The absolute end of the session's lifetime. */
  expiresAt: number;
  endedAt: number | null;
  endReason: string | null;
}

export interface AgentActionRecord {
  agentId: string;
  at: number;
  action: string;
  details: Record<string, unknown>;
  /** The TMAC result of the command (0 accepted). */
  result: number;
}

export interface SalesRecord {
  id: number;
  agentId: string;
  at: number;
  screenId: string;
  connectionHandle: string;
  campaignName: string;
  contactId: number | null;
  fields: Record<string, string>;
}

// ── supervisor utilities (protocol.md §6) ───────────────────────────────────

export type SupervisorRole = 'supervisor' | 'administrator';

/** Who may use the supervisor utilities and their API; agents are not here. */
export interface SupervisorUserRecord {
  username: string;
  name: string;
  role: SupervisorRole;
  /** scrypt hash (see store/password.ts). */
  passwordHash: string;
  createdAt: number;
  disabled: boolean;
}

export interface SupervisorSessionRecord {
  tokenHash: string;
  username: string;
  role: SupervisorRole;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  endedAt: number | null;
}

/** One utility operation: who, what, when, on what, with which counts. */
export interface AuditRecord {
  id: number;
  at: number;
  username: string;
  role: string;
  action: string;
  target: string;
  outcome: 'ok' | 'failed';
  counts: Record<string, number>;
  details: Record<string, unknown>;
}

export type NewAuditRecord = Omit<AuditRecord, 'id'>;

/** The spec's OutboundPurgeData: one row per campaign (CAMP_ID) of a purge. */
export interface PurgeDataRecord {
  id: number;
  /** `direct` or `normal`. */
  mode: string;
  contactList: string;
  campaignId: string;
  beforePurging: number;
  afterPurging: number;
  /** The purge condition: attribute, filter and values. */
  businessParameter: string;
  userName: string;
  createdAt: number;
}

/** The spec's Outbound_ManualUploadUtility: a file put on the SFTP drop and its run-once import. */
export interface ManualUploadRecord {
  id: number;
  contactListId: number;
  contactListName: string;
  fileName: string;
  type: string;
  userName: string;
  createdAt: number;
  /** When the run-once import was scheduled. */
  uploadTime: number | null;
  /** The id of that schedule in POM. */
  uploadId: string | null;
  status: 'pending' | 'scheduled' | 'failed';
  error: string | null;
}

export type DataSourceType = 'append';

/** A POM data source: a file on the SFTP drop that imports into a contact list. */
export interface DataSourceRecord {
  id: number;
  name: string;
  type: DataSourceType;
  contactListId: number;
  /** The file's name in the SFTP drop folder. */
  fileName: string;
  createdAt: number;
}

export type ScheduleState = 'scheduled' | 'running' | 'completed' | 'failed';

export interface DataSourceScheduleRecord {
  id: number;
  dataSourceId: number;
  startAt: number;
  timeZone: string;
  state: ScheduleState;
  importRunId: number | null;
  error: string | null;
  createdAt: number;
}

export type ImportKind = 'contacts' | 'dnc';
export type ImportState = 'running' | 'completed' | 'failed';

export interface ImportRunRecord {
  id: number;
  kind: ImportKind;
  /** The contact list or DNC list imported into. */
  targetId: number;
  targetName: string;
  fileName: string;
  scrub: boolean;
  state: ImportState;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  startedAt: number;
  endedAt: number | null;
  error: string | null;
  userName: string;
}

export type RejectReason = 'bad_number' | 'missing_field' | 'duplicate' | 'dnc' | 'bad_value';

/** One rejected row of an import: its line in the file and why. */
export interface ImportRejectRecord {
  rowNumber: number;
  reason: RejectReason;
  field: string;
  message: string;
  value: string;
  /** A contact row's account as the file gave it (contact imports), for the Account Not in Listing report. */
  account?: RejectedAccount;
}

/** The account of a contact row that did not make it into the list: its id, name and first number, as read. */
export interface RejectedAccount {
  userContactId: string;
  name: string;
  number: string;
}

/** Why an account of an upload is not in the dial list: a rejected row, a number on a DNC list, a duplicate. */
export type UnlistedReason = 'rejected' | 'dnc' | 'duplicate';

/** An account of a contact upload that did not make it into the dial list (migration 012, the Account Not in Listing report). */
export interface UnlistedAccountRecord {
  runId: number;
  contactListId: number;
  userContactId: string;
  name: string;
  number: string;
  reason: UnlistedReason;
  /** The row's error. */
  detail: string;
  at: number;
}

/**
 * A contact row that passed validation, waiting in the staging table for the import to commit: the
 * columns of a NewContact, its lists and objects as JSON text (serialized where the rows are checked).
 */
export interface StagedContact {
  rowNumber: number;
  userContactId: string;
  title: string;
  firstName: string;
  lastName: string;
  /** JSON of NewContact['phones']. */
  phones: string;
  /** JSON of NewContact['emails']. */
  emails: string;
  /** JSON of NewContact['address']. */
  address: string;
  /** JSON of NewContact['customFields']. */
  customFields: string;
  priority: number;
}

/** How often a scheduled export runs, and the period each run covers: the day, week (from Monday) or month before. */
export type ExportFrequency = 'daily' | 'weekly' | 'monthly';

/** The file a report is written as: CSV text or an Excel workbook (src/reports/report-xlsx.ts). */
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ReportExportRecord {
  id: number;
  report: string;
  campaignName: string | null;
  frequency: ExportFrequency;
  /** `HH:MM` in `timeZone`: when a run starts (weekly: on Mondays; monthly: on the 1st). */
  timeOfDay: string;
  timeZone: string;
  nextRunAt: number;
  createdBy: string;
  createdAt: number;
  /** The files' format (migration 011: csv for the exports scheduled before it). */
  format: ExportFormat;
}

export interface ReportExportRunRecord {
  id: number;
  exportId: number;
  ranAt: number;
  periodFrom: number;
  periodTo: number;
  /** The file written, in the export folder; null if the run failed. */
  fileName: string | null;
  rows: number;
  error: string | null;
}

/** Where a DNC address came from: a supervisor (file, import, web service) or the dialer's kill list (an agent's DNC disposition). */
export type DncSource = 'manual' | 'dialer';

export interface DncAddressRecord {
  dncListId: number;
  address: string;
  addedAt: number;
  source: DncSource;
}

/** An inbound queue (acd/queue-types.ts) as the store keeps it. */
export interface QueueRecord extends QueueDefinition {
  id: number;
  organizationName: string;
}

/**
 * How an inbound call ended in the ACD:
 *
 *   waiting ──► answered (an agent took it) ──► ended at disposition
 *      └──► abandoned (the caller gave up)
 * An overflowed call stays one row: `queue` is where it was answered or abandoned, `overflowedFrom` where it arrived.
 */
export type InboundCallResult = 'waiting' | 'answered' | 'abandoned';

export interface InboundCallRecord {
  id: number;
  /** The network's call id (the UCID the desktop sees). */
  callId: string;
  queue: string;
  overflowedFrom: string | null;
  callingNumber: string;
  arrivedAt: number;
  answeredAt: number | null;
  /** The caller hung up, or the agent released. */
  endedAt: number | null;
  result: InboundCallResult;
  agentId: string | null;
  completionCode: string | null;
}

export type NewInboundCall = Pick<InboundCallRecord, 'callId' | 'queue' | 'callingNumber' | 'arrivedAt'>;
export type InboundCallUpdate = Partial<Pick<InboundCallRecord, 'queue' | 'overflowedFrom' | 'answeredAt' | 'endedAt' | 'result' | 'agentId' | 'completionCode'>>;
