/**
 * Import benchmark: writes a 1,000,000-contact CSV and a 1,000,000-number DNC list, imports the DNC
 * list and then the contacts with DNC scrub into the embedded store (a SQLite file), and prints rows
 * per second and peak memory.
 *
 *   npm run bench:import                      # 1,000,000 rows each
 *   npm run bench:import -- --rows 200000     # smaller
 *   npm run bench:import -- --database postgres://…
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { RealClock } from '../../src/clock/real-clock.ts';
import { Importer } from '../../src/imports/importer.ts';
import { progressBar } from '../../src/imports/progress-bar.ts';
import { openStore } from '../../src/store/open-store.ts';
import { US_AREA_CODES } from '../../src/demo/us-area-codes.ts';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    'dnc-rows': { type: 'string' },
    database: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const rows = Number(args.rows);
const dncRows = Number(args['dnc-rows'] ?? args.rows);
/** Contacts whose first number is on the DNC list: the scrub rejects them. */
const SCRUBBED_EVERY = 20;

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);
/** Peak resident memory of this process so far (getrusage ru_maxrss). */
const peakRssMb = (): number => process.resourceUsage().maxRSS / 1024;

/** Exchanges in service: not N11 (service codes) nor 555. */
const EXCHANGES = Array.from({ length: 800 }, (_, k) => 200 + k).filter((x) => x % 100 !== 11 && x !== 555);

/** Area codes of the mainland and Hawaii (the Pacific territories' numbering is narrower). */
const AREAS = US_AREA_CODES.filter((a) => a.timeZone.startsWith('America/') || a.timeZone === 'Pacific/Honolulu').map((a) => a.areaCode);

/** A US number for index i of a space: unique per (space, i), spread over the real area codes. */
function phone(space: number, i: number): string {
  const area = AREAS[i % AREAS.length]!;
  const rest = Math.floor(i / AREAS.length) + space * 2_000_000;
  const exchange = EXCHANGES[Math.floor(rest / 10_000) % EXCHANGES.length]!;
  const line = String(rest % 10_000).padStart(4, '0');
  return `+1${area}${exchange}${line}`;
}

async function writeLines(path: string, header: string, count: number, line: (i: number) => string): Promise<number> {
  const out = createWriteStream(path);
  let chunk = header === '' ? '' : `${header}\n`;
  for (let i = 0; i < count; i++) {
    chunk += `${line(i)}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return (await stat(path)).size;
}

const dir = await mkdtemp(join(tmpdir(), 'nailup-bench-import-'));
const database = args.database ?? join(dir, 'bench.db');
try {
  const contactsFile = join(dir, 'contacts.csv');
  const dncFile = join(dir, 'dnc.csv');
  console.log(`writing ${rows.toLocaleString('en-US')} contacts and ${dncRows.toLocaleString('en-US')} DNC numbers to ${dir}`);
  const contactsBytes = await writeLines(contactsFile, 'userContactId,firstName,lastName,phone1,phone2,email,CAMP_ID,expiry,Account Number', rows, (i) =>
    `C${String(i).padStart(7, '0')},Ann${i % 97},Smith${i % 89},${phone(0, i)},${i % 5 < 2 ? phone(1, i) : ''},ann${i}@example.com,C${i % 4},2027-0${1 + (i % 9)}-15,${1_000_000_000 + i}`);
  const dncBytes = await writeLines(dncFile, 'address', dncRows, (i) => (i % SCRUBBED_EVERY === 0 && i < rows ? phone(0, i) : phone(2, i)));
  console.log(`  contacts.csv ${mb(contactsBytes)} MB, dnc.csv ${mb(dncBytes)} MB`);

  const store = await openStore(database);
  const clock = new RealClock();
  const importer = new Importer(store, clock, { defaultRegion: 'US', timeZone: 'America/New_York' });
  await store.organizations.ensureOrganization('Bench');
  const dncList = await store.dnc.createList({ name: 'Bench', organizationName: 'Bench', listType: 'phone' }, clock.now());
  const contactList = await store.contactLists.create({ name: 'BenchList', organizationName: 'Bench', zoneName: 'Default', lastUpdatedOn: clock.now() });

  console.log(`DNC list import (${store.dialect})`);
  let t = performance.now();
  const dncInput = createReadStream(dncFile);
  const dncBar = progressBar(process.stderr, dncBytes);
  const dnc = await importer.importDnc({
    dncListId: dncList.id, userName: 'bench', source: { fileName: 'dnc.csv', stream: dncInput },
    onProgress: (p) => dncBar.update(p, dncInput.bytesRead),
  });
  const dncSeconds = (performance.now() - t) / 1000;
  dncBar.done();
  console.log(`  ${dnc.added.toLocaleString('en-US')} numbers added in ${dncSeconds.toFixed(1)} s: ${Math.round(dncRows / dncSeconds).toLocaleString('en-US')} rows/s`);

  console.log('contact import with DNC scrub');
  t = performance.now();
  const contactsInput = createReadStream(contactsFile);
  const contactsBar = progressBar(process.stderr, contactsBytes);
  const contacts = await importer.importContacts({
    contactListId: contactList.id, scrub: true, userName: 'bench', source: { fileName: 'contacts.csv', stream: contactsInput },
    onProgress: (p) => contactsBar.update(p, contactsInput.bytesRead),
  });
  const seconds = (performance.now() - t) / 1000;
  contactsBar.done();
  const counts = await store.contacts.counts(contactList.id);
  const expectedScrubbed = Math.ceil(Math.min(rows, dncRows) / SCRUBBED_EVERY);
  console.log(`  ${contacts.added.toLocaleString('en-US')} contacts added, ${contacts.run.rowsRejected.toLocaleString('en-US')} rejected by the scrub (expected ${expectedScrubbed.toLocaleString('en-US')}), list now ${counts.total.toLocaleString('en-US')}`);
  console.log(`  ${seconds.toFixed(1)} s: ${Math.round(rows / seconds).toLocaleString('en-US')} rows/s`);
  console.log(`peak memory (RSS, the whole process): ${peakRssMb().toFixed(0)} MB; load average during the run: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`);
  await store.close();
  if (contacts.run.rowsRejected !== expectedScrubbed || counts.total !== rows - expectedScrubbed) {
    console.error('unexpected counts');
    process.exitCode = 1;
  }
} finally {
  if (!args.keep) await rm(dir, { recursive: true, force: true });
}
