/**
 * Streaming imports of contact and DNC files into the store.
 *
 * A run reads the CSV batch by batch; a worker thread checks and normalizes each row (checked-batches.ts)
 * while this thread writes the rows it accepts to a staging table and the rows it rejects, with the
 * reason, to the run's report. Only when the whole file has been read does one transaction move the
 * staged rows into the list; a run that fails before (bad file, broken upload, database error) drops
 * its staged rows and leaves the list as it was. Memory holds a few chunks and batches, the DNC numbers
 * of a scrub (8 bytes each) and the phone verdict memo.
 */
import { SILENT_LOG, type Log } from '../log/log.ts';
import { performance } from 'node:perf_hooks';
import type { Clock } from '../clock/clock.ts';
import type { ImportKind, ImportRejectRecord, ImportRunRecord, RejectReason, RejectedAccount, StagedContact } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { notFound } from '../errors.ts';
import { CsvSyntaxError } from './csv.ts';
import { FileError } from './contact-rows.ts';
import { DncSet } from './dnc-scrub.ts';
import { checkedBatches, type FeedBounds } from './checked-batches.ts';
import { DEFAULT_IMPORT_LIMITS, FileTooLarge, ImportInputError, type FileEncoding, type ImportLimits } from './import-limits.ts';
import type { StagedAddress } from './row-checks.ts';
import type { WorkerSetup } from './row-check-protocol.ts';

export interface ImportSource {
  fileName: string;
  stream: AsyncIterable<Buffer | string>;
  /** The file's size in bytes, when known (an upload's Content-Length, the size on the SFTP drop). */
  size?: number | null;
  /** The file's declared encoding; UTF-8 by default, where bytes that are not UTF-8 reject their row. */
  encoding?: FileEncoding;
  /**
   * Aborted when the source will not come whole (an upload cut off): the run fails at once with the
   * signal's reason, its staged rows dropped and its worker thread ended.
   */
  signal?: AbortSignal;
}

/** How much of a running import's file has been read, of how much: a row count is known only at the end. */
export interface ImportBytes {
  bytesRead: number;
  bytesTotal: number | null;
}

export interface ImportOptions {
  /** Region of numbers without a country code. */
  defaultRegion: string;
  /** Zone of numbers whose zone neither the file nor the number tells. */
  timeZone: string;
  batchSize?: number;
  /** How often the run's counts are written to the store while it runs. */
  progressEveryMs?: number;
  /** The bounds of a file, a field and a row (config `imports`); DEFAULT_IMPORT_LIMITS by default. */
  limits?: Partial<ImportLimits>;
  /** Each import's start, end and failure (counts and reason; never the rows). */
  log?: Log;
}

export interface ImportProgress {
  runId: number;
  kind: ImportKind;
  state: ImportRunRecord['state'];
  targetName: string;
  fileName: string;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  rowsPerSecond: number;
  elapsedMs: number;
  rejectedBy: Partial<Record<RejectReason, number>>;
}

export interface ImportOutcome {
  run: ImportRunRecord;
  progress: ImportProgress;
  /** Contacts added to the list, or addresses new to the DNC list. */
  added: number;
}

export interface ContactImportRequest {
  contactListId: number;
  /** Reject rows with a number on a DNC list of the list's organization. */
  scrub: boolean;
  userName: string;
  source: ImportSource;
  /** Bounds of this import, over the importer's. */
  limits?: Partial<ImportLimits>;
  onStart?: (run: ImportRunRecord) => void;
  onProgress?: (progress: ImportProgress) => void;
}

export interface DncImportRequest {
  dncListId: number;
  userName: string;
  source: ImportSource;
  /** Bounds of this import, over the importer's. */
  limits?: Partial<ImportLimits>;
  onStart?: (run: ImportRunRecord) => void;
  onProgress?: (progress: ImportProgress) => void;
}

