import type { EventWrapper, Payload } from '../events/event-codec.ts';

/**
 * A service's integration-event topic: its name, the service that publishes on it and the proto
 * wrapper its messages are encoded with. The kernel knows topics only through this shape; the
 * platform's own topics are defined once, with the contracts, in services/contracts/topics.ts.
 */
export interface Topic<P extends Payload> {
  readonly name: string;
  /** The service that owns the topic's events and alone publishes them. */
  readonly service: string;
  readonly wrapper: EventWrapper<P>;
  /** Fully-qualified proto message name of the wrapper, sent as the content type. */
  readonly messageType: string;
}

/**
 * Where a service's reactions put the messages they gave up on, one topic per consuming service so
 * that the manifests can declare every topic (production brokers create none on their own).
 */
export function deadLetterTopicOf(service: string): string {
  return `onewindow.${service}.dead-letter.v1`;
}
