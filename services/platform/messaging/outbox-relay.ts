import type { EventBus } from '../bus/event-bus.ts';
import { SpanStatusCode } from '@opentelemetry/api';
import type { EventCodec, Payload } from '../events/event-codec.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import type { Logger } from '../logging/logger.ts';
import type { EventStore, Subscription } from '../store/event-store.ts';
import { decodeStored, toBusMessage } from './integration-message.ts';
import type { Topic } from './topic.ts';
import { SpanKind, contextFrom, eventAttributes, spansRecorded, tracerOf } from '../telemetry/tracing.ts';
import { reportStoppedForGood } from '../async/stopped-for-good.ts';

export interface OutboxRelay {
  /** Stored events not yet published. */
  lag(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Publishes every stored event of a service to its topic, after it is committed: the store is the
 * outbox. Where the bus keeps a publisher's progress (the embedded bus), each batch and the relay's
 * position are one write, so they never part, even when a power loss takes the bus's last commits
 * (they are published again). Elsewhere (Kafka) it publishes a batch, then saves its checkpoint in
 * the store; a crash between the two publishes the batch again on restart. Either way at least
 * once, never lost; idempotent consumers absorb the repeats.
 */
export async function startOutboxRelay<P extends Payload>(options: {
  store: EventStore;
  codec: EventCodec<P>;
  topic: Topic<P>;
  bus: EventBus;
  logger: Logger;
}): Promise<OutboxRelay> {
  const { store, codec, topic, bus, logger } = options;
  const name = `relay:${topic.name}`;
  // The store's checkpoint stays the start where the bus has none yet (a data directory of an
  // earlier release, or Kafka).
  const position = async () => (bus.keepsPublisherProgress ? await bus.publisherProgress(name) : undefined) ?? (await store.loadCheckpoint(name));
  const subscription: Subscription = store.subscribe(
    {
      after: await position(),
      gatherMs: GATHER_MS,
      onError: (error, attempt) => logger.warn({ err: error, attempt, topic: topic.name }, 'relay publish failed; retrying'),
      onFailure: (error) => (logger.fatal({ err: error, topic: topic.name }, 'relay stopped: the store cannot be read'), reportStoppedForGood(`relay ${topic.name}`)),
    },
    async (batch) => {
      const events = batch.map((stored) => decodeStored(codec, stored));
      const messages = events.map((event) => toBusMessage(topic, event));
      const last = batch[batch.length - 1]!.position;
      if (bus.keepsPublisherProgress) {
        await publishing(topic.name, events, () => bus.publish(topic.name, messages, { name, position: last }));
      } else {
        await publishing(topic.name, events, () => bus.publish(topic.name, messages));
        await store.saveCheckpoint(name, last);
      }
    },
  );
  return {
    lag: async () => (await store.headPosition()) - (await position()),
    stop: () => subscription.close(),
  };
}

/** How long the relay lets events gather after a wake-up: under load, one publish carries many. */
const GATHER_MS = 2;

/**
 * One PRODUCER span per event published, each continuing the trace stored with its event (the
 * command that wrote it), so the publish shows in the case's trace, however late it happens.
 */
async function publishing<T>(topicName: string, events: readonly EventEnvelope<unknown>[], publish: () => Promise<T>): Promise<T> {
  if (!spansRecorded()) return publish();
  const spans = events.map((event) =>
    tracerOf(event.sourceService).startSpan(
      `publish ${topicName}`,
      { kind: SpanKind.PRODUCER, attributes: { ...eventAttributes(event), 'messaging.destination.name': topicName, 'messaging.operation.type': 'send' } },
      contextFrom(event.traceContext),
    ),
  );
  try {
    return await publish();
  } catch (error) {
    for (const span of spans) span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
    throw error;
  } finally {
    for (const span of spans) span.end();
  }
}
