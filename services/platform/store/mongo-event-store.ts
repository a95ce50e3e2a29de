import { EventEmitter } from 'node:events';
import { type ClientSession, type Connection, Schema } from 'mongoose';
import { AlreadyExistsError, ConcurrencyError } from '../domain/errors.ts';
import type { JsonValue, NewEvent } from '../events/envelope.ts';
import { isDuplicateKey } from '../mongo/connect-mongo.ts';
import { followFeed } from '../runtime/follow-feed.ts';
import type { AppendRequest, AppendResult, EventStore, StoredEvent, SubscribeOptions, Subscription } from './event-store.ts';

interface EventDocument {
  /** The global position. */
  _id: number;
  streamId: string;
  version: number;
  streamType: string;
  eventId: string;
  eventType: string;
  schemaVersion: number;
  occurredAt: string;
  metadata: Pick<NewEvent, 'correlationId' | 'causationId' | 'actor' | 'regionCode' | 'traceContext'>;
  /** The payload as JSON text: payloads may hold keys MongoDB treats specially ("$case"). */
  payload: string;
}

interface KeyDocument {
  _id: string;
  streamId: string;
  firstVersion: number;
  lastVersion: number;
  fingerprint: string;
}

/** The store's collections and their indexes, declared in code. */
function modelsOf(connection: Connection) {
  const events = new Schema<EventDocument>(
    {
      _id: Number,
      streamId: { type: String, required: true },
      version: { type: Number, required: true },
      streamType: String,
      eventId: { type: String, required: true },
      eventType: String,
      schemaVersion: Number,
      occurredAt: String,
      metadata: Schema.Types.Mixed,
      payload: String,
    },
    { versionKey: false, collection: 'events' },
  );
  events.index({ streamId: 1, version: 1 }, { unique: true });
  events.index({ eventId: 1 }, { unique: true });
  return {
    events: connection.model('Event', events),
    keys: connection.model('IdempotencyKey', new Schema<KeyDocument>({ _id: String, streamId: String, firstVersion: Number, lastVersion: Number, fingerprint: String }, { versionKey: false, collection: 'idempotency_keys' })),
    counters: connection.model('Counter', new Schema<{ _id: string; value: number }>({ _id: String, value: Number }, { versionKey: false, collection: 'counters' })),
    checkpoints: connection.model('Checkpoint', new Schema<{ _id: string; position: number }>({ _id: String, position: Number }, { versionKey: false, collection: 'checkpoints' })),
  };
}

/** How often a subscription looks for events other processes appended. */
const POLL_MS = 100;

/**
 * The event store on MongoDB (mongoose), one database per service: a document per event (not per
 * stream: a stream of a long-running case would grow without bound, and an event document is
 * written once and never changed). An append is one transaction: the stream's version is checked,
 * positions are taken from a counter document, the events and the idempotency key are inserted.
 * Two appends racing for a stream collide on the unique (streamId, version) index or on the
 * counter: the loser is retried by the transaction and then fails the version check, a
 * ConcurrencyError. Every append writes the counter document, so appends commit one after another
 * in position order: a reader of the global feed never sees a later position before an earlier one.
 * Subscriptions poll the position index (every 100 ms, and at once after a local append) rather
 * than use change streams: the same code catches up and follows, from any checkpoint.
 */
export class MongoEventStore implements EventStore {
  readonly service: string;
  readonly #connection: Connection;
  readonly #events: ReturnType<typeof modelsOf>['events'];
  readonly #keys: ReturnType<typeof modelsOf>['keys'];
  readonly #counters: ReturnType<typeof modelsOf>['counters'];
  readonly #checkpoints: ReturnType<typeof modelsOf>['checkpoints'];
  readonly #appended = new EventEmitter().setMaxListeners(0);

  private constructor(service: string, connection: Connection) {
    this.service = service;
    this.#connection = connection;
    const models = modelsOf(connection);
    this.#events = models.events;
    this.#keys = models.keys;
    this.#counters = models.counters;
    this.#checkpoints = models.checkpoints;
  }

