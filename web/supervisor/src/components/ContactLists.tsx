import { type ContactList } from '../api.ts';
import { RefreshBar, loadLists, useLoad, when } from './common.tsx';
import { DataTable } from './DataTable.tsx';

export function ContactLists() {
  const loaded = useLoad<ContactList[]>(loadLists);
  return (
    <section aria-label="Contact lists">
      <RefreshBar loaded={loaded} />
      <DataTable<ContactList> label="Contact lists" rows={loaded.value} rowKey={(l) => l.contactListId} rowAttrs={(l) => ({ 'data-list': l.contactListName })}
        empty="No contact lists" search="Search contact lists"
        columns={[
          { key: 'name', title: 'Name', text: (l) => l.contactListName, rowHeader: true },
          { key: 'id', title: 'ID', text: (l) => l.contactListId, num: true },
          { key: 'total', title: 'Total', text: (l) => l.totalContacts, num: true },
          { key: 'available', title: 'Available', text: (l) => l.availableContacts, num: true },
          { key: 'excluded', title: 'Excluded', text: (l) => l.totalExcludedContacts, num: true },
          { key: 'updated', title: 'Last updated', text: (l) => when(l.lastUpdateOn) },
        ]} />
    </section>
  );
}
