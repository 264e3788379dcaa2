/**
 * The checked rows of a file, batch by batch, from a worker thread: the worker reads and checks the
 * CSV while the importer writes the batches before, so the two halves of an import use two cores.
 * The file is fed to the worker a few chunks ahead of its reading, so it never sits in memory whole.
 */
import { Worker } from 'node:worker_threads';
import { CsvSyntaxError } from './csv.ts';
import { FileError } from './contact-rows.ts';
import { FileTooLarge } from './import-limits.ts';
import type { CheckedBatch } from './row-checks.ts';
import { unpackRows, type PackedRows } from './packed-rows.ts';
import { CHUNKS_AHEAD, type FromWorker, type ToWorker, type WorkerSetup } from './row-check-protocol.ts';

const WORKER_URL = new URL('./row-check-worker.ts', import.meta.url).href;
const TSX_URL = import.meta.resolve('tsx/esm/api');

/** A worker runs TypeScript as nailup does: tsx is registered in it before the worker's module loads. */
function startWorker(setup: WorkerSetup): Worker {
  const bootstrap = `import(${JSON.stringify(TSX_URL)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL)}); });`;
  return new Worker(bootstrap, { eval: true, execArgv: [], workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: 48 } });
}

type Arrival = Exclude<FromWorker, { type: 'consumed' }> | { type: 'error'; error: unknown };

const unpacked = <Staged>(staged: PackedRows | unknown[]): Staged[] => (Array.isArray(staged) ? staged as Staged[] : unpackRows<Staged>(staged));

/** A queue that one reader awaits. */
class Mailbox<T> {
  private readonly items: T[] = [];
  private waiting: ((item: T) => void) | null = null;

  put(item: T): void {
    const w = this.waiting;
    if (w) {
      this.waiting = null;
      w(item);
    } else this.items.push(item);
  }

  take(): Promise<T> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve(item);
    return new Promise((resolve) => (this.waiting = resolve));
  }
}

export interface FeedBounds {
  /** More bytes than this fail the import (FileTooLarge) at the chunk that crosses it. */
  maxFileBytes?: number;
  /** Aborted (an upload cut off): the import fails at once with the signal's reason, whatever the worker is doing. */
  signal?: AbortSignal;
}

/**
 * `onRead` counts the bytes of the file as they are handed to the worker. However the batches end
 * (done, a bad file, an abort, the consumer stopping), the worker thread is terminated and the
 * source is no longer read.
 */
export async function* checkedBatches<Staged>(
  setup: WorkerSetup, source: AsyncIterable<Buffer | string>, onRead: (bytes: number) => void, bounds: FeedBounds = {},
): AsyncGenerator<CheckedBatch<Staged>> {
  const { maxFileBytes = Infinity, signal } = bounds;
  signal?.throwIfAborted();
  const worker = startWorker(setup);
  const send = (message: ToWorker, transfer?: ArrayBuffer[]): void => worker.postMessage(message, transfer);
  const arrivals = new Mailbox<Arrival>();
  let chunksAhead = 0;
  let stopped = false;
  let wakeFeeder: (() => void) | null = null;
  const nudge = (): void => {
    const w = wakeFeeder;
    wakeFeeder = null;
    w?.();
  };

  worker.on('message', (message: FromWorker) => {
    if (message.type === 'consumed') {
      chunksAhead--;
      nudge();
    } else arrivals.put(message);
  });
  worker.on('error', (error) => arrivals.put({ type: 'error', error }));
  worker.on('exit', (code) => arrivals.put({ type: 'error', error: new Error(`the import's worker thread stopped (exit code ${code})`) }));

  const onAbort = (): void => {
    arrivals.put({ type: 'error', error: signal!.reason });
    stopped = true;
    nudge();
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  const feed = async (): Promise<void> => {
    let bytes = 0;
    try {
      for await (const chunk of source) {
        while (chunksAhead >= CHUNKS_AHEAD && !stopped) await new Promise<void>((resolve) => (wakeFeeder = resolve));
        if (stopped) return;
        const size = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
        bytes += size;
        if (bytes > maxFileBytes) throw new FileTooLarge(maxFileBytes, null);
        chunksAhead++;
        onRead(size);
        if (typeof chunk === 'string') send({ type: 'chunk', data: chunk });
        else {
          // A copy of its own: a stream's chunk may be a view of a larger pooled buffer.
          const data = new Uint8Array(chunk);
          send({ type: 'chunk', data }, [data.buffer]);
        }
      }
      if (!stopped) send({ type: 'end' });
    } catch (error) {
      arrivals.put({ type: 'error', error });
    }
  };
  const feeding = feed();

  try {
    for (;;) {
      const arrival = await arrivals.take();
      if (arrival.type === 'batch') {
        yield { rowsRead: arrival.rowsRead, rejects: arrival.rejects, staged: unpacked<Staged>(arrival.staged) };
        send({ type: 'credit' });
      } else if (arrival.type === 'done') return;
      else if (arrival.type === 'failed') throw failureOf(arrival);
      else throw arrival.error;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    stopped = true;
    nudge();
    worker.removeAllListeners('exit');
    await worker.terminate();
    // A feeder waiting on the source stops at its next chunk, and closes the source.
    void feeding;
  }
}

/** The worker's error as the importer knows it: a bad file or a failure. */
function failureOf(f: Extract<FromWorker, { type: 'failed' }>): Error {
  if (f.name === 'CsvSyntaxError' && f.line !== undefined) return new CsvSyntaxError(f.line, f.message);
  if (f.name === 'FileError') return new FileError(f.message);
  return new Error(f.message);
}
