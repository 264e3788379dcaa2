import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { NailupError } from '../../src/errors.ts';

test('defaults: embedded SQLite on 127.0.0.1:8080, demo off', () => {
  const config = loadConfig();
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.port, 8080);
  assert.equal(config.database, 'data/nailup.db');
  assert.equal(config.demo.enabled, false);
  assert.equal(config.dialer.minimumRingSeconds, 15);
  assert.equal(config.network.outcomes.live, 0.25);
});

test('file, then environment, then flags: the later source wins', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nailup-config-'));
  const file = join(dir, 'nailup.json');
  writeFileSync(file, JSON.stringify({ port: 9000, host: '0.0.0.0', dialer: { tickMs: 500 }, network: { seed: 42 } }));
  const config = loadConfig({
    file,
    env: { NAILUP_PORT: '9100', NAILUP__dialer__walkAwayReasonCode: '42', NAILUP_DEMO: 'true' },
    flags: { port: 9200 },
  });
  assert.equal(config.port, 9200);
  assert.equal(config.host, '0.0.0.0');
  assert.equal(config.dialer.tickMs, 500);
  assert.equal(config.dialer.walkAwayReasonCode, 42);
  assert.equal(config.demo.enabled, true);
  assert.equal(config.network.seed, 42);
});

test('the config is frozen', () => {
  const config = loadConfig();
  assert.throws(() => { (config as { port: number }).port = 1; }, TypeError);
  assert.throws(() => { (config.dialer as { tickMs: number }).tickMs = 1; }, TypeError);
});

function rejects(sources: Parameters<typeof loadConfig>[0], key: string, words: RegExp): void {
  assert.throws(() => loadConfig(sources), (error: unknown) => {
    assert.ok(error instanceof NailupError, String(error));
    assert.equal(error.code, 'CONFIG_INVALID');
    assert.equal(error.field, key);
    assert.match(error.message, words);
    return true;
  });
}

test('a bad value stops start-up with a message naming the key and what is allowed', () => {
  rejects({ flags: { port: 70000 } }, 'port', /port: must be a whole number from 0 to 65535 \(got 70000\)/);
  rejects({ env: { NAILUP_PORT: 'eighty' } }, 'port', /whole number/);
  rejects({ flags: { 'demo.enabled': 'yes' } }, 'demo.enabled', /true or false/);
  rejects({ flags: { 'pom.timeZone': 'Mars/Olympus' } }, 'pom.timeZone', /not an IANA time zone/);
  rejects({ flags: { 'dialer.pacing': 'fast' } }, 'dialer.pacing', /"predictive", "progressive" or \{"ratio": R\}/);
  rejects({ flags: { 'dialer.tickMz': 5 } }, 'dialer.tickMz', /unknown key; allowed: tickMs/);
  rejects({ flags: { colour: 'blue' } }, 'colour', /unknown key/);
  rejects({ flags: { 'network.outcomes': { live: 2 } } }, 'network', /live/);
  rejects({ file: '/nonexistent/nailup.json' }, 'file', /cannot read/);
});

test('a config file that is not JSON is named', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nailup-config-'));
  const file = join(dir, 'bad.json');
  writeFileSync(file, '{ port: 1 ');
  rejects({ file }, 'file', /bad\.json is not valid JSON/);
});
