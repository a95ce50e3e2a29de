import { type ConsistencyToken, decodeConsistencyToken } from '../projection/consistency-token.ts';
import type { ReadModelWaiter } from '../projection/projection-runner.ts';
import { type CallContext, remainingMs } from './call-context.ts';

/**
 * Resolves once `view` reflects the write a consistency token names ("" or none: at once), so a
 * channel reading right after another wrote sees that write. The wait is bounded by `maxWaitMs`
 * (OW_CONSISTENCY_WAIT_MS) and by the call's deadline; past it, UNAVAILABLE, which is safe to retry.
 * The one place a query waits for a write.
 */
export function awaitConsistency(
  view: ReadModelWaiter,
  token: string | ConsistencyToken | undefined,
  caller: Pick<CallContext, 'deadline' | 'signal'>,
  maxWaitMs: number,
): Promise<void> {
  const decoded = typeof token === 'string' ? decodeConsistencyToken(token) : token;
  return view.waitFor(decoded, Math.min(maxWaitMs, remainingMs(caller)), caller.signal);
}
