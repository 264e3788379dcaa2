/**
 * Inbound queues: each queue's skill, routing, service level, announcements, overflow, wrap-up and
 * completion codes, and the teams that blend into it. Administrators create, change and delete queues
 * (a queue a team blends into, or another overflows into, stays: the API says why); supervisors read.
 */
import { call, type CompletionCode, type Queue } from '../api.ts';
import { Listing, useLoad } from './common.tsx';
import { useEditableRows } from './editable-rows.ts';
import { DataTable, EditDeleteActions } from './DataTable.tsx';
import { EntityForm, changed, listOf, numberOf, textOf, type FormItem, type FormValues } from './EntityForm.tsx';
import type { PageProps } from './App.tsx';

const path = (name: string) => `/queues/${encodeURIComponent(name)}`;

const ROUTINGS = [
  { value: 'longestIdle', label: 'longest idle (the free agent idle longest)' },
  { value: 'mostSkilled', label: 'most skilled (best skill level, then idle longest)' },
];

function fields(creating: boolean, others: readonly string[], codes: readonly CompletionCode[]): FormItem[] {
  const codeOptions = codes.map((c) => ({ value: c.codeId, label: `${c.codeValue} (${c.codeId})` }));
  const seconds = (name: string, label: string, min: string, hint?: string) =>
    ({ name, label, kind: 'number', step: '1', min, max: '3600', hint } as const);
  return [
    ...(creating ? [{ name: 'name', label: 'Queue name', kind: 'text', required: true } as const] : []),
    { name: 'organization', label: 'Organization', kind: 'text', hint: creating ? '(empty: the first organization)' : undefined },
    { name: 'skill', label: 'Skill', kind: 'text', required: true, hint: '(agents holding it take the queue\'s calls)' },
    { name: 'routing', label: 'Routing', kind: 'select', options: ROUTINGS },
    {
      group: 'Service', columns: 2, fields: [
        seconds('serviceLevelSeconds', 'Service level (s)', '1', '(answered within)'),
        seconds('announcementSeconds', 'Announcements every (s)', '0', '(0: music only)'),
        seconds('wrapupSeconds', 'Wrap-up (s)', '0', '(0: no limit)'),
      ],
    },
    {
      group: 'Overflow', columns: 2, fields: [
        { name: 'overflowQueue', label: 'Overflow to', kind: 'select', options: others, placeholder: 'None' },
        { ...seconds('overflowAfterSeconds', 'Overflow after (s)', '1'), show: (v) => textOf(v.overflowQueue) !== '' },
      ],
    },
    { name: 'completionCodes', label: 'Completion codes', kind: 'checkboxes', options: codeOptions, hint: creating ? '(none chosen: every code)' : undefined },
    { name: 'defaultCompletionCode', label: 'Default code', kind: 'select', options: codeOptions, placeholder: creating ? 'The first code chosen' : undefined, hint: '(given when wrap-up runs out)' },
  ];
}

const valuesOf = (q?: Queue): FormValues => ({
  name: q?.name ?? '', organization: q?.organization ?? '', skill: q?.skill ?? '', routing: q?.routing ?? 'longestIdle',
  serviceLevelSeconds: String(q?.serviceLevelSeconds ?? 20), announcementSeconds: String(q?.announcementSeconds ?? 30),
  wrapupSeconds: String(q?.wrapupSeconds ?? 60), overflowQueue: q?.overflowQueue ?? '', overflowAfterSeconds: String(q?.overflowAfterSeconds ?? 60),
  completionCodes: q?.completionCodes ?? [], defaultCompletionCode: q?.defaultCompletionCode ?? '',
});

/** The fields every form sends (what it cannot leave to the server's defaults). */
function bodyOf(v: FormValues): Record<string, unknown> {
  const overflowQueue = textOf(v.overflowQueue) || null;
  return {
    skill: textOf(v.skill), routing: textOf(v.routing), serviceLevelSeconds: numberOf(v.serviceLevelSeconds),
    announcementSeconds: numberOf(v.announcementSeconds), wrapupSeconds: numberOf(v.wrapupSeconds), overflowQueue,
    ...(overflowQueue === null ? {} : { overflowAfterSeconds: numberOf(v.overflowAfterSeconds) }),
  };
}

