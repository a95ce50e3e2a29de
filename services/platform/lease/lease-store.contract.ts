import { afterEach, describe, expect, it } from 'vitest';
import type { LeaseStore } from './lease-store.ts';

export interface LeaseStoreFixture {
  /** A store on storage of its own. */
  open(): Promise<LeaseStore>;
  /** A second handle on the storage last opened, as another process would have. */
  openAnother(): Promise<LeaseStore>;
}

/** Long enough that no test outlives it by accident. */
const LONG_MS = 60_000;
/** Short enough to wait out within a test. */
const SHORT_MS = 300;
/** How far the store's clock may sit from the test's (a PG_URL or MONGO_URL server elsewhere). */
const CLOCK_SLACK_MS = 5_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The behaviour every LeaseStore adapter must have; run by each adapter's test file. */
export function leaseStoreContract(name: string, fixture: LeaseStoreFixture): void {
  describe(`LeaseStore contract: ${name}`, () => {
    let opened: LeaseStore[] = [];
    const twoHandles = async (): Promise<[LeaseStore, LeaseStore]> => {
      const first = await fixture.open();
      const second = await fixture.openAnother();
      opened = [first, second];
      return [first, second];
    };
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close();
    });

    it('lets exactly one of many concurrent acquirers on two handles take a free lease, with token 1', async () => {
      const handles = await twoHandles();
      const holders = Array.from({ length: 20 }, (_, i) => `replica-${i}`);
      const results = await Promise.all(holders.map((holder, i) => handles[i % 2]!.acquire('relay:cases', holder, LONG_MS)));
      const winners = results.filter((lease) => lease !== undefined);
      expect(winners).toHaveLength(1);
      expect(winners[0]).toMatchObject({ name: 'relay:cases', token: 1 });
      expect(await handles[1].current('relay:cases')).toMatchObject({ holder: winners[0]!.holder, token: 1 });
    });

    it('lets the holder renew, on either handle, keeping its token and moving the expiry on', async () => {
      const [first, second] = await twoHandles();
      const taken = await first.acquire('timers', 'replica-a', 2_000);
      const renewed = await second.acquire('timers', 'replica-a', LONG_MS);
      expect(renewed).toMatchObject({ holder: 'replica-a', token: taken!.token });
      expect(renewed!.expiresAt).toBeGreaterThan(taken!.expiresAt);
    });

    it('refuses another holder while the lease is unexpired', async () => {
      const [first, second] = await twoHandles();
      await first.acquire('dispatcher', 'replica-a', LONG_MS);
      expect(await second.acquire('dispatcher', 'replica-b', LONG_MS)).toBeUndefined();
      expect(await first.current('dispatcher')).toMatchObject({ holder: 'replica-a', token: 1 });
    });

    it('hands an expired lease to another holder with token + 1, and refuses the deposed holder', async () => {
      const [first, second] = await twoHandles();
      const lapsed = await first.acquire('projection:cases', 'replica-a', SHORT_MS);
      await sleep(SHORT_MS + 100);
      const taken = await second.acquire('projection:cases', 'replica-b', LONG_MS);
      expect(taken).toMatchObject({ holder: 'replica-b', token: lapsed!.token + 1 });
      expect(await first.acquire('projection:cases', 'replica-a', LONG_MS)).toBeUndefined();
    });

    it('gives the same holder a new token when it retakes its own lapsed lease', async () => {
      const [first] = await twoHandles();
      const lapsed = await first.acquire('outbox', 'replica-a', SHORT_MS);
      await sleep(SHORT_MS + 100);
      expect(await first.acquire('outbox', 'replica-a', LONG_MS)).toMatchObject({ holder: 'replica-a', token: lapsed!.token + 1 });
    });

    it('lets a released lease be taken at once with a higher token; a stale token or another holder cannot release it', async () => {
      const [first, second] = await twoHandles();
      const held = await first.acquire('relay:payments', 'replica-a', LONG_MS);
      await second.release('relay:payments', 'replica-b', held!.token);
      await second.release('relay:payments', 'replica-a', held!.token + 1);
      expect(await second.acquire('relay:payments', 'replica-b', LONG_MS)).toBeUndefined();
      await first.release('relay:payments', 'replica-a', held!.token);
      const released = await second.current('relay:payments');
      expect(released).toMatchObject({ holder: 'replica-a', token: held!.token });
      expect(await second.acquire('relay:payments', 'replica-b', LONG_MS)).toMatchObject({ holder: 'replica-b', token: held!.token + 1 });
    });

    it('keeps leases of different names apart', async () => {
      const [first, second] = await twoHandles();
      expect(await first.acquire('relay:a', 'replica-a', LONG_MS)).toMatchObject({ token: 1 });
      expect(await second.acquire('relay:b', 'replica-b', LONG_MS)).toMatchObject({ holder: 'replica-b', token: 1 });
      await first.release('relay:a', 'replica-a', 1);
      expect(await second.current('relay:b')).toMatchObject({ holder: 'replica-b', token: 1 });
    });

    it('reports the stored lease: holder, token and an expiry ttl after the take, by the store clock', async () => {
      const [first, second] = await twoHandles();
      expect(await first.current('calendar-sync')).toBeUndefined();
      const before = Date.now();
      const taken = await first.acquire('calendar-sync', 'replica-a', LONG_MS);
      const after = Date.now();
      const stored = await second.current('calendar-sync');
      expect(stored).toEqual(taken);
      expect(stored).toMatchObject({ name: 'calendar-sync', holder: 'replica-a', token: 1 });
      expect(stored!.expiresAt).toBeGreaterThanOrEqual(before + LONG_MS - CLOCK_SLACK_MS);
      expect(stored!.expiresAt).toBeLessThanOrEqual(after + LONG_MS + CLOCK_SLACK_MS);
    });
  });
}
