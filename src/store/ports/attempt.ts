/** The repositories of jobs and call attempts, and the attempt reports' filter and rows. */
import type {
  AttemptRecord, AttemptUpdate, JobRecord, JobState, NewAttempt, NuisanceReason,
} from '../records/attempt.ts';

export interface JobRepository {
  create(campaignId: number, now: number): Promise<JobRecord>;
  setState(id: number, state: JobState, now: number): Promise<void>;
  findById(id: number): Promise<JobRecord | undefined>;
  /** Jobs running or paused. */
  active(): Promise<JobRecord[]>;
  list(campaignId?: number): Promise<JobRecord[]>;
}

export interface AttemptCounts {
  total: number;
  ended: number;
  /** Answered by a person as the dialer saw it: ended so, abandoned, or connected (and not ended yet, or closed as Unknown by a stopped dialer). */
  liveAnswers: number;
  connected: number;
  abandoned: number;
}

export interface AttemptRepository {
  insert(attempt: NewAttempt): Promise<AttemptRecord>;
  update(id: number, change: AttemptUpdate): Promise<void>;
  findById(id: number): Promise<AttemptRecord | undefined>;
  listByJob(jobId: number): Promise<AttemptRecord[]>;
  /** The contact's latest attempt, if any. */
  latestOfContact(contactId: number): Promise<AttemptRecord | undefined>;
  /** How many attempts dialed this number of the contact (maximum attempts per number). */
  countForNumber(contactId: number, number: string): Promise<number>;
  /** Attempts dialed in [from, to). */
  listBetween(from: number, to: number): Promise<AttemptRecord[]>;
  counts(campaignId: number, since: number): Promise<AttemptCounts>;
  /** How many of the campaign's attempts dialed since then ended with each result (open ones are left out). */
  resultCounts(campaignId: number, since: number): Promise<Array<{ result: string; count: number }>>;
  /**
   * Closes the job's attempts left without an end by a stopped dialer: result Unknown, ended now;
   * those a person had answered are marked nuisance (as POM does on an agent-manager failure).
   */
  closeOpen(jobId: number, now: number): Promise<number>;
  /** A page of the attempts that match, by dial time, each with its contact; and how many match. */
  report(filter: AttemptFilter, limit: number, offset: number, options?: { total?: boolean }): Promise<{ rows: AttemptReportRow[]; total: number }>;
  /** The contact's attempts, newest first, at most `limit`: its history, wrap-up notes included. */
  listByContact(contactId: number, limit: number): Promise<AttemptRecord[]>;
  /** Per job of these campaigns, what its attempts dialed in [from, to) came to; by job id, a page, and how many jobs. */
  jobTotals(filter: { from: number; to: number; campaignIds: readonly number[] }, limit: number, offset: number): Promise<{ rows: JobTotals[]; total: number }>;
}

export interface JobTotals {
  jobId: number;
  campaignId: number;
  dials: number;
  /** Answered by anyone (people and machines). */
  answered: number;
  /** Answered by a person: ended so (Answer_Human), or abandoned. */
  liveAnswers: number;
  connects: number;
  abandoned: number;
  nuisance: number;
  /** Seconds from connection to end, over the calls that have both. */
  talkSeconds: number;
  agents: number;
}

export interface AttemptFilter {
  /** Dialed in [from, to). */
  from: number;
  to: number;
  campaignId?: number;
  /**
   * Only nuisance calls: a person answered and no agent came (abandoned: none was free in time, or
   * the one it was for went to Aux), or the call was left open by a stopped dialer (marked nuisance).
   */
  nuisance?: true;
  /** Only the nuisance calls the dialer recorded for this reason (the spec's Outbound Nuisance: `agent_aux`). */
  nuisanceReason?: NuisanceReason;
  /** Only those disposed with one of these completion codes: codeIDs per campaign. */
  completionCodes?: ReadonlyArray<{ campaignId: number; codeIds: readonly string[] }>;
}

export interface AttemptReportRow extends AttemptRecord {
  userContactId: string;
  contactName: string;
}
