import { EventEmitter } from 'node:events';
import type { Consumer, EventBus } from '../bus/event-bus.ts';
import { UnavailableError } from '../domain/errors.ts';
import type { EventCodec, Payload } from '../events/event-codec.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import type { Logger } from '../logging/logger.ts';
import { decodeStored, fromBusMessage } from '../messaging/integration-message.ts';
import type { Topic } from '../messaging/topic.ts';
import type { ReadModelStore, ReadModelTransaction } from '../readmodel/read-model-store.ts';
import type { EventStore, Subscription } from '../store/event-store.ts';
import { type ConsistencyToken, streamKey } from './consistency-token.ts';
import { NotYetApplicable } from './not-yet-applicable.ts';
import type { Projection } from './projection.ts';
import { attributeNames, consumeEvent } from '../telemetry/tracing.ts';
import { reportStoppedForGood } from '../async/stopped-for-good.ts';

/** Where a projection's events come from: its own service's store, or other services' topics. */
export type ProjectionSource<P extends Payload> =
  | { readonly kind: 'store'; readonly store: EventStore; readonly codec: EventCodec<P> }
  | { readonly kind: 'bus'; readonly bus: EventBus; readonly topics: readonly Topic<P>[]; readonly groupId: string };

interface Waiter {
  readonly version: number;
  readonly resolve: () => void;
}

/**
 * Keeps one projection up to date. Each batch is applied in one read-model transaction together
 * with the stream versions it reached (and, for store sources, the checkpoint): an event whose
 * stream version was applied before is skipped, so redelivery changes nothing, and one that skips
 * a version fails the batch, so a lost event is never papered over. Queries wait on a consistency
 * token through `waitFor`.
 */
export class ProjectionRunner<P extends Payload> {
  readonly #projection: Projection<P>;
  readonly #readModels: ReadModelStore;
  readonly #source: ProjectionSource<P>;
  readonly #logger: Logger;
  readonly #waiters = new Map<string, Waiter[]>();
  readonly #applied = new EventEmitter().setMaxListeners(0);
  #running: Subscription | Consumer | undefined;
  /**
   * Progress over batches that held nothing to apply, by source (the store, a partition): written
   * with the next batch that does, or after a moment of quiet, not each in a transaction of its own.
   */
  readonly #deferred = new Map<string, BatchProgress>();
  /**
   * The stream versions those batches reached, not yet written: a consistency token for such an
   * event is answered from here at once, and the next transaction writes them.
   */
  readonly #deferredVersions = new Map<string, number>();
  #deferredTimer: NodeJS.Timeout | undefined;
  /** The last position of a store source dealt with, written or deferred: what lag counts from. */
  #storePosition = 0;

  constructor(options: { projection: Projection<P>; readModels: ReadModelStore; source: ProjectionSource<P>; logger: Logger }) {
    this.#projection = options.projection;
    this.#readModels = options.readModels;
    this.#source = options.source;
    this.#logger = options.logger.child({ projection: options.projection.name });
  }

  get name(): string {
    return this.#projection.name;
  }

  get collections(): readonly string[] {
    return this.#projection.collections.map((collection) => collection.name);
  }

