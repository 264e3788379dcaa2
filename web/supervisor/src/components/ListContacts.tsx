/**
 * One list's contacts (`#lists/{id}`): a page at a time, searched on the server by account, name or
 * state (the utilities' contact paging and search, GET /contact-lists/{id}/contacts); each row opens
 * the contact's history (`#lists/{id}/{userContactId}`, ContactHistory.tsx).
 */
import { useState } from 'preact/hooks';
import { call, type Contact, type ContactPage } from '../api.ts';
import { Badge, ErrorLine, count, loadLists, useLoad, when } from './common.tsx';
import { DataTable } from './DataTable.tsx';
import { Field } from './fields.tsx';
import { Pager } from './Pager.tsx';

const PAGE_CONTACTS = 50;

/** What a search may match, as the API names it. */
const SEARCH_FIELDS = [
  { value: 'userContactId', label: 'Account' },
  { value: 'firstName', label: 'First name' },
  { value: 'lastName', label: 'Last name' },
  { value: 'state', label: 'State' },
] as const;

interface Search {
  by: string;
  value: string;
}

export const historyHref = (listId: string | number, userContactId: string): string => `#lists/${listId}/${encodeURIComponent(userContactId)}`;

const nameOf = (c: Contact): string => [c.title, c.firstName, c.lastName].filter(Boolean).join(' ');

export function ListContacts({ listId }: { listId: string }) {
  const lists = useLoad(loadLists);
  const [draft, setDraft] = useState<Search>({ by: 'userContactId', value: '' });
  const [search, setSearch] = useState<Search>(draft);
  const [pageNumber, setPageNumber] = useState(1);
  // The page number travels with its rows, so the pager never shows a number whose rows are still loading.
  const contacts = useLoad<{ number: number; page: ContactPage }>(() => {
    const q = new URLSearchParams({ pageSize: String(PAGE_CONTACTS), pageNumber: String(pageNumber) });
    if (search.value !== '') {
      q.set('searchBy', search.by);
      q.set('searchOperator', 'like');
      q.set('searchValue', search.value);
    }
    return call<ContactPage>('GET', `/contact-lists/${encodeURIComponent(listId)}/contacts?${q.toString()}`).then((page) => ({ number: pageNumber, page }));
  }, [search, pageNumber]);

  const show = (next: Search) => {
    setSearch(next);
    setPageNumber(1);
  };
  const list = lists.value?.find((l) => String(l.contactListId) === listId);
  const title = list ? `Contacts of ${list.contactListName}` : `Contacts of list ${listId}`;
  const page = contacts.value?.page;
  const shownNumber = contacts.value?.number ?? 1;
  const pages = page?.totalPage ?? 0;
  const total = page?.totalContacts;

  return (
    <section aria-labelledby="list-contacts-title">
      <div class="toolbar">
        <a href="#lists">← All contact lists</a>
        <h3 id="list-contacts-title">{title}</h3>
        <button type="button" class="secondary" onClick={() => void contacts.reload()} disabled={contacts.loading}>Refresh</button>
        {contacts.loading && <span class="muted" aria-live="polite">Loading…</span>}
      </div>
      <form class="filters" aria-label="Contact search" noValidate onSubmit={(e) => { e.preventDefault(); show({ ...draft, value: draft.value.trim() }); }}>
        <div>
          <Field id="contacts-by" label="Search by">
            <select id="contacts-by" value={draft.by} onChange={(e) => setDraft((d) => ({ ...d, by: e.currentTarget.value }))}>
              {SEARCH_FIELDS.map((f) => <option key={f.value} value={f.value}>{f.label}</option>)}
            </select>
          </Field>
        </div>
        <div>
          <Field id="contacts-value" label="Contains">
            <input id="contacts-value" type="search" value={draft.value} onInput={(e) => setDraft((d) => ({ ...d, value: e.currentTarget.value }))} />
          </Field>
        </div>
        <button type="submit">Search</button>
        <button type="button" class="secondary" onClick={() => { setDraft({ by: 'userContactId', value: '' }); show({ by: 'userContactId', value: '' }); }}>Clear</button>
      </form>
      <ErrorLine text={contacts.error || lists.error} />
      <DataTable<Contact> label={title} labelledBy="list-contacts-title" rows={page?.contactBatch ?? null} rowKey={(c) => c.id}
        rowAttrs={(c) => ({ 'data-contact': c.userContactId })} scroll
        empty={search.value === '' ? 'No contacts in this list' : `No contacts match “${search.value}”`}
        columns={[
          { key: 'account', title: 'Account', text: (c) => c.userContactId, rowHeader: true },
          { key: 'name', title: 'Name', text: nameOf },
          { key: 'phone', title: 'Phone', text: (c) => c.phoneNumbers[0]?.number ?? '—' },
          { key: 'state', title: 'State', text: (c) => c.state, render: (c) => <Badge state={c.state} /> },
          { key: 'attempts', title: 'Attempts', text: (c) => c.attempts, num: true },
          { key: 'lastAttempt', title: 'Last attempt', text: (c) => when(c.lastAttemptTime) },
          { key: 'lastResult', title: 'Last result', text: (c) => c.lastResult ?? '—' },
        ]}
        actionsTitle="History"
        actions={(c) => <a href={historyHref(listId, c.userContactId)} aria-label={`History of ${c.userContactId}`}>History</a>} />
      <Pager label="Contact pages"
        status={page ? (pages === 0 ? 'No contacts' : `Page ${shownNumber} of ${count(pages)}${total === undefined ? '' : ` · ${count(total)} contacts`}`) : ''}
        previous={shownNumber > 1 ? () => setPageNumber(shownNumber - 1) : null}
        next={shownNumber < pages ? () => setPageNumber(shownNumber + 1) : null} />
    </section>
  );
}
