import { useState } from 'preact/hooks';
import { serverNow, type Call, type DesktopConfig, type DesktopState } from '../api.ts';
import { command, type AppState } from '../store.ts';

const CALLBACK_TYPES: Record<string, string> = { Standard: 'Standard (any agent)', Agent: 'Agent', Campaign: 'Campaign', StrictAgent: 'Strict agent' };

/** A suggested time: in an hour, on the next quarter hour, in the contact's time zone. */
function suggestedTime(timeZone: string): { date: string; time: string } {
  const at = new Date(Math.ceil((serverNow() + 3600_000) / 900_000) * 900_000);
  try {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
        .formatToParts(at).map((p) => [p.type, p.value]),
    );
    return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
  } catch {
    return { date: at.toISOString().slice(0, 10), time: at.toISOString().slice(11, 16) };
  }
}

const browserZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

let zoneList: string[] | null = null;
function allZones(): string[] {
  if (zoneList) return zoneList;
  try {
    zoneList = Intl.supportedValuesOf('timeZone');
  } catch {
    zoneList = [];
  }
  return zoneList;
}

/** Schedules a callback for the contact (CreatePOMCallback). */
export function CallbackForm({ app, desk, call, config }: { app: AppState; desk: DesktopState; call: Call; config: DesktopConfig }) {
  const numbers = call.contact.ContactNumbers ?? [];
  const defaultNumber = numbers.find((n) => n.IsDefault) ?? numbers[0];
  const contactZone = defaultNumber?.Timezone || call.customer?.phones[0]?.timezone || browserZone();
  const firstZones = [...new Set([...numbers.map((n) => n.Timezone), ...(call.customer?.phones.map((p) => p.timezone) ?? []), browserZone()].filter(Boolean))];
  const zones = { first: firstZones, rest: allZones().filter((z) => !firstZones.includes(z)) };

  const [form, setForm] = useState(() => ({
    type: config.callbackTypes[0] ?? 'Agent',
    timeZone: contactZone,
    number: defaultNumber?.Number ?? '',
    notes: '',
    ...suggestedTime(contactZone),
  }));
  const set = (key: keyof typeof form) => (e: Event): void => {
    const value = (e.currentTarget as HTMLInputElement).value;
    setForm((f) => ({ ...f, [key]: value }));
  };
  // Choosing another number moves the time zone along, unless the agent picked a zone by hand.
  const setNumber = (e: Event): void => {
    const value = (e.currentTarget as HTMLSelectElement).value;
    setForm((f) => {
      const before = numbers.find((n) => n.Number === f.number)?.Timezone;
      const after = numbers.find((n) => n.Number === value)?.Timezone;
      return { ...f, number: value, timeZone: after && (!before || f.timeZone === before) ? after : f.timeZone };
    });
  };
  const can = desk.capabilities.createCallback === true && !app.pending.includes('callback');
  const submit = (e: Event): void => {
    e.preventDefault();
    if (can) void command('callback', { ...form });
  };

  return (
    <section class="panel callback" aria-labelledby="callback-title">
      <div class="panel-head">
        <h2 id="callback-title">Schedule a callback</h2>
        <span class="spacer" />
        {call.callbackCreated && <span class="chip chip-ok" role="status">Callback scheduled</span>}
      </div>
      <form class="grid-form three" onSubmit={submit}>
        <div class="field">
          <label for="cb-type">Callback type</label>
          <select id="cb-type" value={form.type} onChange={set('type')}>
            {config.callbackTypes.map((t) => <option key={t} value={t}>{CALLBACK_TYPES[t] ?? t}</option>)}
          </select>
        </div>
        <div class="field span-2">
          <label for="cb-number">Number</label>
          <select id="cb-number" value={form.number} onChange={setNumber} required>
            {numbers.map((n) => <option key={n.Number} value={n.Number}>{n.Number}{n.Name ? ` (${n.Name})` : ''}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="cb-date">Date</label>
          <input id="cb-date" type="date" value={form.date} onInput={set('date')} required />
        </div>
        <div class="field">
          <label for="cb-time">Time</label>
          <input id="cb-time" type="time" value={form.time} onInput={set('time')} required />
        </div>
        <div class="field">
          <label for="cb-zone">Time zone</label>
          <select id="cb-zone" value={form.timeZone} onChange={set('timeZone')} required>
            <optgroup label="Suggested">
              {zones.first.map((z) => <option key={z} value={z}>{z}</option>)}
            </optgroup>
            <optgroup label="All time zones">
              {zones.rest.map((z) => <option key={z} value={z}>{z}</option>)}
            </optgroup>
          </select>
        </div>
        <div class="field span-2">
          <label for="cb-notes">Callback notes</label>
          <textarea id="cb-notes" class="one-line" rows={1} value={form.notes} onInput={set('notes')} />
        </div>
        <div class="actions actions-end">
          <button type="submit" disabled={!can}>Schedule callback</button>
        </div>
      </form>
    </section>
  );
}
