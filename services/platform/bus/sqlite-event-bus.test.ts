import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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

describe('partitionOf', () => {
  it('sends one key always to one partition and spreads many keys over all of them', () => {
    expect(partitionOf('35010220261122000001', 6)).toBe(partitionOf('35010220261122000001', 6));
    const used = new Set(Array.from({ length: 200 }, (_, i) => partitionOf(`case-${i}`, 6)));
    expect(used).toEqual(new Set([0, 1, 2, 3, 4, 5]));
  });
});
