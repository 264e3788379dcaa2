import { useEffect, useState } from 'preact/hooks';
import {
  ApiError, eventsUrl, fetchState, login as apiLogin, sendCommand,
  type DesktopConfig, type DesktopState, type ServerMessage,
} from './api.ts';
import { blendChangeText } from './format.ts';

/** One message in the alert region (HTTP errors of commands; the server's lastError is shown from the state). */
export interface Notice {
  id: number;
  text: string;
}

export interface AppState {
  screen: 'login' | 'resuming' | 'desk';
  token: string | null;
  desk: DesktopState | null;
  config: DesktopConfig | null;
  /** The last login attempt's error, as shown on the login page. */
  loginError: string | null;
  /** The last login was refused as already logged in (-7): the agent may continue that session here. */
  loginTakeOver: boolean;
  /** Why the agent is back at the login page (logged out, session expired). */
  loginNotice: string | null;
  notices: Notice[];
  /** The `at` of the lastError the agent dismissed. */
  dismissedErrorAt: number | null;
  /** online; reconnecting (this socket dropped); failover (the socket is up, the dialer behind it is changing). */
  connection: 'online' | 'reconnecting' | 'failover';
  /** When the next reconnection attempt runs (epoch ms, local clock). */
  reconnectAt: number | null;
  /** The deadline a sessionWarning message announced (server clock). */
  warnedExpiresAt: number | null;
  /** Commands sent and not answered yet. */
  pending: string[];
  /** The last change of blend mode seen while at the desk (shown as a toast). */
  blendNotice: { text: string; at: number } | null;
}

const TOKEN_KEY = 'nailup.desk.token';
const DISMISSED_KEY = 'nailup.desk.dismissedErrorAt';

const initial: AppState = {
  screen: 'login', token: null, desk: null, config: null, loginError: null, loginTakeOver: false, loginNotice: null, notices: [],
  dismissedErrorAt: null, connection: 'online', reconnectAt: null, warnedExpiresAt: null, pending: [], blendNotice: null,
};

let current: AppState = initial;
const listeners = new Set<() => void>();

export const getState = (): AppState => current;

function set(patch: Partial<AppState>): void {
  current = { ...current, ...patch };
  for (const listener of listeners) listener();
}

/** The whole application state, re-rendering on every change (the app is small). */
export function useAppState(): AppState {
  const [state, setState] = useState(current);
  useEffect(() => {
    const listener = (): void => setState(current);
    listeners.add(listener);
    listener();
    return () => {
      listeners.delete(listener);
    };
  }, []);
  return state;
}

// ── the event socket ──────────────────────────────────────────────────────

let socket: WebSocket | null = null;
let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
let attempts = 0;

function closeSocket(): void {
  if (reconnectTimer) clearTimeout(reconnectTimer);
  reconnectTimer = null;
  const s = socket;
  socket = null;
  if (s) {
    s.onclose = null;
    s.onmessage = null;
    s.onerror = null;
    s.close();
  }
}

function openSocket(token: string): void {
  closeSocket();
  const s = new WebSocket(eventsUrl(token));
  socket = s;
  s.onopen = () => {
    attempts = 0;
    set({ connection: 'online', reconnectAt: null });
  };
  s.onmessage = (event: MessageEvent) => {
    if (typeof event.data !== 'string') return;
    let message: ServerMessage;
    try {
      message = JSON.parse(event.data) as ServerMessage;
    } catch {
      return;
    }
    onMessage(message);
  };
  s.onclose = () => {
    if (socket !== s) return;
    socket = null;
    scheduleReconnect();
  };
}

function onMessage(message: ServerMessage): void {
  switch (message.type) {
    case 'state':
      set({ desk: message.state, ...staleWarning(message.state), ...blendChange(message.state) });
      break;
    case 'sessionWarning':
      set({ warnedExpiresAt: message.expiresAt });
      break;
    case 'link':
      set({ connection: message.state === 'up' ? 'online' : 'failover', reconnectAt: null });
      break;
    case 'loggedOut':
      // The agent's own Log out: the server may name the dialer's logoff as the reason.
      toLogin(current.pending.includes('logout') ? 'You have logged out.' : loggedOutText(message.reason));
      break;
  }
}

/** A blend change since the state shown last: the toast that announces it. */
function blendChange(state: DesktopState): Partial<AppState> {
  const before = current.desk;
  if (!before || state.blendSince === before.blendSince || state.blendSince === 0) return {};
  return { blendNotice: { text: blendChangeText(state), at: state.blendSince } };
}

export function dismissBlendNotice(): void {
  set({ blendNotice: null });
}

/** A warning is over once the state's deadline has moved past it (the session was extended). */
function staleWarning(state: DesktopState): Partial<AppState> {
  const w = current.warnedExpiresAt;
  return w !== null && sessionDeadline(state) > w ? { warnedExpiresAt: null } : {};
}

export const sessionDeadline = (state: DesktopState): number =>
  Math.min(state.session.expiresAt || Infinity, state.session.idleExpiresAt || Infinity);

/** Backoff after a drop: 1, 2, 4, 8, 16, 30 s (with some jitter), then GET /state and a new socket. */
function scheduleReconnect(): void {
  if (!current.token) return;
  const delay = Math.min(30_000, 1000 * 2 ** attempts) * (0.8 + Math.random() * 0.4);
  attempts++;
  set({ connection: 'reconnecting', reconnectAt: Date.now() + delay });
  reconnectTimer = setTimeout(() => void reconnect(), delay);
}

