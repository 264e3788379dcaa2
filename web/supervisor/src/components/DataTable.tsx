/**
 * The pages' one table: columns → a header and a row per item, a line when there are none, an
 * actions cell per row if the page gives one, and a search box that filters the rows on the page
 * (every column's text, case and spaces ignored). Also the delete button that asks once more.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { RowMessageLine, type RowMessage } from './common.tsx';

export interface Column<T> {
  /** The `data-col` of its cells. */
  key: string;
  title: string;
  /** The cell's text, which the search box matches; shown unless `render` is given. */
  text?: (row: T) => string | number | null | undefined;
  /** The cell's content when it is more than its text (a badge, a link). */
  render?: (row: T) => ComponentChildren;
  /** Right-aligned figures. */
  num?: boolean;
  /** The row's header cell (`th scope="row"`): its name. */
  rowHeader?: boolean;
  /** A class for its cells (e.g. `wrap`). */
  class?: string;
}

export interface DataTableProps<T> {
  /** The table's accessible name (and what the empty line and search box speak of). */
  label: string;
  /** An element naming the table instead of `label` (aria-labelledby). */
  labelledBy?: string;
  columns: ReadonlyArray<Column<T>>;
  /** Null while nothing is loaded: no table yet. */
  rows: readonly T[] | null;
  rowKey: (row: T) => string | number;
  /** Attributes of a row, e.g. `{ 'data-team': name }`. */
  rowAttrs?: (row: T) => Record<string, string | undefined>;
  /** The line shown when there are no rows. */
  empty: string;
  /** The row's action buttons (and their messages); no column when absent. */
  actions?: (row: T) => ComponentChildren;
  actionsTitle?: string;
  /** The search box's label ("Search teams"); no search box when absent. */
  search?: string;
  /** Inside a scrolling box (long lists). */
  scroll?: boolean;
  /** Anything shown beside the search box (a "New …" button). */
  toolbar?: ComponentChildren;
}

const fold = (text: string): string => text.toLowerCase().replace(/\s+/g, ' ').trim();

const cellText = <T,>(column: Column<T>, row: T): string => {
  const value = column.text?.(row);
  return value === null || value === undefined ? '' : String(value);
};

export function DataTable<T>(props: DataTableProps<T>) {
  const { label, labelledBy, columns, rows, rowKey, rowAttrs, empty, actions, actionsTitle = 'Actions', search, scroll, toolbar } = props;
  const [query, setQuery] = useState('');
  const q = fold(query);
  const shown = rows === null ? null
    : q === '' ? rows
      : rows.filter((row) => columns.some((c) => fold(cellText(c, row)).includes(q)) || fold(String(rowKey(row))).includes(q));
  const span = columns.length + (actions ? 1 : 0);

  const table = shown && (
    <table aria-label={labelledBy ? undefined : label} aria-labelledby={labelledBy}>
      <thead>
        <tr>
          {columns.map((c) => <th key={c.key} scope="col" class={c.num ? 'num' : undefined}>{c.title}</th>)}
          {actions && <th scope="col">{actionsTitle}</th>}
        </tr>
      </thead>
      <tbody>
        {shown.length === 0 && (
          <tr><td colSpan={span} class="muted">{rows!.length === 0 ? empty : `Nothing matches “${query.trim()}”`}</td></tr>
        )}
        {shown.map((row) => (
          <tr key={rowKey(row)} {...(rowAttrs?.(row) ?? {})}>
            {columns.map((c) => {
              const content = c.render ? c.render(row) : cellText(c, row);
              const cls = [c.num ? 'num' : '', c.class ?? ''].filter(Boolean).join(' ') || undefined;
              return c.rowHeader
                ? <th key={c.key} scope="row" class={cls} data-col={c.key}>{content}</th>
                : <td key={c.key} class={cls} data-col={c.key}>{content}</td>;
            })}
            {actions && <td data-col="actions">{actions(row)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );

  return (
    <div class="data-table">
      {(search || toolbar) && (
        <div class="table-tools">
          {search && (
            <input type="search" class="search" aria-label={search} placeholder={`${search}…`} value={query}
              onInput={(e) => setQuery(e.currentTarget.value)} />
          )}
          {search && rows && q !== '' && <span class="muted" aria-live="polite">{shown!.length} of {rows.length}</span>}
          {toolbar}
        </div>
      )}
      {table && (scroll ? <div class="scroll">{table}</div> : table)}
    </div>
  );
}

/**
 * A delete button that asks again in place: "Delete" becomes "Confirm delete" and "Keep". Its
 * accessible names carry the thing's name (`Delete Preview`, `Confirm delete Preview`).
 */
export function DeleteButton({ name, disabled = false, onDelete, text = 'Delete' }: {
  name: string; disabled?: boolean; onDelete: () => void | Promise<void>; text?: string;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return <button type="button" class="danger" aria-label={`${text} ${name}`} disabled={disabled} onClick={() => setAsking(true)}>{text}</button>;
  }
  return (
    <>
      <button type="button" class="danger confirm" aria-label={`Confirm ${text.toLowerCase()} ${name}`} disabled={disabled}
        onClick={() => { setAsking(false); void onDelete(); }}>Confirm {text.toLowerCase()}</button>
      <button type="button" class="secondary" aria-label={`Keep ${name}`} onClick={() => setAsking(false)}>Keep</button>
    </>
  );
}

/** A row's Edit and Delete buttons (named after the row for assistive technology) and the message of its last action. */
export function EditDeleteActions({ name, disabled, onEdit, onDelete, message }: {
  name: string; disabled: boolean; onEdit: () => void; onDelete: () => void | Promise<void>; message: RowMessage | undefined;
}) {
  return (
    <>
      <div class="actions" role="group" aria-label={`${name} actions`}>
        <button type="button" class="secondary" aria-label={`Edit ${name}`} disabled={disabled} onClick={onEdit}>Edit</button>
        <DeleteButton name={name} disabled={disabled} onDelete={onDelete} />
      </div>
      <RowMessageLine message={message} />
    </>
  );
}
