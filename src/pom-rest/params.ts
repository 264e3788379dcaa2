/** Reading the POM web services' path, query and body parameters; each problem names the parameter. */
import { invalid } from './errors.ts';

export type Query = Record<string, string | string[] | undefined>;

export function asQuery(value: unknown): Query {
  return (typeof value === 'object' && value !== null ? value : {}) as Query;
}

/** A single text parameter (the last if given twice). */
export function text(query: Query, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) return value[value.length - 1];
  return value;
}

/** Every value of a parameter given once or more. */
export function texts(query: Query, name: string): string[] {
  const value = query[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function integer(value: string | undefined, name: string, min: number, max: number, fallback?: number): number {
  if (value === undefined || value === '') {
    if (fallback !== undefined) return fallback;
    throw invalid(name, 'is required');
  }
  if (!/^-?\d+$/.test(value)) throw invalid(name, `must be a whole number (got ${JSON.stringify(value)})`);
  const n = Number(value);
  if (n < min || n > max) throw invalid(name, `must be from ${min} to ${max} (got ${n})`);
  return n;
}

/** A path id. */
export function id(value: string | undefined, name: string): number {
  return integer(value, name, 1, Number.MAX_SAFE_INTEGER);
}

export function bodyObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('body', 'must be a JSON object');
  return body as Record<string, unknown>;
}

export function requiredString(body: Record<string, unknown>, name: string, maxLength = 200): string {
  const value = body[name];
  if (typeof value !== 'string' || value.trim() === '') throw invalid(name, 'must be a non-empty string');
  if (value.length > maxLength) throw invalid(name, `must be at most ${maxLength} characters`);
  return value.trim();
}

export function optionalString(body: Record<string, unknown>, name: string, fallback: string, maxLength = 200): string {
  if (body[name] === undefined || body[name] === null || body[name] === '') return fallback;
  return requiredString(body, name, maxLength);
}

/** A list of strings: the body itself, or its `name` field; 1 to `max` items. */
export function stringList(body: unknown, name: string, max: number): string[] {
  const value = Array.isArray(body) ? body : typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  if (!Array.isArray(value)) throw invalid(name, 'must be a list of strings');
  if (value.length === 0) throw invalid(name, 'must not be empty');
  if (value.length > max) throw invalid(name, `at most ${max} items per request`);
  return value.map((v, i) => {
    if (typeof v !== 'string' && typeof v !== 'number') throw invalid(`${name}[${i}]`, 'must be a string');
    return String(v).trim();
  });
}
