/**
 * A contact file's columns and rows. The header names the columns (any case; spaces, `_` and `-`
 * ignored): userContactId (or id, contactId), title, firstName, lastName, phone1…phone10 (or phone,
 * phoneNumber1…), timezone, email1…email5 (or email), address1…address5, country, zipCode, state,
 * priority. Every other column is a custom field (CAMP_ID, expiry, Account Number…).
 */
import type { NewContact, RejectReason, RejectedAccount, StagedContact } from '../store/records.ts';
import { isTimeZone } from '../dialer/compliance/calling-window.ts';
import type { PhoneNormalizer } from './phone.ts';

export type ColumnRole =
  | { kind: 'userContactId' | 'title' | 'firstName' | 'lastName' | 'timezone' | 'country' | 'zipCode' | 'state' | 'priority' }
  | { kind: 'phone' | 'email' | 'address'; index: number }
  | { kind: 'custom'; name: string };

export interface ContactColumns {
  roles: ColumnRole[];
  header: string[];
  phoneColumns: number;
}

export class FileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileError';
  }
}

const key = (name: string): string => name.toLowerCase().replace(/[\s_\-.]/g, '');

const SIMPLE: Record<string, ColumnRole['kind']> = {
  usercontactid: 'userContactId', contactid: 'userContactId', id: 'userContactId',
  title: 'title', firstname: 'firstName', lastname: 'lastName',
  timezone: 'timezone', tz: 'timezone', country: 'country', zipcode: 'zipCode', zip: 'zipCode', postalcode: 'zipCode',
  state: 'state', priority: 'priority',
};

/** Reads the header; throws FileError if a required column is missing or a column is named twice. */
export function contactColumns(header: readonly string[]): ContactColumns {
  const roles: ColumnRole[] = [];
  const seen = new Map<string, string>();
  let phoneColumns = 0;
  header.forEach((raw) => {
    const name = raw.trim();
    const k = key(name);
    let role: ColumnRole;
    const simple = SIMPLE[k];
    const numbered = /^(phone|phonenumber|email|emailaddress|address|addressline|line)(\d{0,2})$/.exec(k);
    if (simple) role = { kind: simple } as ColumnRole;
    else if (numbered) {
      const index = numbered[2] === '' ? 1 : Number(numbered[2]);
      const base = numbered[1]!;
      const kind = base.startsWith('phone') ? 'phone' : base.startsWith('email') ? 'email' : 'address';
      const max = kind === 'phone' ? 10 : 5;
      if (index < 1 || index > max) throw new FileError(`column ${JSON.stringify(name)}: ${kind} columns are numbered 1 to ${max}`);
      role = { kind, index };
      if (kind === 'phone') phoneColumns++;
    } else {
      if (name === '') throw new FileError(`column ${roles.length + 1} of the header has no name`);
      role = { kind: 'custom', name };
    }
    const id = role.kind === 'custom' ? `custom:${role.name}` : 'index' in role ? `${role.kind}${role.index}` : role.kind;
    const previous = seen.get(id);
    if (previous !== undefined) throw new FileError(`columns ${JSON.stringify(previous)} and ${JSON.stringify(name)} are the same field`);
    seen.set(id, name);
    roles.push(role);
  });
  if (!roles.some((r) => r.kind === 'userContactId')) throw new FileError('the header has no userContactId column');
  if (phoneColumns === 0) throw new FileError('the header has no phone column (phone1 … phone10)');
  return { roles, header: header.map((h) => h.trim()), phoneColumns };
}

/**
 * The account a contact row names, as the file gives it (trimmed, not checked): its userContactId, its
 * name and its first number. What the Account Not in Listing report shows of a row that was rejected.
 */
export function accountOfFields(columns: ContactColumns, fields: readonly string[]): RejectedAccount {
  let userContactId = '';
  let firstName = '';
  let lastName = '';
  let number = '';
  let numberIndex = Infinity;
  for (let i = 0; i < columns.roles.length; i++) {
    const role = columns.roles[i]!;
    const value = (fields[i] ?? '').trim();
    if (role.kind === 'userContactId') userContactId = value;
    else if (role.kind === 'firstName') firstName = value;
    else if (role.kind === 'lastName') lastName = value;
    else if (role.kind === 'phone' && value !== '' && role.index < numberIndex) {
      number = value;
      numberIndex = role.index;
    }
  }
  return { userContactId, name: `${firstName} ${lastName}`.trim(), number };
}

export type RowResult =
  | { ok: true; contact: NewContact }
  | { ok: false; reason: RejectReason; field: string; message: string; value: string };

export interface RowContext {
  phones: PhoneNormalizer;
  /** The zone of a number whose own cannot be told. */
  fallbackTimeZone: string;
  /** Cache of time zone names checked. */
  zones: Map<string, boolean>;
}

