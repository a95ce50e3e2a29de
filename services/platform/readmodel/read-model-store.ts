/** A read-model document; `id` is its key within its collection. */
export interface ReadModelDocument {
  readonly id: string;
}

export type Scalar = string | number | boolean | null;

/** A condition on one field: equality, membership, a range, or a string prefix (region subtrees). */
export type Condition =
  | Scalar
  | { readonly in: readonly Scalar[] }
  | { readonly gt?: Scalar; readonly gte?: Scalar; readonly lt?: Scalar; readonly lte?: Scalar }
  | { readonly prefix: string };

export type Where = Readonly<Record<string, Condition>>;

export interface Query {
  /** Field paths ("due.date") to conditions, all of which must hold. */
  readonly where?: Where;
  /** Sort keys; ties are broken by id, so pages are stable. */
  readonly orderBy?: ReadonlyArray<readonly [field: string, direction: 'asc' | 'desc']>;
  readonly limit?: number;
  readonly offset?: number;
}

/** A collection and the field paths it is queried by (each inner list is one index). */
export interface CollectionSpec {
  readonly name: string;
  readonly indexes?: ReadonlyArray<readonly string[]>;
}

export interface ReadModelReader {
  get<T extends ReadModelDocument>(collection: string, id: string): Promise<T | undefined>;
  find<T extends ReadModelDocument>(collection: string, query?: Query): Promise<T[]>;
  count(collection: string, where?: Where): Promise<number>;
}

/** What a projection may do inside one atomic update. */
export interface ReadModelTransaction extends ReadModelReader {
  put<T extends ReadModelDocument>(collection: string, document: T): Promise<void>;
  delete(collection: string, id: string): Promise<void>;
  /** The last version of a source stream this projection applied (0 if none). */
  streamVersion(streamKey: string): Promise<number>;
  setStreamVersion(streamKey: string, version: number): Promise<void>;
  /** The projection's position in its source feed (for store-fed projections). */
  setCheckpoint(position: number): Promise<void>;
}

/**
 * The read-model port. Documents, a projection's checkpoint and the stream versions it applied
 * change together in one transaction, so a projection's progress never runs ahead of (or behind)
 * its data. Readers outside a transaction see only committed data. Implementations: the embedded
 * SQLite store and the MongoDB store; both pass readmodel/read-model-store.contract.ts.
 */
export interface ReadModelStore extends ReadModelReader {
  /**
   * Whether other processes write this store too (several pods of a service on one MongoDB): then
   * what this process applied is not all there is, and waiting for a write means reading again.
   */
  readonly sharedBetweenProcesses: boolean;
  /** Creates the collections and their indexes if missing. */
  define(collections: readonly CollectionSpec[]): Promise<void>;
  /** Runs `work` for `projection` atomically; concurrent updates run one after another. */
  update<T>(projection: string, work: (tx: ReadModelTransaction) => Promise<T>): Promise<T>;
  checkpoint(projection: string): Promise<number>;
  streamVersion(projection: string, streamKey: string): Promise<number>;
  /** Deletes the collections' documents and the projection's progress, to rebuild it. */
  reset(projection: string, collections: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

const NAME = /^[a-z][a-z0-9_]{0,62}$/;
const FIELD = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Collection names and field paths become identifiers in adapters' queries: only plain ones pass. */
export function assertCollectionName(name: string): void {
  if (!NAME.test(name)) throw new Error(`invalid collection name ${JSON.stringify(name)}`);
}

export function assertFieldPath(path: string): void {
  if (!FIELD.test(path)) throw new Error(`invalid field path ${JSON.stringify(path)}`);
}

export function isRange(condition: Condition): condition is { gt?: Scalar; gte?: Scalar; lt?: Scalar; lte?: Scalar } {
  return typeof condition === 'object' && condition !== null && !('in' in condition) && !('prefix' in condition);
}
