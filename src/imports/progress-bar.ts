/** A terminal progress bar of an import: rows done (of the file's size when known), rows per second. */
import type { ImportProgress } from './importer.ts';

export interface ProgressBar {
  update(progress: ImportProgress, bytesRead?: number): void;
  done(): void;
}

const WIDTH = 30;

/** Redraws at most every `everyMs` on a TTY; prints a line every few seconds elsewhere (logs, CI). */
export function progressBar(out: NodeJS.WriteStream, totalBytes: number | undefined, everyMs = 200): ProgressBar {
  let last = 0;
  let drawn = false;
  const tty = out.isTTY === true;
  const interval = tty ? everyMs : 5000;
  return {
    update(p, bytesRead) {
      const now = performance.now();
      if (now - last < interval && p.state === 'running') return;
      last = now;
      const fraction = totalBytes && bytesRead !== undefined ? Math.min(1, bytesRead / totalBytes) : undefined;
      const filled = fraction === undefined ? 0 : Math.round(fraction * WIDTH);
      const bar = fraction === undefined ? '' : `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% `;
      const line = `${bar}${p.rowsRead.toLocaleString('en-US')} rows, ${p.rowsRejected.toLocaleString('en-US')} rejected, ${p.rowsPerSecond.toLocaleString('en-US')} rows/s`;
      out.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
      drawn = true;
    },
    done() {
      if (drawn && tty) out.write('\n');
    },
  };
}
