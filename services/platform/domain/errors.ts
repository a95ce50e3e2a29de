/**
 * Deliberate errors of the domain and the platform. Each kind maps to exactly one gRPC status in
 * grpc/error-mapper.ts; anything that is not a DomainError is unexpected and becomes INTERNAL.
 * Messages are shown to callers, so they must never contain personal data.
 */

/** One field that broke one rule; `field` is a path in proto field names, e.g. "applicant.phone". */
export interface FieldViolation {
  readonly field: string;
  readonly description: string;
}

export type DomainErrorKind =
  | 'validation'
  | 'not-found'
  | 'failed-precondition'
  | 'concurrency'
  | 'already-exists'
  | 'permission-denied'
  | 'unauthenticated'
  | 'unavailable'
  | 'deadline-exceeded'
  | 'resource-exhausted';

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  constructor(message: string) {
    super(message);
    // "NotFoundError" rather than "Error" in logs, traces and interceptors.
    this.name = new.target.name;
  }
}

/** The request breaks input rules: INVALID_ARGUMENT with every offending field. */
/**
 * How many violations an answer lists, and how many its message repeats: a request with thousands
 * of bad elements must not make a status too large for HTTP/2 trailers (the client would see a
 * protocol error, and so would every other call on its connection).
 */
const MAX_VIOLATIONS = 30;
const MAX_IN_MESSAGE = 5;
const MAX_TEXT = 200;

export class ValidationError extends DomainError {
  readonly kind = 'validation';
  readonly violations: readonly FieldViolation[];
  constructor(violations: readonly FieldViolation[]) {
    const bounded = violations.slice(0, MAX_VIOLATIONS).map((v) => ({ field: v.field.slice(0, MAX_TEXT), description: v.description.slice(0, MAX_TEXT) }));
    const more = (limit: number) => (violations.length > limit ? [`and ${violations.length - limit} more`] : []);
    super([...bounded.slice(0, MAX_IN_MESSAGE).map((v) => `${v.field}: ${v.description}`), ...more(MAX_IN_MESSAGE)].join('; '));
    this.violations = violations.length > MAX_VIOLATIONS ? [...bounded, { field: '(request)', description: `${violations.length - MAX_VIOLATIONS} more violations not listed` }] : bounded;
  }
  static field(field: string, description: string): ValidationError {
    return new ValidationError([{ field, description }]);
  }
}

export class NotFoundError extends DomainError {
  readonly kind = 'not-found';
}

/** The command does not fit the current state (accepting a concluded case, say). */
export class FailedPreconditionError extends DomainError {
  readonly kind = 'failed-precondition';
}

/** A stream moved on between reading and writing: the caller may retry. */
export class ConcurrencyError extends DomainError {
  readonly kind = 'concurrency';
  readonly streamId: string;
  readonly expectedVersion: number;
  readonly actualVersion: number;
  constructor(streamId: string, expectedVersion: number, actualVersion: number) {
    super(`stream ${streamId} is at version ${actualVersion}, expected ${expectedVersion}`);
    this.streamId = streamId;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }
}

export class AlreadyExistsError extends DomainError {
  readonly kind = 'already-exists';
}

export class PermissionDeniedError extends DomainError {
  readonly kind = 'permission-denied';
}

export class UnauthenticatedError extends DomainError {
  readonly kind = 'unauthenticated';
}

/** Something the request depends on is not ready yet (a read model behind a token); retryable. */
export class UnavailableError extends DomainError {
  readonly kind = 'unavailable';
}

/** The store cannot be reached or could not finish now (a lost connection, a failover); the same request may be retried. */
export class StoreUnavailableError extends UnavailableError {
  constructor(cause: unknown) {
    super('the store cannot be reached or could not finish the work now; retry the same request');
    this.cause = cause;
  }
}

/**
 * A checkpoint write refused because the job's lease (a lease named like the checkpoint) is held
 * by another replica: this one was deposed and must not move the job's progress (fencing). Not a
 * caller's error: only background jobs write checkpoints, and a deposed one stops.
 */
export class FencedError extends Error {
  constructor(name: string) {
    super(`${name}: another replica holds this job's lease; the write is refused`);
    this.name = 'FencedError';
  }
}

export class DeadlineExceededError extends DomainError {
  readonly kind = 'deadline-exceeded';
}

/** The caller used up an allowance (its call rate); it may retry after `retryAfterMs`. */
export class ResourceExhaustedError extends DomainError {
  readonly kind = 'resource-exhausted';
  readonly retryAfterMs: number;
  constructor(message: string, retryAfterMs: number) {
    super(message);
    this.retryAfterMs = retryAfterMs;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
