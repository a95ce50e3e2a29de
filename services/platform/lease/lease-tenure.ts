import type { Lease } from './lease-store.ts';

/**
 * Why a holder stopped holding a lease: `taken`, the store says another tenure holds it (another
 * holder, or a new token after this one lapsed); `overdue`, no renewal was confirmed in time;
 * `failed`, the job's work rejected; `stopped`, the keeper was stopped.
 */
export type LeaseLoss = 'taken' | 'overdue' | 'failed' | 'stopped';

/**
 * One spell of holding a lease: the signal its work runs under, and the deadline by which the
 * next renewal must be confirmed or the work is told to stop.
 *
 * The deadline is on this process's monotonic clock (performance.now()), counted from when the
 * last confirmed request was SENT: the store granted the ttl no earlier than that, so the lease
 * lasts at least that long whatever the store's clock says. Comparing the store's expiresAt with
 * this machine's wall clock would be wrong by however far the clocks are apart.
 */
export class LeaseTenure {
  readonly #controller = new AbortController();
  readonly #onOverdue: () => void;
  #lease: Lease;
  #timer: NodeJS.Timeout | undefined;

  constructor(lease: Lease, deadline: number, onOverdue: () => void) {
    this.#lease = lease;
    this.#onOverdue = onOverdue;
    this.extend(lease, deadline);
  }

  get lease(): Lease {
    return this.#lease;
  }

  /** Aborts when the tenure ends; its reason is the LeaseLoss. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get ended(): boolean {
    return this.#controller.signal.aborted;
  }

  /** A renewal was confirmed: the lease is held until `deadline` (performance.now() time). */
  extend(lease: Lease, deadline: number): void {
    clearTimeout(this.#timer);
    this.#lease = lease;
    // A deadline already past fires at once. Unref'd: a lease never keeps a process alive.
    this.#timer = setTimeout(this.#onOverdue, Math.max(0, deadline - performance.now())).unref();
  }

  /** Ends the tenure; false if it had already ended. */
  end(reason: LeaseLoss): boolean {
    if (this.ended) return false;
    clearTimeout(this.#timer);
    this.#controller.abort(reason);
    return true;
  }
}
