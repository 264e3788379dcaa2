import { useState } from 'preact/hooks';
import { fetchPrefill, type Call, type DesktopConfig, type SalesField } from '../api.ts';
import { command, withToken, type AppState } from '../store.ts';

/** The sales screen: the agent picks one, its fields come filled from the call's data, the agent saves the record. */
export function SalesScreen({ app, call, config }: { app: AppState; call: Call; config: DesktopConfig }) {
  const [screenId, setScreenId] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [loading, setLoading] = useState(false);
  const screen = config.salesScreens.find((s) => s.id === screenId) ?? null;

  const choose = async (id: string): Promise<void> => {
    setScreenId(id);
    setValues({});
    if (!id) return;
    setLoading(true);
    const prefill = await withToken((token) => fetchPrefill(token, id));
    setLoading(false);
    const target = config.salesScreens.find((s) => s.id === id);
    if (!target) return;
    const filled: Record<string, string> = {};
    for (const f of target.fields) {
      const v = prefill?.fields[f.key] ?? '';
      filled[f.key] = f.type === 'select' && v !== '' && !f.options?.includes(v) ? '' : v;
    }
    setValues(filled);
  };
  const save = (e: Event): void => {
    e.preventDefault();
    if (screen) void command('salesRecord', { screenId: screen.id, fields: values });
  };
  const setValue = (key: string, value: string): void => setValues((v) => ({ ...v, [key]: value }));

  return (
    <section class="panel sales" aria-labelledby="sales-title">
      <div class="panel-head">
        <h2 id="sales-title">Sales screen</h2>
        {call.salesRecordSaved && <span class="chip chip-ok" role="status">Sales record saved</span>}
        <span class="spacer" />
        <label class="sr-only" for="sales-screen">Sales screen</label>
        <select id="sales-screen" class="head-select" value={screenId} onChange={(e) => void choose(e.currentTarget.value)}>
          <option value="">Choose a sales screen…</option>
          {config.salesScreens.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
        </select>
      </div>
      {loading && <p class="muted" role="status">Filling in the customer's data…</p>}
      {screen && !loading && (
        <form class="grid-form" onSubmit={save} aria-label={screen.name}>
          {screen.fields.map((f) => <Field key={f.key} field={f} value={values[f.key] ?? ''} onValue={(v) => setValue(f.key, v)} />)}
          <div class="actions field-wide">
            <button type="submit" class="primary" disabled={app.pending.includes('salesRecord')}>Save sales record</button>
          </div>
        </form>
      )}
    </section>
  );
}

function Field({ field, value, onValue }: { field: SalesField; value: string; onValue: (v: string) => void }) {
  const id = `sales-${field.key}`;
  const label = (
    <label for={id}>
      {field.label}
      {field.required && <span class="req" aria-hidden="true"> *</span>}
    </label>
  );
  const wide = field.type === 'textarea';
  const input = (e: Event): void => onValue((e.currentTarget as HTMLInputElement).value);
  return (
    <div class={`field ${wide ? 'field-wide' : ''}`}>
      {label}
      {field.type === 'select' ? (
        <select id={id} value={value} onChange={input} required={field.required}>
          <option value="">—</option>
          {(field.options ?? []).map((o) => <option key={o} value={o}>{o}</option>)}
        </select>
      ) : field.type === 'textarea' ? (
        <textarea id={id} rows={2} value={value} onInput={input} required={field.required} />
      ) : (
        <input id={id} type={field.type === 'number' ? 'number' : 'text'} step={field.type === 'number' ? 'any' : undefined} value={value} onInput={input} required={field.required} />
      )}
    </div>
  );
}
