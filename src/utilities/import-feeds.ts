/**
 * The uploads being imported under a client's request id. POST /imports/contacts answers only once
 * the import has committed; with the id, a page learns the run as soon as it starts and follows it
 * while it runs. An id lives while its upload runs.
 */
import { conflict } from '../errors.ts';

export class ImportFeed {
  runId: number | null = null;

  constructor(readonly requestId: string | undefined, private readonly closed: (feed: ImportFeed) => void) {}

  /** To be called from the importer's onStart. */
  started(runId: number): void {
    this.runId = runId;
  }

  /** The import has ended (committed or failed): the request id is free again. */
  close(): void {
    this.closed(this);
  }
}

export class ImportFeeds {
  private readonly byRequest = new Map<string, ImportFeed>();

  /** An upload under `requestId`; an id already in use by a running upload is a conflict. */
  open(requestId: string | undefined): ImportFeed {
    if (requestId !== undefined && this.byRequest.has(requestId)) throw conflict(`request ${requestId} is already running`);
    const feed = new ImportFeed(requestId, (f) => {
      if (f.requestId !== undefined && this.byRequest.get(f.requestId) === f) this.byRequest.delete(f.requestId);
    });
    if (requestId !== undefined) this.byRequest.set(requestId, feed);
    return feed;
  }

  /** The run of an upload still running, once its import has started. */
  runOfRequest(requestId: string): number | undefined {
    return this.byRequest.get(requestId)?.runId ?? undefined;
  }
}
