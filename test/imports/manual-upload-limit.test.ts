/** ManualCheckerUpload stops a file past the file limit while it streams it to the SFTP drop, and schedules nothing. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NailupError } from '../../src/errors.ts';
import { manualCheckerUpload } from '../../src/utilities/manual-upload.ts';
import type { UtilityContext } from '../../src/utilities/context.ts';

describe('ManualCheckerUpload file limit', () => {
  it('stops the file at the limit, reading no further, and schedules nothing', async () => {
    let pulled = 0;
    let scheduled = false;
    const file = (async function* () {
      for (;;) {
        pulled++;
        yield Buffer.alloc(1000, 'x');
      }
    })();
    const ctx = {
      options: { timeZone: 'America/New_York', runOnceDelayMinutes: 5 },
      pom: {
        getDataSources: async () => [{ dataSourceType: 'append', fileName: 'List.csv', dataSourceName: 'ListSource' }],
        scheduleRunOnce: async () => {
          scheduled = true;
          return { scheduleId: 1 };
        },
      },
      drop: {
        configured: true,
        pathOf: (name: string) => `/upload/${name}`,
        // As SftpDrop.put: the source is streamed, and a failure comes back as an UPSTREAM_FAILED with its cause.
        put: async (_name: string, source: AsyncIterable<Buffer>) => {
          let size = 0;
          try {
            for await (const chunk of source) size += chunk.length;
          } catch (error) {
            throw new NailupError('UPSTREAM_FAILED', `SFTP drop: ${(error as Error).message}`, undefined, { cause: error });
          }
          return { size, modifiedAt: 0 };
        },
        stat: async () => ({ size: 1, modifiedAt: 0 }),
      },
    } as unknown as UtilityContext;
    const result = await manualCheckerUpload(ctx, { contactListId: 1, contactListName: 'List', file, type: 'append', dbId: undefined, userName: 'sup', maxBytes: 10_000 });
    assert.equal(result.isSuccess, false);
    assert.equal(result.errorInfo?.errorCode, 'FILE_TOO_LARGE');
    assert.match(result.errorInfo!.errorMessage, /larger than the 10000 bytes allowed/);
    assert.equal(pulled, 11, 'read up to the chunk that crossed the limit');
    assert.equal(scheduled, false);
  });
});
