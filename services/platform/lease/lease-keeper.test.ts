import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LeaseKeeper, type LeaseKeeperOptions } from './lease-keeper.ts';
import type { Lease, LeaseStore } from './lease-store.ts';
import type { LeaseLoss } from './lease-tenure.ts';
import { SqliteLeaseStore } from './sqlite-lease-store.ts';

const TTL_MS = 600;
const NAME = 'relay:cases';

/** Resolves once `condition` holds; fails the test after `withinMs`. */
async function until(condition: () => boolean, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A replica: a keeper on a store handle of its own, recording each tenure it began. */
interface Replica {
  keeper: LeaseKeeper;
  tenures: Array<{ lease: Lease; signal: AbortSignal; abortedAt?: number }>;
  errors: unknown[];
}

/** A store handle that can be made to stop answering: calls reject, or hang until answered again. */
class FlakyStore implements LeaseStore {
  mode: 'answers' | 'rejects' | 'hangs' = 'answers';
  /** The last lease the store granted through this handle: its expiry is the store's word. */
  granted: Lease | undefined;
  #answer: (() => void) | undefined;
  readonly #store: LeaseStore;

  constructor(store: LeaseStore) {
    this.#store = store;
  }

  async acquire(name: string, holder: string, ttlMs: number): Promise<Lease | undefined> {
    if (this.mode === 'rejects') throw new Error('the lease store cannot be reached');
    if (this.mode === 'hangs') await new Promise<void>((resolve) => (this.#answer = resolve));
    return (this.granted = await this.#store.acquire(name, holder, ttlMs));
  }

  /** Answers again; a hanging call goes on to the store. */
  recover(): void {
    this.mode = 'answers';
    this.#answer?.();
  }

  release = (name: string, holder: string, token: number) => this.#store.release(name, holder, token);
  current = (name: string) => this.#store.current(name);
  close = () => this.#store.close();
}

describe('LeaseKeeper on SQLite', () => {
  let path = '';
  const running: Replica[] = [];
  const stores: LeaseStore[] = [];
  const flakies: FlakyStore[] = [];

  const handle = (): SqliteLeaseStore => {
    const store = new SqliteLeaseStore(path);
    stores.push(store);
    return store;
  };

  const replica = (holder: string, store: LeaseStore = handle(), options: Partial<LeaseKeeperOptions> = {}): Replica => {
    const tenures: Replica['tenures'] = [];
    const errors: unknown[] = [];
    const keeper = new LeaseKeeper({
      store,
      name: NAME,
      holder,
      ttlMs: TTL_MS,
      onAcquired: (lease, signal) => {
        const tenure: Replica['tenures'][number] = { lease, signal };
        signal.addEventListener('abort', () => (tenure.abortedAt = Date.now()));
        tenures.push(tenure);
      },
      onError: (error) => errors.push(error),
      ...options,
    }).start();
    const started = { keeper, tenures, errors };
    running.push(started);
    return started;
  };

  afterEach(async () => {
    // A call left hanging would keep stop() waiting for the keeper's loop.
    for (const flaky of flakies.splice(0)) flaky.recover();
    for (const { keeper } of running.splice(0)) await keeper.stop();
    for (const store of stores.splice(0)) await store.close();
  });

  const fresh = () => (path = join(mkdtempSync(join(tmpdir(), 'ow-keeper-')), 'leases.sqlite'));

  it('runs the work in one replica only, and hands it over within the ttl when the holder stops', async () => {
    fresh();
    const a = replica('replica-a');
    await until(() => a.keeper.held, 1_000);
    const b = replica('replica-b');
    await new Promise((resolve) => setTimeout(resolve, TTL_MS / 2));
    expect(b.keeper.held).toBe(false);
    expect(b.keeper.fence).toBeUndefined();
    expect(a.keeper.fence).toEqual({ name: NAME, token: 1 });

    const stopping = Date.now();
    await a.keeper.stop();
    expect(a.tenures[0]!.signal.reason).toBe('stopped');
    expect(a.keeper.held).toBe(false);
    await until(() => b.keeper.held, TTL_MS);
    expect(Date.now() - stopping).toBeLessThan(TTL_MS);
    expect(b.keeper.fence).toEqual({ name: NAME, token: 2 });
    expect(a.tenures).toHaveLength(1);
  });

  it('gives each tenure a higher token across handovers', async () => {
    fresh();
    const tokens: number[] = [];
    for (const holder of ['replica-a', 'replica-b', 'replica-a']) {
      const next = replica(holder);
      await until(() => next.keeper.held, TTL_MS);
      tokens.push(next.keeper.fence!.token);
      await next.keeper.stop();
    }
    expect(tokens).toEqual([1, 2, 3]);
  });

  it.each(['rejects', 'hangs'] as const)('aborts the work before the lease expires when the store %s, and a standby then takes over with a higher token', async (mode) => {
    fresh();
    const flaky = new FlakyStore(handle());
    flakies.push(flaky);
    const lost: LeaseLoss[] = [];
    const a = replica('replica-a', flaky, { onLost: (reason) => lost.push(reason) });
    await until(() => a.keeper.held, 1_000);
    flaky.mode = mode;
    const b = replica('replica-b');
    await until(() => a.tenures[0]!.abortedAt !== undefined, TTL_MS);
    const expiresAt = flaky.granted!.expiresAt;
    expect(a.tenures[0]!.abortedAt).toBeLessThan(expiresAt);
    expect(lost).toEqual(['overdue']);
    expect(a.keeper.held).toBe(false);
    expect(a.keeper.fence).toBeUndefined();
    if (mode === 'rejects') expect(a.errors.length).toBeGreaterThan(0);

    await until(() => b.keeper.held, TTL_MS);
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt);
    expect(b.keeper.fence!.token).toBe(a.tenures[0]!.lease.token + 1);
  });

  it('ends a tenure whose work fails, and starts the work again under a new token', async () => {
    fresh();
    let attempts = 0;
    const a = replica('replica-a', handle(), {
      onAcquired: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('the relay could not start');
      },
    });
    await until(() => attempts === 2, 1_000);
    expect(a.errors).toHaveLength(1);
    expect(a.keeper.fence).toEqual({ name: NAME, token: 2 });
  });
});
