import { afterAll, describe, expect, it } from 'vitest';
import { postgresForTests } from '../../../test/support/postgres-suite.ts';
import { PostgresLeaseStore } from '../lease/postgres-lease-store.ts';
import { PostgresReadModelStore } from '../readmodel/postgres-read-model-store.ts';
import { PostgresEventStore } from '../store/postgres-event-store.ts';
import { FencedError, connectPostgres } from './connect-postgres.ts';

// Without PG_URL or Debian's postgresql package, postgresForTests prints why and the suite is skipped.
const server = await postgresForTests('fencing of checkpoints on PostgreSQL');
afterAll(() => server?.stop());

describe.skipIf(!server)('PostgreSQL fencing: a deposed owner cannot move its job\'s progress', () => {
  const open = async () => {
    const url = await server!.newDatabase();
    const leases = await PostgresLeaseStore.open(await connectPostgres(url, 'svc'));
    const as = async (holder: string) => ({
      store: await PostgresEventStore.open('svc', await connectPostgres(url, 'svc'), { holder }),
      readModels: await PostgresReadModelStore.open(await connectPostgres(url, 'svc'), { holder }),
    });
    return { leases, a: await as('replica-a'), b: await as('replica-b') };
  };

  it('refuses the relay checkpoint of a replica whose lease another took, and keeps the owner\'s', async () => {
    const { leases, a, b } = await open();
    expect(await leases.acquire('relay:svc.events', 'replica-a', 100)).toMatchObject({ token: 1 });
    await a.store.saveCheckpoint('relay:svc.events', 10);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await leases.acquire('relay:svc.events', 'replica-b', 10_000)).toMatchObject({ holder: 'replica-b', token: 2 });
    await expect(a.store.saveCheckpoint('relay:svc.events', 20)).rejects.toBeInstanceOf(FencedError);
    await b.store.saveCheckpoint('relay:svc.events', 15);
    // Never backwards, whoever writes.
    await b.store.saveCheckpoint('relay:svc.events', 12);
    expect(await b.store.loadCheckpoint('relay:svc.events')).toBe(15);
    for (const replica of [a, b]) await Promise.all([replica.store.close(), replica.readModels.close()]);
    await leases.close();
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
    expect(await a.readModels.checkpoint('case-view')).toBe(5);
    for (const replica of [a, b]) await Promise.all([replica.store.close(), replica.readModels.close()]);
    await leases.close();
  });
});
