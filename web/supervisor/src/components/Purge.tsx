import { useState } from 'preact/hooks';
import { call, type ContactList, type PurgeResult } from '../api.ts';
import { ErrorLine, ListSelect, Listing, loadLists, useAction, useLoad, when } from './common.tsx';

interface PurgeRecord {
  Mode: string;
  ContactList: string;
  CampaignID: string;
  BeforePurging: number;
  AfterPurging: number;
  BuisnessParameter: string;
  UserName: string;
  CreatedDateTime: string;
}

const splitValues = (text: string): string[] => text.split(/[\n,]/).map((v) => v.trim()).filter((v) => v !== '');

export function Purge() {
  const lists = useLoad<ContactList[]>(loadLists);
  const records = useLoad<PurgeRecord[]>(() => call<PurgeRecord[]>('GET', '/purge-records'));
  const [listId, setListId] = useState<number | ''>('');
  const [attribute, setAttribute] = useState('userContactId');
  const [filter, setFilter] = useState('equal to');
  const [values, setValues] = useState('');
  const { busy, error, setError, run } = useAction();
  const [result, setResult] = useState<PurgeResult | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setError('');
    setResult(null);
    const list = lists.value?.find((l) => l.contactListId === listId);
    const vals = splitValues(values);
    if (!list) return setError('Choose a contact list');
    if (!attribute.trim()) return setError('Enter the attribute to match');
    if (vals.length === 0) return setError('Enter at least one value');
    if (filter === 'not equal to' && !confirm(`Purge every contact of ${list.contactListName} whose ${attribute} is not ${vals.join(', ')}?`)) return;
    await run(async () => {
      setResult(await call<PurgeResult>('POST', '/purge', { contactName: list.contactListName, contactListId: list.contactListId, attribute: attribute.trim(), filter, values: vals }));
      await Promise.all([records.reload(), lists.reload()]);
    });
  };

  return (
    <div class="columns">
      <section aria-labelledby="purge-form-title">
        <h3 id="purge-form-title">Purge contacts</h3>
        <form onSubmit={(e) => void submit(e)} class="form" noValidate>
          <label for="purge-list">Contact list</label>
          <ListSelect id="purge-list" lists={lists.value ?? []} value={listId} onChange={setListId} />
          <label for="purge-attribute">Attribute</label>
          <input id="purge-attribute" value={attribute} onInput={(e) => setAttribute(e.currentTarget.value)} />
          <label for="purge-filter">Filter</label>
          <select id="purge-filter" value={filter} onChange={(e) => setFilter(e.currentTarget.value)}>
            <option value="equal to">equals</option>
            <option value="not equal to">not equal to</option>
          </select>
          <label for="purge-values">Values <small>(one a line, or separated by commas)</small></label>
          <textarea id="purge-values" rows={4} value={values} onInput={(e) => setValues(e.currentTarget.value)} />
          <ErrorLine text={error || lists.error} />
          <button type="submit" class="danger" disabled={busy}>{busy ? 'Purging…' : 'Purge'}</button>
        </form>
        {result && (
          <div class="result" role="status" aria-label="Purge result">
            <p class={result.isDeleted ? 'ok' : 'bad'}>{result.isDeleted ? 'Deleted' : 'Not deleted'}</p>
            <dl>
              <dt>isDeleted</dt><dd data-field="isDeleted">{String(result.isDeleted)}</dd>
              <dt>Matched</dt><dd>{result.matched}</dd>
              <dt>Purged</dt><dd data-field="purged">{result.purged}</dd>
              <dt>Before / after</dt><dd>{result.beforePurging} / {result.afterPurging}</dd>
              <dt>Failed ids</dt><dd data-field="failed">{result.failedUserContactId || 'none'}</dd>
              <dt>Message</dt><dd data-field="message">{result.errorMessage || '—'}</dd>
            </dl>
          </div>
        )}
      </section>
      <Listing id="purge-records-title" title="Purge records" refreshText="Refresh records" loaded={records}>
        <div class="scroll">
          <table aria-labelledby="purge-records-title">
            <thead>
              <tr><th scope="col">When</th><th scope="col">List</th><th scope="col">Campaign</th><th scope="col">Mode</th><th scope="col" class="num">Before</th><th scope="col" class="num">After</th><th scope="col">Parameter</th><th scope="col">User</th></tr>
            </thead>
            <tbody>
              {(records.value ?? []).length === 0 && <tr><td colSpan={8} class="muted">No purges yet</td></tr>}
              {(records.value ?? []).map((r, i) => (
                <tr key={i}>
                  <td>{when(r.CreatedDateTime)}</td><td>{r.ContactList}</td><td>{r.CampaignID}</td><td>{r.Mode}</td>
                  <td class="num">{r.BeforePurging}</td><td class="num">{r.AfterPurging}</td><td class="wrap">{r.BuisnessParameter}</td><td>{r.UserName}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Listing>
    </div>
  );
}
