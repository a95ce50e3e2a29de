import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { eventStoreContract } from './event-store.contract.ts';
import { SqliteEventStore } from './sqlite-event-store.ts';
import { verifyStoreChain } from './chain-verifier.ts';
import { sampleEvent } from '../testing/sample-events.ts';
import { writeVersionOneEventStore } from '../testing/version-one-event-store.ts';
import { PreChainStoreError } from './hash-chain.ts';

const crashFile = join(mkdtempSync(join(tmpdir(), 'ow-store-crash-')), 'events.sqlite');

const namedStores = mkdtempSync(join(tmpdir(), 'ow-store-named-'));

eventStoreContract('embedded SQLite', {
  open: async (options) => new SqliteEventStore({ service: 'test', path: ':memory:', ...options }),
  openNamed: async (name, options) => new SqliteEventStore({ service: 'test', path: join(namedStores, `${name}.sqlite`), ...options }),
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

describe('SqliteEventStore on a file from before tamper evidence (schema version 1)', () => {
  /** A version 1 file holding three streams, an idempotency key and a checkpoint, as the old store wrote them. */
  function versionOneFile(): string {
    const path = join(mkdtempSync(join(tmpdir(), 'ow-store-v1-')), 'events.sqlite');
    writeVersionOneEventStore(path);
    return path;
  }
  const contents = (path: string) => {
    const db = new DatabaseSync(path, { readOnly: true });
    try {
      return {
        events: db.prepare('SELECT position, stream_id, version, stream_type, event_id, event_type, schema_version, occurred_at, metadata, data FROM events ORDER BY position').all(),
        idempotency: db.prepare('SELECT * FROM idempotency').all(),
        checkpoints: db.prepare('SELECT * FROM checkpoints').all(),
      };
    } finally {
      db.close();
    }
  };

  it('migrates on open: every old event is chained from then on, and nothing stored changes but the added column and table', async () => {
    const path = versionOneFile();
    const before = contents(path);
    const store = new SqliteEventStore({ service: 'acceptance', path, chainHash: 'sha256' });
    try {
      const report = await verifyStoreChain(store);
      expect(report).toMatchObject({ streams: 3, events: 6, breaks: [], missingPositions: 0 });
      expect(report.heads.map((head) => [head.streamId, head.version]).toSorted()).toEqual([['case-1', 3], ['case-2', 1], ['ratings-1', 2]]);
      // The chain goes on from the migrated head.
      await store.append({ streamId: 'case-1', streamType: 'case', expectedVersion: 3, events: [sampleEvent('new-1')] });
      expect((await verifyStoreChain(store)).breaks).toEqual([]);
    } finally {
      await store.close();
    }
    const after = contents(path);
    expect(after.events.slice(0, 6)).toEqual(before.events);
    expect(after.idempotency).toEqual(before.idempotency);
    expect(after.checkpoints).toEqual(before.checkpoints);
    const db = new DatabaseSync(path, { readOnly: true });
    expect(db.prepare('PRAGMA user_version').get()).toEqual({ user_version: 2 });
    db.close();
  });

  it('migrates once: reopening changes no hash', async () => {
    const path = versionOneFile();
    const hashes = () => {
      const db = new DatabaseSync(path, { readOnly: true });
      const rows = db.prepare('SELECT chain_hash FROM events ORDER BY position').all();
      db.close();
      return rows;
    };
    await new SqliteEventStore({ service: 'acceptance', path }).close();
    const first = hashes();
    await new SqliteEventStore({ service: 'acceptance', path, chainHash: 'sha256' }).close();
    expect(hashes()).toEqual(first);
    expect(first.every((row) => String(row.chain_hash).startsWith('sm3:'))).toBe(true);
  });
});

describe('SqliteEventStore opened read-only (the verifier)', () => {
  const bytesOf = (path: string) => readFileSync(path).toString('base64');

  it('refuses a file from before tamper evidence and leaves it byte for byte as it was', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ow-store-ro-v1-')), 'events.sqlite');
    writeVersionOneEventStore(path);
    const before = bytesOf(path);
    expect(() => new SqliteEventStore({ service: 'acceptance', path, readOnly: true })).toThrow(PreChainStoreError);
    expect(bytesOf(path)).toBe(before);
  });

  it('verifies a chained file, refuses appends, and writes nothing', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ow-store-ro-')), 'events.sqlite');
    const owner = new SqliteEventStore({ service: 'test', path });
    await owner.append({ streamId: 'case-1', streamType: 'case', expectedVersion: 0, events: [sampleEvent('e-1'), sampleEvent('e-2')] });
    await owner.close();
    const before = bytesOf(path);
    const reader = new SqliteEventStore({ service: 'test', path, readOnly: true });
    try {
      expect(await verifyStoreChain(reader)).toMatchObject({ streams: 1, events: 2, breaks: [], missingPositions: 0 });
      await expect(reader.append({ streamId: 'case-1', streamType: 'case', expectedVersion: 2, events: [sampleEvent('e-3')] })).rejects.toThrow(/readonly/);
    } finally {
      await reader.close();
    }
    expect(bytesOf(path)).toBe(before);
  });

  it('refuses a file another process owns, rather than reading it mid-write', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ow-store-ro-owned-')), 'events.sqlite');
    const owner = new SqliteEventStore({ service: 'test', path });
    try {
      expect(() => new SqliteEventStore({ service: 'test', path, readOnly: true })).toThrow(/in use by another process/);
    } finally {
      await owner.close();
    }
  });
});
