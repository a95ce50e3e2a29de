import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from './open-sqlite.ts';

const dir = mkdtempSync(join(tmpdir(), 'ow-open-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function openTogether(path: string, threads: number): Promise<string[]> {
  const ready = new SharedArrayBuffer(4);
  return Promise.all(
    Array.from({ length: threads }, () =>
      new Promise<string>((resolve) => {
        const thread = new Worker(new URL('../../../test/support/open-sqlite-thread.ts', import.meta.url), { workerData: { path, ready, threads } });
        thread.once('message', resolve);
        thread.once('error', (error) => resolve(error.message));
      }),
    ),
  );
}

describe('openSqlite on a file shared by threads or processes', () => {
  // SQLite answers "database is locked" at once, without waiting, to a second connection switching
  // a new file to WAL at the same moment (it failed 35 of 800 opens this way before the wait).
  it('opens a new file from four threads at the same moment, every time, in WAL mode with one schema', async () => {
    for (let round = 0; round < 30; round++) {
      const path = join(dir, `shared-${round}.sqlite`);
      expect(await openTogether(path, 4)).toEqual(['opened', 'opened', 'opened', 'opened']);
      const db = openSqlite(path, { synchronous: 'FULL', exclusive: false });
      expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
      expect(db.prepare("SELECT count(*) AS tables FROM sqlite_master WHERE name = 'opened'").get()).toEqual({ tables: 1 });
      db.close();
    }
  }, 60_000);

  it('still refuses a second owner of a file held exclusively, naming the file', () => {
    const path = join(dir, 'owned.sqlite');
    const owner = openSqlite(path, { synchronous: 'FULL', exclusive: true });
    expect(() => openSqlite(path, { synchronous: 'FULL', exclusive: true })).toThrow(`${path} is in use by another process`);
    owner.close();
  });
});
