/**
 * The pages' one form: field definitions → labelled inputs (text, number, password, select,
 * checkbox, a list of checkboxes, a text area), optionally in titled groups and grids, each with its
 * error under it (fields.tsx); a submit and a cancel button; busy while the page's `onSubmit` runs.
 *
 * Field names are the API's field names (dotted for nested ones: `pacing.targetAbandonRate`), so an
 * API error naming a field goes under its input; `apiNames` adds more names for one input, and an
 * error naming a part of a field (`callingWindow.states.TX.mon`) goes under the field. Any other
 * error goes under the form. A page checks what it can before sending by throwing FieldProblem.
 */
import { useState } from 'preact/hooks';
import { ErrorLine } from './common.tsx';
import { FORM, Field, fieldAria, useFieldErrors } from './fields.tsx';

export type FormValue = string | boolean | string[];
export type FormValues = Record<string, FormValue>;

export interface Option {
  value: string;
  label?: string;
}

export interface FieldDef {
  /** The value's key, and the API field name its errors carry. */
  name: string;
  label: string;
  kind: 'text' | 'number' | 'password' | 'select' | 'checkbox' | 'checkboxes' | 'textarea';
  hint?: string;
  /** select and checkboxes: the choices. */
  options?: ReadonlyArray<Option | string>;
  /** More API field names whose errors go under this input. */
  apiNames?: readonly string[];
  /** Checked before sending: an empty value is refused under the field. */
  required?: boolean;
  placeholder?: string;
  /** number: the step (default "any"), bounds. */
  step?: string;
  min?: string;
  max?: string;
  autocomplete?: string;
  /** textarea rows. */
  rows?: number;
  /** Shown only while this holds (e.g. preview settings for a preview campaign). */
  show?: (values: FormValues) => boolean;
  /** Disabled while this holds (e.g. a day's hours when the day is off). */
  disabled?: (values: FormValues) => boolean;
}

/** Fields under a title; `columns` lays them out in a grid (a row per day, say). */
export interface FieldGroup {
  group: string;
  fields: readonly FieldDef[];
  hint?: string;
  columns?: number;
  show?: (values: FormValues) => boolean;
}

export type FormItem = FieldDef | FieldGroup;

/** A value the page refuses before sending, shown under the field named (a FieldDef's name). */
export class FieldProblem extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

const isGroup = (item: FormItem): item is FieldGroup => 'group' in item;
const optionOf = (o: Option | string): Option => (typeof o === 'string' ? { value: o } : o);
const visible = (f: { show?: (v: FormValues) => boolean }, values: FormValues) => !f.show || f.show(values);
const isEmpty = (v: FormValue | undefined): boolean =>
  v === undefined || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

export interface EntityFormProps {
  /** The prefix of the inputs' ids (`new-team` → `new-team-teamName`) and of the title's. */
  id: string;
  title: string;
  items: readonly FormItem[];
  initial: FormValues;
  submitText: string;
  busyText?: string;
  /** Sends the values; what it returns is shown as done, what it throws as errors. */
  onSubmit: (values: FormValues) => Promise<string | void>;
  onCancel?: () => void;
  /** Back to `initial` after a submit that worked (a "new …" form). */
  resetOnDone?: boolean;
  /** Groups side by side (a long form). */
  wide?: boolean;
  /** Shown above the buttons. */
  note?: string;
}

