/** The POM web services' errors: `{displayMessage, errorMessage, errorCode}` with an HTTP status. */
import { NailupError, type ErrorCode } from '../errors.ts';
import { ImportFailed } from '../imports/importer.ts';

export type PomErrorCode =
  | 'INVALID_PARAMETER'
  | 'NOT_FOUND'
  | 'ATTEMPT_IN_PROGRESS'
  | 'ALREADY_EXISTS'
  | 'NO_RUNNING_JOB'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'IMPORT_FAILED'
  | 'INTERNAL_ERROR';

const STATUS: Record<PomErrorCode, number> = {
  INVALID_PARAMETER: 400,
  NOT_FOUND: 404,
  ATTEMPT_IN_PROGRESS: 409,
  ALREADY_EXISTS: 409,
  NO_RUNNING_JOB: 409,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  IMPORT_FAILED: 422,
  INTERNAL_ERROR: 500,
};

/** The message POM gives when a contact being dialed is deleted (protocol.md §6). */
export const ATTEMPT_IN_PROGRESS_MESSAGE = 'Cannot delete contact as the attempt is in progress';

export interface PomErrorBody {
  displayMessage: string;
  errorMessage: string;
  errorCode: PomErrorCode;
  [extra: string]: unknown;
}

export class PomError extends Error {
  constructor(
    readonly errorCode: PomErrorCode,
    readonly displayMessage: string,
    readonly errorMessage: string = displayMessage,
    /** Fields a reply carries beside the three (failedContactIdList, isDeleted, …). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(errorMessage);
    this.name = 'PomError';
  }

  get status(): number {
    return STATUS[this.errorCode];
  }

  body(): PomErrorBody {
    return { ...this.extra, displayMessage: this.displayMessage, errorMessage: this.errorMessage, errorCode: this.errorCode };
  }
}

/** A bad parameter, naming it. */
export const invalid = (field: string, problem: string): PomError =>
  new PomError('INVALID_PARAMETER', `${field}: ${problem}`, `Invalid parameter ${field}: ${problem}`, { field });

export const missing = (what: string): PomError => new PomError('NOT_FOUND', `${what} not found`, `${what} does not exist`);

const FROM_NAILUP: Partial<Record<ErrorCode, PomErrorCode>> = {
  VALIDATION_FAILED: 'INVALID_PARAMETER', NOT_FOUND: 'NOT_FOUND', CONFLICT: 'ALREADY_EXISTS',
  UNAUTHORIZED: 'UNAUTHORIZED', FORBIDDEN: 'FORBIDDEN',
};

/** Any error as the POM error it is. */
export function toPomError(error: unknown): PomError {
  if (error instanceof PomError) return error;
  if (error instanceof NailupError) {
    return new PomError(FROM_NAILUP[error.code] ?? 'INTERNAL_ERROR', error.message, error.message, error.field === undefined ? {} : { field: error.field });
  }
  if (error instanceof ImportFailed) return new PomError('IMPORT_FAILED', error.message, error.message, { importRunId: error.runId });
  const status = (error as { statusCode?: number }).statusCode;
  const message = error instanceof Error ? error.message : String(error);
  // Fastify's own 4xx: a body that is not JSON, a wrong content type.
  if (status !== undefined && status < 500) return invalid('body', message);
  return new PomError('INTERNAL_ERROR', 'The request could not be completed', message);
}
