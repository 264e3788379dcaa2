/**
 * Form fields with their errors: an error the API names a field of (VALIDATION_FAILED's `field`) is
 * shown under that field, linked to it (aria-describedby, aria-invalid); any other under the form.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { errorText, fieldOf } from '../api.ts';

/** Errors by field id; FORM is the form's own line. */
export type FieldErrors = Partial<Record<string, string>>;
export const FORM = '';

export interface FieldAria {
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

export const fieldAria = (id: string, error: string | undefined): FieldAria =>
  error ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {};

/**
 * The input of an API field name: its own, else that of the nearest field it is part of
 * (`callingWindow.states.TX.mon.start` → `callingWindow.states`, `dncLists[2]` → `dncLists`), with
 * the name it was found by.
 */
export function inputOf(fields: Record<string, string>, field: string): { id: string; name: string } | undefined {
  for (let name = field; name !== ''; name = name.replace(/(\.[^.[\]]*|\[[^\]]*\])$/, '')) {
    if (Object.hasOwn(fields, name)) return { id: fields[name]!, name };
    if (!/[.[]/.test(name)) break;
  }
  return undefined;
}

/**
 * The message of an error shown under the input of `name`, without the "field: " the API starts it
 * with; of a part of it, naming the part (`TX.mon.end: must be …` under `callingWindow.states`).
 */
function messageFor(message: string, field: string, name: string): string {
  if (!message.startsWith(`${field}: `)) return message;
  const part = field.slice(name.length);
  return part.startsWith('.') ? `${part.slice(1)}: ${message.slice(field.length + 2)}` : message.slice(field.length + 2);
}

/**
 * The errors of a form whose fields are `fields` (API field name → input id): a message naming one
 * goes under it, without the "field: " the API starts it with.
 */
export function useFieldErrors(fields: Record<string, string>): {
  errors: FieldErrors; set: (errors: FieldErrors) => void; clear: () => void; fromError: (error: unknown) => void;
} {
  const [errors, set] = useState<FieldErrors>({});
  const fromError = (error: unknown) => {
    const field = fieldOf(error);
    const input = field === undefined ? undefined : inputOf(fields, field);
    const message = errorText(error);
    set(input === undefined ? { [FORM]: message } : { [input.id]: messageFor(message, field!, input.name) });
  };
  return { errors, set, clear: () => set({}), fromError };
}

/** A label, the control, and its error under it. */
export function Field({ id, label, hint, error, children }: { id: string; label: string; hint?: string; error?: string | undefined; children: ComponentChildren }) {
  return (
    <>
      <label for={id}>{label}{hint && <> <small>{hint}</small></>}</label>
      {children}
      {error && <p id={`${id}-error`} class="field-error" role="alert">{error}</p>}
    </>
  );
}
