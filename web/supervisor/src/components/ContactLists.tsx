import { type ContactList } from '../api.ts';
import { ErrorLine, loadLists, useLoad, when } from './common.tsx';

export function ContactLists() {
  const { value: lists, error, loading, reload } = useLoad<ContactList[]>(loadLists);
  return (
    <section aria-label="Contact lists">
      <div class="toolbar">
        <button type="button" onClick={() => void reload()} disabled={loading}>Refresh</button>
        {loading && <span class="muted" aria-live="polite">Loading…</span>}
      </div>
      <ErrorLine text={error} />
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