  /** The service that keeps this read model: its store's, or the one its consumer group is named for ("<service>.<name>"). */
  get #owner(): string {
    return this.#source.kind === 'store' ? this.#source.store.service : this.#source.groupId.split('.')[0]!;
  }

  /** The services whose events feed this projection: tokens of other services do not concern it. */
  get sourceServices(): readonly string[] {
    return this.#source.kind === 'store' ? [this.#source.store.service] : this.#source.topics.map((t) => t.service);
  }

  /** Fed by its own service's store: a job for one replica at a time (service/job-ownership.ts). */
  get fedByStore(): boolean {
    return this.#source.kind === 'store';
  }

  /** Whether it keeps a view in memory that replicas sharing its store refresh (Projection.refresh). */
  get refreshes(): boolean {
    return this.#projection.refresh !== undefined;
  }

  /** Brings its view in memory up to its collections (Projection.refresh). */
  async refresh(): Promise<void> {
    await this.#projection.refresh?.(this.#readModels);
  }

  /** Creates the read model's collections and indexes if missing: a replica that only reads them needs them too. */
  async define(): Promise<void> {
    await this.#readModels.define(this.#projection.collections);
  }

  async start(): Promise<void> {
    await this.define();
    await this.#projection.prepare?.(this.#readModels);
    this.#running = this.#source.kind === 'store' ? await this.#followStore(this.#source) : await this.#followBus(this.#source);
  }

  async stop(): Promise<void> {
    const running = this.#running;
    this.#running = undefined;
    if (running) await ('close' in running ? running.close() : running.stop());
    await this.#writeDeferred();
  }

  /** Events of the source not yet applied: the projection's lag. */
  async lag(): Promise<number> {
    const source = this.#source;
    if (source.kind === 'store') {
      return (await source.store.headPosition()) - Math.max(this.#storePosition, await this.#readModels.checkpoint(this.#projection.name));
    }
    return source.bus.lag(await this.#groupId(source), source.topics.map((topic) => topic.name));
  }

  /**
   * Rebuilds the read model from the first event: stops, deletes the documents and progress, and
   * starts again. A bus-fed projection then consumes as a new consumer group (its generation is
   * kept in the read-model store), which starts at the earliest offset of every topic; this needs
   * no broker admin rights and works the same on the embedded bus and on Kafka.
   */
  async rebuild(): Promise<void> {
    await this.stop();
    this.#storePosition = 0;
    await this.#readModels.reset(this.#projection.name, this.collections);
    if (this.#source.kind === 'bus') {
      const generation = await this.#generation();
      await this.#readModels.update(this.#generationKey, (tx) => tx.setCheckpoint(generation + 1));
    }
    await this.start();
  }

  get #generationKey(): string {
    return `${this.#projection.name}#generation`;
  }

  #generation(): Promise<number> {
    return this.#readModels.checkpoint(this.#generationKey);
  }

  async #groupId(source: Extract<ProjectionSource<P>, { kind: 'bus' }>): Promise<string> {
    const generation = await this.#generation();
    return generation === 0 ? source.groupId : `${source.groupId}.g${generation}`;
  }

  /**
   * Whether other processes apply to this read model too (several pods on one MongoDB): live views
   * must then read again from time to time, as `onApplied` hears only of this process's batches.
   */
  get shared(): boolean {
    return this.#readModels.sharedBetweenProcesses;
  }

  /**
   * Calls `listener` with the events of each batch once it is committed (not those skipped as
   * already applied). For live views such as WatchCase; returns the unsubscription.
   */
  onApplied(listener: (events: readonly EventEnvelope<P>[]) => void): () => void {
    this.#applied.on('applied', listener);
    return () => this.#applied.off('applied', listener);
  }

  /**
   * Applies a batch in one transaction and returns how many of its events were dealt with (applied,
   * or skipped as applied before). An event the projection cannot apply yet (NotYetApplicable) ends
   * the batch early: what came before it is committed. `progress` records, in the same
   * transaction, how far the source got: the checkpoint of a store source, the partition position
   * of a bus source. Exposed so tests can deliver events directly.
   */
  async applyBatch(events: readonly EventEnvelope<P>[], progress?: BatchProgress): Promise<number> {
    const types = this.#projection.eventTypes;
    const concerns = (event: EventEnvelope<P>) => !types || types.has(event.payload.$case);
    if (types && events.length > 0 && !events.some(concerns)) {
      this.#defer(events, progress);
      return events.length;
    }
    const deferred = [...this.#deferred.values()];
    const deferredVersions = new Map(this.#deferredVersions);
    this.#deferred.clear();
    this.#deferredVersions.clear();
    const { versions, dealtWith, newlyApplied } = await this.#readModels.update(this.#projection.name, async (tx) => {
      // Built inside the update: a store may run it again after a transient error (MongoDB).
      const newlyApplied: EventEnvelope<P>[] = [];
      const batch = this.#projection.openBatch?.(tx);
      const versions = new Map<string, number>();
      // Versions reached by batches with nothing to apply; never below what is written already.
      for (const [key, version] of deferredVersions) if (version > (await tx.streamVersion(key))) versions.set(key, version);
      let dealtWith = 0;
      for (const event of events) {
        const key = streamKey(event.sourceService, event.streamId);
        const lastApplied = versions.get(key) ?? (await tx.streamVersion(key));
        if (event.version > lastApplied) {
          // Every stored event is published and streams arrive in order, so a gap means an event
          // went missing upstream: refuse (the batch is retried) rather than skip it for ever.
          if (event.version !== lastApplied + 1) {
            throw new Error(`${this.#projection.name}: ${key} jumps from version ${lastApplied} to ${event.version}`);
          }
          // An event of a type the projection does not apply only moves its stream's version.
          if (!concerns(event)) {
            versions.set(key, event.version);
            dealtWith += 1;
            continue;
          }
          const applied = await consumeEvent(this.#owner, `project ${this.#projection.name}`, event, { [attributeNames.projection]: this.#projection.name }, async (span) => {
            try {
              await this.#projection.apply(event, batch?.tx ?? tx);
              return true;
            } catch (error) {
              if (!(error instanceof NotYetApplicable)) throw error;
              // Waiting for its cause is no failure: the span says so and ends well.
              span.addEvent('not yet applicable');
              return false;
            }
          });
          if (!applied) break;
          versions.set(key, event.version);
          newlyApplied.push(event);
        }
        dealtWith += 1;
      }
      await batch?.close();
      for (const [key, version] of versions) await tx.setStreamVersion(key, version);
      // Earlier progress first: this batch's, written after, wins for its own source.
      for (const earlier of deferred) await earlier.write(tx, earlier.dealtWith);
      if (progress && dealtWith > 0) await progress.write(tx, dealtWith);
      return { versions, dealtWith, newlyApplied };
    }).catch((error: unknown) => {
      // Not written: kept for the next transaction (unless this batch's own progress moved on).
      for (const earlier of deferred) if (!this.#deferred.has(earlier.source)) this.#deferred.set(earlier.source, earlier);
      for (const [key, version] of deferredVersions) if (version > (this.#deferredVersions.get(key) ?? 0)) this.#deferredVersions.set(key, version);
      throw error;
    });
    for (const [key, version] of versions) this.#wake(key, version);
    if (newlyApplied.length) this.#applied.emit('applied', newlyApplied);
    return dealtWith;
  }

  /**
   * Keeps what a batch with nothing to apply reached, to be written later: its progress and its
   * streams' versions (which wake the consistency waits on them now).
   */
  #defer(events: readonly EventEnvelope<P>[], progress: BatchProgress | undefined): void {
    if (progress) this.#deferred.set(progress.source, { ...progress, dealtWith: events.length });
    for (const event of events) {
      const key = streamKey(event.sourceService, event.streamId);
      if (event.version <= (this.#deferredVersions.get(key) ?? 0)) continue;
      this.#deferredVersions.set(key, event.version);
      this.#wake(key, event.version);
    }
    this.#deferredTimer ??= setTimeout(() => {
      this.#deferredTimer = undefined;
      this.#writeDeferred().catch((error: unknown) => this.#logger.warn({ err: error }, 'projection progress not written; kept for the next batch'));
    }, DEFERRED_PROGRESS_MS);
  }

  /** Writes deferred progress in a transaction of its own (after a quiet moment, and on stop). */
  async #writeDeferred(): Promise<void> {
    clearTimeout(this.#deferredTimer);
    this.#deferredTimer = undefined;
    if (this.#deferred.size === 0 && this.#deferredVersions.size === 0) return;
    await this.applyBatch([]);
  }

  /**
   * Applies every event of a batch. While one is not applicable yet, it waits for another batch of
   * this projection to apply something (its cause arrives on another topic or partition, handled
   * by another loop) or, failing that, a pause that doubles up to half a second. Catching up from
   * far behind (a rebuild, a restart after downtime), the loops of the topics then move in step
   * instead of each sleeping through its pauses. Returns how many events it dealt with: all of
   * them, or, where the source delivers the rest again (`yieldAfterMs`, a bus), those before the
   * waiting one once it has waited that long with nothing applied elsewhere, so that the other
   * partitions fetched with this one can move on (ConsumerOptions.handleBatch).
   */
  async #applyAll(events: readonly EventEnvelope<P>[], signal: AbortSignal, progressOf: (done: number) => BatchProgress, yieldAfterMs = Number.POSITIVE_INFINITY): Promise<number> {
    let pauseMs = 5;
    let waitedMs = 0;
    for (let done = 0; done < events.length; ) {
      const dealtWith = await this.applyBatch(events.slice(done), progressOf(done));
      done += dealtWith;
      if (dealtWith > 0) waitedMs = 0;
      if (done < events.length) {
        if (waitedMs >= yieldAfterMs) return done;
        const wokenEarly = await this.#appliedElsewhere(pauseMs, signal);
        waitedMs = wokenEarly ? 0 : waitedMs + pauseMs;
        pauseMs = Math.min(pauseMs * 2, 500);
      }
    }
    return events.length;
  }

  /**
   * Resolves when this projection next applies events (true), or after `ms` (false); rejects when
   * `signal` aborts.
   */
  #appliedElsewhere(ms: number, signal: AbortSignal): Promise<boolean> {
    signal.throwIfAborted();
    return new Promise<boolean>((resolve, reject) => {
      const settle = (outcome: () => void) => () => {
        clearTimeout(timer);
        this.#applied.off('applied', applied);
        signal.removeEventListener('abort', aborted);
        outcome();
      };
      const applied = settle(() => resolve(true));
      const aborted = settle(() => reject(signal.reason));
      const timer = setTimeout(settle(() => resolve(false)), ms);
      this.#applied.on('applied', applied);
      signal.addEventListener('abort', aborted);
    });
  }

  /**
   * Resolves once the read model has applied the token's write; a token of a service that does not
   * feed this projection resolves at once. Rejects with UnavailableError after `timeoutMs`.
   */
  async waitFor(token: ConsistencyToken | undefined, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (!token || !this.sourceServices.includes(token.service)) return;
    const key = streamKey(token.service, token.streamId);
    let resolveWait!: () => void;
    const reached = new Promise<void>((resolve) => (resolveWait = resolve));
    const waiter: Waiter = { version: token.version, resolve: resolveWait };
    this.#waiters.set(key, [...(this.#waiters.get(key) ?? []), waiter]);
    // Registered before reading, so a batch committed in between still wakes us.
    const reachedNow = async () =>
      (this.#deferredVersions.get(key) ?? 0) >= token.version || (await this.#readModels.streamVersion(this.#projection.name, key)) >= token.version;
    if (await reachedNow()) waiter.resolve();
    // Another pod may apply the write to a shared store: this one would never hear of it.
    const poll = this.shared ? setInterval(() => void reachedNow().then((done) => done && waiter.resolve(), () => undefined), SHARED_POLL_MS) : undefined;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      const fail = () =>
        reject(new UnavailableError(`the ${this.#projection.name} view has not caught up with the consistency token within ${timeoutMs} ms; retry`));
      timer = setTimeout(fail, timeoutMs);
      signal?.addEventListener('abort', fail, { once: true });
    });
    try {
      await Promise.race([reached, timedOut]);
    } finally {
      clearTimeout(timer);
      clearInterval(poll);
      this.#waiters.set(key, (this.#waiters.get(key) ?? []).filter((w) => w !== waiter));
    }
  }

  #wake(key: string, version: number): void {
    const waiters = this.#waiters.get(key);
    if (!waiters) return;
    for (const waiter of waiters) if (waiter.version <= version) waiter.resolve();
  }

  async #followStore(source: Extract<ProjectionSource<P>, { kind: 'store' }>): Promise<Subscription> {
    return source.store.subscribe(
      {
        after: await this.#readModels.checkpoint(this.#projection.name),
        onError: (error, attempt) => this.#logger.error({ err: error, attempt }, 'projection failed; retrying'),
        onFailure: (error) => (this.#logger.fatal({ err: error }, 'projection stopped: the store cannot be read'), reportStoppedForGood(`projection ${this.name}`)),
      },
      async (batch, signal) => {
        const events = batch.map((stored) => decodeStored(source.codec, stored));
        await this.#applyAll(events, signal, (done) => ({
          source: 'store',
          dealtWith: 0,
          write: (tx, dealtWith) => tx.setCheckpoint(events[done + dealtWith - 1]!.position),
        }));
        this.#storePosition = events.at(-1)!.position;
      },
    );
  }

  async #followBus(source: Extract<ProjectionSource<P>, { kind: 'bus' }>): Promise<Consumer> {
    const topicsByName = new Map(source.topics.map((topic) => [topic.name, topic]));
    return source.bus.consume({
      groupId: await this.#groupId(source),
      topics: source.topics.map((topic) => topic.name),
      // A read model must not skip an event: retry until it applies, and say so loudly meanwhile.
      retry: { maxAttempts: Number.POSITIVE_INFINITY, minBackoffMs: 100, maxBackoffMs: 30_000 },
      onError: (error, message, attempt) =>
        this.#logger.error({ err: error, attempt, topic: message.topic, offset: message.offset }, 'projection failed; retrying'),
      onFailure: (error) => (this.#logger.fatal({ err: error }, 'projection stopped: the bus cannot be read'), reportStoppedForGood(`projection ${this.name}`)),
      positions: async (topic, partition) => (await this.#readModels.streamVersion(this.#projection.name, partitionKey(topic, partition))) || undefined,
      handleBatch: async (batch, signal) => {
        const events = batch.map((message) => fromBusMessage(topicsByName.get(message.topic)!, message));
        // A batch is one partition's: its next offset is kept with the data (ConsumerOptions.positions).
        const { topic, partition } = batch[0]!;
        const key = partitionKey(topic, partition);
        return this.#applyAll(
          events,
          signal,
          (done) => ({ source: key, dealtWith: 0, write: (tx, dealtWith) => tx.setStreamVersion(key, batch[done + dealtWith - 1]!.offset + 1) }),
          YIELD_AFTER_MS,
        );
      },
    });
  }
}

