/**
 * Import contacts: a CSV file into a list, optionally scrubbed against the organization's DNC lists.
 * The upload is sent with a request id of the page's own, by which the page finds the run and shows
 * its progress while the POST (which answers once the import has committed) is under way; then the
 * outcome and the rejected rows. Below, the recent imports; `#import/ID` shows that import's report.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, call, messageOf, newRequestId, send, type ContactList, type ImportRun } from '../api.ts';
import { ImportReport } from './ImportReport.tsx';
import { ImportRuns } from './ImportRuns.tsx';
import { ProgressBar } from './ProgressBar.tsx';
import { RunProgress } from './RunStatus.tsx';
import { ErrorLine, ListSelect, Listing, loadLists, useLoad, usePoll, useRefreshWhile } from './common.tsx';
import { FORM, Field, fieldAria, useFieldErrors } from './fields.tsx';

interface Upload {
  requestId: string;
  fileName: string;
  listName: string;
  /** The run, once the server has started it. */
  run: ImportRun | null;
}

interface ImportReply {
  run: { id: number };
  added: number;
}

export function ImportContacts({ param }: { param?: string | undefined }) {
  const lists = useLoad<ContactList[]>(loadLists);
  const runs = useLoad<ImportRun[]>(() => call<ImportRun[]>('GET', '/imports?limit=20'));
  const [listId, setListId] = useState<number | ''>('');
  const [file, setFile] = useState<File | null>(null);
  const [scrub, setScrub] = useState(false);
  const [upload, setUpload] = useState<Upload | null>(null);
  const [shown, setShown] = useState<{ runId: number; added?: number } | null>(null);
  const form = useFieldErrors({ list: 'import-list', contactListId: 'import-list', body: 'import-file', fileName: 'import-file', scrub: 'import-scrub' });
  const fileInput = useRef<HTMLInputElement>(null);

  // #import/ID: that import's report (the page's own last import keeps what its reply told).
  useEffect(() => {
    const id = param !== undefined && /^\d+$/.test(param) ? Number(param) : null;
    if (id !== null) setShown((s) => (s?.runId === id ? s : { runId: id }));
  }, [param]);

  usePoll(upload?.requestId ?? null, async (requestId) => {
    const [run] = await call<ImportRun[]>('GET', `/imports?requestId=${requestId}`);
    if (run) setUpload((u) => (u?.requestId === requestId ? { ...u, run } : u));
  }, 500);
  useRefreshWhile(upload !== null || (runs.value?.some((r) => r.state === 'running') ?? false), runs.refresh, 1000, runs.loads);

  const submit = async (event: Event) => {
    event.preventDefault();
    form.clear();
    const list = lists.value?.find((l) => l.contactListId === listId);
    if (!list) return form.set({ 'import-list': 'Choose a contact list' });
    if (!file) return form.set({ 'import-file': 'Choose a CSV file' });
    const requestId = newRequestId();
    setUpload({ requestId, fileName: file.name, listName: list.contactListName, run: null });
    setShown(null);
    try {
      const path = `/imports/contacts?contactListId=${list.contactListId}&scrub=${scrub}&fileName=${encodeURIComponent(file.name)}&requestId=${requestId}`;
      const reply = await send<ImportReply | { error?: { importRunId?: number } }>('POST', path, { csv: file });
      const failedRun = (reply.body as { error?: { importRunId?: number } } | undefined)?.error?.importRunId;
      const runId = reply.ok ? (reply.body as ImportReply).run.id : failedRun;
      if (runId === undefined) throw new ApiError(messageOf(reply.body, reply.status), reply.status, reply.body);
      setShown(reply.ok ? { runId, added: (reply.body as ImportReply).added } : { runId });
      location.hash = `#import/${runId}`;
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
    } catch (e) {
      form.fromError(e);
    } finally {
      setUpload(null);
      void runs.refresh();
      void lists.refresh();
    }
  };

  const e = form.errors;
  return (
    <>
      <div class="columns">
        <section aria-labelledby="import-form-title">
          <h3 id="import-form-title">Import a file</h3>
          <form onSubmit={(ev) => void submit(ev)} class="form" noValidate>
            <Field id="import-list" label="Contact list" error={e['import-list']}>
              <ListSelect id="import-list" lists={lists.value ?? []} value={listId} onChange={setListId} aria={fieldAria('import-list', e['import-list'])} />
            </Field>
            <Field id="import-file" label="CSV file" hint="(a header row: userContactId, firstName, lastName, phone1…, custom columns)" error={e['import-file']}>
              <input id="import-file" type="file" accept=".csv,text/csv,text/plain" ref={fileInput} {...fieldAria('import-file', e['import-file'])}
                onChange={(ev) => setFile(ev.currentTarget.files?.[0] ?? null)} />
            </Field>
            <label class="check" for="import-scrub">
              <input id="import-scrub" type="checkbox" checked={scrub} onChange={(ev) => setScrub(ev.currentTarget.checked)} />
              <span>Scrub against the DNC lists <small>(reject rows with a number on a phone DNC list of the organization)</small></span>
            </label>
            <ErrorLine text={e[FORM] ?? lists.error} />
            <button type="submit" disabled={upload !== null}>{upload ? 'Importing…' : 'Import'}</button>
          </form>
        </section>
        <section aria-labelledby="import-report-title">
          <h3 id="import-report-title">Progress and report</h3>
          {upload && (
            <div class="import-report" aria-live="polite">
              <p><strong>Importing</strong> {upload.fileName} → {upload.listName}</p>
              {upload.run
                ? <RunProgress run={upload.run} label="Import progress" />
                : <ProgressBar label="Import progress" percent={0} text="Starting the import" />}
            </div>
          )}
          {!upload && shown && <ImportReport key={shown.runId} runId={shown.runId} added={shown.added} />}
          {!upload && !shown && <p class="muted">Import a file to follow it here, or open the report of an import below.</p>}
        </section>
      </div>
      <Listing id="import-runs-title" title="Recent imports" refreshText="Refresh imports" loaded={runs} stacked>
        <ImportRuns runs={runs.value ?? []} labelledBy="import-runs-title" />
      </Listing>
    </>
  );
}
