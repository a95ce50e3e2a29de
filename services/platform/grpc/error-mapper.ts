import { randomUUID } from 'node:crypto';
import { type Metadata, type ServerErrorResponse, status } from '@grpc/grpc-js';
import { type DomainErrorKind, ResourceExhaustedError, ValidationError, isDomainError } from '../domain/errors.ts';
import type { Logger } from '../logging/logger.ts';
import { badRequestTrailer, retryInfoTrailer } from './rich-status.ts';

const codes: Readonly<Record<DomainErrorKind, status>> = {
  validation: status.INVALID_ARGUMENT,
  'not-found': status.NOT_FOUND,
  'failed-precondition': status.FAILED_PRECONDITION,
  concurrency: status.ABORTED,
  'already-exists': status.ALREADY_EXISTS,
  'permission-denied': status.PERMISSION_DENIED,
  unauthenticated: status.UNAUTHENTICATED,
  unavailable: status.UNAVAILABLE,
  'deadline-exceeded': status.DEADLINE_EXCEEDED,
  'resource-exhausted': status.RESOURCE_EXHAUSTED,
};

/** The status code an error is answered with (INTERNAL for anything that is not a domain error). */
export function statusCodeOf(error: unknown): status {
  return isDomainError(error) ? codes[error.kind] : status.INTERNAL;
}

/**
 * The one place errors become gRPC statuses. Deliberate (domain) errors carry their own code and
 * message; a validation error also carries every field violation in the standard BadRequest
 * detail, and an exhausted allowance when to retry in the standard RetryInfo detail. Anything
 * else is a bug: it is logged with an error id and answered INTERNAL with only that id, so
 * nothing internal leaks to the caller.
 */
export function toServiceError(error: unknown, logger: Logger, method: string): ServerErrorResponse & { code: status; metadata?: Metadata } {
  if (isDomainError(error)) {
    const code = codes[error.kind];
    const response = { name: error.name, message: error.message, code, details: error.message };
    if (error instanceof ValidationError) {
      return { ...response, metadata: badRequestTrailer(code, error.message, error.violations) };
    }
    if (error instanceof ResourceExhaustedError) {
      return { ...response, metadata: retryInfoTrailer(code, error.message, error.retryAfterMs) };
    }
    return response;
  }
  const errorId = randomUUID();
  logger.error({ err: error, method, errorId }, 'unexpected error while handling a call');
  return { name: 'InternalError', message: 'internal error', code: status.INTERNAL, details: `internal error (id ${errorId}); reported to the operators` };
}
