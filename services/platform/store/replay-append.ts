import { AlreadyExistsError } from '../domain/errors.ts';
import type { AppendRequest, AppendResult } from './event-store.ts';

/**
 * The answer to an append whose idempotency key was stored before: that first result, unless the
 * request behind the key differs (another fingerprint), which is a request id reused (AlreadyExistsError).
 */
export function replayAppend(earlier: AppendResult & { readonly requestFingerprint: string }, request: AppendRequest): AppendResult {
  if (request.requestFingerprint !== undefined && request.requestFingerprint !== earlier.requestFingerprint) {
    throw new AlreadyExistsError('the request id was already used for a different request');
  }
  const { requestFingerprint: _, ...result } = earlier;
  return result;
}
