import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { eventBusContract } from './event-bus.contract.ts';
import { partitionOf } from './partition-of.ts';
import { SqliteEventBus } from './sqlite-event-bus.ts';

const dir = mkdtempSync(join(tmpdir(), 'ow-bus-'));

eventBusContract('embedded SQLite', {
  open: async () => new SqliteEventBus({ path: ':memory:', partitions: 4 }),
  reopen: async (name) => new SqliteEventBus({ path: join(dir, `${name}.sqlite`), partitions: 4 }),
});

describe('SqliteEventBus partitions', () => {
  it('refuses to reopen a bus with another partition count, which would reorder or strand messages', async () => {
    const path = join(dir, 'partitions.sqlite');
    await new SqliteEventBus({ path, partitions: 8 }).close();
    expect(() => new SqliteEventBus({ path, partitions: 4 })).toThrow(/created with 8 partitions per topic; OW_BUS_PARTITIONS must stay 8/);
    await new SqliteEventBus({ path, partitions: 8 }).close();
  });
});

describe('SqliteEventBus followers of one partition', () => {
  const message = (n: number) => ({ key: 'case', value: Buffer.from(String(n)), headers: {} });
  const offsets = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

  it('brings every message to a group that starts at the first offset while another group sits at the end', async () => {
    // The bus keeps each partition's last messages in memory and where the partition ends: a read
    // by one group must never make the window another group is reading look like the end (a
    // rebuild once waited for good, mid-partition, after a caught-up group read nothing new).
    const path = join(dir, 'followers.sqlite');
    const before = new SqliteEventBus({ path, partitions: 1 });
    await before.publish('t', offsets(0, 1000).map(message));
    await before.close();
    const bus = new SqliteEventBus({ path, partitions: 1 });
    const fromStart: number[] = [];
    let firstBatchHeld!: () => void;
    const holding = new Promise<void>((resolve) => (firstBatchHeld = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const consumers = [
      await bus.consume({
        groupId: 'from-start',
        topics: ['t'],
        handleBatch: async (batch) => {
          fromStart.push(...batch.map((m) => m.offset));
          if (batch[0]!.offset === 0) {
            firstBatchHeld();
            await released;
          }
        },
      }),
    ];
    await holding;
    // A group at the end joins while the first group holds its first page, and reads nothing new.
    consumers.push(await bus.consume({ groupId: 'at-end', topics: ['t'], positions: async () => 1000, handleBatch: async () => undefined }));
    await delay(20);
    release();
    for (let waited = 0; fromStart.length < 1000 && waited < 5_000; waited += 20) await delay(20);
    for (const consumer of consumers) await consumer.stop();
    await bus.close();
    expect(fromStart).toEqual(offsets(0, 1000));
  });
});

describe('SqliteEventBus and a consumer that keeps its own position', () => {
  it('moves the group\'s offset up to the position the consumer kept, so the group shows no lag it has not', async () => {
    // A consumer's data and position commit before the bus's offset does: killed in between, the
    // consumer resumes from its own position, and with nothing new to handle the offset stayed behind.
    const path = join(dir, 'own-position.sqlite');
    const bus = new SqliteEventBus({ path, partitions: 1 });
    await bus.publish('t', Array.from({ length: 10 }, (_, n) => ({ key: 'case', value: Buffer.from(String(n)), headers: {} })));
    const handled: number[] = [];
    const consumer = await bus.consume({ groupId: 'projection', topics: ['t'], positions: async () => 10, handleBatch: async (batch) => void handled.push(...batch.map((m) => m.offset)) });
    await vi.waitFor(async () => expect(await bus.lag('projection', ['t'])).toBe(0));
    await consumer.stop();
    await bus.close();
    expect(handled).toEqual([]);
    // And it stays so: the offset was written.
    const reopened = new SqliteEventBus({ path, partitions: 1 });
    expect(await reopened.lag('projection', ['t'])).toBe(0);
    await reopened.close();
  });
});

describe('partitionOf', () => {
  it('sends one key always to one partition and spreads many keys over all of them', () => {
    expect(partitionOf('35010220261122000001', 6)).toBe(partitionOf('35010220261122000001', 6));
    const used = new Set(Array.from({ length: 200 }, (_, i) => partitionOf(`case-${i}`, 6)));
    expect(used).toEqual(new Set([0, 1, 2, 3, 4, 5]));
  });
});