/** One data row as a contact, or why it is rejected. */
export function contactOfRow(columns: ContactColumns, fields: readonly string[], ctx: RowContext): RowResult {
  if (fields.length > columns.roles.length) {
    return { ok: false, reason: 'bad_value', field: '', message: `the row has ${fields.length} fields, the header ${columns.roles.length}`, value: '' };
  }
  let userContactId = '';
  let title = '';
  let firstName = '';
  let lastName = '';
  let timezone = '';
  let country = '';
  let zipCode = '';
  let state = '';
  let priority = 0;
  const rawPhones: Array<{ index: number; value: string; column: string }> = [];
  const emails: string[] = [];
  const lines = ['', '', '', '', ''];
  const customFields: Record<string, string> = {};
  for (let i = 0; i < columns.roles.length; i++) {
    const value = (fields[i] ?? '').trim();
    const role = columns.roles[i]!;
    switch (role.kind) {
      case 'userContactId': userContactId = value; break;
      case 'title': title = value; break;
      case 'firstName': firstName = value; break;
      case 'lastName': lastName = value; break;
      case 'timezone': timezone = value; break;
      case 'country': country = value; break;
      case 'zipCode': zipCode = value; break;
      case 'state': state = value; break;
      case 'priority':
        if (value !== '') {
          if (!/^\d{1,3}$/.test(value) || Number(value) > 100) {
            return { ok: false, reason: 'bad_value', field: columns.header[i]!, message: 'priority must be a whole number from 0 to 100', value };
          }
          priority = Number(value);
        }
        break;
      case 'phone': if (value !== '') rawPhones.push({ index: role.index, value, column: columns.header[i]! }); break;
      case 'email': if (value !== '') emails.push(value); break;
      case 'address': lines[role.index - 1] = value; break;
      case 'custom': if (value !== '') customFields[role.name] = value; break;
    }
  }
  if (userContactId === '') return { ok: false, reason: 'missing_field', field: 'userContactId', message: 'userContactId is empty', value: '' };
  if (rawPhones.length === 0) return { ok: false, reason: 'missing_field', field: 'phone1', message: 'the contact has no phone number', value: '' };
  if (timezone !== '') {
    let known = ctx.zones.get(timezone);
    if (known === undefined) {
      known = isTimeZone(timezone);
      ctx.zones.set(timezone, known);
    }
    if (!known) return { ok: false, reason: 'bad_value', field: 'timezone', message: `${timezone} is not an IANA time zone`, value: timezone };
  }
  rawPhones.sort((a, b) => a.index - b.index);
  const phones: NewContact['phones'] = [];
  const seen = new Set<string>();
  let firstRegion = '';
  for (const raw of rawPhones) {
    const result = ctx.phones.normalize(raw.value);
    if (!result.ok) return { ok: false, reason: 'bad_number', field: raw.column, message: result.message, value: raw.value };
    if (seen.has(result.number)) continue;
    seen.add(result.number);
    if (phones.length === 0) firstRegion = result.region;
    phones.push({
      number: result.number,
      countryCode: result.countryCode,
      timezone: timezone !== '' ? timezone : result.timezone ?? ctx.fallbackTimeZone,
      state,
      wireless: false,
    });
  }
  return {
    ok: true,
    contact: {
      userContactId, title, firstName, lastName, phones, emails,
      address: { line1: lines[0]!, line2: lines[1]!, line3: lines[2]!, line4: lines[3]!, line5: lines[4]!, country: country || firstRegion, zipCode },
      customFields, priority,
    },
  };
}

/** A checked contact as the staging takes it: its lists and objects as JSON text. */
export function stagedContactOf(rowNumber: number, c: NewContact): StagedContact {
  return {
    rowNumber, userContactId: c.userContactId, title: c.title, firstName: c.firstName, lastName: c.lastName,
    phones: JSON.stringify(c.phones), emails: JSON.stringify(c.emails), address: JSON.stringify(c.address),
    customFields: JSON.stringify(c.customFields), priority: c.priority,
  };
}

// ── DNC files ───────────────────────────────────────────────────────────────

const DNC_HEADERS = new Set(['address', 'addresses', 'number', 'phone', 'phonenumber', 'dnc', 'email', 'emailaddress', 'usercontactid']);

/** Whether the first record of a DNC file is a header rather than an address. */
export function isDncHeader(fields: readonly string[]): boolean {
  return fields.length >= 1 && DNC_HEADERS.has(key(fields[0] ?? ''));
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** One address of a DNC file, normalized: E.164 for phone lists, lower case for e-mail lists. */
export function dncAddressOf(value: string, listType: 'phone' | 'email', phones: PhoneNormalizer): { ok: true; address: string } | { ok: false; reason: RejectReason; message: string } {
  const text = value.trim();
  if (text === '') return { ok: false, reason: 'missing_field', message: 'the address is empty' };
  if (listType === 'email') {
    return EMAIL.test(text) ? { ok: true, address: text.toLowerCase() } : { ok: false, reason: 'bad_value', message: `${text} is not an e-mail address` };
  }
  const result = phones.normalize(text);
  return result.ok ? { ok: true, address: result.number } : { ok: false, reason: 'bad_number', message: result.message };
}
