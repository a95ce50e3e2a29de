import { Metadata, status } from '@grpc/grpc-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ResourceExhaustedError } from '../domain/errors.ts';
import { createLogger } from '../logging/logger.ts';
import { toServiceError } from './error-mapper.ts';
import type { CallState } from './interceptors.ts';
import { rateLimit } from './rate-limit.ts';
import { retryDelayMsOf } from './rich-status.ts';

/** A call as the rate limit sees it: its path and its authenticated caller; the rest of the state is other interceptors'. */
const callOf = (subject: string): CallState => {
  const call: Partial<CallState> = {
    path: '/onewindow.acceptance.v1.AcceptanceService/ListRegions',
    metadata: new Metadata(),
    request: {},
    caller: { subject, roles: ['ROLE_CLERK'], department: '', regionCode: '350102', hallId: '', windowId: '' },
  };
  return call as CallState;
};

const handled = async () => 'handled';

/** The calls' outcomes, in order: "ok" or the rejection's retry delay in milliseconds. */
async function callsAs(interceptor: ReturnType<typeof rateLimit>, subject: string, count: number): Promise<Array<'ok' | number>> {
  const outcomes: Array<'ok' | number> = [];
  for (let i = 0; i < count; i++) {
    outcomes.push(
      await interceptor(callOf(subject), handled).then(
        () => 'ok' as const,
        (error: unknown) => (error instanceof ResourceExhaustedError ? error.retryAfterMs : Promise.reject(error)),
      ),
    );
  }
  return outcomes;
}

describe('the rate limit per caller', () => {
  // The limiter's windows run on Date and setTimeout: a fake clock moves them, no test sleeps.
  beforeEach(() => vi.useFakeTimers({ now: new Date('2025-03-03T01:00:00Z') }));
  afterEach(() => vi.useRealTimers());

  it('lets a burst through, then rejects with the time left in the window', async () => {
    const interceptor = rateLimit({ perSecond: 2, burst: 4 });
    const outcomes = await callsAs(interceptor, 'clerk-1', 5);
    expect(outcomes.slice(0, 4)).toEqual(['ok', 'ok', 'ok', 'ok']);
    // 4 calls per 2-second window; no time has passed.
    expect(outcomes[4]).toBe(2000);
  });

  it('counts each caller on its own: one over the limit does not hold up another', async () => {
    const interceptor = rateLimit({ perSecond: 1, burst: 2 });
    await callsAs(interceptor, 'kiosk-7', 3);
    expect(await callsAs(interceptor, 'clerk-2', 2)).toEqual(['ok', 'ok']);
    expect(await callsAs(interceptor, 'kiosk-7', 1)).toEqual([expect.any(Number)]);
  });

  it('lets the caller in again once the window has passed, and tells how long to wait until then', async () => {
    const interceptor = rateLimit({ perSecond: 10, burst: 10 });
    await callsAs(interceptor, 'clerk-1', 10);
    vi.advanceTimersByTime(400);
    expect(await callsAs(interceptor, 'clerk-1', 1)).toEqual([600]);
    vi.advanceTimersByTime(600);
    expect(await callsAs(interceptor, 'clerk-1', 10)).toEqual(Array(10).fill('ok'));
  });

  it('is off at 0 calls per second', async () => {
    const outcomes = await callsAs(rateLimit({ perSecond: 0, burst: 1 }), 'bench', 1000);
    expect(outcomes.every((outcome) => outcome === 'ok')).toBe(true);
  });

  it('is answered RESOURCE_EXHAUSTED with a RetryInfo and a message that names nobody', async () => {
    const interceptor = rateLimit({ perSecond: 1, burst: 1 });
    await interceptor(callOf('applicant-lisi'), handled);
    const error = await interceptor(callOf('applicant-lisi'), handled).catch((rejection: unknown) => rejection);
    const answer = toServiceError(error, createLogger({ level: 'silent' }), callOf('applicant-lisi').path);
    expect(answer.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(retryDelayMsOf(answer.metadata)).toBe(1000);
    expect(answer.message).not.toContain('lisi');
  });
});
