import type { Stoppable } from '../async/background-work.ts';
import { LeaseKeeper } from '../lease/lease-keeper.ts';
import type { LeaseStore } from '../lease/lease-store.ts';
import type { Logger } from '../logging/logger.ts';

/** A replica's spell as a job's owner. */
export interface JobTenure {
  /** Aborts when this replica may no longer own the job: its work must stop. */
  readonly signal: AbortSignal;
  /** The lease's fencing token of this spell. */
  readonly token: number;
  /** Whether this replica still owns the job: asked right before an effect no store can fence (a send). */
  holds(): boolean;
}

/** Work that must run in one replica of a service at a time: started for each spell of ownership. */
export type OwnedJob = (tenure: JobTenure) => Promise<Stoppable>;

/**
 * One owner per background job (the relay, store-fed projections, timers and sweeps, the
 * dispatcher) among a service's replicas: each job has a lease named after it in the service's
 * own store. The replica that holds it runs the job; the others stand by and take over within
 * the lease's ttl plus a renewal interval once the owner dies, or at once when it stops cleanly.
 * A job whose lease may be lost is stopped before the lease could run out at the store, and the
 * stores refuse a checkpoint fenced by a lease another replica holds (docs/operations.md).
 */
export class JobOwnership {
  readonly #options: { leases: LeaseStore; holder: string; ttlMs: number; logger: Logger };

  constructor(options: { leases: LeaseStore; holder: string; ttlMs: number; logger: Logger }) {
    this.#options = options;
  }

  /** This replica's name among the holders of leases. */
  get holder(): string {
    return this.#options.holder;
  }

  /** Runs `start` whenever this replica owns `job`, and stops what it started when it no longer does. */
  run(job: string, start: OwnedJob): Stoppable {
    const { leases, holder, ttlMs, logger } = this.#options;
    const keeper = new LeaseKeeper({
      store: leases,
      name: job,
      holder,
      ttlMs,
      logger: logger.child({ job }),
      onAcquired: async (lease, signal) => {
        const running = await start({ signal, token: lease.token, holds: () => !signal.aborted });
        if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        await running.stop();
      },
      // Given up because this replica stops: nothing an operator need look at (the keeper says so at info).
      onLost: (reason) => {
        if (reason !== 'stopped') logger.warn({ job, reason }, 'this replica no longer owns the job; it stopped it');
      },
    }).start();
    return { stop: () => keeper.stop() };
  }
}
