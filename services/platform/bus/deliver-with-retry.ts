import { retry } from '../async/retry.ts';
import {
  type BusMessage,
  type DeliveredMessage,
  type RetryPolicy,
  deadLetterHeaders,
} from './event-bus.ts';

export interface DeliveryOptions {
  readonly handleBatch: (batch: readonly DeliveredMessage[], signal: AbortSignal) => Promise<number | void>;
  readonly policy: RetryPolicy;
  readonly deadLetter: (message: BusMessage) => Promise<void>;
  readonly signal: AbortSignal;
  readonly onError?: ((error: unknown, message: DeliveredMessage, attempt: number) => void) | undefined;
}

/**
 * Delivers a batch with the consumer's retry policy, shared by every bus adapter. The whole batch is
 * tried first; if it keeps failing, its messages are tried one by one so that a single poison
 * message goes to the dead-letter topic and the others still get through. Resolves with how many
 * messages, from the first, were handled or dead-lettered: all of them, unless the handler said it
 * handled fewer (ConsumerOptions.handleBatch), in which case the rest is to be delivered again.
 * Rejects only when the signal aborts (nothing is committed).
 */
export async function deliverWithRetry(batch: readonly DeliveredMessage[], options: DeliveryOptions): Promise<number> {
  try {
    return await attempt(batch, options);
  } catch (error) {
    if (options.signal.aborted) throw error;
    if (batch.length === 1) {
      await options.deadLetter(deadLetterOf(batch[0] as DeliveredMessage, error));
      return 1;
    }
  }
  for (const [index, message] of batch.entries()) {
    try {
      if ((await attempt([message], options)) === 0) return index;
    } catch (error) {
      if (options.signal.aborted) throw error;
      await options.deadLetter(deadLetterOf(message, error));
    }
  }
  return batch.length;
}

async function attempt(batch: readonly DeliveredMessage[], options: DeliveryOptions): Promise<number> {
  const handled = await retry(() => options.handleBatch(batch, options.signal), {
    attempts: options.policy.maxAttempts,
    minBackoffMs: options.policy.minBackoffMs,
    maxBackoffMs: options.policy.maxBackoffMs,
    signal: options.signal,
    onFailedAttempt: (error, attemptNumber) => options.onError?.(error, batch[0] as DeliveredMessage, attemptNumber),
  });
  return Math.min(handled ?? batch.length, batch.length);
}

function deadLetterOf(message: DeliveredMessage, error: unknown): BusMessage {
  return {
    key: message.key,
    value: message.value,
    headers: {
      ...message.headers,
      [deadLetterHeaders.topic]: message.topic,
      [deadLetterHeaders.partition]: String(message.partition),
      [deadLetterHeaders.offset]: String(message.offset),
      [deadLetterHeaders.reason]: error instanceof Error ? error.message : String(error),
    },
  };
}
