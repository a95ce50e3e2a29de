import { EventEmitter } from 'node:events';
import { type ClientSession, type Connection, Schema } from 'mongoose';
import { ConcurrencyError } from '../domain/errors.ts';
import type { JsonValue, NewEvent } from '../events/envelope.ts';
import { duplicateKeyPattern, inMongo, isDuplicateKey } from '../mongo/connect-mongo.ts';
import { fenceInMongo } from '../mongo/fence-in-mongo.ts';
import type { AppendRequest, AppendResult, ChainLink, EventStore, StoredEvent, StreamHead, SubscribeOptions, Subscription } from './event-store.ts';
import { type ChainAlgorithm, DEFAULT_CHAIN_ALGORITHM, PreChainStoreError, chainHashOf, chainLinkOf, genesisOf } from './hash-chain.ts';
import { subscribeToFeed } from './feed-subscription.ts';
import { replayAppend } from './replay-append.ts';

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
  /** store/hash-chain.ts; absent only on events stored before tamper evidence, until the store first opens. */
  chainHash?: string;
  /** The chain hash computed for an event stored before tamper evidence, until it moves to chainHash. */
  chainBackfill?: string;
}

/** A stream's head: its version and last chain hash, kept apart from the events. */
interface HeadDocument {
  /** The stream id. */
  _id: string;
  version: number;
  chainHash: string;
}

/** The counters document that says the chaining of events stored before tamper evidence is done. */
const CHAINED_MARKER = 'event-chain-backfilled';

interface KeyDocument {
  _id: string;
  streamId: string;
  firstVersion: number;
  lastVersion: number;
  fingerprint: string;
}

/**
 * Collections and indexes are created by MongoEventStore.open only, never by mongoose in the
 * background when a model is declared: openForReading (the verifier) must write nothing.
 */
