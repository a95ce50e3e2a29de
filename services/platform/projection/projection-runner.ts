import type { Consumer, EventBus } from '../bus/event-bus.ts';
import { UnavailableError } from '../domain/errors.ts';
import type { EventCodec, Payload } from '../events/event-codec.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import type { Logger } from '../logging/logger.ts';
import { decodeStored, fromBusMessage } from '../messaging/integration-message.ts';
import type { Topic } from '../messaging/topics.ts';
import type { ReadModelStore } from '../readmodel/read-model-store.ts';
import type { EventStore, Subscription } from '../store/event-store.ts';
import { type ConsistencyToken, streamKey } from './consistency-token.ts';
import type { Projection } from './projection.ts';

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
  #running: Subscription | Consumer | undefined;

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

  /** The services whose events feed this projection: tokens of other services do not concern it. */
  get sourceServices(): readonly string[] {
    return this.#source.kind === 'store' ? [this.#source.store.service] : this.#source.topics.map((t) => t.service);
  }

  async start(): Promise<void> {
    await this.#readModels.define(this.#projection.collections);
    this.#running = this.#source.kind === 'store' ? await this.#followStore(this.#source) : await this.#followBus(this.#source);
  }

  async stop(): Promise<void> {
    const running = this.#running;
    this.#running = undefined;
    if (running) await ('close' in running ? running.close() : running.stop());
  }

  /** Events of the source not yet applied: the projection's lag. */
  async lag(): Promise<number> {
    const source = this.#source;
    if (source.kind === 'store') return (await source.store.headPosition()) - (await this.#readModels.checkpoint(this.#projection.name));
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

  /** Applies a batch; exposed so tests can deliver events directly, twice if they like. */
  async applyBatch(events: readonly EventEnvelope<P>[], checkpoint?: number): Promise<void> {
    const reached = await this.#readModels.update(this.#projection.name, async (tx) => {
      const versions = new Map<string, number>();
      for (const event of events) {
        const key = streamKey(event.sourceService, event.streamId);
        const applied = versions.get(key) ?? (await tx.streamVersion(key));
        if (event.version <= applied) continue;
        // Every stored event is published and streams arrive in order, so a gap means an event
        // went missing upstream: refuse (the batch is retried) rather than skip it for ever.
        if (event.version !== applied + 1) {
          throw new Error(`${this.#projection.name}: ${key} jumps from version ${applied} to ${event.version}`);
        }
        await this.#projection.apply(event, tx);
        versions.set(key, event.version);
      }
      for (const [key, version] of versions) await tx.setStreamVersion(key, version);
      if (checkpoint !== undefined) await tx.setCheckpoint(checkpoint);
      return versions;
    });
    for (const [key, version] of reached) this.#wake(key, version);
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
    if ((await this.#readModels.streamVersion(this.#projection.name, key)) >= token.version) waiter.resolve();
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
        onFailure: (error) => this.#logger.fatal({ err: error }, 'projection stopped: the store cannot be read'),
      },
      async (batch) => {
        await this.applyBatch(batch.map((stored) => decodeStored(source.codec, stored)), batch[batch.length - 1]!.position);
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
      onFailure: (error) => this.#logger.fatal({ err: error }, 'projection stopped: the bus cannot be read'),
      handleBatch: async (batch) => {
        await this.applyBatch(batch.map((message) => fromBusMessage(topicsByName.get(message.topic)!, message)));
      },
    });
  }
}

/** What a query needs of a projection: waiting for a consistency token. */
export type ReadModelWaiter = Pick<ProjectionRunner<Payload>, 'waitFor'>;
