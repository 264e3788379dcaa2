/**
 * The import's worker thread: reads the CSV from the chunks the importer sends, checks its rows and
 * sends them back in batches, while the importer's thread writes the batches before. Bounded both
 * ways: the importer sends a few chunks ahead (`consumed` asks for more), and this thread runs a few
 * batches ahead of the writes (`credit` gives one more).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readCsv, CsvSyntaxError } from './csv.ts';
import { FileError } from './contact-rows.ts';
import { DncSet } from './dnc-scrub.ts';
import { ContactRowChecker, DncRowChecker, type CheckedBatch } from './row-checks.ts';
import { BATCHES_AHEAD, STAGED_FIELDS, type FromWorker, type ToWorker, type WorkerSetup } from './row-check-protocol.ts';
import { holdsNul, packRows } from './packed-rows.ts';

const port = parentPort!;
const setup = workerData as WorkerSetup;

const chunks: Array<Uint8Array | string | null> = [];
let credits = BATCHES_AHEAD;
/** Once the file has shown a NUL, batches go unpacked (a NUL separates packed values). */
let sawNul = false;
let wake: (() => void) | null = null;
const post = (message: FromWorker): void => port.postMessage(message);

port.on('message', (message: ToWorker) => {
  if (message.type === 'chunk') {
    sawNul ||= holdsNul(message.data);
    chunks.push(message.data);
  }
  else if (message.type === 'end') chunks.push(null);
  else credits++;
  const w = wake;
  wake = null;
  w?.();
});

const until = async (ready: () => boolean): Promise<void> => {
  while (!ready()) await new Promise<void>((resolve) => (wake = resolve));
};

async function* input(): AsyncGenerator<Buffer | string> {
  for (;;) {
    await until(() => chunks.length > 0);
    const chunk = chunks.shift()!;
    if (chunk === null) return;
    yield typeof chunk === 'string' ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    post({ type: 'consumed' });
  }
}

async function run(): Promise<void> {
  const options = { defaultRegion: setup.defaultRegion, fallbackTimeZone: setup.fallbackTimeZone };
  const checker = setup.kind === 'contacts'
    ? new ContactRowChecker(options, setup.dncNumbers ? DncSet.fromSorted(setup.dncNumbers) : undefined)
    : new DncRowChecker(options, setup.listType);
  const fields = STAGED_FIELDS[setup.kind];
  for await (const records of readCsv(input(), {
    batchSize: setup.batchSize, maxFieldBytes: setup.maxFieldBytes, maxRowBytes: setup.maxRowBytes, encoding: setup.encoding, invalidUtf8: 'mark',
  })) {
    const { rowsRead, staged, rejects }: CheckedBatch<object> = checker.check(records);
    const rows = staged as unknown as Array<Record<string, string | number>>;
    const packed = sawNul ? rows : packRows(rows, fields.texts, fields.numbers);
    await until(() => credits > 0);
    credits--;
    post({ type: 'batch', rowsRead, rejects, staged: packed });
  }
  if (checker instanceof ContactRowChecker && !checker.started) throw new FileError('the file is empty: it needs a header and rows');
  post({ type: 'done' });
}

run().catch((error: unknown) => {
  const e = error instanceof Error ? error : new Error(String(error));
  post({ type: 'failed', name: e.name, message: e instanceof CsvSyntaxError ? e.message.replace(/^line \d+: /, '') : e.message, ...(e instanceof CsvSyntaxError ? { line: e.line } : {}) });
});
