import { type Span, context, trace } from '@opentelemetry/api';
import type { Decider } from '../domain/decider.ts';
import { AlreadyExistsError, ConcurrencyError } from '../domain/errors.ts';
import type { EventCodec, Payload } from '../events/event-codec.ts';
import type { EventContext, EventEnvelope, NewEvent } from '../events/envelope.ts';
import { decodeStored } from '../messaging/integration-message.ts';
import { encodeConsistencyToken } from '../projection/consistency-token.ts';
import { retry } from '../async/retry.ts';
import { attributeNames, contextFrom, inSpan, linkTo, traceContextOf, tracerOf } from '../telemetry/tracing.ts';
import type { AppendResult, EventStore } from '../store/event-store.ts';
import type { IdGenerator } from '../time/ids.ts';
import { StreamCache } from './stream-cache.ts';

/** How many streams a command handler keeps loaded: more than the cases in flight at a busy hall. */
const STREAMS_KEPT = 1000;

export interface CommandRequest<C, P = unknown, S = unknown> {
  readonly streamId: string;
  readonly streamType: string;
  readonly command: C;
  readonly context: EventContext;
  /** The instant the command happens; the same `now` the command carries for the decider. */
  readonly now: Date;
  /** Set for every command that may be retried: a request id (scoped by caller) or a source event id. */
  readonly idempotencyKey?: string;
  /** A digest of the request behind the key (see requestIdentity); reuse for another request fails. */
  readonly requestFingerprint?: string;
  /**
   * The stream as the caller read it a moment ago, after finding that the request is no retry
   * (runCommand): the first attempt decides on it without reading the stream again. An attempt
   * after a lost race reads it afresh, and looks for a replay first.
   */
  readonly loaded?: LoadedStream<P, S>;
}

export interface CommandResult<P, S> {
  readonly streamId: string;
  /** The events this command wrote, or the first attempt's events when replayed. */
  readonly events: readonly EventEnvelope<P>[];
  /** The stream's state now. */
  readonly state: S;
  readonly version: number;
  /** Every event of the stream now, this command's last: what a use case presents its answer from. */
  readonly history: readonly EventEnvelope<P>[];
  /** Pass to queries to read this write. */
  readonly consistencyToken: string;
  readonly replayed: boolean;
}

export interface LoadedStream<P, S> {
  readonly state: S;
  readonly version: number;
  readonly events: readonly EventEnvelope<P>[];
}

export interface CommandHandler<C, P extends Payload, S> {
  handle(request: CommandRequest<C, P, S>): Promise<CommandResult<P, S>>;
  /** A stream's events and current state, read from the store (always consistent). */
  load(streamId: string): Promise<LoadedStream<P, S>>;
  /**
   * The result of the command stored under this idempotency key, if it ran before; throws
   * AlreadyExistsError when the key was used for a request with another fingerprint.
   */
  replay(idempotencyKey: string, requestFingerprint?: string): Promise<CommandResult<P, S> | undefined>;
}

/**
 * Runs a decider against a stream of the store: read, fold, decide, append with the version read.
 * A lost race (ConcurrencyError) re-reads and decides again, a few times, so a command that no
 * longer fits fails with the domain's own error rather than a conflict. A retried command with the
 * same idempotency key returns its first result and writes nothing.
 */