  /** Opens the store and creates its indexes (declared above) if missing. */
  static async open(service: string, connection: Connection): Promise<MongoEventStore> {
    const store = new MongoEventStore(service, connection);
    await Promise.all([store.#events.createCollection(), store.#keys.createCollection(), store.#counters.createCollection(), store.#checkpoints.createCollection()].map((p) => p.catch(() => undefined)));
    await store.#events.createIndexes();
    return store;
  }

  async append(request: AppendRequest): Promise<AppendResult> {
    let result: AppendResult;
    try {
      result = await this.#connection.transaction(async (session) => {
        if (request.idempotencyKey !== undefined) {
          const earlier = await this.#findByKey(request.idempotencyKey, session);
          if (earlier) return this.#replay(earlier, request);
        }
        const current = await this.#streamVersion(request.streamId, session);
        if (request.expectedVersion !== 'any' && request.expectedVersion !== current) {
          throw new ConcurrencyError(request.streamId, request.expectedVersion, current);
        }
        if (request.events.length === 0) return { streamId: request.streamId, events: [], version: current, replayed: false };
        const counter = await this.#counters.findOneAndUpdate({ _id: 'position' }, { $inc: { value: request.events.length } }, { upsert: true, returnDocument: 'after', session }).lean();
        const first = (counter?.value ?? request.events.length) - request.events.length + 1;
        const events = request.events.map((event, index) => this.#stored(request, event, current + index + 1, first + index));
        await this.#events.insertMany(events.map(documentOf), { session });
        if (request.idempotencyKey !== undefined) {
          await this.#keys.create([{ _id: request.idempotencyKey, streamId: request.streamId, firstVersion: current + 1, lastVersion: current + events.length, fingerprint: request.requestFingerprint ?? '' }], { session });
        }
        return { streamId: request.streamId, events, version: current + events.length, replayed: false };
      });
    } catch (error) {
      // A duplicate event id is a caller's bug, not a race: it stays what it is.
      if (!isDuplicateKey(error) || (error as { keyPattern?: Record<string, unknown> }).keyPattern?.eventId !== undefined) throw error;
      // A race the transaction could not retry away: the key's first append, or the stream's new version, won.
      const earlier = request.idempotencyKey === undefined ? undefined : await this.#findByKey(request.idempotencyKey);
      if (earlier) return this.#replay(earlier, request);
      const actual = await this.#streamVersion(request.streamId);
      throw new ConcurrencyError(request.streamId, request.expectedVersion === 'any' ? actual : request.expectedVersion, actual);
    }
    if (!result.replayed && result.events.length > 0) this.#appended.emit('appended');
    return result;
  }

  #replay(earlier: AppendResult & { requestFingerprint: string }, request: AppendRequest): AppendResult {
    if (request.requestFingerprint !== undefined && request.requestFingerprint !== earlier.requestFingerprint) {
      throw new AlreadyExistsError('the request id was already used for a different request');
    }
    const { requestFingerprint: _, ...result } = earlier;
    return result;
  }

  #stored(request: AppendRequest, event: NewEvent, version: number, position: number): StoredEvent {
    return { ...event, streamId: request.streamId, streamType: request.streamType, version, position, sourceService: this.service };
  }

  async findByIdempotencyKey(key: string): Promise<(AppendResult & { readonly requestFingerprint: string }) | undefined> {
    return this.#findByKey(key);
  }

  async #findByKey(key: string, session?: ClientSession): Promise<(AppendResult & { requestFingerprint: string }) | undefined> {
    const found = await this.#keys.findById(key).session(session ?? null).lean();
    if (!found) return undefined;
    const documents = await this.#events
      .find({ streamId: found.streamId, version: { $gte: found.firstVersion, $lte: found.lastVersion } })
      .sort({ version: 1 })
      .session(session ?? null)
      .lean();
    return { streamId: found.streamId, events: documents.map(this.#toEvent), version: found.lastVersion, replayed: true, requestFingerprint: found.fingerprint };
  }

  async readStream(streamId: string, fromVersion = 1): Promise<StoredEvent[]> {
    return (await this.#events.find({ streamId, version: { $gte: fromVersion } }).sort({ version: 1 }).lean()).map(this.#toEvent);
  }

  async streamVersion(streamId: string): Promise<number> {
    return this.#streamVersion(streamId);
  }

  async #streamVersion(streamId: string, session?: ClientSession): Promise<number> {
    const last = await this.#events.findOne({ streamId }, { version: 1 }).sort({ version: -1 }).session(session ?? null).lean();
    return last?.version ?? 0;
  }

  async readAll(after: number, limit: number): Promise<StoredEvent[]> {
    return (await this.#events.find({ _id: { $gt: after } }).sort({ _id: 1 }).limit(limit).lean()).map(this.#toEvent);
  }

  async headPosition(): Promise<number> {
    return (await this.#counters.findById('position').lean())?.value ?? 0;
  }

  subscribe(options: SubscribeOptions, handler: (batch: StoredEvent[], signal: AbortSignal) => Promise<void>): Subscription {
    return followFeed({
      read: (after, limit) => this.readAll(after, limit),
      cursorOf: (event) => event.position,
      after: options.after,
      batchSize: options.batchSize ?? 500,
      handle: handler,
      onError: options.onError,
      onFailure: options.onFailure,
      // Other processes' appends are found by polling; this process's wake the follower at once.
      pollIntervalMs: POLL_MS,
      onNewItems: (wake) => {
        this.#appended.on('appended', wake);
        return () => this.#appended.off('appended', wake);
      },
    });
  }

  async loadCheckpoint(name: string): Promise<number> {
    return (await this.#checkpoints.findById(name).lean())?.position ?? 0;
  }

  async saveCheckpoint(name: string, position: number): Promise<void> {
    await this.#checkpoints.updateOne({ _id: name }, { $set: { position } }, { upsert: true });
  }

  async close(): Promise<void> {
    await this.#connection.close();
  }

  #toEvent = (document: EventDocument): StoredEvent => ({
    eventId: document.eventId,
    streamId: document.streamId,
    streamType: document.streamType,
    version: document.version,
    position: document._id,
    eventType: document.eventType,
    schemaVersion: document.schemaVersion,
    occurredAt: document.occurredAt,
    ...document.metadata,
    sourceService: this.service,
    payload: JSON.parse(document.payload) as JsonValue,
  });
}

function documentOf(event: StoredEvent): EventDocument {
  return {
    _id: event.position,
    streamId: event.streamId,
    version: event.version,
    streamType: event.streamType,
    eventId: event.eventId,
    eventType: event.eventType,
    schemaVersion: event.schemaVersion,
    occurredAt: event.occurredAt,
    metadata: { correlationId: event.correlationId, causationId: event.causationId, actor: event.actor, regionCode: event.regionCode, traceContext: event.traceContext },
    payload: JSON.stringify(event.payload),
  };
}
