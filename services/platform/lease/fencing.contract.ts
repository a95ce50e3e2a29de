import { afterEach, describe, expect, it } from 'vitest';
import type { ReadModelStore } from '../readmodel/read-model-store.ts';
import type { EventStore } from '../store/event-store.ts';
import { FencedError } from '../domain/errors.ts';
import type { LeaseStore } from './lease-store.ts';

/** A replica's stores, opened with its name among the holders of leases. */
export interface FencedReplica {
  readonly store: EventStore;
  readonly readModels: ReadModelStore;
}

/** One service's storage shared by replicas: its leases, and a replica's stores opened on it. */
export interface FencedStorage {
  readonly leases: LeaseStore;
  /** The stores as the replica named `holder` opens them (its own connections). */
  replica(holder: string): Promise<FencedReplica>;
}

export interface FencingFixture {
  /** Storage of its own, empty. */
  open(): Promise<FencedStorage>;
}

/** Two replicas, `replica-a` and `replica-b`, on one storage. */
interface FencingSetup {
  readonly leases: LeaseStore;
  readonly a: FencedReplica;
  readonly b: FencedReplica;
  close(): Promise<void>;
}

async function twoReplicas(fixture: FencingFixture): Promise<FencingSetup> {
  const { leases, replica } = await fixture.open();
  const a = await replica('replica-a');
  const b = await replica('replica-b');
  const close = async () => {
    for (const each of [a, b]) await Promise.all([each.store.close(), each.readModels.close()]);
    await leases.close();
  };
  return { leases, a, b, close };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The fencing every store shared by replicas must have; run by each store's fencing test file. */
export function fencingContract(name: string, fixture: FencingFixture): void {
  describe(`Fencing contract: ${name}: a deposed owner cannot move its job's progress`, () => {
    const opened: FencingSetup[] = [];
    const open = async () => {
      const setup = await twoReplicas(fixture);
      opened.push(setup);
      return setup;
    };
    afterEach(async () => {
      for (const setup of opened.splice(0)) await setup.close();
    });

    it('refuses the relay checkpoint of a replica whose lease another took, and keeps the owner\'s', async () => {
      const { leases, a, b } = await open();
      expect(await leases.acquire('relay:svc.events', 'replica-a', 100)).toMatchObject({ token: 1 });
      await a.store.saveCheckpoint('relay:svc.events', 10);
      await sleep(150);
      expect(await leases.acquire('relay:svc.events', 'replica-b', 10_000)).toMatchObject({ holder: 'replica-b', token: 2 });
      await expect(a.store.saveCheckpoint('relay:svc.events', 20)).rejects.toBeInstanceOf(FencedError);
      await b.store.saveCheckpoint('relay:svc.events', 15);
      // Never backwards, whoever writes.
      await b.store.saveCheckpoint('relay:svc.events', 12);
      expect(await b.store.loadCheckpoint('relay:svc.events')).toBe(15);
      // The owner's writes left its lease as it was.
      expect(await leases.current('relay:svc.events')).toMatchObject({ holder: 'replica-b', token: 2 });
    });

    it('rolls back a deposed projection\'s whole batch, documents included', async () => {
      const { leases, a, b } = await open();
      await a.readModels.define([{ name: 'cases' }]);
      await leases.acquire('case-view', 'replica-b', 10_000);
      await expect(
        a.readModels.update('case-view', async (tx) => {
          await tx.put('cases', { id: 'c1' });
          await tx.setCheckpoint(5);
        }),
      ).rejects.toBeInstanceOf(FencedError);
      expect(await a.readModels.get('cases', 'c1')).toBeUndefined();
      expect(await a.readModels.checkpoint('case-view')).toBe(0);
      await b.readModels.update('case-view', async (tx) => {
        await tx.put('cases', { id: 'c1' });
        await tx.setCheckpoint(5);
      });
      expect(await a.readModels.get('cases', 'c1')).toEqual({ id: 'c1' });
      expect(await a.readModels.checkpoint('case-view')).toBe(5);
    });

    it('lets a replica write progress whose name has no lease at all, whatever other leases stand', async () => {
      const { leases, a } = await open();
      await leases.acquire('relay:svc.events', 'replica-b', 10_000);
      await leases.acquire('case-view', 'replica-b', 10_000);
      await a.store.saveCheckpoint('relay:svc.audit', 7);
      expect(await a.store.loadCheckpoint('relay:svc.audit')).toBe(7);
      await a.readModels.define([{ name: 'cases' }]);
      await a.readModels.update('inbox', async (tx) => {
        await tx.put('cases', { id: 'c2' });
        await tx.setCheckpoint(3);
      });
      expect(await a.readModels.get('cases', 'c2')).toEqual({ id: 'c2' });
      expect(await a.readModels.checkpoint('inbox')).toBe(3);
      expect(await leases.current('relay:svc.audit')).toBeUndefined();
    });
  });
}