export function createCommandHandler<C, P extends Payload, S>(options: {
  store: EventStore;
  codec: EventCodec<P>;
  decider: Decider<C, P, S>;
  ids: IdGenerator;
}): CommandHandler<C, P, S> {
  const { store, codec, decider, ids } = options;
  const streams = new StreamCache<LoadedStream<P, S>>(STREAMS_KEPT);

  const resultOf = (result: AppendResult, stream: LoadedStream<P, S>): CommandResult<P, S> => ({
    streamId: result.streamId,
    events: result.events.map((stored) => decodeStored(codec, stored)),
    state: stream.state,
    version: result.version,
    history: stream.events,
    consistencyToken: encodeConsistencyToken({ service: store.service, streamId: result.streamId, version: result.version }),
    replayed: result.replayed,
  });

  /** An earlier append found by its key: the stream as it stands now. */
  const replayedResult = async (result: AppendResult) => resultOf(result, await load(result.streamId));

  /** This append's result, the stream evolved from the state it was decided on: no read needed. */
  const appendedResult = (result: AppendResult, decidedOn: LoadedStream<P, S>): CommandResult<P, S> => {
    const appended = result.events.map((stored) => decodeStored(codec, stored));
    const stream = extended(decidedOn, appended);
    streams.set(result.streamId, stream);
    return resultOf(result, stream);
  };

  /** The stream with later events folded in. */
  const extended = (stream: LoadedStream<P, S>, later: readonly EventEnvelope<P>[]): LoadedStream<P, S> =>
    later.length === 0
      ? stream
      : {
          state: later.reduce((current, event) => decider.evolve(current, event.payload), stream.state),
          version: later.at(-1)!.version,
          events: [...stream.events, ...later],
        };

  /** The stream as it stands: what is kept of it, and whatever was written after. */
  const load = async (streamId: string): Promise<LoadedStream<P, S>> => {
    const kept = streams.get(streamId) ?? { state: decider.initialState(), version: 0, events: [] };
    const later = (await store.readStream(streamId, kept.version + 1)).map((stored) => decodeStored(codec, stored));
    const stream = extended(kept, later);
    if (stream.version > 0) streams.set(streamId, stream);
    return stream;
  };

  const replay = async (idempotencyKey: string, requestFingerprint?: string) => {
    const earlier = await store.findByIdempotencyKey(idempotencyKey);
    if (!earlier) return undefined;
    if (requestFingerprint !== undefined && requestFingerprint !== earlier.requestFingerprint) {
      throw new AlreadyExistsError('the request id was already used for a different request');
    }
    return replayedResult(earlier);
  };

  const attempt = async (request: CommandRequest<C, P, S>, span: Span, preloaded: LoadedStream<P, S> | undefined): Promise<CommandResult<P, S>> => {
    if (!preloaded && request.idempotencyKey !== undefined) {
      const earlier = await replay(request.idempotencyKey, request.requestFingerprint);
      if (earlier) return earlier;
    }
    const stream = preloaded ?? (await load(request.streamId));
    const { state, version, events: history } = stream;
    // A command on an existing stream continues its story: link to the span of its last event.
    const previous = history.at(-1) && linkTo(history.at(-1)!.traceContext);
    if (previous) span.addLink(previous);
    const payloads = decider.decide(request.command, state);
    const traceContext = traceContextOf(span, request.context.traceContext);
    const events: NewEvent[] = payloads.map((payload) => {
      const stored = codec.encode(payload);
      return {
        ...request.context,
        traceContext,
        eventId: ids.newId(),
        eventType: stored.eventType,
        schemaVersion: stored.schemaVersion,
        occurredAt: request.now.toISOString(),
        payload: stored.data,
      };
    });
    const appended = await store.append({
      streamId: request.streamId,
      streamType: request.streamType,
      expectedVersion: version,
      events,
      ...(request.idempotencyKey !== undefined ? { idempotencyKey: request.idempotencyKey } : {}),
      ...(request.requestFingerprint !== undefined ? { requestFingerprint: request.requestFingerprint } : {}),
    });
    // A duplicate of this request may have won a race to the store: its result is the answer.
    return appended.replayed ? replayedResult(appended) : appendedResult(appended, stream);
  };

  return {
    load,
    replay,
    handle: (request) =>
      inSpan(
        tracerOf(store.service),
        `${request.streamType} ${commandName(request.command)}`,
        {
          attributes: {
            [attributeNames.caseNumber]: request.context.correlationId || undefined,
            [attributeNames.regionCode]: request.context.regionCode || undefined,
            [attributeNames.channel]: request.context.actor.channel,
            [attributeNames.streamType]: request.streamType,
            [attributeNames.command]: commandName(request.command),
          },
          // Under a span already (an RPC, a consumed event): a child of it; else of the caller's trace.
          parent: trace.getActiveSpan() ? context.active() : contextFrom(request.context.traceContext),
        },
        (span) => {
          // The caller's read serves the first attempt only; after a lost race the stream is read again.
          let preloaded = request.loaded;
          const nextAttempt = () => {
            const decidedOn = preloaded;
            preloaded = undefined;
            return attempt(request, span, decidedOn);
          };
          return retry(nextAttempt, { attempts: 4, minBackoffMs: 0, maxBackoffMs: 20, shouldRetry: (error) => error instanceof ConcurrencyError });
        },
      ),
  };
}

/** A command's type ("SubmitApplication"), for span names: never its content. */
function commandName(command: unknown): string {
  const type = typeof command === 'object' && command !== null ? (command as { type?: unknown }).type : undefined;
  return typeof type === 'string' ? type : 'command';
}
