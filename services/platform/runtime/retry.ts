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

/**
 * Runs `work` with exponential, jittered back-off (p-retry). Unlike p-retry alone, an attempt that
 * succeeded is never reported as aborted, so work that was done can still be committed while the
 * process shuts down.
 */
export async function retry<T>(work: () => Promise<T>, options: RetryOptions): Promise<T> {
  let succeeded: { value: T } | undefined;
  try {
    return await pRetry(
      async () => {
        const value = await work();
        succeeded = { value };
        return value;
      },
      {
        retries: options.attempts - 1,
        minTimeout: options.minBackoffMs,
        maxTimeout: options.maxBackoffMs,
        randomize: true,
        signal: options.signal,
        onFailedAttempt: ({ error, attemptNumber }) => options.onFailedAttempt?.(error, attemptNumber),
        shouldRetry: ({ error }) => options.shouldRetry?.(error) ?? true,
      },
    );
  } catch (error) {
    if (succeeded) return succeeded.value;
    throw error;
  }
}
