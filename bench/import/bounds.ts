/**
 * Memory of an import whatever the file: each case streams a generated file (never written to disk)
 * into a contact import in a process of its own, and prints how long it took, how it ended and the
 * process's peak RSS (the worker thread included).
 *
 *   node --import tsx bench/import/bounds.ts                # every case, 200 MB each
 *   node --import tsx bench/import/bounds.ts --mb 50        # smaller files
 *   node --import tsx bench/import/bounds.ts --case quoted  # one case
 *   npm run -s bench:import-bounds -- --json                 # one JSON object
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { RealClock } from '../../src/clock/real-clock.ts';
import { Importer, ImportFailed } from '../../src/imports/importer.ts';
import { openStore } from '../../src/store/open-store.ts';

const { values: args } = parseArgs({ options: { case: { type: 'string' }, mb: { type: 'string', default: '200' }, json: { type: 'boolean', default: false } } });
const total = Number(args.mb) * 1024 * 1024;
const HEADER = 'userContactId,firstName,phone1,notes';
const phone = (i: number): string => `+1212${200 + Math.floor(i / 10_000)}${String(i % 10_000).padStart(4, '0')}`;

/** The cases: a file of about `total` bytes, generated as it is read. */
const CASES: Record<string, { what: string; file: () => Generator<Buffer> }> = {
  quoted: {
    what: 'a quoted field that never closes',
    *file() {
      yield Buffer.from(`${HEADER}\nC1,Ann,${phone(1)},"`);
      const block = Buffer.alloc(64 * 1024, 'z');
      for (let sent = 0; sent < total; sent += block.length) yield block;
    },
  },
  endless: {
    what: 'a line of short fields that never ends',
    *file() {
      yield Buffer.from(`${HEADER}\nC1,Ann,${phone(1)},`);
      const block = Buffer.from('abc,'.repeat(16 * 1024));
      for (let sent = 0; sent < total; sent += block.length) yield block;
    },
  },
  'long-fields': {
    what: 'rows with a 60 KB field each (imported)',
    *file() {
      yield Buffer.from(`${HEADER}\n`);
      const notes = 'n'.repeat(60_000);
      for (let i = 0, sent = 0; sent < total; i++) {
        const row = Buffer.from(`C${i},Ann,${phone(i)},${notes}\n`);
        sent += row.length;
        yield row;
      }
    },
  },
  'wide-rows': {
    what: 'rows of 16 fields of 60 KB, 0.96 MB each (imported)',
    *file() {
      const extra = Array.from({ length: 15 }, (_, k) => `x${k}`).join(',');
      yield Buffer.from(`${HEADER},${extra}\n`);
      const fields = Array.from({ length: 15 }, () => 'w'.repeat(60_000)).join(',');
      for (let i = 0, sent = 0; sent < total; i++) {
        const row = Buffer.from(`C${i},Ann,${phone(i)},${'n'.repeat(60_000)},${fields}\n`);
        sent += row.length;
        yield row;
      }
    },
  },
  latin1: {
    what: 'rows that are not UTF-8 (every one rejected)',
    *file() {
      yield Buffer.from(`${HEADER}\n`);
      for (let i = 0, sent = 0; sent < total; i += 1000) {
        let chunk = '';
        for (let k = i; k < i + 1000; k++) chunk += `C${k},Jos\xe9,${phone(k)},caf\xe9 cr\xe8me\n`;
        const bytes = Buffer.from(chunk, 'latin1');
        sent += bytes.length;
        yield bytes;
      }
    },
  },
};

async function runCase(name: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'nailup-bench-bounds-'));
  const store = await openStore(join(dir, 'bounds.db'));
  try {
    const clock = new RealClock();
    const importer = new Importer(store, clock, { defaultRegion: 'US', timeZone: 'America/New_York' });
    await store.organizations.ensureOrganization('Bench');
    const list = await store.contactLists.create({ name: 'Bounds', organizationName: 'Bench', zoneName: 'Default', lastUpdatedOn: clock.now() });
    let offered = 0;
    const stream = (async function* () {
      for (const chunk of CASES[name]!.file()) {
        offered += chunk.length;
        yield chunk;
      }
    })();
    const started = performance.now();
    let outcome: string;
    try {
      const o = await importer.importContacts({ contactListId: list.id, scrub: false, userName: 'bench', source: { fileName: `${name}.csv`, stream } });
      outcome = `imported ${o.added.toLocaleString('en-US')} rows, rejected ${o.run.rowsRejected.toLocaleString('en-US')}`;
    } catch (error) {
      if (!(error instanceof ImportFailed)) throw error;
      outcome = `failed: ${error.message}`;
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(JSON.stringify({ seconds: Number(seconds.toFixed(1)), mbRead: Number((offered / 1024 / 1024).toFixed(1)), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), outcome }));
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (args.case) await runCase(args.case);
else {
  if (!args.json) console.log(`import of ${args.mb} MB files generated as they are read; peak RSS of a process running one import`);
  const results: Record<string, { seconds: number; mbRead: number; peakRssMb: number; outcome: string }> = {};
  for (const [name, { what }] of Object.entries(CASES)) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--case', name, '--mb', args.mb!], { encoding: 'utf8' });
    const r = JSON.parse(out.trim().split('\n').pop()!) as { seconds: number; mbRead: number; peakRssMb: number; outcome: string };
    results[name] = r;
    if (!args.json) console.log(`  ${what}: ${r.seconds} s, ${r.mbRead} MB read, peak RSS ${r.peakRssMb} MB; ${r.outcome}`);
  }
  if (args.json) console.log(JSON.stringify({ mbOffered: Number(args.mb), cases: results }));
}