async function reconnect(): Promise<void> {
  reconnectTimer = null;
  const token = current.token;
  if (!token) return;
  try {
    const { state, config } = await fetchState(token);
    if (current.token !== token) return;
    set({ screen: 'desk', loginNotice: null, desk: state, config, ...staleWarning(state), ...blendChange(state) });
    openSocket(token);
  } catch (error) {
    if (current.token !== token) return;
    if (error instanceof ApiError && error.status === 401) {
      toLogin('Your session has ended. Please log in again.');
      return;
    }
    scheduleReconnect();
  }
}

/** Reconnect now (the "Retry now" link while the connection is down). */
export function reconnectNow(): void {
  if (reconnectTimer) clearTimeout(reconnectTimer);
  void reconnect();
}

// ── login, resume, logout ─────────────────────────────────────────────────

function loggedOutText(reason: string): string {
  switch (reason) {
    case 'logged out': return 'You have logged out.';
    case 'session expired': return 'Your session expired. Please log in again.';
    case 'server restarted': return 'The server was restarted. Please log in again.';
    case 'taken over': return 'This session was taken over from another window.';
    case 'logged out by a supervisor': return 'Logged out by a supervisor.';
    default: return `You were logged out: ${reason}.`;
  }
}

function toLogin(notice: string | null): void {
  closeSocket();
  sessionStorage.removeItem(TOKEN_KEY);
  set({ ...initial, loginNotice: notice });
}

function enterDesk(token: string, desk: DesktopState, config: DesktopConfig): void {
  attempts = 0;
  set({
    screen: 'desk', token, desk, config, loginError: null, loginTakeOver: false, loginNotice: null, notices: [], connection: 'online',
    reconnectAt: null, warnedExpiresAt: null, pending: [], blendNotice: null,
    dismissedErrorAt: Number(sessionStorage.getItem(DISMISSED_KEY)) || null,
  });
  openSocket(token);
}

/**
 * Logs in. Refused as already logged in (-7: the password was right), the login page offers to continue
 * the session here (`takeOver`): the session the agent left open in another window (or a closed tab)
 * comes to this one as it is, and the other window is logged out.
 */
export async function login(lanId: string, extension: string, password: string, takeOver = false): Promise<void> {
  set({ loginError: null, loginTakeOver: false, pending: ['login'] });
  try {
    const reply = await apiLogin(lanId.trim(), extension.trim(), password, takeOver);
    sessionStorage.setItem(TOKEN_KEY, reply.token);
    sessionStorage.removeItem(DISMISSED_KEY);
    enterDesk(reply.token, reply.state, reply.config);
  } catch (error) {
    const alreadyLoggedIn = !takeOver && error instanceof ApiError && error.code === 'LOGIN_FAILED' && error.tmacCode === -7;
    set({ loginError: error instanceof ApiError ? error.display : String(error), loginTakeOver: alreadyLoggedIn, loginNotice: null, pending: [] });
  }
}

/** After a reload: the token in sessionStorage resumes the session without logging in again. */
export async function resume(): Promise<void> {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) return;
  set({ screen: 'resuming', token });
  try {
    const { state, config } = await fetchState(token);
    enterDesk(token, state, config);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      toLogin('Your session has ended. Please log in again.');
    } else {
      // The server is not reachable yet: keep the token and try again with backoff.
      set({ screen: 'resuming', loginNotice: error instanceof ApiError ? error.display : String(error) });
      scheduleReconnect();
    }
  }
}

export async function logout(): Promise<void> {
  const ok = await command('logout');
  if (ok) toLogin('You have logged out.');
}

// ── commands ──────────────────────────────────────────────────────────────

let noticeId = 0;

export function addNotice(text: string): void {
  const notices = [...current.notices.filter((n) => n.text !== text), { id: ++noticeId, text }].slice(-3);
  set({ notices });
}

export function dismissNotice(id: number): void {
  set({ notices: current.notices.filter((n) => n.id !== id) });
}

export function dismissLastError(at: number): void {
  sessionStorage.setItem(DISMISSED_KEY, String(at));
  set({ dismissedErrorAt: at });
}

/** Sends a desktop command; an HTTP error is shown in the alert region. Resolves true when it was sent. */
export async function command(name: string, body: Record<string, unknown> = {}): Promise<boolean> {
  const token = current.token;
  if (!token || current.pending.includes(name)) return false;
  set({ pending: [...current.pending, name] });
  try {
    await sendCommand(token, name, body);
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      toLogin('Your session has ended. Please log in again.');
    } else {
      addNotice(error instanceof ApiError ? error.display : String(error));
    }
    return false;
  } finally {
    set({ pending: current.pending.filter((p) => p !== name) });
  }
}

/** Runs a request with the session's token; a 401 returns to the login page. */
export async function withToken<T>(run: (token: string) => Promise<T>): Promise<T | null> {
  const token = current.token;
  if (!token) return null;
  try {
    return await run(token);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) toLogin('Your session has ended. Please log in again.');
    else addNotice(error instanceof ApiError ? error.display : String(error));
    return null;
  }
}
