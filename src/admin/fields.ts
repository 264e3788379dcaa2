/**
 * Readers of the administration API's body fields: each returns the value in its type or throws a
 * VALIDATION_FAILED error naming the field (a dotted path such as `pacing.targetAbandonRate`).
 */
import { NailupError, validationError } from '../errors.ts';

export type Body = Record<string, unknown>;

/** The object at `field`, or {} when absent. */
export function object(value: unknown, field: string): Body {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw validationError(field, 'must be an object');
  return value as Body;
}

/** Refuses fields the resource does not have, so that a misspelt setting is not silently ignored. */
export function onlyKnown(body: Body, known: readonly string[], prefix = ''): void {
  for (const key of Object.keys(body)) {
    if (!known.includes(key)) throw validationError(`${prefix}${key}`, `is not a field of this resource (fields: ${known.join(', ')})`);
  }
}

export function text(value: unknown, field: string, options: { max?: number; pattern?: RegExp; patternText?: string; allowEmpty?: boolean } = {}): string {
  if (typeof value !== 'string') throw validationError(field, 'must be text');
  const trimmed = value.trim();
  if (!trimmed && !options.allowEmpty) throw validationError(field, 'is required');
  const max = options.max ?? 100;
  if (trimmed.length > max) throw validationError(field, `must be at most ${max} characters`);
  if (trimmed && options.pattern && !options.pattern.test(trimmed)) throw validationError(field, options.patternText ?? 'has characters that are not allowed');
  return trimmed;
}

export function integer(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw validationError(field, `must be a whole number from ${min} to ${max}`);
  }
  return value;
}

export function decimal(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw validationError(field, `must be a number from ${min} to ${max}`);
  }
  return value;
}

export function flag(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw validationError(field, 'must be true or false');
  return value;
}

export function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) throw validationError(field, `must be one of ${allowed.join(', ')}`);
  return value as T;
}

/** A list of distinct names. */
export function names(value: unknown, field: string, options: { max?: number; pattern?: RegExp; patternText?: string } = {}): string[] {
  if (!Array.isArray(value)) throw validationError(field, 'must be a list');
  const out = value.map((v, i) => text(v, `${field}[${i}]`, options));
  const repeated = out.find((v, i) => out.indexOf(v) !== i);
  if (repeated !== undefined) throw validationError(field, `names ${repeated} twice`);
  return out;
}

/**
 * Whether two names are one to a person: the same once trimmed, in one Unicode form and case folded
 * (`QA Team` and `qa team`). Team and campaign names, and completion codes' values, are unique so.
 */
export function sameName(a: string, b: string): boolean {
  const fold = (s: string): string => s.trim().normalize('NFC').toLowerCase();
  return fold(a) === fold(b);
}

/**
 * Creates a named record once `refuseTaken` finds its name free. A request that took the name in
 * between (the store's unique index: a CONFLICT) is refused in `refuseTaken`'s words.
 */
export async function createNamed<T>(refuseTaken: () => Promise<void>, create: () => Promise<T>): Promise<T> {
  await refuseTaken();
  try {
    return await create();
  } catch (error) {
    if (error instanceof NailupError && error.code === 'CONFLICT') await refuseTaken();
    throw error;
  }
}

/** `body[key]` read by `read` when present, else `fallback`. */
export function optional<T>(body: Body, key: string, read: (value: unknown, field: string) => T, fallback: T, prefix = ''): T {
  const value = body[key];
  return value === undefined ? fallback : read(value, `${prefix}${key}`);
}

/** A name used in paths and logins: letters, digits and . _ - (and spaces where `spaces`). */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._-]*$/;
export const NAME_RULE = 'must start with a letter or digit and hold only letters, digits, spaces, . _ -';
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const ID_RULE = 'must start with a letter or digit and hold only letters, digits, . _ -';
