/**
 * The bounds of an import (config section `imports`): the size of a file, of a field and of a row
 * (one CSV record), and the encodings a file may declare. Whatever a file holds, an import buffers at
 * most about one row, a few chunks and a few batches; a file over a bound fails the import (all or
 * nothing) with the reason and, for a field or row, the line it starts on.
 */

export interface ImportLimits {
  /** Bytes of one file: an upload whose Content-Length is larger is refused before it is read (413). */
  maxFileBytes: number;
  /** Bytes of one field, as the file has them (UTF-8), without its quotes. */
  maxFieldBytes: number;
  /** Bytes of one row (a CSV record, quoted line breaks included), without its line break. */
  maxRowBytes: number;
}

/** The largest real lists are about 1.5 GB, with fields of a few KB (notes) and rows of some tens of KB. */
export const DEFAULT_IMPORT_LIMITS: Readonly<ImportLimits> = Object.freeze({
  maxFileBytes: 2 * 1024 ** 3,
  maxFieldBytes: 64 * 1024,
  maxRowBytes: 1024 * 1024,
});

/** The encodings a file may be declared in (`?encoding=`); UTF-8 unless declared. */
export type FileEncoding = 'utf-8' | 'windows-1252';

const ENCODING_NAMES: Record<string, FileEncoding> = {
  'utf-8': 'utf-8', utf8: 'utf-8',
  // As WHATWG (and so TextDecoder) reads them: latin1 and ISO-8859-1 are windows-1252.
  'windows-1252': 'windows-1252', cp1252: 'windows-1252', latin1: 'windows-1252', 'iso-8859-1': 'windows-1252',
};

/** The encoding a client named, or undefined if it is not one an import reads. */
export function fileEncodingOf(name: string): FileEncoding | undefined {
  return ENCODING_NAMES[name.trim().toLowerCase()];
}

export const ENCODING_LABELS = Object.keys(ENCODING_NAMES);

/** An import that stopped because of its input rather than its rows: the message says why, whole. */
export class ImportInputError extends Error {}

/** A file larger than `imports.maxFileBytes` (known from its declared size, or found while reading it). */
export class FileTooLarge extends ImportInputError {
  constructor(readonly limit: number, readonly declaredBytes: number | null) {
    super(declaredBytes !== null
      ? `the file is ${declaredBytes} bytes, more than the ${limit} allowed (imports.maxFileBytes)`
      : `the file is larger than the ${limit} bytes allowed (imports.maxFileBytes)`);
    this.name = 'FileTooLarge';
  }
}

/** An upload whose client closed the connection before the whole body came. */
export class UploadCutOff extends ImportInputError {
  constructor(readonly bytes: number, readonly declaredBytes: number | null) {
    super(`the upload was cut off after ${bytes} bytes${declaredBytes !== null ? ` of ${declaredBytes}` : ''}`);
    this.name = 'UploadCutOff';
  }
}

/**
 * The chunks of `source`, failing with FileTooLarge once more than `limit` bytes have come (or at
 * once when the declared size is over it). Reads no further than the chunk that crosses the limit.
 */
export async function* boundedBytes<T extends Uint8Array | string>(source: AsyncIterable<T>, limit: number, declared: number | null = null): AsyncGenerator<T> {
  if (declared !== null && declared > limit) throw new FileTooLarge(limit, declared);
  let bytes = 0;
  for await (const chunk of source) {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    if (bytes > limit) throw new FileTooLarge(limit, null);
    yield chunk;
  }
}
