/** A message on the bus: Kafka's record shape. */
export interface BusMessage {
  /** The partition key; all messages with one key keep their order. OneWindow uses the case number. */
  readonly key: string;
  readonly value: Uint8Array;
  readonly headers: Readonly<Record<string, string>>;
}

export interface DeliveredMessage extends BusMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

export interface RetryPolicy {
  /** Attempts per message before it goes to the dead-letter topic; Infinity never gives up. */
  readonly maxAttempts: number;
  readonly minBackoffMs: number;
  readonly maxBackoffMs: number;
}

export interface ConsumerOptions {
  /** Members of one group share the partitions; each group gets every message. */
  readonly groupId: string;
  readonly topics: readonly string[];
  /**
   * Handles messages of one partition in offset order. The batch's offsets are committed only after
   * it resolves; a message may be delivered again after a crash or a rebalance, so handlers must be
   * idempotent. `signal` aborts when the consumer stops or loses the partition.
   *
   * It may resolve with how many of the batch's messages, from the first, it handled (default: all):
   * the position moves past those only, and the others are delivered again. A handler that waits
   * for something another partition brings does so, after waiting a while, rather than hold its
   * batch for ever: a Kafka consumer fetches again only when every batch of its last fetch is done,
   * so a batch held until another partition of the same broker moves on would wait for ever.
   */
  readonly handleBatch: (batch: readonly DeliveredMessage[], signal: AbortSignal) => Promise<number | void>;
  readonly retry?: Partial<RetryPolicy>;
  /** Where messages go after maxAttempts; default "<groupId>.dlq". */
  readonly deadLetterTopic?: string;
  readonly onError?: (error: unknown, message: DeliveredMessage, attempt: number) => void;
  /** Called if consuming stops for good because the bus could not be read. */
  readonly onFailure?: (error: unknown) => void;
  /**
   * Where the consumer keeps its own position in a partition (the next offset to read), written by
   * its handler together with what it writes: a bus that honours it (the embedded bus) starts a
   * partition there, so the consumer's data and its position can never part, whatever either
   * store loses. Undefined: the group's committed offset. A bus that keeps no such thing (Kafka)
   * starts from the group's committed offset; the consumer's data must then be durable first.
   */
  readonly positions?: (topic: string, partition: number) => Promise<number | undefined>;
  /**
   * The messages the consumer wants (by their headers, say); the others are passed by as handled,
   * without a call of `handleBatch`. Default: all.
   */
  readonly accepts?: (message: DeliveredMessage) => boolean;
}

/** How far a publisher (an outbox relay) got, recorded with what it published. */
export interface PublisherProgress {
  readonly name: string;
  readonly position: number;
}

export interface Consumer {
  /** Leaves the group after the batch in flight is handled and committed. */
  stop(): Promise<void>;
}

/**
 * The event-bus port, with Kafka's semantics: topics split into partitions by key, per-key order,
 * consumer groups with committed positions, at-least-once delivery. Implementations: the embedded
 * in-process bus and the Kafka adapter; both pass bus/event-bus.contract.ts.
 */
export interface EventBus {
  /**
   * Durable once it resolves; the messages of one call keep their order per key. With `progress`
   * (a bus that `keepsPublisherProgress`), the publisher's progress is recorded atomically with
   * the messages, so the two can never part.
   */
  publish(topic: string, messages: readonly BusMessage[], progress?: PublisherProgress): Promise<void>;
  /** Whether `publish` records a publisher's progress with its messages (the embedded bus does). */
  readonly keepsPublisherProgress: boolean;
  /** The progress a publisher last recorded with `publish`; undefined if none. */
  publisherProgress(name: string): Promise<number | undefined>;
  consume(options: ConsumerOptions): Promise<Consumer>;
  /** Messages published to the group's topics and not yet committed by it. */
  lag(groupId: string, topics: readonly string[]): Promise<number>;
  close(): Promise<void>;
}

/**
 * About two to five minutes of attempts before a message is dead-lettered: long enough to ride out
 * a broker or database failover (which must not dead-letter everything in flight), short enough
 * that a poison message holds its partition only briefly.
 */
export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 12, minBackoffMs: 200, maxBackoffMs: 30_000 };

/** Headers a dead-lettered message carries, so an operator can see why and replay it. */
export const deadLetterHeaders = {
  topic: 'ow-dlq-topic',
  partition: 'ow-dlq-partition',
  offset: 'ow-dlq-offset',
  reason: 'ow-dlq-reason',
} as const;
