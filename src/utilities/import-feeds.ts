/**
 * The files feeding the imports this process runs, as the importer reads them. Two things the import
 * runs do not hold: how much of the file is read (bytes of how many: a row count is only known once
 * the file is read whole, so the byte count is what a progress bar can show), and the request id a
 * client chose for its upload (POST /imports/contacts answers only once the import has committed;
 * with the id, a page learns the run and follows it while it runs). Both live while the import runs.
 */
import { conflict } from '../errors.ts';

export interface FeedProgress {
  bytesRead: number;
  /** The file's size, when known (Content-Length of an upload, size on the SFTP drop). */
  bytesTotal: number | null;
}

export class ImportFeed {
  bytesRead = 0;
  runId: number | null = null;
  /** The source stream, counting the bytes the importer takes from it. */
  readonly stream: AsyncIterable<Buffer>;

  constructor(source: AsyncIterable<Buffer | string>, readonly bytesTotal: number | null, readonly requestId: string | undefined, private readonly closed: (feed: ImportFeed) => void) {
    const count = (n: number): void => {
      this.bytesRead += n;
    };
    this.stream = (async function* () {
      for await (const chunk of source) {
        const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        count(buffer.length);
        yield buffer;
      }
    })();
  }

  progress(): FeedProgress {
    return { bytesRead: this.bytesRead, bytesTotal: this.bytesTotal };
  }

  /** To be called from the importer's onStart. */
  started(runId: number): void {
    this.runId = runId;
  }

  /** The import has ended (committed or failed): the feed is forgotten. */
  close(): void {
    this.closed(this);
  }
}

export class ImportFeeds {
  private readonly byRequest = new Map<string, ImportFeed>();
  private readonly running = new Set<ImportFeed>();

  /** A counted feed of `source`; a request id already in use by a running upload is a conflict. */
  open(source: AsyncIterable<Buffer | string>, options: { bytesTotal: number | null; requestId?: string }): ImportFeed {
    if (options.requestId !== undefined && this.byRequest.has(options.requestId)) throw conflict(`request ${options.requestId} is already running`);
    const feed = new ImportFeed(source, options.bytesTotal, options.requestId, (f) => {
      this.running.delete(f);
      if (f.requestId !== undefined && this.byRequest.get(f.requestId) === f) this.byRequest.delete(f.requestId);
    });
    this.running.add(feed);
    if (options.requestId !== undefined) this.byRequest.set(options.requestId, feed);
    return feed;
  }

  /** How much of a running import's file is read; undefined once it has ended, or if not fed here. */
  ofRun(runId: number): FeedProgress | undefined {
    for (const feed of this.running) if (feed.runId === runId) return feed.progress();
    return undefined;
  }

  /** The run of an upload still running, once its import has started. */
  runOfRequest(requestId: string): number | undefined {
    return this.byRequest.get(requestId)?.runId ?? undefined;
  }
}
