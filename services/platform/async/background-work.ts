/** Something started in the background that must be stopped on shutdown. */
export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * Background work of a service, stopped in reverse order of starting: reactions stop before the
 * projections and relay they feed on, so a shutdown never loses a handled-but-unrecorded step.
 */
export class BackgroundWork {
  readonly #running: Stoppable[] = [];

  async start(...starters: ReadonlyArray<() => Promise<Stoppable>>): Promise<void> {
    for (const start of starters) this.#running.push(await start());
  }

  async stop(): Promise<void> {
    for (const work of this.#running.splice(0).reverse()) await work.stop();
  }
}
