/**
 * The audit log (administrators): who did what, on what, when, with which outcome and counts; newest
 * first, filtered by user and action, paged back with beforeId.
 */
import { useEffect, useState } from 'preact/hooks';
import { call, type AuditEntry, type User } from '../api.ts';
import { Pager } from './Pager.tsx';
import { Badge, ErrorLine, useLoad, when } from './common.tsx';
import { FORM, Field, useFieldErrors } from './fields.tsx';

const PAGE_ENTRIES = 50;

/** The operations the API records (a filter takes any text too). */
const ACTIONS = [
  'login', 'logout', 'createUser', 'updateUser', 'GetAllContactLists', 'CreateContactList', 'PurgeContact', 'DNC.markUncallable',
  'DNC.addAddresses', 'DNC.removeAddresses', 'CreateDncList', 'CreateDataSource', 'ManualCheckerUpload', 'ImportContacts', 'ImportDnc',
  'StartCampaignJob', 'StopCampaignJob', 'PauseCampaignJob', 'ResumeCampaignJob',
];

interface Filter {
  username: string;
  action: string;
}

const counts = (c: Record<string, number>): string => Object.entries(c).map(([k, v]) => `${k} ${v}`).join(', ');
const details = (d: Record<string, unknown>): string =>
  Object.entries(d).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join('; ');

export function AuditLog() {
  const users = useLoad<User[]>(() => call<User[]>('GET', '/users'));
  const [draft, setDraft] = useState<Filter>({ username: '', action: '' });
  const [filter, setFilter] = useState<Filter>({ username: '', action: '' });
  // The beforeId of each page shown so far: the last is the current page (null: the newest entries).
  const [cursors, setCursors] = useState<Array<number | null>>([null]);
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [version, setVersion] = useState(0);
  const form = useFieldErrors({ username: 'audit-user', action: 'audit-action' });
  const beforeId = cursors[cursors.length - 1] ?? null;

  useEffect(() => {
    let current = true;
    const q = new URLSearchParams({ limit: String(PAGE_ENTRIES) });
    if (filter.username) q.set('username', filter.username);
    if (filter.action) q.set('action', filter.action);
    if (beforeId !== null) q.set('beforeId', String(beforeId));
    setLoading(true);
    call<AuditEntry[]>('GET', `/audit?${q.toString()}`)
      .then((r) => { if (current) { setEntries(r); form.clear(); } }, (e: unknown) => { if (current) form.fromError(e); })
      .finally(() => { if (current) setLoading(false); });
    return () => { current = false; };
  }, [filter, beforeId, version]);

  const apply = (event: Event) => {
    event.preventDefault();
    setFilter({ username: draft.username.trim(), action: draft.action.trim() });
    setCursors([null]);
    setVersion((v) => v + 1);
  };
  const last = entries?.[entries.length - 1];
  const e = form.errors;

  return (
    <section aria-labelledby="audit-title">
      <div class="toolbar">
        <h3 id="audit-title">Entries</h3>
        {loading && <span class="muted" aria-live="polite">Loading…</span>}
      </div>
      <form class="filters" onSubmit={apply} aria-label="Audit filter" noValidate>
        <div>
          <Field id="audit-user" label="User" error={e['audit-user']}>
            <input id="audit-user" list="audit-users" value={draft.username} onInput={(ev) => setDraft((d) => ({ ...d, username: ev.currentTarget.value }))} />
          </Field>
          <datalist id="audit-users">{(users.value ?? []).map((u) => <option key={u.username} value={u.username} />)}</datalist>
        </div>
        <div>
          <Field id="audit-action" label="Action" error={e['audit-action']}>
            <input id="audit-action" list="audit-actions" value={draft.action} onInput={(ev) => setDraft((d) => ({ ...d, action: ev.currentTarget.value }))} />
          </Field>
          <datalist id="audit-actions">{ACTIONS.map((a) => <option key={a} value={a} />)}</datalist>
        </div>
        <button type="submit">Apply filter</button>
        <button type="button" class="secondary" onClick={() => { setDraft({ username: '', action: '' }); setFilter({ username: '', action: '' }); setCursors([null]); setVersion((v) => v + 1); }}>
          Clear
        </button>
      </form>
      <ErrorLine text={e[FORM] ?? ''} />
      <div class="scroll">
        <table aria-label="Audit log">
          <thead>
            <tr><th scope="col" class="num">#</th><th scope="col">When</th><th scope="col">User</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">Outcome</th><th scope="col">Counts</th><th scope="col">Details</th></tr>
          </thead>
          <tbody>
            {entries?.length === 0 && <tr><td colSpan={8} class="muted">No entries</td></tr>}
            {(entries ?? []).map((a) => (
              <tr key={a.id} data-audit={a.id}>
                <td class="num">{a.id}</td><td>{when(a.at)}</td>
                <td data-col="user">{a.username} {a.role && <small>({a.role})</small>}</td>
                <td data-col="action">{a.action}</td><td data-col="target">{a.target}</td>
                <td data-col="outcome"><Badge state={a.outcome} /></td>
                <td data-col="counts" class="wrap">{counts(a.counts)}</td><td data-col="details" class="wrap">{details(a.details)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager label="Audit log pages" previousText="Newer" nextText="Older"
        status={entries?.length ? `Entries ${entries[0]!.id}–${last!.id}${beforeId === null ? ' (newest)' : ''}` : ''}
        previous={cursors.length > 1 ? () => setCursors((c) => c.slice(0, -1)) : null}
        next={entries && last && entries.length === PAGE_ENTRIES ? () => setCursors((c) => [...c, last.id]) : null} />
    </section>
  );
}
