/**
 * The contact lists with their counts; each list's name opens its contacts (`#lists/{id}`,
 * ListContacts.tsx), and a contact there its history (`#lists/{id}/{userContactId}`, ContactHistory.tsx).
 */
import { type ContactList } from '../api.ts';
import type { PageProps } from './App.tsx';
import { RefreshBar, loadLists, useLoad, when } from './common.tsx';
import { ContactHistory } from './ContactHistory.tsx';
import { DataTable } from './DataTable.tsx';
import { ListContacts } from './ListContacts.tsx';

export function ContactLists({ param }: Pick<PageProps, 'param'>) {
  if (param) {
    const [listId = '', ...contact] = param.split('/');
    return contact.length > 0
      ? <ContactHistory key={param} listId={listId} userContactId={contact.join('/')} />
      : <ListContacts key={param} listId={listId} />;
  }
  return <AllLists />;
}

function AllLists() {
  const loaded = useLoad<ContactList[]>(loadLists);
  return (
    <section aria-label="Contact lists">
      <RefreshBar loaded={loaded} />
      <DataTable<ContactList> label="Contact lists" rows={loaded.value} rowKey={(l) => l.contactListId} rowAttrs={(l) => ({ 'data-list': l.contactListName })}
        empty="No contact lists" search="Search contact lists"
        columns={[
          { key: 'name', title: 'Name', text: (l) => l.contactListName, rowHeader: true, render: (l) => <a href={`#lists/${l.contactListId}`}>{l.contactListName}</a> },
          { key: 'id', title: 'ID', text: (l) => l.contactListId, num: true },
          { key: 'total', title: 'Total', text: (l) => l.totalContacts, num: true },
          { key: 'available', title: 'Available', text: (l) => l.availableContacts, num: true },
          { key: 'excluded', title: 'Excluded', text: (l) => l.totalExcludedContacts, num: true },
          { key: 'updated', title: 'Last updated', text: (l) => when(l.lastUpdateOn) },
        ]} />
    </section>
  );
}