const CREATED_BY_OPEN = { versionKey: false, autoCreate: false, autoIndex: false } as const;

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
      chainHash: String,
      chainBackfill: String,
    },
    { ...CREATED_BY_OPEN, collection: 'events' },
  );
  events.index({ streamId: 1, version: 1 }, { unique: true });
  events.index({ eventId: 1 }, { unique: true });
  return {
    events: connection.model('Event', events),
    keys: connection.model('IdempotencyKey', new Schema<KeyDocument>({ _id: String, streamId: String, firstVersion: Number, lastVersion: Number, fingerprint: String }, { ...CREATED_BY_OPEN, collection: 'idempotency_keys' })),
    heads: connection.model('StreamHead', new Schema<HeadDocument>({ _id: String, version: Number, chainHash: String }, { ...CREATED_BY_OPEN, collection: 'stream_heads' })),
    counters: connection.model('Counter', new Schema<{ _id: string; value: number }>({ _id: String, value: Number }, { ...CREATED_BY_OPEN, collection: 'counters' })),
    checkpoints: connection.model('Checkpoint', new Schema<{ _id: string; position: number }>({ _id: String, position: Number }, { ...CREATED_BY_OPEN, collection: 'checkpoints' })),
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
 * Every event is hash-chained to the one before it in its stream (store/hash-chain.ts); the
 * stream's head document is written in the append's transaction. With a holder (see open), a
 * checkpoint is fenced by the job's lease, in the transaction that writes it (mongo/fence-in-mongo.ts).
 */
export class MongoEventStore implements EventStore {
  readonly service: string;
  readonly #algorithm: ChainAlgorithm;
  readonly #connection: Connection;
  readonly #events: ReturnType<typeof modelsOf>['events'];
  readonly #heads: ReturnType<typeof modelsOf>['heads'];
  readonly #keys: ReturnType<typeof modelsOf>['keys'];
  readonly #counters: ReturnType<typeof modelsOf>['counters'];
  readonly #checkpoints: ReturnType<typeof modelsOf>['checkpoints'];
  readonly #appended = new EventEmitter().setMaxListeners(0);
  readonly #holder: string | undefined;

  private constructor(service: string, connection: Connection, algorithm: ChainAlgorithm, holder?: string) {
    this.service = service;
    this.#algorithm = algorithm;
    this.#connection = connection;
    this.#holder = holder;
    const models = modelsOf(connection);
    this.#events = models.events;
    this.#heads = models.heads;
    this.#keys = models.keys;
    this.#counters = models.counters;
    this.#checkpoints = models.checkpoints;
  }

  /**
   * Opens the store and creates its collections and indexes (declared above) if missing. The first
   * open of a database from before tamper evidence chains its events. `chainHash` is the hash new
   * events are chained with (OW_EVENT_CHAIN_HASH); older links keep theirs. With `holder` (this
   * replica's name among the holders of leases), a checkpoint is fenced by the lease of the same
   * name: one another replica holds refuses the write (FencedError).
   */
  static async open(service: string, connection: Connection, options: { chainHash?: ChainAlgorithm; holder?: string } = {}): Promise<MongoEventStore> {
    const store = new MongoEventStore(service, connection, options.chainHash ?? DEFAULT_CHAIN_ALGORITHM, options.holder);
    await Promise.all([store.#events, store.#keys, store.#heads, store.#counters, store.#checkpoints].map((model) => model.createCollection().catch(() => undefined)));
    await store.#events.createIndexes();
    await store.#chainExistingEvents();
    return store;
  }

  /**
   * Opens an existing store to read it only (npm run verify-chain): creates no collection or
   * index and chains nothing. A database whose events were never chained is refused
   * (PreChainStoreError): there is nothing to verify until the platform's start chains them.
   */
  static async openForReading(service: string, connection: Connection): Promise<MongoEventStore> {
    const store = new MongoEventStore(service, connection, DEFAULT_CHAIN_ALGORITHM);
    if ((await store.#events.exists({})) && !(await store.#events.exists({ chainHash: { $exists: true } }))) {
      await connection.close();
      throw new PreChainStoreError(`database ${connection.name}`);
    }
    return store;
  }

  /**
   * Chains the events stored before tamper evidence, and only in a database where no event has a
   * chain hash yet. Once one has, an event without a hash is one that was changed or stripped: the
   * verifier reports it, start-up never blesses it by chaining it. The marker cannot decide that
   * (deleting it is as easy as stripping a hash); it only spares later starts the scans.
   * Two steps, so that an interrupted start resumes: every stream's hashes are computed into
   * `chainBackfill` (and its head written), which a start before any `chainHash` exists redoes;
   * then one update moves them into `chainHash`, which a later start finishes. That step writes
   * only hashes found stored, which anyone able to forge them could have stored as `chainHash`.
   */
  async #chainExistingEvents(): Promise<void> {
    if (await this.#counters.exists({ _id: CHAINED_MARKER })) return;
    if (!(await this.#events.exists({ chainHash: { $exists: true } }))) await this.#computeChainBackfill();
    await this.#events.updateMany(
      { chainBackfill: { $exists: true } },
      [{ $set: { chainHash: { $ifNull: ['$chainHash', '$chainBackfill'] } } }, { $unset: 'chainBackfill' }],
      { updatePipeline: true },
    );
    await this.#counters.updateOne({ _id: CHAINED_MARKER }, { $set: { value: 1 } }, { upsert: true });
  }

  /** Every stream's chain as found, a stream per transaction, into `chainBackfill` and its head. */
  async #computeChainBackfill(): Promise<void> {
    let last: string | undefined;
    for await (const { streamId } of this.#events.find({}, { streamId: 1 }).sort({ streamId: 1, version: 1 }).lean().cursor()) {
      if (streamId === last) continue;
      last = streamId;
      await this.#connection.transaction(async (session) => {
        const documents = await this.#events.find({ streamId }).sort({ version: 1 }).session(session).lean();
        let previous = genesisOf(this.#algorithm, streamId);
        const updates = documents.map((document) => {
          previous = chainHashOf(this.#algorithm, previous, this.#toEvent(document));
          return { updateOne: { filter: { _id: document._id }, update: { $set: { chainBackfill: previous } } } };
        });
        if (updates.length) await this.#events.bulkWrite(updates, { session });
        const version = documents.at(-1)?.version ?? 0;
        await this.#heads.updateOne({ _id: streamId }, { $set: { version, chainHash: previous } }, { upsert: true, session });
      });
    }
  }

  async append(request: AppendRequest): Promise<AppendResult> {
    let result: AppendResult;
    try {
      // The driver retries a transaction that hit a passing fault; one that persists is UNAVAILABLE.
      result = await inMongo(() => this.#connection.transaction(async (session) => {
        if (request.idempotencyKey !== undefined) {
          const earlier = await this.#findByKey(request.idempotencyKey, session);
          if (earlier) return replayAppend(earlier, request);
        }
        const tip = await this.#tip(request.streamId, session);
        const current = tip.version;
        if (request.expectedVersion !== 'any' && request.expectedVersion !== current) {
          throw new ConcurrencyError(request.streamId, request.expectedVersion, current);
        }
        if (request.events.length === 0) return { streamId: request.streamId, events: [], version: current, replayed: false };
        const counter = await this.#counters.findOneAndUpdate({ _id: 'position' }, { $inc: { value: request.events.length } }, { upsert: true, returnDocument: 'after', session }).lean();
        const first = (counter?.value ?? request.events.length) - request.events.length + 1;
        const events = request.events.map((event, index) => this.#stored(request, event, current + index + 1, first + index));
        let previous = tip.hash;
        const documents = events.map((event) => {
          previous = chainHashOf(this.#algorithm, previous, event);
          return { ...documentOf(event), chainHash: previous };
        });
        await this.#events.insertMany(documents, { session });
        await this.#heads.updateOne({ _id: request.streamId }, { $set: { version: current + events.length, chainHash: previous } }, { upsert: true, session });
        if (request.idempotencyKey !== undefined) {
          await this.#keys.create([{ _id: request.idempotencyKey, streamId: request.streamId, firstVersion: current + 1, lastVersion: current + events.length, fingerprint: request.requestFingerprint ?? '' }], { session });
        }
        return { streamId: request.streamId, events, version: current + events.length, replayed: false };
      }));
    } catch (error) {
      // A duplicate event id is a caller's bug, not a race: it stays what it is. insertMany's
      // bulk error names the index on its write errors, not on itself (duplicateKeyPattern).
      if (!isDuplicateKey(error) || duplicateKeyPattern(error)?.eventId !== undefined) throw error;
      // A race the transaction could not retry away: the key's first append, or the stream's new version, won.
      const earlier = request.idempotencyKey === undefined ? undefined : await this.#findByKey(request.idempotencyKey);
      if (earlier) return replayAppend(earlier, request);
      const actual = await this.#streamVersion(request.streamId);
      throw new ConcurrencyError(request.streamId, request.expectedVersion === 'any' ? actual : request.expectedVersion, actual);
    }
    if (!result.replayed && result.events.length > 0) this.#appended.emit('appended');
    return result;
  }

  #stored(request: AppendRequest, event: NewEvent, version: number, position: number): StoredEvent {
    return { ...event, streamId: request.streamId, streamType: request.streamType, version, position, sourceService: this.service };
  }

  async findByIdempotencyKey(key: string): Promise<(AppendResult & { readonly requestFingerprint: string }) | undefined> {
    return inMongo(() => this.#findByKey(key));
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
    return (await inMongo(() => this.#events.find({ streamId, version: { $gte: fromVersion } }).sort({ version: 1 }).lean())).map(this.#toEvent);
  }

  async streamVersion(streamId: string): Promise<number> {
    return inMongo(() => this.#streamVersion(streamId));
  }

  async #streamVersion(streamId: string, session?: ClientSession): Promise<number> {
    return (await this.#tip(streamId, session)).version;
  }

  /**
   * Where the stream's chain continues: the higher of its head and its last stored event. They
   * agree unless someone changed the database: after a deleted tail the head is higher, and the
   * chain goes on from it, leaving the gap for the verifier to report.
   */
  async #tip(streamId: string, session?: ClientSession): Promise<{ version: number; hash: string }> {
    // One after the other: operations of one session must not run in parallel inside a transaction.
    const head = await this.#heads.findById(streamId).session(session ?? null).lean();
    const last = await this.#events.findOne({ streamId }, { version: 1, chainHash: 1 }).sort({ version: -1 }).session(session ?? null).lean();
    if (last && last.version > (head?.version ?? 0)) return { version: last.version, hash: last.chainHash ?? '' };
    return head ? { version: head.version, hash: head.chainHash } : { version: 0, hash: genesisOf(this.#algorithm, streamId) };
  }

  async readAll(after: number, limit: number): Promise<StoredEvent[]> {
    return (await inMongo(() => this.#events.find({ _id: { $gt: after } }).sort({ _id: 1 }).limit(limit).lean())).map(this.#toEvent);
  }

  async headPosition(): Promise<number> {
    return (await inMongo(() => this.#counters.findById('position').lean()))?.value ?? 0;
  }

  subscribe(options: SubscribeOptions, handler: (batch: StoredEvent[], signal: AbortSignal) => Promise<void>): Subscription {
    // Other processes' appends are found by polling; this process's wake the follower at once.
    return subscribeToFeed((after, limit) => this.readAll(after, limit), this.#appended, options, handler, POLL_MS);
  }


  async loadCheckpoint(name: string): Promise<number> {
    return (await inMongo(() => this.#checkpoints.findById(name).lean()))?.position ?? 0;
  }

  /**
   * Never backwards ($max): a lagging writer's older position is ignored. Fenced (see open): the
   * fence and the write are one transaction, and a FencedError is thrown as it is (inMongo retries
   * and turns into UNAVAILABLE only the store's passing faults).
   */
  async saveCheckpoint(name: string, position: number): Promise<void> {
    const holder = this.#holder;
    if (holder === undefined) {
      await inMongo(() => this.#advanceCheckpoint(name, position));
      return;
    }
    await inMongo(() => this.#connection.transaction(async (session) => {
      await fenceInMongo(this.#connection, session, name, holder);
      await this.#advanceCheckpoint(name, position, session);
    }));
  }

  async #advanceCheckpoint(name: string, position: number, session?: ClientSession): Promise<void> {
    await this.#checkpoints.updateOne({ _id: name }, { $max: { position } }, { upsert: true, session });
  }

  async *chainLinks(): AsyncIterable<ChainLink> {
    for await (const document of this.#events.find().sort({ streamId: 1, version: 1 }).lean().cursor()) yield this.#toLink(document);
  }

  async *streamHeads(): AsyncIterable<StreamHead> {
    for await (const head of this.#heads.find().lean().cursor()) yield { streamId: head._id, version: head.version, chainHash: head.chainHash };
  }

  async streamChain(streamId: string): Promise<{ links: ChainLink[]; head: StreamHead | undefined }> {
    // One snapshot, so that an append during the read cannot pass for a broken link.
    return this.#connection.transaction(
      async (session) => {
        const documents = await this.#events.find({ streamId }).sort({ version: 1 }).session(session).lean();
        const head = await this.#heads.findById(streamId).session(session).lean();
        return { links: documents.map(this.#toLink), head: head ? { streamId, version: head.version, chainHash: head.chainHash } : undefined };
      },
      { readConcern: { level: 'snapshot' } },
    );
  }

  async close(): Promise<void> {
    await this.#connection.close();
  }

  #toLink = (document: EventDocument): ChainLink =>
    chainLinkOf({ streamId: document.streamId, version: document.version, position: document._id, chainHash: document.chainHash ?? '' }, () => this.#toEvent(document));

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