const seconds = (n: number) => `${n} s`;

export function Queues({ session }: PageProps) {
  const administrator = session.role === 'administrator';
  const queues = useLoad<Queue[]>(() => call<Queue[]>('GET', '/queues'));
  const codes = useLoad<CompletionCode[]>(() => (administrator ? call<CompletionCode[]>('GET', '/completion-codes') : Promise.resolve([])));
  const { editing, setEditing, busy, messages, save, remove } = useEditableRows(queues, (q) => q.name, path);

  const create = async (v: FormValues) => {
    const organization = textOf(v.organization);
    const chosen = listOf(v.completionCodes);
    const defaultCode = textOf(v.defaultCompletionCode);
    const queue = await call<Queue>('POST', '/queues', {
      name: textOf(v.name), ...(organization ? { organization } : {}), ...bodyOf(v),
      ...(chosen.length ? { completionCodes: chosen } : {}), ...(defaultCode ? { defaultCompletionCode: defaultCode } : {}),
    });
    await queues.reload();
    return `Created queue ${queue.name} (skill ${queue.skill})`;
  };

  const update = (v: FormValues) => save(changed({
    organization: textOf(v.organization), ...bodyOf(v), completionCodes: listOf(v.completionCodes), defaultCompletionCode: textOf(v.defaultCompletionCode),
  }, editing as unknown as Record<string, unknown>));

  const table = (
    <Listing id="queues-title" title="Inbound queues" refreshText="Refresh queues" loaded={queues}>
      <DataTable<Queue> labelledBy="queues-title" label="Inbound queues" rows={queues.value} rowKey={(q) => q.name} rowAttrs={(q) => ({ 'data-queue': q.name })}
        empty="No inbound queues" search="Search queues" scroll
        columns={[
          { key: 'name', title: 'Queue', text: (q) => q.name, rowHeader: true },
          { key: 'skill', title: 'Skill', text: (q) => q.skill },
          { key: 'routing', title: 'Routing', text: (q) => (q.routing === 'mostSkilled' ? 'most skilled' : 'longest idle') },
          { key: 'serviceLevel', title: 'Service level', text: (q) => seconds(q.serviceLevelSeconds), num: true },
          { key: 'announcements', title: 'Announce', text: (q) => (q.announcementSeconds === 0 ? 'music only' : `every ${seconds(q.announcementSeconds)}`) },
          { key: 'overflow', title: 'Overflow', text: (q) => (q.overflowQueue === null ? '—' : `${q.overflowQueue} after ${seconds(q.overflowAfterSeconds)}`), class: 'words' },
          { key: 'wrapup', title: 'Wrap-up', text: (q) => (q.wrapupSeconds === 0 ? 'no limit' : seconds(q.wrapupSeconds)), num: true },
          { key: 'codes', title: 'Codes', text: (q) => q.completionCodes.map((c) => (c === q.defaultCompletionCode ? `${c} (default)` : c)).join(', '), class: 'words' },
          { key: 'teams', title: 'Blending teams', text: (q) => q.blendingTeams.join(', ') || '—', class: 'words' },
        ]}
        actions={administrator ? (q) => (
          <EditDeleteActions name={q.name} disabled={busy !== null} onEdit={() => setEditing(q)} onDelete={() => remove(q)} message={messages[q.name]} />
        ) : undefined} />
    </Listing>
  );
  if (!administrator) return table;
  const codeList = codes.value ?? [];
  const names = (queues.value ?? []).map((q) => q.name);
  return (
    <div class="columns">
      <section aria-labelledby={editing ? 'edit-queue-title' : 'new-queue-title'}>
        {editing
          ? <EntityForm key={`edit-${editing.name}`} id="edit-queue" title={`Edit ${editing.name}`} items={fields(false, names.filter((n) => n !== editing.name), codeList)}
              initial={valuesOf(editing)} submitText="Save queue" onSubmit={update} onCancel={() => setEditing(null)} />
          : <EntityForm key="new" id="new-queue" title="New queue" items={fields(true, names, codeList)} initial={valuesOf()}
              submitText="Create queue" onSubmit={create} resetOnDone />}
      </section>
      {table}
    </div>
  );
}