export function EntityForm({ id, title, items, initial, submitText, busyText = 'Saving…', onSubmit, onCancel, resetOnDone, wide, note }: EntityFormProps) {
  const [values, setValues] = useState<FormValues>(initial);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');
  const inputId = (name: string) => `${id}-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

  const fields = items.flatMap((item) => (isGroup(item) ? (visible(item, values) ? item.fields : []) : [item])).filter((f) => visible(f, values));
  const byApiName: Record<string, string> = {};
  for (const f of fields) {
    byApiName[f.name] = inputId(f.name);
    for (const n of f.apiNames ?? []) byApiName[n] = inputId(f.name);
  }
  const form = useFieldErrors(byApiName);
  /** A changed value loses its error (the form's own line stays until the next submit). */
  const set = (name: string, value: FormValue) => {
    setValues((v) => ({ ...v, [name]: value }));
    const fid = inputId(name);
    if (form.errors[fid] !== undefined) form.set(Object.fromEntries(Object.entries(form.errors).filter(([k]) => k !== fid)));
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    form.clear();
    setDone('');
    const missing = fields.filter((f) => f.required && !(f.disabled?.(values) ?? false) && isEmpty(values[f.name]));
    if (missing.length > 0) {
      form.set(Object.fromEntries(missing.map((f) => [inputId(f.name), f.kind === 'select' || f.kind === 'checkboxes' ? 'Choose one' : 'Required'])));
      return;
    }
    setBusy(true);
    try {
      const message = await onSubmit(values);
      if (resetOnDone) setValues(initial);
      setDone(message ?? '');
    } catch (e) {
      if (e instanceof FieldProblem) form.set({ [byApiName[e.field] ?? FORM]: e.message });
      else form.fromError(e);
    } finally {
      setBusy(false);
    }
  };

  const errors = form.errors;

  const control = (f: FieldDef) => {
    const fid = inputId(f.name);
    const error = errors[fid];
    const disabled = f.disabled?.(values) ?? false;
    const value = values[f.name];
    const text = typeof value === 'string' ? value : '';
    switch (f.kind) {
      case 'checkbox':
        return (
          <div class="field" key={f.name}>
            <label class="check">
              <input type="checkbox" id={fid} checked={value === true} disabled={disabled} {...fieldAria(fid, error)}
                onChange={(e) => set(f.name, e.currentTarget.checked)} />
              <span>{f.label}{f.hint && <small>{f.hint}</small>}</span>
            </label>
            {error && <p id={`${fid}-error`} class="field-error" role="alert">{error}</p>}
          </div>
        );
      case 'checkboxes': {
        const chosen = Array.isArray(value) ? value : [];
        const options = (f.options ?? []).map(optionOf);
        return (
          <div class="field" key={f.name}>
            <fieldset id={fid} class="choices" disabled={disabled} {...fieldAria(fid, error)}>
              <legend>{f.label}{f.hint && <> <small>{f.hint}</small></>}</legend>
              {options.length === 0 && <span class="muted">None to choose from</span>}
              {options.map((o, i) => (
                <label class="check" key={o.value}>
                  <input type="checkbox" id={`${fid}-${i}`} value={o.value} checked={chosen.includes(o.value)}
                    onChange={(e) => set(f.name, e.currentTarget.checked ? [...chosen, o.value] : chosen.filter((c) => c !== o.value))} />
                  <span>{o.label ?? o.value}</span>
                </label>
              ))}
            </fieldset>
            {error && <p id={`${fid}-error`} class="field-error" role="alert">{error}</p>}
          </div>
        );
      }
      case 'select':
        return (
          <div class="field" key={f.name}>
            <Field id={fid} label={f.label} hint={f.hint} error={error}>
              <select id={fid} value={text} disabled={disabled} {...fieldAria(fid, error)} onChange={(e) => set(f.name, e.currentTarget.value)}>
                {(f.placeholder !== undefined || !(f.options ?? []).some((o) => optionOf(o).value === text)) && <option value="">{f.placeholder ?? 'Choose…'}</option>}
                {(f.options ?? []).map(optionOf).map((o) => <option key={o.value} value={o.value}>{o.label ?? o.value}</option>)}
              </select>
            </Field>
          </div>
        );
      case 'textarea':
        return (
          <div class="field" key={f.name}>
            <Field id={fid} label={f.label} hint={f.hint} error={error}>
              <textarea id={fid} rows={f.rows ?? 4} value={text} disabled={disabled} placeholder={f.placeholder} spellcheck={false}
                {...fieldAria(fid, error)} onInput={(e) => set(f.name, e.currentTarget.value)} />
            </Field>
          </div>
        );
      default:
        return (
          <div class="field" key={f.name}>
            <Field id={fid} label={f.label} hint={f.hint} error={error}>
              <input id={fid} type={f.kind} value={text} disabled={disabled} placeholder={f.placeholder}
                autocomplete={f.autocomplete ?? (f.kind === 'password' ? 'new-password' : 'off')}
                step={f.kind === 'number' ? (f.step ?? 'any') : undefined} min={f.min} max={f.max}
                {...fieldAria(fid, error)} onInput={(e) => set(f.name, e.currentTarget.value)} />
            </Field>
          </div>
        );
    }
  };

  const rendered = items.map((item) => {
    if (!isGroup(item)) return visible(item, values) ? control(item) : null;
    if (!visible(item, values)) return null;
    const shown = item.fields.filter((f) => visible(f, values));
    return (
      <fieldset key={item.group} class="group">
        <legend>{item.group}</legend>
        {item.hint && <p class="hint">{item.hint}</p>}
        {item.columns
          ? <div class="grid" style={{ gridTemplateColumns: `repeat(${item.columns}, minmax(0, 1fr))` }}>{shown.map(control)}</div>
          : shown.map(control)}
      </fieldset>
    );
  });

  return (
    <form onSubmit={(ev) => void submit(ev)} class={wide ? 'form entity wide' : 'form entity'} noValidate aria-labelledby={`${id}-title`} aria-busy={busy}>
      <h3 id={`${id}-title`}>{title}</h3>
      {wide ? <div class="groups">{rendered}</div> : rendered}
      {note && <p class="hint">{note}</p>}
      <ErrorLine text={errors[FORM] ?? ''} />
      {done && !errors[FORM] && <p role="status" class="ok">{done}</p>}
      <div class="actions">
        <button type="submit" disabled={busy}>{busy ? busyText : submitText}</button>
        {onCancel && <button type="button" class="secondary" disabled={busy} onClick={onCancel}>Cancel</button>}
      </div>
    </form>
  );
}

// ── reading the values ─────────────────────────────────────────────────────────

export const textOf = (v: FormValue | undefined): string => (typeof v === 'string' ? v.trim() : '');
export const flagOf = (v: FormValue | undefined): boolean => v === true;
export const listOf = (v: FormValue | undefined): string[] => (Array.isArray(v) ? v : []);

/** A number input's value: null when empty; what was typed when it is no number (the API names it). */
export function numberOf(v: FormValue | undefined): number | string | null {
  const text = textOf(v);
  if (text === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}

/** "a, b ,c" → ["a", "b", "c"]. */
export const namesOf = (v: FormValue | undefined): string[] => textOf(v).split(',').map((s) => s.trim()).filter(Boolean);

/** JSON with the keys of every object in order: equal values, equal text. */
const canonical = (value: unknown): string => JSON.stringify(value, (_key, v: unknown) =>
  (v !== null && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v));

/** The keys of `next` whose values differ from `current`'s (a PUT sends only those). */
export function changed<T extends Record<string, unknown>>(next: T, current: Record<string, unknown>): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(next) as Array<keyof T & string>) {
    if (canonical(next[key]) !== canonical(current[key])) out[key] = next[key];
  }
  return out;
}
