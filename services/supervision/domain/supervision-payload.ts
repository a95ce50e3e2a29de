import type { SupervisionEvent } from '../../../generated/onewindow/supervision/v1/events.ts';

/** Every event supervision records: the payloads of its own contract (proto/onewindow/supervision/v1/events.proto). */
export type SupervisionPayload = NonNullable<SupervisionEvent['payload']>;
