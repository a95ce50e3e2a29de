import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ResourceExhaustedError } from '../domain/errors.ts';
import type { CallInterceptor } from './interceptors.ts';

/** How many calls one caller may make: `burst` at once, `perSecond` on average. */
export interface RateLimitSettings {
  /** 0 turns the limit off. */
  readonly perSecond: number;
  readonly burst: number;
  /**
   * Where the counts are kept when the replicas of a service must share them (a shared store's
   * table, rateLimiterFor in services/host): built for `burst` points over `burst / perSecond`
   * seconds. Without it, in this server's memory.
   */
  readonly limiter?: RateLimiterAbstract;
}

/**
 * Limits each authenticated caller, by subject, to `burst` calls in a window of `burst / perSecond`
 * seconds that opens with its first call; a call beyond that is answered RESOURCE_EXHAUSTED with
 * a RetryInfo saying when the window ends. It runs right after authentication, so the count is of
 * callers the platform knows (unauthenticated floods are the ingress's to stop). A server stream
 * counts once, when it opens. rate-limiter-flexible keeps the counts, expiring idle callers: in
 * this server's memory (each service's server counts for itself, also where several run in one
 * process), or, given `limiter`, in a store the replicas of the service share, so that a caller
 * cannot multiply its allowance by the number of pods.
 */
export function rateLimit(settings: RateLimitSettings): CallInterceptor {
  if (settings.perSecond === 0) return (_call, next) => next();
  const limiter = settings.limiter ?? new RateLimiterMemory({ points: settings.burst, duration: settings.burst / settings.perSecond });
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
