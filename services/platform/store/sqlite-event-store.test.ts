import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { eventStoreContract } from './event-store.contract.ts';
import { SqliteEventStore } from './sqlite-event-store.ts';

const crashFile = join(mkdtempSync(join(tmpdir(), 'ow-store-crash-')), 'events.sqlite');

eventStoreContract('embedded SQLite', {
  open: async () => new SqliteEventStore({ service: 'test', path: ':memory:' }),
  crash: {
    spawnWriter: (firstBatch) => ({
      command: process.execPath,
      args: [fileURLToPath(new URL('../testing/append-loop.ts', import.meta.url)), crashFile, String(firstBatch)],
    }),
    reopen: async () => new SqliteEventStore({ service: 'durability', path: crashFile }),
  },
});

describe('SqliteEventStore file ownership', () => {
  it('refuses a second owner of the same file, naming the file', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ow-store-lock-')), 'events.sqlite');
    const first = new SqliteEventStore({ service: 'a', path });
    try {
      expect(() => new SqliteEventStore({ service: 'b', path })).toThrow(/in use by another process/);
    } finally {
      void first.close();
    }
  });
});
