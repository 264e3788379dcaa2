/**
 * Completion codes: what an agent ends a call with, what it does to the contact, and the campaigns
 * that offer it. Administrators create, change and delete codes and choose the campaigns (a code a
 * campaign offers cannot be deleted, nor taken from a campaign whose default it is: the API says
 * so); supervisors read.
 */
import { call, type Campaign, type CompletionCode } from '../api.ts';
import { Listing, useLoad } from './common.tsx';
import { useEditableRows } from './editable-rows.ts';
import { DataTable, EditDeleteActions } from './DataTable.tsx';
import { EntityForm, changed, flagOf, listOf, numberOf, textOf, type FormItem, type FormValues } from './EntityForm.tsx';
import type { PageProps } from './App.tsx';

const path = (id: string) => `/completion-codes/${encodeURIComponent(id)}`;

const NEXT_STATES = [
  { value: 'done', label: 'done (the contact is finished)' },
  { value: 'retry', label: 'retry (dialed again later)' },
  { value: 'callback', label: 'callback (a callback is booked)' },
  { value: 'dnc', label: 'dnc (never called again)' },
];

function fields(creating: boolean, campaigns: readonly string[]): FormItem[] {
  return [
    ...(creating ? [{ name: 'codeId', label: 'Code ID', kind: 'text', hint: '(empty: the next free number)' } as const] : []),
    { name: 'codeValue', label: 'Name', kind: 'text', required: true },
    { name: 'nextState', label: 'Next state', kind: 'select', options: NEXT_STATES },
    {
      name: 'retryMinutes', label: 'Retry after (minutes)', kind: 'number', step: '1', min: '1',
      hint: '(empty: the campaign\'s retry rule for the call\'s result)', show: (v) => v.nextState === 'retry',
    },
    { name: 'sale', label: 'Counts as a sale', kind: 'checkbox' },
    { name: 'rightPartyContact', label: 'Right-party contact', kind: 'checkbox', hint: 'The person the contact is for was reached.' },
    { name: 'campaigns', label: 'Offered by', kind: 'checkboxes', options: campaigns },
  ];
}

const valuesOf = (c?: CompletionCode): FormValues => ({
  codeId: c?.codeId ?? '', codeValue: c?.codeValue ?? '', nextState: c?.nextState ?? 'done',
  retryMinutes: c?.retryMinutes == null ? '' : String(c.retryMinutes), sale: c?.sale ?? false, rightPartyContact: c?.rightPartyContact ?? false,
  campaigns: c?.campaigns ?? [],
});

function bodyOf(v: FormValues): Record<string, unknown> {
  return {
    codeValue: textOf(v.codeValue), nextState: textOf(v.nextState), retryMinutes: v.nextState === 'retry' ? numberOf(v.retryMinutes) : null,
    sale: flagOf(v.sale), rightPartyContact: flagOf(v.rightPartyContact), campaigns: listOf(v.campaigns),
  };
}

const yes = (b: boolean) => (b ? 'yes' : 'no');

export function CompletionCodes({ session }: PageProps) {
  const administrator = session.role === 'administrator';
  const codes = useLoad<CompletionCode[]>(() => call<CompletionCode[]>('GET', '/completion-codes'));
  const campaigns = useLoad<Campaign[]>(() => (administrator ? call<Campaign[]>('GET', '/campaigns') : Promise.resolve([])));
  const { editing, setEditing, busy, messages, save, remove } = useEditableRows(codes, (c) => c.codeId, path);

  const create = async (v: FormValues) => {
    const codeId = textOf(v.codeId);
    const code = await call<CompletionCode>('POST', '/completion-codes', { ...(codeId ? { codeId } : {}), ...bodyOf(v) });
    await codes.reload();
    return `Created code ${code.codeId} (${code.codeValue})`;
  };

  const update = (v: FormValues) => save(changed(bodyOf(v), editing as unknown as Record<string, unknown>));

  const table = (
    <Listing id="codes-title" title="Completion codes" refreshText="Refresh codes" loaded={codes}>
      <DataTable<CompletionCode> labelledBy="codes-title" label="Completion codes" rows={codes.value} rowKey={(c) => c.codeId}
        rowAttrs={(c) => ({ 'data-code': c.codeId })} empty="No completion codes" search="Search codes" scroll
        columns={[
          { key: 'codeId', title: 'ID', text: (c) => c.codeId },
          { key: 'codeValue', title: 'Name', text: (c) => c.codeValue, rowHeader: true },
          { key: 'nextState', title: 'Next state', text: (c) => c.nextState },
          { key: 'retryMinutes', title: 'Retry (min)', text: (c) => c.retryMinutes ?? '—', num: true },
          { key: 'sale', title: 'Sale', text: (c) => yes(c.sale) },
          { key: 'rpc', title: 'RPC', text: (c) => yes(c.rightPartyContact) },
          { key: 'campaigns', title: 'Campaigns', text: (c) => c.campaigns.join(', ') || '—', class: 'words' },
        ]}
        actions={administrator ? (c) => (
          <EditDeleteActions name={c.codeValue} disabled={busy !== null} onEdit={() => setEditing(c)} onDelete={() => remove(c)} message={messages[c.codeId]} />
        ) : undefined} />
    </Listing>
  );
  if (!administrator) return table;
  const names = (campaigns.value ?? []).map((c) => c.campaignName);
  return (
    <div class="columns">
      <section aria-labelledby={editing ? 'edit-code-title' : 'new-code-title'}>
        {editing
          ? <EntityForm key={`edit-${editing.codeId}`} id="edit-code" title={`Edit code ${editing.codeValue} (${editing.codeId})`} items={fields(false, names)}
              initial={valuesOf(editing)} submitText="Save code" onSubmit={update} onCancel={() => setEditing(null)} />
          : <EntityForm key="new" id="new-code" title="New completion code" items={fields(true, names)} initial={valuesOf()}
              submitText="Create code" onSubmit={create} resetOnDone />}
      </section>
      {table}
    </div>
  );
}
