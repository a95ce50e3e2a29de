import type { ReadModelDocument } from './read-model-store.ts';

/**
 * The documents a read-model store's writer wrote last, as its connection sees them, the least
 * recently used dropped first: a projection that updates the same case in batch after batch reads
 * it from here instead of reading and parsing it again each time. The writer puts what it writes
 * and takes out what it rolls back, so the cache never holds what its connection does not. Only
 * the writer's transactions read it (queries read the file through their own connection).
 * What `get` returns is the cached object itself: projections treat a document they read as
 * immutable and put a new one (as every projection here does, `{ ...doc, field }`).
 */
export class DocumentCache {
  readonly #capacity: number;
  readonly #documents = new Map<string, ReadModelDocument | undefined>();

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** The document if known (`undefined`: known to be deleted); `hit` false when not known. */
  get(collection: string, id: string): { hit: boolean; doc: ReadModelDocument | undefined } {
    const key = keyOf(collection, id);
    if (!this.#documents.has(key)) return { hit: false, doc: undefined };
    const doc = this.#documents.get(key);
    this.#documents.delete(key);
    this.#documents.set(key, doc);
    return { hit: true, doc };
  }

  set(collection: string, id: string, doc: ReadModelDocument | undefined): void {
    const key = keyOf(collection, id);
    this.#documents.delete(key);
    this.#documents.set(key, doc);
    if (this.#documents.size > this.#capacity) this.#documents.delete(this.#documents.keys().next().value!);
  }

  forget(collection: string, id: string): void {
    this.#documents.delete(keyOf(collection, id));
  }

  /** Forgets a collection's documents (a reset for a rebuild). */
  forgetCollection(collection: string): void {
    const prefix = keyOf(collection, '');
    for (const key of [...this.#documents.keys()]) if (key.startsWith(prefix)) this.#documents.delete(key);
  }
}

const keyOf = (collection: string, id: string) => `${collection}\u0000${id}`;
