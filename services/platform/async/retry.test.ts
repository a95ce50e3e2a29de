import { describe, expect, it } from 'vitest';
import { ConcurrencyError } from '../domain/errors.ts';
import { retry } from './retry.ts';

describe('retry', () => {
  it('retries every kind of error, a TypeError from a bug included', async () => {
    let calls = 0;
    const result = await retry(
      async () => {
        calls += 1;
        if (calls < 3) (undefined as unknown as { x: number }).x;
        return 'done';
      },
      { attempts: Number.POSITIVE_INFINITY, minBackoffMs: 1, maxBackoffMs: 2 },
    );
    expect([result, calls]).toEqual(['done', 3]);
  });

  it('gives up after the attempts with the original error, and only retries what it is told to', async () => {
    await expect(retry(async () => { throw new TypeError('boom'); }, { attempts: 2, minBackoffMs: 1, maxBackoffMs: 1 })).rejects.toThrow(TypeError);
    let calls = 0;
    const attempt = retry(async () => { calls += 1; throw new Error('not retryable'); }, {
      attempts: 5, minBackoffMs: 1, maxBackoffMs: 1, shouldRetry: (error) => error instanceof ConcurrencyError,
    });
    await expect(attempt).rejects.toThrow('not retryable');
    expect(calls).toBe(1);
  });
});
