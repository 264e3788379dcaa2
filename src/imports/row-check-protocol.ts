/** The messages between the importer and its worker thread (src/imports/row-check-worker.ts). */
import type { ImportRejectRecord } from '../store/records.ts';
import type { PackedRows } from './packed-rows.ts';
import type { FileEncoding } from './import-limits.ts';

/** Chunks of the file the importer sends ahead of the worker's reading. */
export const CHUNKS_AHEAD = 4;
/** Checked batches the worker sends ahead of the importer's writes. */
export const BATCHES_AHEAD = 3;

export interface WorkerSetup {
  kind: 'contacts' | 'dnc';
  defaultRegion: string;
  fallbackTimeZone: string;
  batchSize: number;
  /** The bounds of a field and of a row (imports.maxFieldBytes, imports.maxRowBytes). */
  maxFieldBytes: number;
  maxRowBytes: number;
  /** The file's declared encoding (UTF-8 unless declared); bytes that are not UTF-8 reject their row. */
  encoding: FileEncoding;
  /** The DNC list's type (DNC imports). */
  listType: 'phone' | 'email';
  /** The sorted numbers of a DNC scrub (contact imports). */
  dncNumbers?: Float64Array;
}

/** The fields of a staged row of each kind, as they are packed. */
export const STAGED_FIELDS = {
  contacts: { texts: ['userContactId', 'title', 'firstName', 'lastName', 'phones', 'emails', 'address', 'customFields'], numbers: ['rowNumber', 'priority'] },
  dnc: { texts: ['address'], numbers: ['rowNumber'] },
} as const;

export type ToWorker = { type: 'chunk'; data: Uint8Array | string } | { type: 'end' } | { type: 'credit' };

export type FromWorker =
  | { type: 'consumed' }
  | { type: 'batch'; rowsRead: number; rejects: ImportRejectRecord[]; staged: PackedRows | unknown[] }
  | { type: 'done' }
  | { type: 'failed'; name: string; message: string; line?: number };
