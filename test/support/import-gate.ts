/**
 * Holds the files feeding imports (uploads over HTTP, run-once imports from the SFTP drop) once the
 * importer has taken `afterBytes` of one, until released: a test sees an import while it runs
 * without racing it. Only the next import opened is held (`held` also resolves if its file ends
 * first, so a test never hangs on too short a file); `restore()` puts the feeds back.
 */
import type { ImportFeeds } from '../../src/utilities/import-feeds.ts';

export interface ImportGate {
  /** Resolves once an import is held. */
  held: Promise<void>;
  release(): void;
  restore(): void;
}

export function holdImports(feeds: ImportFeeds, afterBytes: number): ImportGate {
  let release!: () => void;
  const released = new Promise<void>((resolve) => { release = resolve; });
  let reached!: () => void;
  const held = new Promise<void>((resolve) => { reached = resolve; });
  const open = feeds.open;
  let used = false;
  feeds.open = function (source, options) {
    if (used) return open.call(feeds, source, options);
    used = true;
    const gated = (async function* () {
      let taken = 0;
      for await (const chunk of source) {
        if (taken >= afterBytes) {
          reached();
          await released;
        }
        taken += chunk.length;
        yield chunk;
      }
      reached();
    })();
    return open.call(feeds, gated, options);
  };
  return { held, release, restore: () => { feeds.open = open; } };
}
