/** `nailup import contacts|dnc FILE --list NAME [--scrub] [--report FILE]` and `nailup import agents FILE [--report FILE]`. */
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { once } from 'node:events';
import type { NailupConfig } from '../config.ts';
import { RealClock } from '../clock/real-clock.ts';
import { openStore } from '../store/open-store.ts';
import { AuditLog } from '../audit/audit-log.ts';
import { NailupError, validationError } from '../errors.ts';
import { Importer, ImportFailed, type ImportOutcome, type ImportProgress } from './importer.ts';
import { progressBar } from './progress-bar.ts';
import { csvField } from './csv.ts';
import { importAgents } from '../admin/agent-import.ts';
import type { ImportRejectRecord } from '../store/records.ts';

export interface ImportCommand {
  config: Readonly<NailupConfig>;
  kind: string;
  file: string;
  /** contacts and dnc: the list imported into. */
  list?: string;
  scrub: boolean;
  report?: string;
}

/** Runs the import; returns the exit code (0 imported, 1 failed and changed nothing). */
export async function runImportCommand(c: ImportCommand): Promise<number> {
  if (c.kind === 'agents') return runAgentImport(c);
  if (c.kind !== 'contacts' && c.kind !== 'dnc') throw validationError('kind', 'must be contacts, dnc or agents');
  if (c.list === undefined) throw validationError('list', `--list names the ${c.kind === 'dnc' ? 'DNC list' : 'contact list'} to import into`);
  const listName = c.list;
  if (c.kind === 'dnc' && c.scrub) throw validationError('scrub', 'applies to contact imports only');
  const size = (await stat(c.file).catch(() => { throw validationError('file', `cannot read ${c.file}`); })).size;
  const store = await openStore(c.config.database);
  const clock = new RealClock();
  const importer = new Importer(store, clock, { defaultRegion: c.config.utilities.defaultRegion, timeZone: c.config.utilities.timeZone, limits: c.config.imports });
  const user = { username: `cli:${process.env.USER ?? 'unknown'}`, role: 'administrator' };
  try {
    const input = createReadStream(c.file);
    const bar = progressBar(process.stderr, size);
    const source = { fileName: basename(c.file), stream: input, size };
    const onProgress = (p: ImportProgress): void => bar.update(p, input.bytesRead);
    let outcome: ImportOutcome;
    try {
      if (c.kind === 'contacts') {
        const list = await store.contactLists.findByName(listName);
        if (!list) throw new NailupError('NOT_FOUND', `contact list ${listName} not found`);
        outcome = await new AuditLog(store, clock).around(user, 'ImportContacts', list.name,
          () => importer.importContacts({ contactListId: list.id, scrub: c.scrub, userName: user.username, source, onProgress }),
          (o) => ({ counts: { rows: o.run.rowsRead, accepted: o.run.rowsAccepted, rejected: o.run.rowsRejected, added: o.added } }));
      } else {
        const list = await store.dnc.findListByName(listName);
        if (!list) throw new NailupError('NOT_FOUND', `DNC list ${listName} not found`);
        outcome = await new AuditLog(store, clock).around(user, 'ImportDnc', list.name,
          () => importer.importDnc({ dncListId: list.id, userName: user.username, source, onProgress }),
          (o) => ({ counts: { rows: o.run.rowsRead, accepted: o.run.rowsAccepted, rejected: o.run.rowsRejected, added: o.added } }));
      }
    } finally {
      bar.done();
    }
    const { run, progress } = outcome;
    console.log(`import ${run.id}: ${run.rowsRead.toLocaleString('en-US')} rows read, ${run.rowsAccepted.toLocaleString('en-US')} accepted, ` +
      `${run.rowsRejected.toLocaleString('en-US')} rejected, ${outcome.added.toLocaleString('en-US')} added to ${run.targetName} ` +
      `(${progress.rowsPerSecond.toLocaleString('en-US')} rows/s)`);
    for (const [reason, count] of Object.entries(progress.rejectedBy)) console.log(`  rejected, ${reason}: ${count}`);
    if (c.report && run.rowsRejected > 0) {
      await writeReport(c.report, async function* () {
        for (let offset = 0; ; offset += 5000) {
          const page = await store.imports.rejects(run.id, offset, 5000);
          yield page;
          if (page.length < 5000) break;
        }
      }());
      console.log(`  rejected rows written to ${c.report}`);
    }
    return 0;
  } catch (error) {
    if (error instanceof ImportFailed) {
      console.error(`nailup: import ${error.runId} failed; the list is unchanged: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await store.close();
  }
}

/** The rejected rows as CSV: line, reason, field, message, value. */
async function writeReport(file: string, pages: AsyncIterable<readonly ImportRejectRecord[]> | Iterable<readonly ImportRejectRecord[]>): Promise<void> {
  const out = createWriteStream(file);
  out.write('line,reason,field,message,value\n');
  for await (const page of pages) {
    for (const r of page) {
      const line = [r.rowNumber, r.reason, r.field, r.message, r.value].map(csvField).join(',');
      if (!out.write(`${line}\n`)) await once(out, 'drain');
    }
  }
  out.end();
  await once(out, 'finish');
}

/** `nailup import agents FILE [--report FILE]`: all the file's agents, or none. */
async function runAgentImport(c: ImportCommand): Promise<number> {
  if (c.scrub) throw validationError('scrub', 'applies to contact imports only');
  await stat(c.file).catch(() => { throw validationError('file', `cannot read ${c.file}`); });
  const store = await openStore(c.config.database);
  const clock = new RealClock();
  const user = { username: `cli:${process.env.USER ?? 'unknown'}`, role: 'administrator' };
  try {
    const outcome = await importAgents({ store, config: c.config }, createReadStream(c.file));
    await new AuditLog(store, clock).record(user, {
      action: 'ImportAgents', target: basename(c.file), outcome: outcome.added > 0 ? 'ok' : 'failed',
      counts: { rows: outcome.rows, added: outcome.added, rejected: outcome.rejects.length },
    });
    if (outcome.rejects.length === 0) {
      console.log(`${outcome.added.toLocaleString('en-US')} agents added`);
      return outcome.added > 0 ? 0 : 1;
    }
    console.error(`nailup: ${outcome.rejects.length} of ${outcome.rows} rows refused; no agent was added`);
    for (const r of outcome.rejects.slice(0, 20)) console.error(`  line ${r.rowNumber}: ${r.message}`);
    if (outcome.rejects.length > 20) console.error(`  … and ${outcome.rejects.length - 20} more`);
    if (c.report) {
      await writeReport(c.report, [outcome.rejects]);
      console.error(`  rejected rows written to ${c.report}`);
    }
    return 1;
  } finally {
    await store.close();
  }
}
