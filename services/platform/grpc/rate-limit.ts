import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ResourceExhaustedError } from '../domain/errors.ts';
import type { CallInterceptor } from './interceptors.ts';

/** How many calls one caller may make: `burst` at once, `perSecond` on average. */
export interface RateLimitSettings {
  /** 0 turns the limit off. */
  readonly perSecond: number;
  readonly burst: number;
}

/**
 * Limits each authenticated caller, by subject, to `burst` calls in a window of `burst / perSecond`
 * seconds that opens with its first call; a call beyond that is answered RESOURCE_EXHAUSTED with
 * a RetryInfo saying when the window ends. It runs right after authentication, so the count is of
 * callers the platform knows (unauthenticated floods are the ingress's to stop). A server stream
 * counts once, when it opens. The counts live in this server's memory: each service's server counts
 * for itself, also where several run in one process (all-in-one), and so does each pod in
 * distributed mode. rate-limiter-flexible keeps them, expiring idle
 * callers, and its stores for Redis or MongoDB offer a shared count when one is needed.
 */
export function rateLimit(settings: RateLimitSettings): CallInterceptor {
  if (settings.perSecond === 0) return (_call, next) => next();
  const limiter = new RateLimiterMemory({ points: settings.burst, duration: settings.burst / settings.perSecond });
  return async (call, next) => {
    const subject = call.caller?.subject;
    if (subject === undefined) throw new Error(`${call.path}: the rate limit runs after authentication`);
    try {
      await limiter.consume(subject);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      // Names no caller: the message may be logged and shown, and it is the caller's own call anyway.
      throw new ResourceExhaustedError('too many calls from this caller; retry after the delay in the RetryInfo detail', rejection.msBeforeNext);
    }
    return next();
  };
}