class LiveRun {
  readonly started = performance.now();
  bytesRead = 0;
  rowsRead = 0;
  rowsAccepted = 0;
  rowsRejected = 0;
  state: ImportRunRecord['state'] = 'running';
  readonly rejectedBy: Partial<Record<RejectReason, number>> = {};
  private lastSaved = performance.now();

  constructor(readonly run: ImportRunRecord, readonly bytesTotal: number | null) {}

  /** Counts the bytes of the file handed on to be read. */
  readonly read = (bytes: number): void => {
    this.bytesRead += bytes;
  };

  reject(reason: RejectReason): void {
    this.rowsRejected++;
    this.rejectedBy[reason] = (this.rejectedBy[reason] ?? 0) + 1;
  }

  counts(): { rowsRead: number; rowsAccepted: number; rowsRejected: number } {
    return { rowsRead: this.rowsRead, rowsAccepted: this.rowsAccepted, rowsRejected: this.rowsRejected };
  }

  dueForSave(everyMs: number): boolean {
    const now = performance.now();
    if (now - this.lastSaved < everyMs) return false;
    this.lastSaved = now;
    return true;
  }

  progress(): ImportProgress {
    const elapsedMs = performance.now() - this.started;
    return {
      runId: this.run.id, kind: this.run.kind, state: this.state, targetName: this.run.targetName, fileName: this.run.fileName,
      ...this.counts(),
      rowsPerSecond: elapsedMs > 0 ? Math.round(this.rowsRead / (elapsedMs / 1000)) : 0,
      elapsedMs: Math.round(elapsedMs),
      rejectedBy: { ...this.rejectedBy },
    };
  }
}

export class Importer {
  private readonly live = new Map<number, LiveRun>();
  private readonly batchSize: number;
  private readonly progressEveryMs: number;
  private readonly limits: ImportLimits;

  constructor(private readonly store: Store, private readonly clock: Clock, private readonly options: ImportOptions) {
    this.batchSize = options.batchSize ?? 2000;
    this.progressEveryMs = options.progressEveryMs ?? 1000;
    this.limits = { ...DEFAULT_IMPORT_LIMITS, ...options.limits };
  }

  /** The live counts of a running import, or those stored for a finished one. */
  async progress(runId: number): Promise<ImportProgress | undefined> {
    const live = this.live.get(runId);
    if (live) return live.progress();
    const run = await this.store.imports.findRun(runId);
    if (!run) return undefined;
    const elapsedMs = (run.endedAt ?? this.clock.now()) - run.startedAt;
    return {
      runId: run.id, kind: run.kind, state: run.state, targetName: run.targetName, fileName: run.fileName,
      rowsRead: run.rowsRead, rowsAccepted: run.rowsAccepted, rowsRejected: run.rowsRejected,
      rowsPerSecond: elapsedMs > 0 ? Math.round(run.rowsRead / (elapsedMs / 1000)) : 0, elapsedMs, rejectedBy: {},
    };
  }

  /** How much of a running import's file is read; undefined once it has ended. */
  bytes(runId: number): ImportBytes | undefined {
    const live = this.live.get(runId);
    return live && { bytesRead: live.bytesRead, bytesTotal: live.bytesTotal };
  }

  /** Runs a previous process left running failed: their staged rows are dropped, their lists untouched. */
  async recover(): Promise<number> {
    let failed = 0;
    for (const run of await this.store.imports.listRuns(1000)) {
      if (run.state !== 'running' || this.live.has(run.id)) continue;
      await this.store.imports.discardStaging(run.id);
      await this.store.imports.finishRun(run.id, 'failed', run, this.clock.now(), 'nailup stopped before the import finished; nothing was imported');
      this.options.log?.warn({ runId: run.id, kind: run.kind, target: run.targetName }, 'import left running by the previous run failed; nothing was imported');
      failed++;
    }
    return failed;
  }

