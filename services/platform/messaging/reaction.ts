import type { Consumer, DeliveredMessage, EventBus } from '../bus/event-bus.ts';
import type { Payload } from '../events/event-codec.ts';
import type { EventContext, EventEnvelope } from '../events/envelope.ts';
import type { Logger } from '../logging/logger.ts';
import type { Clock } from '../time/clock.ts';
import { attributeNames, consumeEvent } from '../telemetry/tracing.ts';
import { fromBusMessage, messageHeaders } from './integration-message.ts';
import { deadLetterTopicOf, type Topic } from './topic.ts';
import { reportStoppedForGood } from '../async/stopped-for-good.ts';

/**
 * A service's reaction to other services' events (a process manager step): it turns an event into
 * commands on its own streams. Handling must be idempotent: commands carry the idempotency key
 * `reactionKey(reaction, event)`, so a redelivered event writes nothing new.
 */
export interface Reaction<P extends Payload> {
  readonly name: string;
  readonly topics: readonly Topic<P>[];
  /** The event types it reacts to, when only some: the others are passed by unread (by their header). */
  readonly eventTypes?: ReadonlySet<string>;
  react(event: EventEnvelope<P>): Promise<void>;
  /**
   * When given, a batch's events of one key (one case) are handed over together, in order, instead
   * of one `react` each: for a reaction that records them with one command.
   */
  reactTogether?(events: readonly EventEnvelope<P>[]): Promise<void>;
}

export function reactionKey(reactionName: string, event: Pick<EventEnvelope<unknown>, 'eventId'>): string {
  return `reaction:${reactionName}:${event.eventId}`;
}

/**
 * The envelope fields for events a reaction causes: the case (the source event's unless another is
 * named), the trace, the cause, acted by the service itself. The cause is the source event's bare
 * id when it belongs to the same case, "event:<id>" otherwise (see EventMetadata.causation_id).
 * `now` is never earlier than the cause, so a history sorted by time keeps causes first even when
 * services' clocks differ slightly.
 */
export function reactionContext(
  service: string,
  event: EventEnvelope<unknown>,
  clock: Clock,
  correlationId = event.correlationId,
): { context: EventContext; now: Date } {
  const notBefore = Date.parse(event.occurredAt) + 1;
  const now = new Date(Math.max(clock.now().getTime(), notBefore));
  return {
    now,
    context: {
      actor: {
        subject: `system:${service}`,
        role: 'ROLE_SYSTEM',
        channel: event.actor.channel,
        hallId: '',
        windowId: '',
        department: '',
        regionCode: event.regionCode,
      },
      correlationId,
      causationId: correlationId === event.correlationId ? event.eventId : `event:${event.eventId}`,
      regionCode: event.regionCode,
      traceContext: event.traceContext,
    },
  };
}

export function reactionGroupOf(service: string, reaction: Pick<Reaction<never>, 'name'>): string {
  return `${service}.${reaction.name}`;
}

/** Runs a reaction as consumer group "<service>.<reaction>" with retries and the service's dead-letter topic. */
export function startReaction<P extends Payload>(options: {
  service: string;
  reaction: Reaction<P>;
  bus: EventBus;
  logger: Logger;
}): Promise<Consumer> {
  const { service, reaction, bus, logger } = options;
  const topicsByName = new Map(reaction.topics.map((topic) => [topic.name, topic]));
  return bus.consume({
    groupId: reactionGroupOf(service, reaction),
    topics: reaction.topics.map((topic) => topic.name),
    deadLetterTopic: deadLetterTopicOf(service),
    onError: (error, message, attempt) =>
      logger.warn({ err: error, reaction: reaction.name, topic: message.topic, offset: message.offset, attempt }, 'reaction failed; retrying'),
    onFailure: (error) => (logger.fatal({ err: error, reaction: reaction.name }, 'reaction stopped: the bus cannot be read'), reportStoppedForGood(`reaction ${reaction.name}`)),
    // Events it does not react to are passed by unread: the bus does not even hand them over.
    ...(reaction.eventTypes ? { accepts: (message: DeliveredMessage) => reaction.eventTypes!.has(message.headers[messageHeaders.eventType] ?? '') } : {}),
    handleBatch: async (batch) => {
      const eventOf = (message: DeliveredMessage) => fromBusMessage(topicsByName.get(message.topic)!, message);
      const traced = (event: EventEnvelope<P>, work: () => Promise<void>) =>
        consumeEvent(service, `react ${reaction.name}`, event, { [attributeNames.reaction]: reaction.name }, work);
      const reactToKey = async (messages: readonly DeliveredMessage[]) => {
        const events = messages.map(eventOf);
        // Together: under the span of the first event they answer.
        if (reaction.reactTogether) await traced(events[0]!, () => reaction.reactTogether!(events));
        else for (const event of events) await traced(event, () => reaction.react(event));
      };
      // One case's events in order; different cases side by side, so that the commands they cause
      // share the store's synced commits (group commit) instead of waiting for one each.
      // All settle before a failure is thrown, so the batch's retry never overlaps its first try.
      const outcomes = await Promise.allSettled([...byKey(batch).values()].map(reactToKey));
      const failed = outcomes.find((outcome) => outcome.status === 'rejected');
      if (failed) throw failed.reason;
    },
  });
}

/** A batch's messages by key (the case), each key's in their order. */
function byKey(batch: readonly DeliveredMessage[]): Map<string, DeliveredMessage[]> {
  const groups = new Map<string, DeliveredMessage[]>();
  for (const message of batch) {
    const group = groups.get(message.key);
    if (group) group.push(message);
    else groups.set(message.key, [message]);
  }
  return groups;
}
