import { setTimeout as pause } from 'node:timers/promises';
import type { Logger } from '../logging/logger.ts';
import type { Lease, LeaseStore } from './lease-store.ts';
import { type LeaseLoss, LeaseTenure } from './lease-tenure.ts';

export interface LeaseKeeperOptions {
  readonly store: LeaseStore;
  readonly name: string;
  /** This replica's name, unique among the replicas (a pod name, say). */
  readonly holder: string;
  readonly ttlMs: number;
  /** How often the holder renews, and a standby tries to take the lease; default ttl / 3. */
  readonly renewEveryMs?: number;
  /**
   * How long before the lease could run out at the store the holder gives up its work when no
   * renewal was confirmed, so that work stops before a standby may start; default ttl / 5.
   */
  readonly safetyMarginMs?: number;
  /**
   * Starts the job for a tenure. `signal` aborts (its reason a LeaseLoss) when the tenure ends; the
   * work must stop then. A returned promise should settle once the work has stopped: stop() waits
   * for it before releasing the lease, so the standby starts after this replica's work ended. A
   * rejection ends the tenure; the next tick takes the lease again with a new token.
   */
  readonly onAcquired: (lease: Lease, signal: AbortSignal) => void | Promise<void>;
  readonly onLost?: (reason: LeaseLoss) => void;
  /** A store call failed (it is tried again on the next tick), or the job's work rejected. */
  readonly onError?: (error: unknown) => void;
  readonly logger?: Logger;
}

/** The name and token a writer checks in the same transaction as its write. */
export interface Fence {
  readonly name: string;
  readonly token: number;
}

/**
 * Runs a job in exactly one replica: keeps trying to take a lease, renews it while held, and tells
 * the job to stop as soon as the lease may be lost. A standby takes over within ttl + renewEvery
 * of the holder dying, and at once (within renewEvery) when the holder stops and releases it.
 * Each tenure has a token of its own, so work left over from an ended tenure can be fenced off.
 */
export class LeaseKeeper {
  readonly #options: LeaseKeeperOptions;
  readonly #renewEveryMs: number;
  readonly #safetyMarginMs: number;
  readonly #stopping = new AbortController();
  readonly #working = new Set<Promise<void>>();
  #loop: Promise<void> | undefined;
  #tenure: LeaseTenure | undefined;
  /** The store's last grant to this holder, tenure or not: stop() gives it back. */
  #granted: Lease | undefined;
  /** The token of the last tenure that ended: it must not start work again. */
  #spent: number | undefined;

  constructor(options: LeaseKeeperOptions) {
    this.#options = options;
    this.#renewEveryMs = options.renewEveryMs ?? options.ttlMs / 3;
    this.#safetyMarginMs = options.safetyMarginMs ?? options.ttlMs / 5;
    if (!(this.#renewEveryMs > 0 && this.#safetyMarginMs >= 0 && this.#renewEveryMs < options.ttlMs - this.#safetyMarginMs)) {
      throw new RangeError(`lease ${options.name}: renewals (every ${this.#renewEveryMs} ms) must come before the ttl (${options.ttlMs} ms) less the margin (${this.#safetyMarginMs} ms) runs out`);
    }
  }

  start(): this {
    this.#loop ??= this.#run();
    return this;
  }

  get held(): boolean {
    return this.#tenure !== undefined && !this.#tenure.ended;
  }

  get fence(): Fence | undefined {
    return this.held ? { name: this.#options.name, token: this.#tenure!.lease.token } : undefined;
  }

  /** Stops the work, waits for it and for the loop, then releases the lease so a standby takes it at once. */
  async stop(): Promise<void> {
    this.#stopping.abort();
    this.#end('stopped');
    await this.#loop;
    await Promise.all(this.#working);
    await this.#releaseGranted();
  }

  async #run(): Promise<void> {
    while (!this.#stopping.signal.aborted) {
      await this.#tick();
      // Rejects only when stop() aborts the pause. Unref'd: a lease never keeps a process alive.
      await pause(this.#renewEveryMs, undefined, { signal: this.#stopping.signal, ref: false }).catch(() => undefined);
    }
  }

  async #tick(): Promise<void> {
    try {
      const { lease, sentAt } = await this.#take();
      this.#granted = lease;
      this.#settle(lease, sentAt + this.#options.ttlMs - this.#safetyMarginMs);
    } catch (error) {
      // Standing by, the next tick tries again; holding, the tenure's deadline ends it if this goes on.
      this.#report(error, 'lease store call failed; trying again');
    }
  }

  /** Acquires; a spent token is given back and the lease taken anew, so that it gets a new token. */
  async #take(): Promise<{ lease: Lease | undefined; sentAt: number }> {
    const { store, name, holder, ttlMs } = this.#options;
    let sentAt = performance.now();
    let lease = await store.acquire(name, holder, ttlMs);
    if (lease !== undefined && lease.token === this.#spent) {
      await store.release(name, holder, lease.token);
      sentAt = performance.now();
      lease = await store.acquire(name, holder, ttlMs);
    }
    return { lease, sentAt };
  }

  /** Renews the tenure the store confirmed, or ends it, and begins a tenure for a new grant. */
  #settle(lease: Lease | undefined, deadline: number): void {
    const tenure = this.#tenure;
    if (tenure && !tenure.ended && lease?.token === tenure.lease.token) return tenure.extend(lease, deadline);
    this.#end('taken');
    const fresh = lease !== undefined && lease.token !== this.#spent && deadline > performance.now();
    if (fresh && !this.#stopping.signal.aborted) this.#begin(lease, deadline);
  }

  #begin(lease: Lease, deadline: number): void {
    const tenure = new LeaseTenure(lease, deadline, () => this.#end('overdue'));
    this.#tenure = tenure;
    this.#options.logger?.info({ lease: lease.name, token: lease.token }, 'lease taken; starting its work');
    const work = this.#work(tenure).finally(() => this.#working.delete(work));
    this.#working.add(work);
  }

  async #work(tenure: LeaseTenure): Promise<void> {
    try {
      await this.#options.onAcquired(tenure.lease, tenure.signal);
    } catch (error) {
      // Work giving up because its tenure ended is how it is meant to stop, not a failure.
      if (tenure.ended && (error === tenure.signal.reason || (error as Error)?.name === 'AbortError')) return;
      this.#report(error, 'the work under a lease failed; ending its tenure');
      if (tenure.end('failed')) this.#lost(tenure, 'failed');
    }
  }

  #end(reason: LeaseLoss): void {
    const tenure = this.#tenure;
    if (tenure?.end(reason)) this.#lost(tenure, reason);
  }

  #lost(tenure: LeaseTenure, reason: LeaseLoss): void {
    this.#spent = tenure.lease.token;
    const level = reason === 'stopped' ? 'info' : 'warn';
    this.#options.logger?.[level]({ lease: tenure.lease.name, token: tenure.lease.token, reason }, 'lease given up; its work is told to stop');
    try {
      this.#options.onLost?.(reason);
    } catch (error) {
      this.#report(error, 'onLost failed');
    }
  }

  async #releaseGranted(): Promise<void> {
    const lease = this.#granted;
    this.#granted = undefined;
    if (!lease) return;
    try {
      await this.#options.store.release(lease.name, lease.holder, lease.token);
    } catch (error) {
      // The lease then runs out by itself: a standby waits one ttl longer, nothing worse.
      this.#report(error, 'lease release failed; it will expire instead');
    }
  }

  #report(error: unknown, message: string): void {
    this.#options.logger?.warn({ err: error, lease: this.#options.name }, message);
    this.#options.onError?.(error);
  }
}
