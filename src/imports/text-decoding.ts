/**
 * Decoding a file's bytes, chunk by chunk, to text. UTF-8 by default: a character split across two
 * chunks is joined, and a byte that is not part of valid UTF-8 is never replaced silently. In `mark`
 * mode each such byte becomes the lone surrogate U+DC80–U+DCFF (as Python's surrogateescape does),
 * which no valid UTF-8 decodes to, so the reader can tell the row and field that held it and the
 * report can show the byte. A chunk that is valid UTF-8 (almost all of them) is decoded natively and
 * only searched once for U+FFFD; the careful decoding runs on the chunks that hold a bad byte.
 */
import { isUtf8 } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import type { FileEncoding } from './import-limits.ts';

export interface ChunkDecoder {
  write(chunk: Buffer): string;
  end(): string;
  /** Whether a byte that is not UTF-8 has been marked so far. */
  readonly marked: boolean;
}

/** What becomes of bytes that are not UTF-8: U+FFFD (as before), or marked for the reader to reject. */
export type InvalidUtf8 = 'replace' | 'mark';

export function chunkDecoder(encoding: FileEncoding = 'utf-8', invalid: InvalidUtf8 = 'replace'): ChunkDecoder {
  if (encoding === 'windows-1252') return new SingleByteDecoder(encoding);
  return invalid === 'mark' ? new MarkingUtf8Decoder() : new ReplacingUtf8Decoder();
}

class ReplacingUtf8Decoder implements ChunkDecoder {
  private readonly decoder = new StringDecoder('utf8');
  readonly marked = false;
  write(chunk: Buffer): string {
    return this.decoder.write(chunk);
  }
  end(): string {
    return this.decoder.end();
  }
}

/** windows-1252 (latin1): every byte is a character, so nothing is ever invalid or split. */
class SingleByteDecoder implements ChunkDecoder {
  private readonly decoder: TextDecoder;
  readonly marked = false;
  constructor(encoding: string) {
    this.decoder = new TextDecoder(encoding);
  }
  write(chunk: Buffer): string {
    return this.decoder.decode(chunk, { stream: true });
  }
  end(): string {
    return this.decoder.decode();
  }
}

/** The first of the lone surrogates that stand for bytes that are not UTF-8 (U+DC00 + the byte). */
export const MARK_BASE = 0xdc00;

/** Length of the UTF-8 sequence a lead byte starts; 1 for ASCII and for bytes that start none. */
function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 1;
}

/** Where a character cut off by the end of the chunk starts (its bytes wait for the next chunk); else the length. */
function completeEnd(bytes: Buffer): number {
  const n = bytes.length;
  for (let i = n - 1; i >= 0 && i >= n - 3; i--) {
    const b = bytes[i]!;
    if ((b & 0xc0) === 0x80) continue;
    return b >= 0xc0 && i + sequenceLength(b) > n ? i : n;
  }
  return n;
}

class MarkingUtf8Decoder implements ChunkDecoder {
  marked = false;
  /** The first bytes of a character the last chunk ended inside. */
  private carry: Buffer | null = null;

  write(chunk: Buffer): string {
    let bytes = chunk;
    let head = '';
    if (this.carry) {
      const carry = this.carry;
      const need = sequenceLength(carry[0]!) - carry.length;
      let take = 0;
      while (take < need && take < bytes.length && (bytes[take]! & 0xc0) === 0x80) take++;
      if (take < need && take === bytes.length) {
        this.carry = Buffer.concat([carry, bytes]);
        return '';
      }
      this.carry = null;
      head = this.decode(Buffer.concat([carry, bytes.subarray(0, take)]));
      bytes = bytes.subarray(take);
    }
    const cut = completeEnd(bytes);
    if (cut < bytes.length) this.carry = Buffer.from(bytes.subarray(cut));
    const body = this.decode(cut < bytes.length ? bytes.subarray(0, cut) : bytes);
    return head === '' ? body : head + body;
  }

  end(): string {
    const carry = this.carry;
    this.carry = null;
    return carry ? this.decode(carry) : '';
  }

  private decode(bytes: Buffer): string {
    const text = bytes.toString('utf8');
    // Valid UTF-8 gives U+FFFD only where the file has it (EF BF BD), which is rare: check those chunks.
    if (text.indexOf('\ufffd') === -1 || isUtf8(bytes)) return text;
    this.marked = true;
    return markedText(bytes);
  }
}

/** The bytes as text, each byte that is not part of valid UTF-8 (Unicode table 3-7) as U+DC00 + the byte. */
export function markedText(bytes: Buffer): string {
  const n = bytes.length;
  const parts: string[] = [];
  let runStart = 0;
  let i = 0;
  const within = (k: number, lo: number, hi: number): boolean => k < n && bytes[k]! >= lo && bytes[k]! <= hi;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let length = 0;
    if (b >= 0xc2 && b <= 0xdf) {
      if (within(i + 1, 0x80, 0xbf)) length = 2;
    } else if (b >= 0xe0 && b <= 0xef) {
      if (within(i + 1, b === 0xe0 ? 0xa0 : 0x80, b === 0xed ? 0x9f : 0xbf) && within(i + 2, 0x80, 0xbf)) length = 3;
    } else if (b >= 0xf0 && b <= 0xf4) {
      if (within(i + 1, b === 0xf0 ? 0x90 : 0x80, b === 0xf4 ? 0x8f : 0xbf) && within(i + 2, 0x80, 0xbf) && within(i + 3, 0x80, 0xbf)) length = 4;
    }
    if (length > 0) {
      i += length;
      continue;
    }
    if (i > runStart) parts.push(bytes.toString('utf8', runStart, i));
    parts.push(String.fromCharCode(MARK_BASE + b));
    i++;
    runStart = i;
  }
  if (runStart < n) parts.push(bytes.toString('utf8', runStart, n));
  return parts.join('');
}

/** A lone surrogate: in text a marking decoder wrote, a byte that is not UTF-8. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Whether a value holds a byte that was not UTF-8 (a lone surrogate). */
export const holdsBadBytes = (value: string): boolean => LONE_SURROGATE.test(value);

/** The marked bytes of a value shown as \xNN, e.g. `caf\xE9`, for a report. */
export function showBadBytes(value: string): string {
  return value.replace(/\p{Cs}/gu, (s) => {
    const code = s.charCodeAt(0);
    return code >= MARK_BASE + 0x80 && code <= MARK_BASE + 0xff ? `\\x${(code - MARK_BASE).toString(16).toUpperCase()}` : '\ufffd';
  });
}

/** The marked bytes of a value, as hex (`E9 80`): what the report's message names. */
export function badBytesOf(value: string, max = 4): string {
  const found: string[] = [];
  for (const m of value.matchAll(/\p{Cs}/gu)) {
    const code = m[0].charCodeAt(0) - MARK_BASE;
    found.push(code >= 0x80 && code <= 0xff ? `0x${code.toString(16).toUpperCase()}` : 'a lone surrogate');
    if (found.length >= max) break;
  }
  return found.join(' ');
}
