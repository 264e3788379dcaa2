/**
 * ManualCheckerUpload(contactListId, contactListName, file, type, dbId) (protocol.md §6):
 *
 * 1. Find the list's data source of the type ("append"); none is an error.
 * 2. Put the file on the SFTP drop as that data source's file (when a file is given), and verify it
 *    is there, whole, before anything is scheduled.
 * 3. Schedule a run-once import of the data source: StartTime now + 5 minutes, in the configured zone.
 * 4. Record the upload time and the schedule's id (the upload id) in Outbound_ManualUploadUtility:
 *    the row `dbId` when given, a new row otherwise.
 */
import { NailupError, notFound, validationError } from '../errors.ts';
import type { ManualUploadRecord } from '../store/records.ts';
import { formatZoned } from './zoned-time.ts';
import { PomCallFailed, type ErrorInfo } from './pom-client.ts';
import type { PomResponse, UtilityContext } from './context.ts';
import { boundedBytes, DEFAULT_IMPORT_LIMITS, FileTooLarge } from '../imports/import-limits.ts';

export interface ManualUploadRequest {
  contactListId: number;
  contactListName: string;
  /** The file's bytes, or undefined to use the file already on the drop. */
  file: AsyncIterable<Buffer | string> | undefined;
  type: string;
  dbId: number | undefined;
  userName: string;
  /** The most bytes the file may have (imports.maxFileBytes: the run-once import would refuse more). */
  maxBytes?: number;
}

/** The spec's PomManualUploadResponse, with what was done. */
export interface PomManualUploadResponse extends PomResponse {
  dbId: number | null;
  uploadId: string | null;
  dataSourceName: string | null;
  fileName: string | null;
  bytes: number | null;
  startTime: string | null;
  timeZone: string;
}

export async function manualCheckerUpload(ctx: UtilityContext, r: ManualUploadRequest): Promise<PomManualUploadResponse> {
  if (r.type !== 'append') throw validationError('type', 'must be append');
  if (!Number.isSafeInteger(r.contactListId) || r.contactListId < 1) throw validationError('contactListId', 'must be a contact list id');
  const timeZone = ctx.options.timeZone;
  let row: ManualUploadRecord | undefined;
  if (r.dbId !== undefined) {
    row = await ctx.store.manualUploads.findById(r.dbId);
    if (!row) throw notFound(`manual upload ${r.dbId}`);
    if (row.contactListId !== r.contactListId) throw validationError('dbId', `upload ${r.dbId} is for contact list ${row.contactListId}, not ${r.contactListId}`);
  }
  const failure = async (errorInfo: ErrorInfo, fileName: string | null): Promise<PomManualUploadResponse> => {
    if (row) await ctx.store.manualUploads.update(row.id, { status: 'failed', error: errorInfo.errorMessage });
    return { isSuccess: false, errorInfo, dbId: row?.id ?? null, uploadId: null, dataSourceName: null, fileName, bytes: null, startTime: null, timeZone };
  };

  const source = (await ctx.pom.getDataSources(r.contactListId)).find((s) => s.dataSourceType === r.type);
  if (!source) {
    return failure({ displayMessage: `Contact list ${r.contactListName} has no ${r.type} data source`, errorMessage: `no data source of type ${r.type} for contact list ${r.contactListId}`, errorCode: 'NO_DATA_SOURCE' }, null);
  }
  if (!ctx.drop.configured) {
    return failure({ displayMessage: 'No SFTP drop is configured', errorMessage: 'set utilities.sftp (host, username, password or key, folder)', errorCode: 'SFTP_NOT_CONFIGURED' }, source.fileName);
  }
  let sent: number | undefined;
  const maxBytes = r.maxBytes ?? DEFAULT_IMPORT_LIMITS.maxFileBytes;
  try {
    // Streamed to the drop, never held: the file stops at the limit.
    if (r.file) sent = (await ctx.drop.put(source.fileName, boundedBytes(r.file, maxBytes))).size;
  } catch (error) {
    const tooLarge = error instanceof FileTooLarge ? error : error instanceof Error && error.cause instanceof FileTooLarge ? error.cause : undefined;
    if (tooLarge) {
      return failure({ displayMessage: `The file is larger than ${maxBytes} bytes; nothing was scheduled`, errorMessage: tooLarge.message, errorCode: 'FILE_TOO_LARGE' }, source.fileName);
    }
    if (!(error instanceof NailupError)) throw error;
    return failure({ displayMessage: 'The file could not be put on the SFTP drop', errorMessage: error.message, errorCode: 'SFTP_UPLOAD_FAILED' }, source.fileName);
  }
  let found;
  try {
    found = await ctx.drop.stat(source.fileName);
  } catch (error) {
    if (!(error instanceof NailupError)) throw error;
    return failure({ displayMessage: 'The SFTP drop cannot be checked', errorMessage: error.message, errorCode: 'SFTP_UNREACHABLE' }, source.fileName);
  }
  if (!found || found.size === 0 || (sent !== undefined && found.size !== sent)) {
    const what = !found ? 'is not on the SFTP drop' : found.size === 0 ? 'is empty on the SFTP drop' : `has ${found.size} bytes on the SFTP drop, ${sent} were sent`;
    return failure({ displayMessage: `${source.fileName} ${what}; nothing was scheduled`, errorMessage: `${ctx.drop.pathOf(source.fileName)} ${what}`, errorCode: 'FILE_NOT_ON_SFTP' }, source.fileName);
  }

  const now = ctx.clock.now();
  const startTime = formatZoned(now + ctx.options.runOnceDelayMinutes * 60_000, timeZone);
  let schedule;
  try {
    schedule = await ctx.pom.scheduleRunOnce({ dataSourceName: source.dataSourceName, startTime, timeZone });
  } catch (error) {
    if (!(error instanceof PomCallFailed)) throw error;
    return failure(error.errorInfo, source.fileName);
  }
  const uploadId = String(schedule.scheduleId);
  const change = { uploadTime: now, uploadId, status: 'scheduled' as const, error: null, fileName: source.fileName, userName: r.userName };
  if (row) await ctx.store.manualUploads.update(row.id, change);
  else {
    row = await ctx.store.manualUploads.create({
      contactListId: r.contactListId, contactListName: r.contactListName, type: r.type, createdAt: now, ...change,
    });
  }
  return {
    isSuccess: true, errorInfo: null, dbId: row.id, uploadId, dataSourceName: source.dataSourceName, fileName: source.fileName,
    bytes: found.size, startTime, timeZone,
  };
}
