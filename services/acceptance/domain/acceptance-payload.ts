import type { AcceptanceEvent } from '../../../generated/onewindow/acceptance/v1/events.ts';

/** Every event acceptance records: the payloads of its own contract (proto/onewindow/acceptance/v1/events.proto). */
export type AcceptancePayload = NonNullable<AcceptanceEvent['payload']>;
