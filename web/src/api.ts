/** The TMAC server's web-client API (docs/tmac-api.md): types, HTTP calls, the event socket. */
import type { CallView, ConsultView, CustomerView, DesktopState as ServerDesktopState, InboundView } from '../../src/tmac/desktop-state.ts';

// The state is the server's DesktopState (types only: nothing of ../../src reaches the bundle); the
// call's contact and the consult destinations, which the server passes on as POM sends them, are
// given their fields here.

export type AgentInfo = ServerDesktopState['agent'];
export type Customer = CustomerView;
export type Wrapup = NonNullable<CallView['wrapup']>;
export type Consult = ConsultView;
export type Inbound = InboundView;

export interface ContactNumber {
  IsDefault: boolean;
  Name: string;
  Number: string;
  Timezone: string;
  State: string;
  Wireless: string;
}

export interface Contact {
  ContactNumbers?: ContactNumber[];
  CanCancel?: boolean;
  CanDial?: boolean;
  CanEnterFreeFormNumber?: boolean;
  Timed?: boolean;
  Timeout?: number;
  CallbackNotes?: string;
  ContactID?: number;
  DefaultNumber?: string;
  CampaignName?: string;
  ContactType?: number | string;
}

export interface Call extends Omit<CallView, 'contact'> {
  contact: Contact;
}

export interface ConsultDestination {
  destinationName: string;
  destinationValue: string;
  presence: string;
  state: string;
}

export interface DesktopState extends Omit<ServerDesktopState, 'call' | 'consultDestinations'> {
  call: Call | null;
  consultDestinations: null | { type: string; destinations: ConsultDestination[]; error: string | null };
}

export interface SalesField {
  key: string;
  label: string;
  type: 'text' | 'number' | 'select' | 'textarea';
  required: boolean;
  options?: string[];
}

export interface SalesScreen {
  id: string;
  name: string;
  fields: SalesField[];
}

export interface DesktopConfig {
  reasonCodes: Array<{ code: number; name: string }>;
  callbackTypes: string[];
  salesScreens: SalesScreen[];
  session: { idleTimeoutSeconds: number; lifetimeSeconds: number; warnBeforeSeconds: number };
}

export interface LoginReply {
  token: string;
  agent: AgentInfo;
  state: DesktopState;
  config: DesktopConfig;
}

export type ServerMessage =
  | { type: 'state'; state: DesktopState }
  | { type: 'sessionWarning'; expiresAt: number }
  | { type: 'loggedOut'; reason: string }
  /** From a gateway of a cluster: no dialer leads for a moment (a failover), then one does again. */
  | { type: 'link'; state: 'reconnecting' | 'up' };

const BASE = '/tmac/v1';

/** A failed call: the server's error body, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly tmacCode?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The message as the agent reads it, with its code: "Agent is already logged in (-7)". */
  get display(): string {
    if (this.status === 0) return this.message;
    const code = this.tmacCode ?? this.code;
    let text = this.message;
    if (this.field && text.startsWith(`${this.field}: `)) text = `${fieldName(this.field)}: ${text.slice(this.field.length + 2)}`;
    else if (this.field && /^(is|must)\b/.test(text)) text = `${fieldName(this.field)} ${text}`;
    return text.trimEnd().endsWith(`(${code})`) ? text : `${text} (${code})`;
  }
}

const fieldName = (field: string): string => {
  const last = field.split('.').pop() ?? field;
  const spaced = last.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced === 'lan id' ? 'LAN ID' : spaced.charAt(0).toUpperCase() + spaced.slice(1);
};

/** The difference between the server's clock and ours, from the Date header (whole seconds). */
let clockOffsetMs = 0;
export const serverNow = (): number => Date.now() + clockOffsetMs;

function learnClock(response: Response, sentAt: number): void {
  const header = response.headers.get('date');
  if (!header) return;
  const server = Date.parse(header);
  if (!Number.isFinite(server)) return;
  const offset = server + 500 - (sentAt + Date.now()) / 2;
  // The header has one-second resolution: only a clearly wrong local clock is corrected.
  clockOffsetMs = Math.abs(offset) > 2000 ? offset : 0;
}

export async function request<T>(method: 'GET' | 'POST', path: string, token: string | null, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const sentAt = Date.now();
  let response: Response;
  try {
    response = await fetch(BASE + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Cannot reach the server. Check the network connection and try again.');
  }
  learnClock(response, sentAt);
  const text = await response.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const e = (data as { error?: { code?: string; message?: string; field?: string; tmacCode?: number } } | null)?.error;
    throw new ApiError(response.status, e?.code ?? `HTTP_${response.status}`, e?.message ?? `The server answered ${response.status} ${response.statusText}`, e?.field, e?.tmacCode);
  }
  return data as T;
}

/** `takeOver`: continue here the agent's session that lives on in another window (after a -7). */
export const login = (lanId: string, extension: string, password: string, takeOver = false): Promise<LoginReply> =>
  request<LoginReply>('POST', '/login', null, takeOver ? { lanId, extension, password, takeOver } : { lanId, extension, password });

export const fetchState = (token: string): Promise<{ state: DesktopState; config: DesktopConfig }> =>
  request('GET', '/state', token);

export const sendCommand = (token: string, name: string, body: Record<string, unknown> = {}): Promise<{ ok: true }> =>
  request('POST', `/commands/${encodeURIComponent(name)}`, token, body);

export const fetchPrefill = (token: string, screenId: string): Promise<{ fields: Record<string, string> }> =>
  request('GET', `/sales-screens/${encodeURIComponent(screenId)}/prefill`, token);

export function eventsUrl(token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${BASE}/events?token=${encodeURIComponent(token)}`;
}
