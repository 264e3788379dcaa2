/**
 * Holds the files feeding imports (uploads over HTTP, run-once imports from the SFTP drop) once the
 * importer has taken `afterBytes` of one, until released: a test sees an import while it runs
 * without racing it. Only the next import started is held (`held` also resolves if its file ends
 * first, so a test never hangs on too short a file); `restore()` puts the importer back.
 */
import type { ContactImportRequest, DncImportRequest, Importer } from '../../src/imports/importer.ts';

export interface ImportGate {
  /** Resolves once an import is held. */
  held: Promise<void>;
  release(): void;
  restore(): void;
}

export function holdImports(importer: Importer, afterBytes: number): ImportGate {
  let release!: () => void;
  const released = new Promise<void>((resolve) => { release = resolve; });
  let reached!: () => void;
  const held = new Promise<void>((resolve) => { reached = resolve; });
  const { importContacts, importDnc } = importer;
  let used = false;
  const gated = <R extends ContactImportRequest | DncImportRequest>(req: R): R => {
    if (used) return req;
    used = true;
    const source = req.source.stream;
    const stream = (async function* () {
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
    return { ...req, source: { ...req.source, stream } };
  };
  importer.importContacts = (req) => importContacts.call(importer, gated(req));
  importer.importDnc = (req) => importDnc.call(importer, gated(req));
  return {
    held,
    release,
    restore: () => {
      importer.importContacts = importContacts;
      importer.importDnc = importDnc;
    },
  };
}
