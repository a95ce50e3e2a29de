/**
 * Named counters that never hand out a number twice, across restarts and (with a shared store)
 * across processes. Used for case numbers' daily sequences.
 */
export interface SequenceStore {
  /** The next number of `name`, starting at 1. */
  next(name: string): Promise<number>;
  close(): Promise<void>;
}
