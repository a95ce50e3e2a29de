import { parentPort, workerData } from 'node:worker_threads';
import { openSqlite } from '../../services/platform/sqlite/open-sqlite.ts';

/**
 * One thread of open-sqlite.test.ts: waits until every thread is ready, then opens the shared
 * file at the same moment as the others, and reports 'opened' or the error it met.
 */
const { path, ready, threads } = workerData as { path: string; ready: SharedArrayBuffer; threads: number };
const count = new Int32Array(ready);
Atomics.add(count, 0, 1);
while (Atomics.load(count, 0) < threads); // spin, so that the opens start together
try {
  openSqlite(path, { synchronous: 'FULL', exclusive: false, busyTimeoutMs: 5_000, schema: { version: 1, sql: 'CREATE TABLE opened (thread INTEGER)' } }).close();
  parentPort!.postMessage('opened');
} catch (error) {
  parentPort!.postMessage(error instanceof Error ? error.message : String(error));
}
