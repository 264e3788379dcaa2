/** Typed readers of nailup's configuration (config.ts) that name the key on error. */
import { configError } from './errors.ts';

export type Json = Record<string, unknown>;

export function section(raw: Json, key: string): Json {
  const value = raw[key];
  if (!isObject(value)) throw configError(key, 'must be an object');
  return value;
}

export function leaf(obj: Json, path: string): unknown {
  return obj[path.split('.').pop()!];
}

export function str(obj: Json, path: string): string {
  const value = leaf(obj, path);
  if (typeof value !== 'string' || value.length === 0) throw configError(path, 'must be a non-empty string');
  return value;
}

/** A string that may be empty; numbers (as the environment gives them) are taken as their digits. */
export function text(obj: Json, path: string): string {
  const value = leaf(obj, path);
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') throw configError(path, `must be a string (got ${JSON.stringify(value)})`);
  return value;
}

export function int(obj: Json, path: string, min: number, max: number): number {
  const value = leaf(obj, path);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw configError(path, `must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})`);
  }
  return value;
}

export function bool(obj: Json, path: string): boolean {
  const value = leaf(obj, path);
  if (typeof value !== 'boolean') throw configError(path, `must be true or false (got ${JSON.stringify(value)})`);
  return value;
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A list of strings; from the environment or a flag also one comma-separated string. */
export function list(obj: Json, path: string): string[] {
  const value = leaf(obj, path);
  const items = typeof value === 'string' ? value.split(',').map((v) => v.trim()).filter((v) => v !== '') : value;
  if (!Array.isArray(items) || !items.every((v) => typeof v === 'string')) throw configError(path, `must be a list of strings (got ${JSON.stringify(value)})`);
  return items as string[];
}

/** Refuses keys the section does not have, naming them. */
export function known(obj: Json, path: string, defaults: object): void {
  const allowed = Object.keys(defaults);
  for (const key of Object.keys(obj)) if (!allowed.includes(key)) throw configError(`${path}.${key}`, `unknown key; allowed: ${allowed.join(', ')}`);
}
