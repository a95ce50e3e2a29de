import type { EventEnvelope } from '../events/envelope.ts';
import type { CollectionSpec, ReadModelReader, ReadModelTransaction } from '../readmodel/read-model-store.ts';

/**
 * A read model built from events. `apply` must depend only on the event and the read model, so a
 * rebuild from the same events ends identical; the runner guarantees each stream version is applied
 * once, in order, however often the event is delivered.
 */
export interface Projection<P> {
  readonly name: string;
  readonly collections: readonly CollectionSpec[];
  /**
   * The event types it applies, when it applies only some: the others pass it by without a
   * transaction of their own. Every event of a stream it applies must be of these types (the
   * runner checks each stream's versions follow one another).
   */
  readonly eventTypes?: ReadonlySet<string>;
  apply(event: EventEnvelope<P>, tx: ReadModelTransaction): Promise<void>;
  /**
   * For projections that gather writes over a batch (counts many events add to): called at the
   * start of each batch's transaction (again if the store retries it); `apply` then gets the
   * batch's `tx`, and `close` writes what was gathered before the transaction commits.
   */
  openBatch?(tx: ReadModelTransaction): ProjectionBatch;
  /** Runs once at start, before events flow: for projections that also keep a view in memory. */
  prepare?(readModels: ReadModelReader): Promise<void>;
  /**
   * Brings the view in memory up to the collections again. On a store the replicas of a service
   * share, an event is applied by one replica only (the projection's owner, or the consumer of its
   * partition), so every replica calls it every REFRESH_MS (refresh-while-shared.ts).
   */
  refresh?(readModels: ReadModelReader): Promise<void>;
}

/** A batch of a projection that gathers writes: the transaction its events are applied with, and the last writes. */
export interface ProjectionBatch {
  readonly tx: ReadModelTransaction;
  close(): Promise<void>;
}
