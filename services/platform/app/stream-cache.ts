/**
 * The streams a command handler loaded last, by stream id, the least recently used dropped first.
 * A stream read again is read only from the version after the one kept (usually nothing), so a
 * case's tenth command neither reads nor folds its first nine events again; a write by another
 * process is still seen, since every load reads what follows.
 */
export class StreamCache<T extends { readonly version: number }> {
  readonly #capacity: number;
  readonly #streams = new Map<string, T>();

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get(streamId: string): T | undefined {
    const stream = this.#streams.get(streamId);
    if (stream) {
      // Most recently used last.
      this.#streams.delete(streamId);
      this.#streams.set(streamId, stream);
    }
    return stream;
  }

  /** Keeps `stream` unless a later version is kept already (a concurrent load finished first). */
  set(streamId: string, stream: T): void {
    const kept = this.#streams.get(streamId);
    if (kept && kept.version > stream.version) return;
    this.#streams.delete(streamId);
    this.#streams.set(streamId, stream);
    if (this.#streams.size > this.#capacity) this.#streams.delete(this.#streams.keys().next().value!);
  }
}
