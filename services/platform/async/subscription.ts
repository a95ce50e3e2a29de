/** Something that follows a feed until it is closed. */
export interface Subscription {
  /** Stops after the batch being handled, if any. */
  close(): Promise<void>;
}
