/** The supervisor API (/api/v1): the session token, JSON and CSV calls, error messages, the shapes of its replies. */
import type { AuditRecord } from '../../../src/store/records.ts';
import type { FloorStatus } from '../../../src/http/status.ts';

const TOKEN_KEY = 'nailup.supervisor.token';
const BASE = '/api/v1';

export interface Session {
  token: string;
  username: string;
  name: string;
  role: string;
}

export class ApiError extends Error {
  constructor(message: string, readonly status: number, readonly body: unknown) {
    super(message);
  }
}

let token: string | null = sessionStorage.getItem(TOKEN_KEY);
let onUnauthorized: () => void = () => {};

export const hasToken = (): boolean => token !== null;
export function setToken(value: string | null): void {
  token = value;
  if (value === null) sessionStorage.removeItem(TOKEN_KEY);
  else sessionStorage.setItem(TOKEN_KEY, value);
}
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

/** The message a reply carries: the API's `error.message`, or a utility's `errorInfo.displayMessage`. */
export function messageOf(body: unknown, status: number): string {
  const b = body as { error?: { message?: string }; errorInfo?: { displayMessage?: string; errorMessage?: string } } | undefined;
  return b?.error?.message ?? b?.errorInfo?.displayMessage ?? b?.errorInfo?.errorMessage ?? `The server answered ${status}`;
}

export interface Reply<T> {
  ok: boolean;
  status: number;
  body: T;
}

/** One call with the session's token; a 401 ends the session. */
async function request(method: string, path: string, headers: Record<string, string> = {}, body?: BodyInit): Promise<Response> {
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(`${BASE}${path}`, { method, headers, body });
  } catch {
    throw new ApiError('The server cannot be reached', 0, undefined);
  }
  if (response.status === 401 && path !== '/auth/login') {
    setToken(null);
    onUnauthorized();
  }
  return response;
}

/** Sends a request; the reply is returned whatever its status (a 401 ends the session). */
export async function send<T>(method: string, path: string, options: { json?: unknown; csv?: Blob | string } = {}): Promise<Reply<T>> {
  const headers: Record<string, string> = {};
  let body: BodyInit | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.csv !== undefined) {
    headers['content-type'] = 'text/csv';
    body = options.csv;
  }
  const response = await request(method, path, headers, body);
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { ok: response.ok, status: response.status, body: parsed as T };
}

/** A JSON call that throws ApiError unless the reply is 2xx. */
export async function call<T>(method: string, path: string, json?: unknown): Promise<T> {
  const reply = await send<T>(method, path, json === undefined ? {} : { json });
  if (!reply.ok) throw new ApiError(messageOf(reply.body, reply.status), reply.status, reply.body);
  return reply.body;
}

export async function login(username: string, password: string): Promise<Session> {
  const reply = await send<{ token: string; user: { username: string; name: string; role: string } }>('POST', '/auth/login', { json: { username, password } });
  if (!reply.ok) {
    throw new ApiError(reply.status === 401 ? 'Wrong username or password' : messageOf(reply.body, reply.status), reply.status, reply.body);
  }
  setToken(reply.body.token);
  return { token: reply.body.token, username: reply.body.user.username, name: reply.body.user.name, role: reply.body.user.role };
}

export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The input field an API error names (`error.field` of a VALIDATION_FAILED reply), if any. */
export function fieldOf(error: unknown): string | undefined {
  const body = error instanceof ApiError ? (error.body as { error?: { field?: unknown } } | undefined) : undefined;
  return typeof body?.error?.field === 'string' ? body.error.field : undefined;
}

/**
 * Fetches a file the API serves and hands it to the browser as a download: a plain link cannot
 * carry the bearer token.
 */
export async function download(path: string, fileName: string): Promise<void> {
  const response = await request('GET', path);
  if (!response.ok) {
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    throw new ApiError(messageOf(body, response.status), response.status, body);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled; the URL is freed a little later.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A random id for a request (crypto.randomUUID needs a secure context; this does not). */
export function newRequestId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

// ── the shapes the pages read ──────────────────────────────────────────────────
// The server's own types, imported as types only (nothing of ../../../src reaches the bundle). Where a
// route changes a record on the way out (times as ISO text), that change is written here.

export type { PomContactList as ContactList, PomContact as Contact, PomDncList as DncList } from '../../../src/pom-rest/views.ts';
export type { ContactBatchList as ContactPage, PomDataSource as DataSource, PomJob as Job } from '../../../src/utilities/pom-client.ts';
/** A contact and its call attempts, newest first (GET /contact-lists/{id}/contacts/{userContactId}/history). */
export type { ContactHistoryView as ContactHistory, ContactAttemptView as ContactAttempt } from '../../../src/api/contact-history-routes.ts';
export type { PomCampaignResponse as CampaignJobReply } from '../../../src/utilities/campaign-jobs.ts';
export type { PomManualUploadResponse as ManualUploadReply } from '../../../src/utilities/manual-upload.ts';
export type { PurgeResult } from '../../../src/utilities/purge-contact.ts';
export type { DncResponse as DncReply } from '../../../src/utilities/dnc.ts';
export type { ImportRejectRecord as RejectRow, SupervisorRole as Role } from '../../../src/store/records.ts';
/** An import run with its progress (GET /imports, /imports/{id}). */
export type { ImportRunView as ImportRun } from '../../../src/api/import-views.ts';
/** A manual upload with its run-once import (GET /manual-uploads). */
export type { ManualUploadView as UploadRecord } from '../../../src/api/manual-upload-views.ts';
export type { CallbackPage, CallbackView } from '../../../src/api/callback-routes.ts';
export type { ReportEntry, ReportReply } from '../../../src/api/report-routes.ts';
export type { ReportExportView, ReportExportRunView } from '../../../src/api/report-export-routes.ts';
export type { PublicUser as User, SessionView } from '../../../src/auth/supervisor-auth.ts';

// The administration API (/teams, /agents, /completion-codes, /campaigns, /queues).
export type {
  TeamView as Team, AgentView as Agent, CompletionCodeView as CompletionCode, CampaignView as Campaign, CampaignEditView,
  PacingView, AnsweringMachineView, QueueView as Queue,
} from '../../../src/admin/views.ts';
export type { BlendingRule } from '../../../src/acd/queue-types.ts';
export type { CampaignDefaults } from '../../../src/admin/campaign-settings.ts';
export type {
  AttemptResult, CallingWindow, CampaignType, CompletionNextState, DailyHours, LocationPreference, Weekday, WeeklyHours,
} from '../../../src/store/records.ts';

/** What the floor is doing now (GET /status). */
export type { FloorStatus as Floor } from '../../../src/http/status.ts';
/** A running job on the floor: its figures and what keeps it from dialing as configured. */
export type FloorJob = FloorStatus['jobs'][number];

/** An audit log entry (GET /audit). */
export interface AuditEntry extends Omit<AuditRecord, 'at'> {
  at: string;
}
