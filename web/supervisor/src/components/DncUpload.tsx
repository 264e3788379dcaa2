import { Fragment } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { call, messageOf, send, type ContactList, type DncList, type DncReply, type RejectRow } from '../api.ts';
import { ErrorLine, ListSelect, loadLists, useAction, useLoad, when } from './common.tsx';
import { RejectsTable } from './RejectsTable.tsx';

type Operation = 'import' | 'organization' | 'contacts';

const OPERATIONS: Record<Operation, string> = {
  import: 'Add to a DNC list (skip bad rows)',
  organization: 'Add to the organization list (all or nothing)',
  contacts: 'Mark contacts uncallable (all or nothing)',
};

interface Report {
  ok: boolean;
  message: string;
  counts: Array<[string, number]>;
  rejects: RejectRow[];
}

interface ImportReply {
  run: { id: number; rowsRead: number; rowsAccepted: number; rowsRejected: number };
  added: number;
}

export function DncUpload() {
  const dncLists = useLoad<DncList[]>(() => call<DncList[]>('GET', '/dnc-lists'));
  const lists = useLoad<ContactList[]>(loadLists);
  const [operation, setOperation] = useState<Operation>('import');
  const [dncName, setDncName] = useState('');
  const [listId, setListId] = useState<number | ''>('');
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState('');
  const { busy, error, setError, run } = useAction();
  const [report, setReport] = useState<Report | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const clearFile = () => {
    setFile(null);
    if (fileInput.current) fileInput.current.value = '';
  };

  const upload = async (body: Blob | string, fileName: string): Promise<Report> => {
    if (operation === 'import') {
      const name = dncName || dncLists.value?.[0]?.DNCListName || '';
      const reply = await send<ImportReply>('POST', `/imports/dnc?list=${encodeURIComponent(name)}&fileName=${encodeURIComponent(fileName)}`, { csv: body });
      if (!reply.ok) throw new Error(messageOf(reply.body, reply.status));
      const { run, added } = reply.body;
      const rejects = run.rowsRejected > 0 ? await call<RejectRow[]>('GET', `/imports/${run.id}/rejects?limit=1000`) : [];
      return {
        ok: true,
        message: `${added} added to ${name}${run.rowsRejected ? `, ${run.rowsRejected} rejected` : ''}`,
        counts: [['Rows read', run.rowsRead], ['Accepted', run.rowsAccepted], ['Rejected', run.rowsRejected], ['Added', added]],
        rejects,
      };
    }
    const list = lists.value?.find((l) => l.contactListId === listId);
    const path = operation === 'organization' ? '/dnc/addresses'
      : `/dnc/contacts?contactListId=${list?.contactListId ?? ''}&contactListName=${encodeURIComponent(list?.contactListName ?? '')}`;
    const reply = await send<DncReply>('POST', path, { csv: body });
    const r = reply.body;
    if (!r || typeof r.result !== 'boolean') throw new Error(messageOf(reply.body, reply.status));
    return {
      ok: r.result,
      message: r.result ? `${r.changed} ${operation === 'organization' ? 'added' : 'marked uncallable'}` : `Nothing changed: ${messageOf(r, reply.status)}`,
      counts: [['Rows', r.rows], ['Sent', r.sent], ['Rejected', r.rejected], [operation === 'organization' ? 'Added' : 'Marked', r.changed]],
      rejects: r.rejects ?? [],
    };
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setError('');
    setReport(null);
    if (!file && !text.trim()) return setError('Choose a CSV file or paste the rows');
    if (operation === 'contacts' && listId === '') return setError('Choose a contact list');
    if (operation === 'import' && !dncName && !dncLists.value?.length) return setError('There is no DNC list');
    await run(async () => {
      setReport(await upload(file ?? text, file?.name ?? 'pasted.csv'));
      await dncLists.reload();
    });
  };

  return (
    <div class="columns">
      <section aria-labelledby="dnc-form-title">
        <h3 id="dnc-form-title">Upload</h3>
        <form onSubmit={(e) => void submit(e)} class="form" noValidate>
          <label for="dnc-operation">Operation</label>
          <select id="dnc-operation" value={operation} onChange={(e) => setOperation(e.currentTarget.value as Operation)}>
            {(Object.keys(OPERATIONS) as Operation[]).map((op) => <option key={op} value={op}>{OPERATIONS[op]}</option>)}
          </select>
          {operation === 'import' && (
            <>
              <label for="dnc-list">DNC list</label>
              <select id="dnc-list" value={dncName || dncLists.value?.[0]?.DNCListName || ''} onChange={(e) => setDncName(e.currentTarget.value)}>
                {(dncLists.value ?? []).map((l) => <option key={l.DNCListId} value={l.DNCListName}>{l.DNCListName}</option>)}
              </select>
            </>
          )}
          {operation === 'contacts' && (
            <>
              <label for="dnc-contact-list">Contact list</label>
              <ListSelect id="dnc-contact-list" lists={lists.value ?? []} value={listId} onChange={setListId} />
            </>
          )}
          <label for="dnc-file">CSV file <small>(one column: {operation === 'contacts' ? 'userContactId' : 'phone number'})</small></label>
          <div class="file-row">
            <input id="dnc-file" type="file" accept=".csv,text/csv,text/plain" ref={fileInput} onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
            {file && <button type="button" class="secondary" onClick={clearFile}>Clear file</button>}
          </div>
          <label for="dnc-text">Or paste the rows</label>
          <textarea id="dnc-text" rows={6} value={text} disabled={file !== null} onInput={(e) => setText(e.currentTarget.value)} />
          <ErrorLine text={error || dncLists.error} />
          <button type="submit" disabled={busy}>{busy ? 'Uploading…' : 'Upload'}</button>
        </form>
      </section>
      <section aria-labelledby="dnc-report-title">
        <h3 id="dnc-report-title">Report</h3>
        {!report && <p class="muted">Upload a file to see its report.</p>}
        {report && (
          <div class="result" role="status" aria-label="DNC report">
            <p class={report.ok ? 'ok' : 'bad'} data-field="message">{report.message}</p>
            <dl class="counts">
              {report.counts.map(([label, n]) => <Fragment key={label}><dt>{label}</dt><dd data-count={label}>{n}</dd></Fragment>)}
            </dl>
            {report.rejects.length > 0 && <RejectsTable rows={report.rejects} />}
          </div>
        )}
        <h3 id="dnc-lists-title">DNC lists</h3>
        <table aria-labelledby="dnc-lists-title">
          <thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col" class="num">Addresses</th><th scope="col">Last updated</th></tr></thead>
          <tbody>
            {(dncLists.value ?? []).map((l) => (
              <tr key={l.DNCListId} data-dnc-list={l.DNCListName}><th scope="row">{l.DNCListName}</th><td>{l.listType}</td><td class="num" data-col="addresses">{l.totalAddresses}</td><td>{when(l.lastUpdated)}</td></tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
