/** Bytes that are not UTF-8 are refused, with their line, by every CSV reader: not only contact and DNC imports. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importAgents } from '../../src/admin/agent-import.ts';
import { loadConfig } from '../../src/config.ts';
import { openStore } from '../../src/store/open-store.ts';
import { readValues } from '../../src/utilities/csv-values.ts';

async function* bytes(...chunks: Buffer[]): AsyncGenerator<Buffer> {
  for (const chunk of chunks) yield chunk;
}

test('the DNC utilities\' files: a row with a byte that is not UTF-8 is rejected with its line', async () => {
  const file = bytes(Buffer.from('userContactId\nQ1\n'), Buffer.from([0x4a, 0x6f, 0x73, 0xe9, 0x0a]), Buffer.from('Q2\n'));
  const read = await readValues(file, { headers: ['userContactId'], field: 'userContactId', maxValues: 100, check: (v) => ({ ok: true, value: v }) });
  assert.deepEqual(read.values, ['Q1', 'Q2']);
  assert.deepEqual(read.rejects.map((r) => [r.rowNumber, r.reason, r.value]), [[3, 'bad_value', 'Jos\\xE9']]);
  assert.match(read.rejects[0]!.message, /line 3: bytes that are not UTF-8 \(0xE9\)/);
});

test('nailup import agents: a row with a byte that is not UTF-8 refuses the file, naming the line and column', async () => {
  const store = await openStore(':memory:');
  try {
    await store.organizations.ensureZone('Default');
    await store.organizations.createTeam({ name: 'Night', organizationName: 'Acme', skills: ['NightOut'], blending: null });
    const header = 'agentId,lanId,extension,password,firstName,teamName\n';
    const good = '4001,a4001,47001,pw01,Ann,Night\n';
    const bad = Buffer.concat([Buffer.from('4002,a4002,47002,pw02,Jos'), Buffer.from([0xe9]), Buffer.from(',Night\n')]);
    const outcome = await importAgents({ store, config: loadConfig() }, bytes(Buffer.from(header + good), bad));
    assert.equal(outcome.added, 0);
    assert.deepEqual(outcome.rejects.map((r) => [r.rowNumber, r.field, r.value]), [[3, 'firstName', 'Jos\\xE9']]);
    assert.deepEqual(await store.agents.list(), []);
  } finally {
    await store.close();
  }
});
