import { useState } from 'preact/hooks';
import { call, messageOf, send, type DataSource, type ManualUploadReply, type UploadRecord } from '../api.ts';
import { Badge, ErrorLine, Listing, useAction, useLoad, useRefreshWhile, when } from './common.tsx';
import { UploadState } from './UploadState.tsx';

export function ManualUpload() {
  const sources = useLoad<DataSource[]>(() => call<DataSource[]>('GET', '/data-sources'));
  const records = useLoad<UploadRecord[]>(() => call<UploadRecord[]>('GET', '/manual-uploads'));
  const [sourceId, setSourceId] = useState<number | ''>('');
  const [file, setFile] = useState<File | null>(null);
  const { busy, error, setError, run } = useAction();
  const [result, setResult] = useState<ManualUploadReply | null>(null);

  // An upload's import is followed until it has ended: every second while one runs, else every 3 s.
  const uploads = records.value ?? [];
  const running = uploads.some((r) => r.state === 'running');
  useRefreshWhile(running || uploads.some((r) => r.state === 'scheduled'), records.refresh, running ? 1000 : 3000, records.loads);

  const appendSources = (sources.value ?? []).filter((s) => s.dataSourceType === 'append');
  const source = appendSources.find((s) => s.dataSourceId === sourceId);

  const submit = async (event: Event) => {
    event.preventDefault();
    setError('');
    setResult(null);
    if (!source) return setError('Choose a data source');
    await run(async () => {
      const path = `/manual-uploads?contactListId=${source.contactListId}&contactListName=${encodeURIComponent(source.contactListName)}&type=append`;
      const reply = await send<ManualUploadReply>('POST', path, file ? { csv: file } : {});
      if (!reply.body || typeof reply.body.isSuccess !== 'boolean') throw new Error(messageOf(reply.body, reply.status));
      setResult(reply.body);
      await records.reload();
    });
  };

  return (
    <>
      <div class="columns">
        <section aria-labelledby="upload-form-title">
          <h3 id="upload-form-title">Schedule an import</h3>
          <form onSubmit={(e) => void submit(e)} class="form" noValidate>
            <label for="upload-source">Data source (contact list)</label>
            <select id="upload-source" value={sourceId === '' ? '' : String(sourceId)} onChange={(e) => setSourceId(e.currentTarget.value === '' ? '' : Number(e.currentTarget.value))}>
              <option value="">Choose a data source…</option>
              {appendSources.map((s) => <option key={s.dataSourceId} value={String(s.dataSourceId)}>{s.dataSourceName} → {s.contactListName}</option>)}
            </select>
            <p class="hint" id="upload-drop-file">
              File on the SFTP drop: <strong data-field="drop-file">{source ? source.fileName : '—'}</strong>
            </p>
            <label for="upload-file">CSV file to put on the drop <small>(optional: without one, the file already there is used)</small></label>
            <input id="upload-file" type="file" accept=".csv,text/csv" aria-describedby="upload-drop-file" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
            <ErrorLine text={error || sources.error} />
            <button type="submit" disabled={busy}>{busy ? 'Scheduling…' : file ? 'Upload and schedule' : 'Schedule run-once'}</button>
          </form>
        </section>
        <section aria-labelledby="upload-result-title">
          <h3 id="upload-result-title">Result</h3>
          {!result && <p class="muted">The file is put on the SFTP drop and checked there; its import runs at the start time. Each upload below shows its import as it goes.</p>}
          {result && (
            <div class="result" role="status" aria-label="Upload result">
              <p class={result.isSuccess ? 'ok' : 'bad'} data-field="outcome">
                {result.isSuccess ? `Scheduled for ${result.startTime ?? '?'} (${result.timeZone})` : `Not scheduled: ${result.errorInfo?.displayMessage ?? 'failed'}`}
              </p>
              <dl>
                <dt>Data source</dt><dd>{result.dataSourceName ?? '—'}</dd>
                <dt>File</dt><dd>{result.fileName ?? '—'}{result.bytes !== null ? ` (${result.bytes} bytes)` : ''}</dd>
                <dt>Upload id</dt><dd data-field="uploadId">{result.uploadId ?? '—'}</dd>
                {result.errorInfo && <><dt>Error</dt><dd class="wrap">{result.errorInfo.errorMessage}</dd></>}
              </dl>
            </div>
          )}
        </section>
      </div>
      <Listing id="upload-records-title" title="Manual uploads" refreshText="Refresh uploads" loaded={records} stacked>
        <div class="scroll">
          <table aria-labelledby="upload-records-title">
            <thead><tr><th scope="col" class="num">#</th><th scope="col">List</th><th scope="col">File</th><th scope="col">Uploaded at</th><th scope="col">Upload id</th><th scope="col">State</th><th scope="col">Import</th><th scope="col">User</th></tr></thead>
            <tbody>
              {uploads.length === 0 && <tr><td colSpan={8} class="muted">No uploads yet</td></tr>}
              {uploads.map((r) => (
                <tr key={r.id} data-upload={r.uploadId ?? ''}>
                  <td class="num">{r.id}</td><td>{r.contactListName}</td><td>{r.fileName}</td><td>{when(r.uploadTime)}</td><td>{r.uploadId ?? '—'}</td>
                  <td data-col="state"><Badge state={r.state} /></td><td data-col="import" class="wide"><UploadState upload={r} /></td><td>{r.userName}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Listing>
    </>
  );
}
