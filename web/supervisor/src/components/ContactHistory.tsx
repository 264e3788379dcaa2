/**
 * One contact's history (`#lists/{id}/{userContactId}`): its fields (the list's contacts searched by
 * account), and its call attempts newest first — when dialed, the campaign, number and kind, the
 * result, the agent, the completion code, why the call was a nuisance and the agent's wrap-up notes
 * (GET /contact-lists/{id}/contacts/{userContactId}/history).
 */
import type { ComponentChildren } from 'preact';
import { call, type Contact, type ContactAttempt, type ContactHistory as History, type ContactPage } from '../api.ts';
import { Badge, ErrorLine, count, useLoad, when } from './common.tsx';
import { DataTable } from './DataTable.tsx';

/** The attempts the page asks for (the API's default). */
const LIMIT = 100;

const orDash = (text: string | null | undefined): string => (text ? text : '—');

/** The history and the contact's fields: the list's contacts searched for its account (null once purged meanwhile). */
async function load(listId: string, userContactId: string): Promise<{ history: History; contact: Contact | null }> {
  const list = `/contact-lists/${encodeURIComponent(listId)}/contacts`;
  const search = new URLSearchParams({ searchBy: 'userContactId', searchOperator: 'equals', searchValue: userContactId, pageSize: '1' });
  const [history, page] = await Promise.all([
    call<History>('GET', `${list}/${encodeURIComponent(userContactId)}/history?limit=${LIMIT}`),
    call<ContactPage>('GET', `${list}?${search.toString()}`),
  ]);
  return { history, contact: page.contactBatch[0] ?? null };
}

function Fields({ h, c }: { h: History; c: Contact | null }) {
  const address = c ? [c.address.line1, c.address.line2, c.address.line3, c.address.line4, c.address.line5, c.address.zipCode, c.address.country].filter(Boolean).join(', ') : '';
  const rows: Array<[string, string, ComponentChildren]> = [
    ['Account', 'userContactId', h.userContactId],
    ['Name', 'name', orDash(c ? [c.title, c.firstName, c.lastName].filter(Boolean).join(' ') : h.contactName)],
    ['Contact list', 'contactList', h.contactList],
    ['State', 'state', <Badge state={h.state} />],
    ['Attempts', 'attempts', count(h.attempts)],
  ];
  if (c) {
    rows.push(
      ['Numbers', 'numbers', orDash(c.phoneNumbers.map((p) => `${p.number} (${p.timezone})`).join(', '))],
      ['Emails', 'emails', orDash(c.emails.join(', '))],
      ['Address', 'address', orDash(address)],
      ['Last attempt', 'lastAttemptTime', when(c.lastAttemptTime)],
      ['Last result', 'lastResult', orDash(c.lastResult)],
      ['Next attempt', 'nextAttemptTime', h.state === 'ready' ? when(c.nextAttemptTime) : '—'],
      ['Attributes', 'attributes', orDash(Object.entries(c.attributes).map(([k, v]) => `${k}: ${v}`).join('; '))],
    );
  }
  return (
    <section aria-labelledby="contact-fields-title" class="contact-fields">
      <h4 id="contact-fields-title">Contact</h4>
      <dl>{rows.map(([label, key, value]) => [<dt key={`${key}-t`}>{label}</dt>, <dd key={key} data-field={key}>{value}</dd>])}</dl>
    </section>
  );
}

export function ContactHistory({ listId, userContactId }: { listId: string; userContactId: string }) {
  const loaded = useLoad(() => load(listId, userContactId));
  const h = loaded.value?.history;
  return (
    <div class="contact-history">
      <div class="toolbar">
        <a href={`#lists/${listId}`}>← Contacts of {h?.contactList ?? `list ${listId}`}</a>
        <h3 id="contact-history-title">History of {h?.contactName ? `${h.contactName} (${userContactId})` : userContactId}</h3>
        <button type="button" class="secondary" onClick={() => void loaded.reload()} disabled={loaded.loading}>Refresh</button>
        {loaded.loading && <span class="muted" aria-live="polite">Loading…</span>}
      </div>
      <ErrorLine text={loaded.error} />
      {h && (
        <>
          <Fields h={h} c={loaded.value?.contact ?? null} />
          <section aria-labelledby="contact-attempts-title" class="stacked">
            <h4 id="contact-attempts-title">Call attempts</h4>
            <DataTable<ContactAttempt> label="Call attempts" labelledBy="contact-attempts-title" rows={h.history} rowKey={(a) => `${a.dialedAt ?? ''} ${a.number}`}
              rowAttrs={(a) => ({ 'data-attempt': a.dialedAt ?? '' })} scroll empty="Not called yet"
              columns={[
                { key: 'dialedAt', title: 'Dialed', text: (a) => when(a.dialedAt) },
                { key: 'campaign', title: 'Campaign', text: (a) => a.campaign },
                { key: 'number', title: 'Number', text: (a) => a.number },
                { key: 'kind', title: 'Kind', text: (a) => a.kind },
                { key: 'result', title: 'Result', text: (a) => a.result ?? 'in progress' },
                { key: 'agent', title: 'Agent', text: (a) => orDash(a.agentId) },
                { key: 'completionCode', title: 'Completion code', text: (a) => orDash(a.completionCode) },
                { key: 'nuisance', title: 'Nuisance', text: (a) => orDash(a.nuisanceReason), class: 'words' },
                { key: 'notes', title: 'Notes', text: (a) => a.notes ?? '', class: 'notes' },
              ]} />
            {h.history.length === LIMIT && h.attempts > LIMIT && <p class="hint">The latest {LIMIT} of {count(h.attempts)} attempts.</p>}
          </section>
        </>
      )}
    </div>
  );
}