/** Records, in a batch's transaction, how far its source got after `dealtWith` of its events. */
interface BatchProgress {
  /** The source it is the progress of: the store, or one partition of a topic. */
  readonly source: string;
  /** For deferred progress: how many of its batch's events it covers. */
  readonly dealtWith: number;
  write(tx: ReadModelTransaction, dealtWith: number): Promise<void>;
}

/**
 * How long a bus batch waits, with nothing applied elsewhere, for the cause of an event before it
 * hands back the rest of the batch to be delivered again (#applyAll).
 */
const YIELD_AFTER_MS = 250;

/** How long the progress over batches with nothing to apply may wait for a batch that has something. */
const DEFERRED_PROGRESS_MS = 500;

/**
 * A topic's partition is a source stream of a bus-fed projection too: its "version" is the next
 * offset to read, kept with the stream versions so that it changes in the same commits as the data.
 */
function partitionKey(topic: string, partition: number): string {
  return `bus:${topic}#${partition}`;
}

/** What a query needs of a projection: waiting for a consistency token. */
export type ReadModelWaiter = Pick<ProjectionRunner<Payload>, 'waitFor'>;

/** What a live query needs: waiting, and hearing of what was applied. */
export type LiveReadModel<P extends Payload> = Pick<ProjectionRunner<P>, 'waitFor' | 'onApplied' | 'shared'>;

/** How often a wait on a shared read model reads it again. */
export const SHARED_POLL_MS = 50;
