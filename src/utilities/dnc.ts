/**
 * The two DNC utilities (protocol.md §6), and removing addresses:
 *
 * - DNC(contactListName, contactListId, csvFile, userName): the file's userContactIds are marked
 *   uncallable in the list (POM markuncallable).
 * - DNC(csvFile): the file's addresses go on the DNC list named after the organization.
 *
 * A file with a row that is not a userContactId / an address changes nothing: the reply lists the
 * failed values and every rejected row with its line and reason. Repeated values are reported and
 * sent once.
 */
import type { CountryCode } from 'libphonenumber-js/max';
import type { ImportRejectRecord } from '../store/records.ts';
import { PhoneNormalizer } from '../imports/phone.ts';
import { dncAddressOf } from '../imports/contact-rows.ts';
import type { PomDncList } from '../pom-rest/views.ts';
import { PomCallFailed, type ErrorInfo } from './pom-client.ts';
import { readValues, type ValuesFile } from './csv-values.ts';
import type { UtilityContext } from './context.ts';

/** The spec's DNCResponse, with the file's rejected rows. */
export interface DncResponse {
  result: boolean;
  failedContactIdList: string[] | null;
  errorInfo: ErrorInfo | null;
  /** Rows of the file read, values sent, and the rows rejected (the first 1000 listed). */
  rows: number;
  sent: number;
  rejected: number;
  rejects: ImportRejectRecord[];
  /** Contacts marked, or addresses added / removed. */
  changed: number;
}

const MAX_VALUES = 100_000;

function badFile(file: ValuesFile): DncResponse {
  return {
    result: false,
    failedContactIdList: file.rejects.filter((r) => r.reason !== 'duplicate').map((r) => r.value),
    errorInfo: {
      displayMessage: `${file.rejected} row${file.rejected === 1 ? '' : 's'} of the file cannot be used; nothing was changed`,
      errorMessage: file.rejects.slice(0, 5).map((r) => `line ${r.rowNumber}: ${r.message}`).join('; '),
      errorCode: 'INVALID_FILE',
    },
    rows: file.rows, sent: 0, rejected: file.rejected, rejects: file.rejects, changed: 0,
  };
}

function failedCall(error: PomCallFailed, file: ValuesFile): DncResponse {
  const failed = error.body.failedContactIdList;
  return {
    result: false,
    failedContactIdList: Array.isArray(failed) ? failed.map(String) : null,
    errorInfo: error.errorInfo,
    rows: file.rows, sent: 0, rejected: file.rejected, rejects: file.rejects, changed: 0,
  };
}

const blocking = (file: ValuesFile): boolean => file.rejects.some((r) => r.reason !== 'duplicate') || file.values.length === 0;

/** DNC [1]: mark the file's userContactIds uncallable in the list. */
export async function dncContacts(ctx: UtilityContext, contactListId: number, stream: AsyncIterable<Buffer | string>): Promise<DncResponse> {
  const file = await readValues(stream, {
    headers: ['userContactId', 'contactId', 'id'], field: 'userContactId', maxValues: MAX_VALUES,
    check: (v) => (v === '' ? { ok: false, reason: 'missing_field', message: 'the userContactId is empty' }
      : v.length > 200 ? { ok: false, reason: 'bad_value', message: 'a userContactId has at most 200 characters' } : { ok: true, value: v }),
  });
  if (blocking(file)) return file.values.length === 0 && file.rejected === 0 ? emptyFile(file) : badFile(file);
  try {
    const reply = await ctx.pom.markUncallable(contactListId, file.values);
    return { result: true, failedContactIdList: null, errorInfo: null, rows: file.rows, sent: file.values.length, rejected: file.rejected, rejects: file.rejects, changed: reply.marked };
  } catch (error) {
    if (error instanceof PomCallFailed) return failedCall(error, file);
    throw error;
  }
}

/** The organization's DNC list (named after it), or undefined. */
export async function organizationDncList(ctx: UtilityContext): Promise<PomDncList | undefined> {
  const lists = await ctx.pom.getDncLists();
  return lists.find((l) => l.DNCListName === ctx.options.organizationName);
}

/** DNC [2]: add (or remove) the file's addresses on the organization's DNC list. Undefined if there is no such list. */
export async function dncAddresses(ctx: UtilityContext, stream: AsyncIterable<Buffer | string>, remove = false): Promise<DncResponse | undefined> {
  const list = await organizationDncList(ctx);
  if (!list) return undefined;
  const phones = new PhoneNormalizer(ctx.options.defaultRegion as CountryCode);
  const listType = list.listType === 'email' ? 'email' : 'phone';
  const file = await readValues(stream, {
    headers: ['address', 'addresses', 'number', 'phone', 'phoneNumber', 'dnc', 'email'], field: 'address', maxValues: MAX_VALUES,
    check: (v) => {
      const r = dncAddressOf(v, listType, phones);
      return r.ok ? { ok: true, value: r.address } : r;
    },
  });
  if (blocking(file)) return file.values.length === 0 && file.rejected === 0 ? emptyFile(file) : badFile(file);
  try {
    const changed = remove
      ? (await ctx.pom.removeDncAddresses(list.DNCListId, file.values)).removed
      : (await ctx.pom.addDncAddresses(list.DNCListId, file.values)).added;
    return { result: true, failedContactIdList: null, errorInfo: null, rows: file.rows, sent: file.values.length, rejected: file.rejected, rejects: file.rejects, changed };
  } catch (error) {
    if (error instanceof PomCallFailed) return failedCall(error, file);
    throw error;
  }
}

function emptyFile(file: ValuesFile): DncResponse {
  return {
    result: false, failedContactIdList: [],
    errorInfo: { displayMessage: 'The file has no values', errorMessage: 'the file holds no row after its header', errorCode: 'INVALID_FILE' },
    rows: file.rows, sent: 0, rejected: 0, rejects: [], changed: 0,
  };
}
