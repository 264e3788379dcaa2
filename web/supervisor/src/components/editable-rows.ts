/**
 * A list an administrator edits row by row in a form beside it: the row being edited, each row's
 * message, and the PUT (of what changed) and DELETE of one row at `pathOf(key)`.
 */
import { useState } from 'preact/hooks';
import { call } from '../api.ts';
import { useRowActions, type Loaded, type RowMessage } from './common.tsx';

export interface EditableRows<T> {
  editing: T | null;
  setEditing: (row: T | null) => void;
  /** The key of the row whose action runs, if one does. */
  busy: string | null;
  messages: Record<string, RowMessage>;
  /** PUTs the changed fields of the row edited, says which in its row and closes the form. */
  save: (change: Record<string, unknown>) => Promise<void>;
  remove: (row: T) => Promise<void>;
}

export function useEditableRows<T>(loaded: Loaded<T[]>, keyOf: (row: T) => string, pathOf: (key: string) => string): EditableRows<T> {
  const [editing, setEditing] = useState<T | null>(null);
  const { busy, messages, tell, act } = useRowActions(loaded.reload);
  const save = async (change: Record<string, unknown>): Promise<void> => {
    if (!editing) return;
    if (Object.keys(change).length === 0) throw new Error('Nothing to change');
    const saved = await call<T>('PUT', pathOf(keyOf(editing)), change);
    tell(keyOf(saved), { ok: true, text: `Saved: ${Object.keys(change).join(', ')}` });
    setEditing(null);
    await loaded.reload();
  };
  const remove = (row: T): Promise<void> => act(keyOf(row), async () => {
    await call('DELETE', pathOf(keyOf(row)));
    if (editing && keyOf(editing) === keyOf(row)) setEditing(null);
    return { ok: true, text: 'Deleted' };
  });
  return { editing, setEditing, busy, messages, save, remove };
}
