/**
 * Small pieces the pages share: loading a value, refreshing it, running a form's action or a row's,
 * the error line, a listing's title bar, dates, numbers, the list picker.
 */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { call, errorText, type ContactList } from '../api.ts';
import type { FieldAria } from './fields.tsx';

export interface Loaded<T> {
  value: T | null;
  error: string;
  /** True while a load the user asked for runs (not during a background refresh). */
  loading: boolean;
  /** Loads again, showing that it does. */
  reload: () => Promise<void>;
  /** Loads again quietly (a page following something that runs). */
  refresh: () => Promise<void>;
  /** Loads finished so far, failed ones included: a refresh loop re-arms on each. */
  loads: number;
}

/** Loads at first, and again whenever one of `deps` (what `load` reads: a filter, a page) changes. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[] = []): Loaded<T> {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(true);
  const [loads, setLoads] = useState(0);
  // The latest `load` (it may close over the page's state); the callbacks stay the same.
  const latest = useRef(load);
  latest.current = load;
  const run = useCallback(async (quiet: boolean) => {
    if (!quiet) setLoading(true);
    try {
      setValue(await latest.current());
      setError('');
    } catch (e) {
      setError(errorText(e));
    } finally {
      if (!quiet) setLoading(false);
      setLoads((n) => n + 1);
    }
  }, []);
  const reload = useCallback(() => run(false), [run]);
  const refresh = useCallback(() => run(true), [run]);
  useEffect(() => {
    void reload();
  }, [reload, ...deps]);
  return { value, error, loading, reload, refresh, loads };
}

/**
 * Calls `refresh` `everyMs` after each load while `active` holds: a page follows a job stopping, an
 * import running, a schedule coming due. `loads` changes after every load, which arms the next one.
 */
export function useRefreshWhile(active: boolean, refresh: () => Promise<void>, everyMs: number, loads: number): void {
  useEffect(() => {
    if (!active) return;
    const timer = setTimeout(() => void refresh(), everyMs);
    return () => clearTimeout(timer);
  }, [active, refresh, everyMs, loads]);
}

/**
 * Calls `poll(key)` every `everyMs`, the first time at once, while `key` is not null; a new key
 * starts over. For following a thing whose id the page holds (an upload under way).
 */
export function usePoll(key: string | null, poll: (key: string) => Promise<void>, everyMs: number): void {
  const latest = useRef(poll);
  latest.current = poll;
  useEffect(() => {
    if (key === null) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      await latest.current(key).catch(() => {});
      if (!stopped) timer = setTimeout(() => void tick(), everyMs);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [key, everyMs]);
}

/**
 * A form's action, one at a time: `busy` while `run` runs, and what it throws becomes `error` (which
 * the form also sets itself, for what it checks before running).
 */
export function useAction(): { busy: boolean; error: string; setError: (text: string) => void; run: (work: () => Promise<void>) => Promise<void> } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}

/** What a row's last action did, shown in the row. */
export interface RowMessage {
  ok: boolean;
  text: string;
}

/**
 * Actions on the rows of a table, one at a time: `busy` is the key of the row acting; each row keeps
 * the message of its last action (an error if it threw); the table is loaded again after each.
 */
export function useRowActions(reload: () => Promise<void>): {
  busy: string | null; messages: Record<string, RowMessage>; tell: (key: string, message: RowMessage) => void;
  act: (key: string, work: () => Promise<RowMessage>) => Promise<void>;
} {
  const [busy, setBusy] = useState<string | null>(null);
  const [messages, setMessages] = useState<Record<string, RowMessage>>({});
  const tell = (key: string, message: RowMessage) => setMessages((m) => ({ ...m, [key]: message }));
  const act = async (key: string, work: () => Promise<RowMessage>) => {
    setBusy(key);
    try {
      tell(key, await work());
    } catch (e) {
      tell(key, { ok: false, text: errorText(e) });
    } finally {
      await reload();
      setBusy(null);
    }
  };
  return { busy, messages, tell, act };
}

export const RowMessageLine = ({ message }: { message: RowMessage | undefined }) =>
  (message ? <p role={message.ok ? 'status' : 'alert'} class={message.ok ? 'ok small' : 'error small'}>{message.text}</p> : null);

export const ErrorLine = ({ text }: { text: string }) => (text ? <p role="alert" class="error">{text}</p> : null);

/** A page's refresh button, while it loads a note that it does, and its load's error. */
export function RefreshBar({ loaded }: { loaded: Loaded<unknown> }) {
  return (
    <>
      <div class="toolbar">
        <button type="button" onClick={() => void loaded.reload()} disabled={loaded.loading}>Refresh</button>
        {loaded.loading && <span class="muted" aria-live="polite">Loading…</span>}
      </div>
      <ErrorLine text={loaded.error} />
    </>
  );
}

/** A titled section showing what `loaded` holds, with its own refresh button and its load's error. */
export function Listing({ id, title, refreshText, loaded, stacked = false, children }: {
  id: string; title: string; refreshText: string; loaded: Loaded<unknown>; stacked?: boolean; children: ComponentChildren;
}) {
  return (
    <section aria-labelledby={id} class={stacked ? 'stacked' : undefined}>
      <div class="toolbar">
        <h3 id={id}>{title}</h3>
        <button type="button" class="secondary" onClick={() => void loaded.reload()}>{refreshText}</button>
      </div>
      <ErrorLine text={loaded.error} />
      {children}
    </section>
  );
}

export const Badge = ({ state, testId }: { state: string; testId?: string }) => <span class={`badge ${state}`} data-testid={testId}>{state}</span>;

export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'medium' });
}

/** A count with thousands separators. */
export const count = (n: number): string => n.toLocaleString('en-US');

export const loadLists = (): Promise<ContactList[]> => call<ContactList[]>('GET', '/contact-lists');

export function ListSelect({ id, lists, value, onChange, aria = {} }: {
  id: string; lists: ContactList[]; value: number | ''; onChange: (id: number | '') => void; aria?: FieldAria;
}) {
  return (
    <select id={id} value={value === '' ? '' : String(value)} {...aria}
      onChange={(e) => onChange(e.currentTarget.value === '' ? '' : Number(e.currentTarget.value))}>
      <option value="">Choose a list…</option>
      {lists.map((l) => <option key={l.contactListId} value={String(l.contactListId)}>{l.contactListName} ({l.contactListId})</option>)}
    </select>
  );
}
