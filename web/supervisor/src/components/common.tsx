/** Small pieces the pages share: loading a value, the error line, dates, the list picker. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { call, errorText, type ContactList } from '../api.ts';

export function useLoad<T>(load: () => Promise<T>): { value: T | null; error: string; loading: boolean; reload: () => Promise<void> } {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(true);
  const reload = useCallback(async () => {
    setLoading(true);
    try {
      setValue(await load());
      setError('');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { value, error, loading, reload };
}

export const ErrorLine = ({ text }: { text: string }) => (text ? <p role="alert" class="error">{text}</p> : null);

export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'medium' });
}

export const loadLists = (): Promise<ContactList[]> => call<ContactList[]>('GET', '/contact-lists');

export function ListSelect({ id, lists, value, onChange }: { id: string; lists: ContactList[]; value: number | ''; onChange: (id: number | '') => void }) {
  return (
    <select id={id} value={value === '' ? '' : String(value)} onChange={(e) => onChange(e.currentTarget.value === '' ? '' : Number(e.currentTarget.value))}>
      <option value="">Choose a list…</option>
      {lists.map((l) => <option key={l.contactListId} value={String(l.contactListId)}>{l.contactListName} ({l.contactListId})</option>)}
    </select>
  );
}
