import { createHash } from 'node:crypto';
import type { CallContext } from './call-context.ts';

/**
 * The idempotency key and fingerprint of a command request. The key scopes the caller's request id
 * to the method and the caller, so two callers never collide; the fingerprint (a digest of the
 * whole request) tells a retry of the same request from a request id reused for another one.
 */
export function requestIdentity(context: CallContext, requestId: string, request: unknown): { idempotencyKey: string; requestFingerprint: string } {
  const canonical = JSON.stringify(request, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  return {
    idempotencyKey: `${context.method}:${context.caller.subject}:${requestId}`,
    requestFingerprint: createHash('sha256').update(canonical).digest('base64url'),
  };
}
