import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/log/logger.ts';
import type { Json } from './nailup.ts';

/** A logger at info whose every line is kept, parsed, in `lines`: what an operator would read. */
export function capturingLogger(): { logger: Logger; lines: Json[] } {
  const lines: Json[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger('info', 'all', sink), lines };
}
