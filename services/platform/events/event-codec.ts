import type { EventMetadata } from '../../../generated/onewindow/common/v1/event_metadata.ts';
import type { JsonValue } from './envelope.ts';

/** A payload of a service's event wrapper: ts-proto's `oneof=unions-value` shape. */
export interface Payload {
  readonly $case: string;
  readonly value: unknown;
}

/** The ts-proto message functions of a service's `<Service>Event` wrapper (metadata + oneof payload). */
export interface EventWrapper<P extends Payload> {
  encode(message: { metadata: EventMetadata | undefined; payload: P | undefined }): { finish(): Uint8Array };
  decode(input: Uint8Array): { metadata: EventMetadata | undefined; payload: P | undefined };
  toJSON(message: { metadata: EventMetadata | undefined; payload: P | undefined }): unknown;
  fromJSON(object: unknown): { metadata: EventMetadata | undefined; payload: P | undefined };
}

/** Rewrites the stored JSON of one schema version into the next one. */
export type Upcaster = (data: JsonValue) => JsonValue;

export interface EventCodecOptions {
  /** Current schema version per event type; types not listed are at version 1. */
  readonly schemaVersions?: Readonly<Record<string, number>>;
  /** upcasters[eventType][v] turns version v into v + 1. */
  readonly upcasters?: Readonly<Record<string, Readonly<Record<number, Upcaster>>>>;
}

export interface StoredPayload {
  readonly eventType: string;
  readonly schemaVersion: number;
  readonly data: JsonValue;
}

/**
 * Turns typed payloads into stored JSON and back. The stored JSON is the payload's canonical proto3
 * JSON, so the proto file is the one schema of both the store and the bus, and `buf breaking`
 * guards stored events too. Old schema versions are upcast on read, one version at a time.
 */
export interface EventCodec<P extends Payload> {
  readonly wrapper: EventWrapper<P>;
  encode(payload: P): StoredPayload;
  decode(stored: StoredPayload): P;
}

export function createEventCodec<P extends Payload>(
  wrapper: EventWrapper<P>,
  options: EventCodecOptions = {},
): EventCodec<P> {
  const currentVersion = (eventType: string) => options.schemaVersions?.[eventType] ?? 1;

  const upcast = (stored: StoredPayload): JsonValue => {
    let data = stored.data;
    for (let v = stored.schemaVersion; v < currentVersion(stored.eventType); v++) {
      const step = options.upcasters?.[stored.eventType]?.[v];
      if (!step) throw new Error(`no upcaster for ${stored.eventType} from schema version ${v}`);
      data = step(data);
    }
    return data;
  };

  return {
    wrapper,
    encode(payload) {
      const json = wrapper.toJSON({ metadata: undefined, payload }) as Record<string, JsonValue>;
      return {
        eventType: payload.$case,
        schemaVersion: currentVersion(payload.$case),
        data: json[payload.$case] ?? {},
      };
    },
    decode(stored) {
      const { payload } = wrapper.fromJSON({ [stored.eventType]: upcast(stored) });
      if (!payload) throw new Error(`unknown event type ${stored.eventType}`);
      return payload;
    },
  };
}

/**
 * The codec of one aggregate's streams: the service's codec narrowed to the event cases the
 * aggregate writes. Decoding anything else is a corrupted stream and throws.
 */
export function streamCodec<P extends Payload, C extends P['$case']>(
  codec: EventCodec<P>,
  cases: readonly C[],
): EventCodec<Extract<P, { $case: C }>> {
  const allowed = new Set<string>(cases);
  return {
    wrapper: codec.wrapper as unknown as EventWrapper<Extract<P, { $case: C }>>,
    encode: (payload) => codec.encode(payload),
    decode(stored) {
      if (!allowed.has(stored.eventType)) throw new Error(`event type ${stored.eventType} does not belong to this stream`);
      return codec.decode(stored) as Extract<P, { $case: C }>;
    },
  };
}
