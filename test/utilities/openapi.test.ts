/** The OpenAPI document against the server: every operation it describes is a route nailup serves. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Nailup } from '../../src/app.ts';
import { OPERATIONS } from '../../src/api/openapi.ts';
import { startTestNailup } from '../support/nailup.ts';

let nailup: Nailup;

before(async () => {
  nailup = await startTestNailup();
});
after(async () => {
  await nailup?.close();
});

describe('OpenAPI document', () => {
  it('describes only routes that exist', () => {
    const missing = OPERATIONS
      .map((op) => ({ method: op.method.toUpperCase() as 'GET', url: op.path.replace(/\{(\w+)\}/g, ':$1') }))
      .filter((route) => !nailup.http.app.hasRoute(route))
      .map((route) => `${route.method} ${route.url}`);
    assert.deepEqual(missing, []);
  });

  it('is served, with each operation under its path', async () => {
    const document = (await (await fetch(`${nailup.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    for (const op of OPERATIONS) assert.ok(document.paths[op.path]?.[op.method], `${op.method} ${op.path}`);
  });
});

describe('OpenAPI parameters', () => {
  it('a report is named by a string id; an import run by a number; the floor status is described', async () => {
    type Parameter = { name: string; schema: { type: string } };
    const document = (await (await fetch(`${nailup.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, { parameters?: Parameter[] }>> };
    const idOf = (path: string): string | undefined => document.paths[path]?.get?.parameters?.find((p) => p.name === 'id')?.schema.type;
    assert.equal(idOf('/api/v1/reports/{id}'), 'string');
    assert.equal(idOf('/api/v1/reports/{id}/csv'), 'string');
    assert.equal(idOf('/api/v1/imports/{id}'), 'integer');
    assert.ok(document.paths['/api/v1/status']?.get);
  });
});
