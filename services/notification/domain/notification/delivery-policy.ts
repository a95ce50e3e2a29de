/** How often, and how far apart, a message is tried before it is dead-lettered (configuration). */
export interface DeliveryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  /** The wait after the first failed attempt; it doubles after each further one. */
  readonly backoffBaseMs: number;
  /** The longest wait between two attempts. */
  readonly backoffCapMs: number;
}

/** The longest a provider's Retry-After is honoured; a day is longer than any gateway needs. */
export const MAX_RETRY_AFTER_MS = 86_400_000;

/**
 * When attempt `failedAttempt + 1` is due: base × 2^(failedAttempt − 1) after the failure, capped,
 * and never before the provider's Retry-After (up to a day). No jitter: each notification fails on its own
 * schedule already, and a fixed schedule is what the status history can show and a test can check.
 */
export function nextAttemptAt(policy: DeliveryPolicy, failedAttempt: number, failedAt: Date, retryAfterMs = 0): Date {
  const backoff = Math.min(policy.backoffCapMs, policy.backoffBaseMs * 2 ** (failedAttempt - 1));
  const retryAfter = Number.isFinite(retryAfterMs) ? Math.min(Math.max(0, retryAfterMs), MAX_RETRY_AFTER_MS) : 0;
  return new Date(failedAt.getTime() + Math.max(backoff, retryAfter));
}
