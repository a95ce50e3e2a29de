import type { Stoppable } from '../async/background-work.ts';
import type { Logger } from '../logging/logger.ts';
import type { ReadModelStore } from '../readmodel/read-model-store.ts';
import type { ProjectionRunner } from './projection-runner.ts';
import type { Payload } from '../events/event-codec.ts';

/** How often a replica of a shared store refreshes the views it keeps in memory (calendars, regions). */
export const REFRESH_MS = 1000;

/**
 * On a store the replicas of a service share, each event is applied by one replica only, so every
 * replica refreshes the views its projections keep in memory from the stored collections, at once
 * and then every REFRESH_MS: a change another replica applied (a calendar, a division edition)
 * reaches it within a second. One process on its own store applies every event itself and needs none.
 */
export function refreshWhileShared(options: { readonly readModels: ReadModelStore; readonly projections: readonly ProjectionRunner<Payload>[]; readonly logger: Logger }): Stoppable {
  const refreshing = options.projections.filter((runner) => runner.refreshes);
  if (!options.readModels.sharedBetweenProcesses || refreshing.length === 0) return { stop: async () => undefined };
  let running: Promise<void> = Promise.resolve();
  const refresh = () => {
    running = running
      .then(async () => {
        for (const runner of refreshing) await runner.refresh();
      })
      .catch((error: unknown) => options.logger.warn({ err: error }, 'could not refresh the views kept in memory; trying again'));
  };
  refresh();
  const timer = setInterval(refresh, REFRESH_MS).unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