  async importContacts(req: ContactImportRequest): Promise<ImportOutcome> {
    const list = await this.store.contactLists.findById(req.contactListId);
    if (!list) throw notFound(`contact list ${req.contactListId}`);
    const run = await this.store.imports.createRun({
      kind: 'contacts', targetId: list.id, targetName: list.name, fileName: req.source.fileName, scrub: req.scrub,
      startedAt: this.clock.now(), userName: req.userName,
    });
    return this.execute(run, req, async (live, limits) => {
      let dnc: DncSet | undefined;
      if (req.scrub) {
        const lists = (await this.store.dnc.lists()).filter((l) => l.organizationName === list.organizationName && l.listType === 'phone');
        dnc = await DncSet.load(this.store, lists.map((l) => l.id));
      }
      const setup = { ...this.setup('contacts', limits, req.source), ...(dnc?.size ? { dncNumbers: dnc.numbers } : {}) };
      const batches = checkedBatches<StagedContact>(setup, req.source.stream, live.read, this.bounds(limits, req.source));
      for await (const { rowsRead, staged, rejects } of batches) {
        live.rowsRead += rowsRead;
        const duplicates = await this.store.imports.stageContacts(run.id, list.id, staged);
        const accountOf = duplicateAccounts(staged, duplicates.alreadyInList.length + duplicates.inFile.length);
        for (const d of duplicates.alreadyInList) {
          rejects.push({ rowNumber: d.rowNumber, reason: 'duplicate', field: 'userContactId', message: `${d.userContactId} is already in ${list.name}`, value: d.userContactId, account: accountOf(d.rowNumber, d.userContactId) });
        }
        for (const d of duplicates.inFile) {
          rejects.push({ rowNumber: d.rowNumber, reason: 'duplicate', field: 'userContactId', message: `${d.userContactId} is on line ${d.firstRowNumber} already`, value: d.userContactId, account: accountOf(d.rowNumber, d.userContactId) });
        }
        live.rowsAccepted += staged.length - duplicates.alreadyInList.length - duplicates.inFile.length;
        await this.report(live, rejects, req.onProgress);
      }
      return this.store.imports.commitContacts(run.id, list.id, this.clock.now());
    });
  }

  async importDnc(req: DncImportRequest): Promise<ImportOutcome> {
    const list = await this.store.dnc.findListById(req.dncListId);
    if (!list) throw notFound(`DNC list ${req.dncListId}`);
    const run = await this.store.imports.createRun({
      kind: 'dnc', targetId: list.id, targetName: list.name, fileName: req.source.fileName, scrub: false,
      startedAt: this.clock.now(), userName: req.userName,
    });
    return this.execute(run, req, async (live, limits) => {
      const setup = { ...this.setup('dnc', limits, req.source), listType: list.listType };
      const batches = checkedBatches<StagedAddress>(setup, req.source.stream, live.read, this.bounds(limits, req.source));
      for await (const { rowsRead, staged, rejects } of batches) {
        live.rowsRead += rowsRead;
        const duplicates = await this.store.imports.stageDnc(run.id, staged);
        for (const d of duplicates) {
          rejects.push({ rowNumber: d.rowNumber, reason: 'duplicate', field: 'address', message: `${d.address} is on line ${d.firstRowNumber} already`, value: d.address });
        }
        live.rowsAccepted += staged.length - duplicates.length;
        await this.report(live, rejects, req.onProgress);
      }
      return this.store.imports.commitDnc(run.id, list.id, this.clock.now());
    });
  }

  private setup(kind: 'contacts' | 'dnc', limits: ImportLimits, source: ImportSource): WorkerSetup {
    return {
      kind, defaultRegion: this.options.defaultRegion, fallbackTimeZone: this.options.timeZone, batchSize: this.batchSize, listType: 'phone',
      maxFieldBytes: limits.maxFieldBytes, maxRowBytes: limits.maxRowBytes, encoding: source.encoding ?? 'utf-8',
    };
  }

