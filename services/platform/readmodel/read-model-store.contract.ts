import { afterEach, describe, expect, it } from 'vitest';
import type { ReadModelDocument, ReadModelStore } from './read-model-store.ts';

export interface ReadModelStoreFixture {
  /** A new, empty store. */
  open(): Promise<ReadModelStore>;
  /** The store last opened, again after close(). */
  reopen(): Promise<ReadModelStore>;
}

interface Task extends ReadModelDocument {
  department: string;
  region: string;
  status: string;
  due: { date: string };
  urgent: boolean;
  assignee: string | null;
  rank: number;
}

const task = (id: string, fields: Partial<Task> = {}): Task => ({
  id,
  department: 'market',
  region: '350102',
  status: 'open',
  due: { date: '2026-10-21' },
  urgent: false,
  assignee: null,
  rank: 0,
  ...fields,
});

/** The behaviour every ReadModelStore adapter must have; run by each adapter's test file. */
export function readModelStoreContract(name: string, fixture: ReadModelStoreFixture): void {
  describe(`ReadModelStore contract: ${name}`, () => {
    const opened: ReadModelStore[] = [];
    const open = async () => {
      const store = await fixture.open();
      opened.push(store);
      await store.define([{ name: 'tasks', indexes: [['department', 'due.date'], ['region']] }]);
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    const seed = async (store: ReadModelStore) =>
      store.update('inbox', async (tx) => {
        await tx.put('tasks', task('t1', { due: { date: '2026-10-21' }, rank: 3 }));
        await tx.put('tasks', task('t2', { due: { date: '2026-10-09' }, region: '350102001', rank: 1 }));
        await tx.put('tasks', task('t3', { due: { date: '2026-10-30' }, region: '350121', urgent: true, rank: 2 }));
        await tx.put('tasks', task('t4', { department: 'transport', status: 'claimed', assignee: 'a-1', rank: 2 }));
        await tx.put('tasks', task('t5', { region: '440106', rank: 5 }));
      });

    it('puts, replaces, gets and deletes documents', async () => {
      const store = await open();
      await store.update('inbox', async (tx) => {
        await tx.put('tasks', task('t1'));
        await tx.put('tasks', task('t1', { status: 'claimed' }));
      });
      expect(await store.get<Task>('tasks', 't1')).toEqual(task('t1', { status: 'claimed' }));
      await store.update('inbox', (tx) => tx.delete('tasks', 't1'));
      expect(await store.get('tasks', 't1')).toBeUndefined();
    });

    it('finds by equality, membership, range, prefix, booleans and null, sorted and paged', async () => {
      const store = await open();
      await seed(store);
      const ids = (docs: Task[]) => docs.map((d) => d.id);
      expect(ids(await store.find<Task>('tasks', { where: { department: 'market' }, orderBy: [['due.date', 'asc']] })))
        .toEqual(['t2', 't1', 't5', 't3']);
      expect(ids(await store.find<Task>('tasks', { where: { status: { in: ['claimed'] } } }))).toEqual(['t4']);
      expect(ids(await store.find<Task>('tasks', { where: { 'due.date': { gte: '2026-10-10', lt: '2026-10-30' } } })))
        .toEqual(['t1', 't4', 't5']);
      expect(ids(await store.find<Task>('tasks', { where: { region: { prefix: '350102' } } }))).toEqual(['t1', 't2', 't4']);
      expect(ids(await store.find<Task>('tasks', { where: { region: { prefix: '35' } } }))).toEqual(['t1', 't2', 't3', 't4']);
      expect(ids(await store.find<Task>('tasks', { where: { urgent: true } }))).toEqual(['t3']);
      expect(ids(await store.find<Task>('tasks', { where: { assignee: null, department: 'market' } }))).toEqual(['t1', 't2', 't3', 't5']);
      expect(ids(await store.find<Task>('tasks', { where: { status: { in: [] } } }))).toEqual([]);
      const byRankDesc = { orderBy: [['rank', 'desc']] } as const;
      expect(ids(await store.find<Task>('tasks', byRankDesc))).toEqual(['t5', 't1', 't3', 't4', 't2']);
      expect(ids(await store.find<Task>('tasks', { ...byRankDesc, limit: 2, offset: 2 }))).toEqual(['t3', 't4']);
      expect(await store.count('tasks', { department: 'market' })).toBe(4);
      expect(await store.count('tasks')).toBe(5);
    });

    it('keeps documents and progress together: a failed update changes neither', async () => {
      const store = await open();
      await store.update('inbox', async (tx) => {
        await tx.put('tasks', task('kept'));
        await tx.setStreamVersion('approval/process-1', 3);
        await tx.setCheckpoint(10);
      });
      await expect(
        store.update('inbox', async (tx) => {
          await tx.put('tasks', task('lost'));
          await tx.delete('tasks', 'kept');
          await tx.setStreamVersion('approval/process-1', 4);
          await tx.setCheckpoint(11);
          throw new Error('projection bug');
        }),
      ).rejects.toThrow('projection bug');
      expect(await store.get('tasks', 'kept')).toBeDefined();
      expect(await store.get('tasks', 'lost')).toBeUndefined();
      expect(await store.streamVersion('inbox', 'approval/process-1')).toBe(3);
      expect(await store.checkpoint('inbox')).toBe(10);
      expect(await store.streamVersion('other-projection', 'approval/process-1')).toBe(0);
    });

    it('hides an update from readers until it commits', async () => {
      const store = await open();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let written!: () => void;
      const inside = new Promise<void>((resolve) => (written = resolve));
      const updating = store.update('inbox', async (tx) => {
        await tx.put('tasks', task('pending'));
        written();
        await gate;
      });
      await inside;
      expect(await store.get('tasks', 'pending')).toBeUndefined();
      release();
      await updating;
      expect(await store.get('tasks', 'pending')).toBeDefined();
    });

    it('runs concurrent updates one after another, losing none', async () => {
      const store = await open();
      await store.update('inbox', (tx) => tx.put('tasks', task('counter')));
      await Promise.all(
        Array.from({ length: 25 }, () =>
          store.update('inbox', async (tx) => {
            const current = (await tx.get<Task>('tasks', 'counter'))!;
            await new Promise((resolve) => setTimeout(resolve, 1));
            await tx.put('tasks', { ...current, rank: current.rank + 1 });
          }),
        ),
      );
      expect((await store.get<Task>('tasks', 'counter'))?.rank).toBe(25);
    });

    it('resets a projection for a rebuild: documents and progress go, other projections stay', async () => {
      const store = await open();
      await seed(store);
      await store.update('inbox', (tx) => tx.setCheckpoint(99));
      await store.update('other', (tx) => tx.setCheckpoint(7));
      await store.reset('inbox', ['tasks']);
      expect(await store.count('tasks')).toBe(0);
      expect(await store.checkpoint('inbox')).toBe(0);
      expect(await store.checkpoint('other')).toBe(7);
    });

    it('keeps committed documents and progress across a reopen', async () => {
      const store = await open();
      await seed(store);
      await store.update('inbox', (tx) => tx.setCheckpoint(5));
      await store.close();
      opened.splice(opened.indexOf(store), 1);
      const again = await fixture.reopen();
      opened.push(again);
      expect(await again.count('tasks')).toBe(5);
      expect(await again.checkpoint('inbox')).toBe(5);
    });
  });
}
