import pRetry from 'p-retry';

export interface RetryOptions {
  /** Attempts in all, the first included; Infinity retries until the signal aborts. */
  readonly attempts: number;
  readonly minBackoffMs: number;
  readonly maxBackoffMs: number;
  /** Stops waiting between attempts; an attempt already running is allowed to finish. */
  readonly signal?: AbortSignal;
  /** Errors for which another attempt makes sense; default: all. */
  readonly shouldRetry?: (error: unknown) => boolean;
  readonly onFailedAttempt?: (error: unknown, attempt: number) => void;
}

/** Carries a failure through p-retry, which would otherwise give up at once on a TypeError. */
class AttemptFailed extends Error {
  readonly original: unknown;
  constructor(original: unknown) {
    super(original instanceof Error ? original.message : String(original));
    this.original = original;
  }
}

/**
 * Runs `work` with exponential, jittered back-off (p-retry). Unlike p-retry alone, every kind of
 * error is retried (p-retry treats a TypeError as a programming error and stops, which would let
 * a bug skip an event), and an attempt that succeeded is never reported as aborted, so work that
 * was done can still be committed while the process shuts down. Rejects with the last error. The
 * first attempt runs as a plain call, so p-retry's bookkeeping is paid only once something failed;
 * p-retry then tries again at once and backs off from the failure after that.
 */
export async function retry<T>(work: () => Promise<T>, options: RetryOptions): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (options.attempts <= 1 || options.signal?.aborted || !(options.shouldRetry?.(error) ?? true)) throw error;
    options.onFailedAttempt?.(error, 1);
    return retryAfterFailure(work, options);
  }
}

/** The attempts after the first failed one, through p-retry. */
async function retryAfterFailure<T>(work: () => Promise<T>, options: RetryOptions): Promise<T> {
  let succeeded: { value: T } | undefined;
  try {
    return await pRetry(
      async () => {
        try {
          const value = await work();
          succeeded = { value };
          return value;
        } catch (error) {
          throw new AttemptFailed(error);
        }
      },
      {
        retries: options.attempts - 2,
        minTimeout: options.minBackoffMs,
        maxTimeout: options.maxBackoffMs,
        randomize: true,
        signal: options.signal,
        onFailedAttempt: ({ error, attemptNumber }) => options.onFailedAttempt?.(unwrap(error), attemptNumber + 1),
        shouldRetry: ({ error }) => options.shouldRetry?.(unwrap(error)) ?? true,
      },
    );
  } catch (error) {
    if (succeeded) return succeeded.value;
    throw unwrap(error);
  }
}

function unwrap(error: unknown): unknown {
  return error instanceof AttemptFailed ? error.original : error;
}
