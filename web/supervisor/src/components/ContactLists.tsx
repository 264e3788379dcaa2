import { type ContactList } from '../api.ts';
import { RefreshBar, loadLists, useLoad, when } from './common.tsx';

export function ContactLists() {
  const loaded = useLoad<ContactList[]>(loadLists);
  const lists = loaded.value;
  return (
    <section aria-label="Contact lists">
      <RefreshBar loaded={loaded} />
      {lists && (
        <table aria-label="Contact lists">
          <thead>
            <tr><th scope="col">Name</th><th scope="col" class="num">ID</th><th scope="col" class="num">Total</th><th scope="col" class="num">Available</th><th scope="col" class="num">Excluded</th><th scope="col">Last updated</th></tr>
          </thead>
          <tbody>
            {lists.length === 0 && <tr><td colSpan={6} class="muted">No contact lists</td></tr>}
            {lists.map((l) => (
              <tr key={l.contactListId} data-list={l.contactListName}>
                <th scope="row">{l.contactListName}</th>
                <td class="num">{l.contactListId}</td>
                <td class="num" data-col="total">{l.totalContacts}</td>
                <td class="num" data-col="available">{l.availableContacts}</td>
                <td class="num" data-col="excluded">{l.totalExcludedContacts}</td>
                <td>{when(l.lastUpdateOn)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
