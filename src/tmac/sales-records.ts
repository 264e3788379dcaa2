import type { Clock } from '../clock/clock.ts';
import type { Store } from '../store/store.ts';
import { validationError } from '../errors.ts';
import type { TmacOptions } from './desktop-config.ts';
import type { DesktopSession } from './desktop-session.ts';
import { str } from './desktop-commands.ts';

/** What saving a sales screen needs of the TMAC server. */
export interface SalesRecordDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly salesScreens: TmacOptions['salesScreens'];
  /** Records what the agent did (the agent's actions). */
  record(agentId: string, action: string, details: Record<string, unknown>, result: number): Promise<void>;
}

/** The desktop's `salesRecord` command: the screen's fields checked against its definition, then stored with the call. */
export async function saveSalesRecord(deps: SalesRecordDeps, session: DesktopSession, input: Record<string, unknown>): Promise<void> {
  const screenId = str(input, 'screenId');
  const screen = deps.salesScreens.find((s) => s.id === screenId);
  if (!screen) throw validationError('screenId', `no sales screen ${screenId}`);
  const call = session.state.call;
  if (!call) throw validationError('call', 'there is no call on the desktop');
  const raw = input.fields;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw validationError('fields', 'must be an object of field values');
  const fields: Record<string, string> = {};
  for (const field of screen.fields) {
    const value = (raw as Record<string, unknown>)[field.key];
    if (value !== undefined && typeof value !== 'string') throw validationError(`fields.${field.key}`, 'must be a string');
    const text = (value ?? '').trim();
    if (field.required && text === '') throw validationError(`fields.${field.key}`, `${field.label} is required`);
    if (field.type === 'number' && text !== '' && !Number.isFinite(Number(text))) throw validationError(`fields.${field.key}`, `${field.label} must be a number`);
    if (field.type === 'select' && text !== '' && !field.options?.includes(text)) throw validationError(`fields.${field.key}`, `${field.label} must be one of ${field.options?.join(', ')}`);
    fields[field.key] = text;
  }
  const contactId = typeof call.contact.ContactID === 'number' ? call.contact.ContactID : null;
  await deps.store.salesRecords.insert({
    agentId: session.agentID, at: deps.clock.now(), screenId, connectionHandle: call.connectionHandle, campaignName: call.campaignName, contactId, fields,
  });
  await deps.record(session.agentID, 'salesRecord', { screenId, connectionHandle: call.connectionHandle }, 0);
  call.salesRecordSaved = true;
  session.push();
}
