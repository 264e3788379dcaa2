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
 * The errors of a form whose fields are `fields` (API field name → input id): a message naming one
 * goes under it, without the "field: " the API starts it with.
 */
export function useFieldErrors(fields: Record<string, string>): {
  errors: FieldErrors; set: (errors: FieldErrors) => void; clear: () => void; fromError: (error: unknown) => void;
} {
  const [errors, set] = useState<FieldErrors>({});
  const fromError = (error: unknown) => {
    const field = fieldOf(error);
    const id = field === undefined ? undefined : fields[field];
    const message = errorText(error);
    set(id === undefined ? { [FORM]: message } : { [id]: message.startsWith(`${field}: `) ? message.slice(field!.length + 2) : message });
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
