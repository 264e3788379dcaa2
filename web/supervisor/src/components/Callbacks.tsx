/**
 * The callback dashboard: the callbacks agents booked, by due time, as the dialer holds them (due,
 * delivered to an agent, done, expired, cancelled), with counts per state; overdue ones stand out.
 * A pending callback can be cancelled or moved. The page refreshes itself.
 */
import { useState } from 'preact/hooks';
import { call, type Campaign, type CallbackPage, type CallbackView } from '../api.ts';
import { Pager } from './Pager.tsx';
import { Badge, ErrorLine, RowMessageLine, useLoad, useRefreshWhile, useRowActions, when } from './common.tsx';

const PAGE_CALLBACKS = 50;
const REFRESH_MS = 10_000;
const STATES = ['pending', 'delivered', 'done', 'expired', 'cancelled'] as const;

interface Filter {
  state: string;
  campaign: string;
  agentId: string;
}

/** A `datetime-local` value (the browser's time zone) for an ISO time, and back. */
const localInput = (iso: string): string => {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocalInput = (value: string): string => new Date(value).toISOString();

export function Callbacks() {
  const campaigns = useLoad<Campaign[]>(() => call<Campaign[]>('GET', '/campaigns'));
  const [draft, setDraft] = useState<Filter>({ state: '', campaign: '', agentId: '' });
  const [filter, setFilter] = useState<Filter>(draft);
  const [offset, setOffset] = useState(0);
  const [moving, setMoving] = useState<Record<number, string>>({});
  const page = useLoad<CallbackPage>(() => {
    const q = new URLSearchParams({ limit: String(PAGE_CALLBACKS), offset: String(offset) });
    if (filter.state) q.set('state', filter.state);
    if (filter.campaign) q.set('campaign', filter.campaign);
    if (filter.agentId) q.set('agentId', filter.agentId);
    return call<CallbackPage>('GET', `/callbacks?${q.toString()}`);
  }, [filter, offset]);
  useRefreshWhile(true, page.refresh, REFRESH_MS, page.loads);
  const rows = useRowActions(page.refresh);

  const show = (next: Filter, at = 0) => {
    setFilter(next);
    setOffset(at);
  };
  const cancel = (c: CallbackView) => rows.act(String(c.id), async () => {
    await call('POST', `/callbacks/${c.id}/cancel`);
    return { ok: true, text: 'Cancelled' };
  });
  const move = (c: CallbackView) => rows.act(String(c.id), async () => {
    const value = moving[c.id] ?? localInput(c.dueAt);
    const moved = await call<CallbackView>('POST', `/callbacks/${c.id}/reschedule`, { dueAt: fromLocalInput(value) });
    setMoving((m) => Object.fromEntries(Object.entries(m).filter(([id]) => id !== String(c.id))));
    return { ok: true, text: `Moved to ${when(moved.dueAt)}` };
  });

  const value = page.value;
  const total = value?.total ?? 0;
  return (
    <section aria-labelledby="callbacks-title">
      <div class="toolbar">
        <h3 id="callbacks-title">Booked callbacks</h3>
        <button type="button" class="secondary" onClick={() => void page.reload()} disabled={page.loading}>Refresh</button>
        {page.loading && <span class="muted" aria-live="polite">Loading…</span>}
      </div>
      <form class="filters" aria-label="Callback filter" onSubmit={(e) => { e.preventDefault(); show({ ...draft, agentId: draft.agentId.trim() }); }}>
        <div>
          <label for="cb-state">State</label>
          <select id="cb-state" value={draft.state} onChange={(e) => setDraft((d) => ({ ...d, state: e.currentTarget.value }))}>
            <option value="">Any</option>
            {STATES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </div>
        <div>
          <label for="cb-campaign">Campaign</label>
          <select id="cb-campaign" value={draft.campaign} onChange={(e) => setDraft((d) => ({ ...d, campaign: e.currentTarget.value }))}>
            <option value="">Any</option>
            {(campaigns.value ?? []).map((c) => <option key={c.campaignId} value={c.campaignName}>{c.campaignName}</option>)}
          </select>
        </div>
        <div>
          <label for="cb-agent">Agent</label>
          <input id="cb-agent" value={draft.agentId} placeholder="agent id" onInput={(e) => setDraft((d) => ({ ...d, agentId: e.currentTarget.value }))} />
        </div>
        <button type="submit">Apply filter</button>
      </form>
      <ErrorLine text={page.error || campaigns.error} />
      {value && (
        <p class="state-counts" aria-label="Callbacks per state">
          {STATES.map((s) => <span key={s} data-count={s}><Badge state={s} /> {value.counts[s]}</span>)}
        </p>
      )}
      <div class="scroll">
        <table aria-label="Callbacks">
          <thead>
            <tr>
              <th scope="col">Due</th><th scope="col">Contact</th><th scope="col">Campaign</th><th scope="col">Type</th><th scope="col">Agent</th>
              <th scope="col">Number</th><th scope="col">Notes</th><th scope="col">State</th><th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {value?.callbacks.length === 0 && <tr><td colSpan={9} class="muted">No callbacks</td></tr>}
            {(value?.callbacks ?? []).map((c) => (
              <tr key={c.id} data-callback={c.id} class={c.overdue ? 'overdue' : undefined}>
                <td data-col="due">{when(c.dueAt)}<br /><small>until {when(c.expiresAt)}</small></td>
                <td data-col="contact">{c.contact.name}<br /><small>{c.contact.userContactId}</small></td>
                <td>{c.campaign}</td><td>{c.type}</td>
                <td data-col="agent">{c.agentId === null ? <span class="muted">anyone</span> : <>{c.agentName ?? c.agentId} <small>({c.agentId})</small></>}</td>
                <td>{c.number}</td><td class="notes">{c.notes}</td>
                <td data-col="state"><Badge state={c.state} />{c.overdue && <> <Badge state="overdue" /></>}</td>
                <td data-col="change">
                  {c.state === 'pending' && (
                    <div class="row-actions">
                      <input type="datetime-local" aria-label={`New due time of callback ${c.id}`} value={moving[c.id] ?? localInput(c.dueAt)}
                        onInput={(e) => { const v = e.currentTarget.value; setMoving((m) => ({ ...m, [c.id]: v })); }} />
                      <button type="button" disabled={rows.busy !== null} onClick={() => void move(c)}>Move</button>
                      <button type="button" class="secondary" disabled={rows.busy !== null} onClick={() => void cancel(c)}>Cancel</button>
                    </div>
                  )}
                  <RowMessageLine message={rows.messages[String(c.id)]} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager label="Callback pages"
        status={total > 0 ? `${offset + 1}–${Math.min(offset + PAGE_CALLBACKS, total)} of ${total}` : ''}
        previous={offset > 0 ? () => show(filter, Math.max(0, offset - PAGE_CALLBACKS)) : null}
        next={offset + PAGE_CALLBACKS < total ? () => show(filter, offset + PAGE_CALLBACKS) : null} />
    </section>
  );
}