  private bounds(limits: ImportLimits, source: ImportSource): FeedBounds {
    return { maxFileBytes: limits.maxFileBytes, ...(source.signal ? { signal: source.signal } : {}) };
  }

  private async report(live: LiveRun, rejects: ImportRejectRecord[], onProgress?: (p: ImportProgress) => void): Promise<void> {
    for (const r of rejects) live.reject(r.reason);
    // A contact import's rejects are also its accounts not in the listing (the spec's pre-processing script), in the same write.
    const listing = live.run.kind === 'contacts' ? { contactListId: live.run.targetId, at: this.clock.now() } : undefined;
    if (rejects.length > 0) await this.store.imports.addRejects(live.run.id, rejects.sort((a, b) => a.rowNumber - b.rowNumber), listing);
    if (live.dueForSave(this.progressEveryMs)) await this.store.imports.updateProgress(live.run.id, live.counts());
    onProgress?.(live.progress());
  }

  private async execute(
    run: ImportRunRecord,
    req: { source: ImportSource; limits?: Partial<ImportLimits>; onStart?: (run: ImportRunRecord) => void; onProgress?: (p: ImportProgress) => void },
    body: (live: LiveRun, limits: ImportLimits) => Promise<number>,
  ): Promise<ImportOutcome> {
    const live = new LiveRun(run, req.source.size ?? null);
    const limits = { ...this.limits, ...req.limits };
    this.live.set(run.id, live);
    const log = this.options.log ?? SILENT_LOG;
    const about = { runId: run.id, kind: run.kind, target: run.targetName, file: run.fileName, user: run.userName };
    log.info(about, 'import started');
    req.onStart?.(run);
    try {
      const size = req.source.size ?? null;
      if (size !== null && size > limits.maxFileBytes) throw new FileTooLarge(limits.maxFileBytes, size);
      const added = await body(live, limits);
      live.state = 'completed';
      await this.store.imports.finishRun(run.id, 'completed', live.counts(), this.clock.now(), null);
      log.info({ ...about, ...live.counts(), added }, 'import completed');
      req.onProgress?.(live.progress());
      return { run: (await this.store.imports.findRun(run.id))!, progress: live.progress(), added };
    } catch (error) {
      live.state = 'failed';
      const message = describeFailure(error);
      // The list was not touched: only staged rows, which go now.
      await this.store.imports.discardStaging(run.id).catch(() => {});
      await this.store.imports.finishRun(run.id, 'failed', live.counts(), this.clock.now(), message).catch(() => {});
      log.warn({ ...about, ...live.counts(), reason: message }, 'import failed; nothing was imported');
      req.onProgress?.(live.progress());
      throw new ImportFailed(message, run.id, { cause: error });
    } finally {
      this.live.delete(run.id);
    }
  }
}

/**
 * The accounts of a batch's duplicate rows, by row: their name and first number from the staged row.
 * The batch is indexed only when it has duplicates.
 */
function duplicateAccounts(staged: readonly StagedContact[], duplicates: number): (rowNumber: number, userContactId: string) => RejectedAccount {
  const byRow = duplicates === 0 ? new Map<number, StagedContact>() : new Map(staged.map((c) => [c.rowNumber, c]));
  return (rowNumber, userContactId) => {
    const c = byRow.get(rowNumber);
    if (!c) return { userContactId, name: '', number: '' };
    const phones = JSON.parse(c.phones) as Array<{ number?: string }>;
    return { userContactId, name: `${c.firstName} ${c.lastName}`.trim(), number: phones[0]?.number ?? '' };
  };
}

/** An import that stopped before it committed: nothing of it is in the list. */
export class ImportFailed extends Error {
  constructor(message: string, readonly runId: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ImportFailed';
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof ImportInputError) return `${error.message}; nothing was imported`;
  if (error instanceof CsvSyntaxError || error instanceof FileError) return `the file cannot be read: ${error.message}`;
  const message = error instanceof Error ? error.message : String(error);
  return `the import failed and changed nothing: ${message}`;
}
