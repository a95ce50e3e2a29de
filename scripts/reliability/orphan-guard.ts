/**
 * Loaded into every platform child the harness starts (node --import): a worker thread that
 * SIGKILLs the child once the process that started it is gone. A thread, not a timer, because the
 * child's own event loop may be the thing that is stuck. Without it, a test that timed out would
 * leave a platform running (or spinning) for ever.
 */
import { Worker } from 'node:worker_threads';

const parentPid = Number(process.env['OW_GUARD_PARENT_PID']);
if (parentPid > 0) {
  const source = `
    const { workerData } = require('node:worker_threads');
    setInterval(() => {
      try {
        process.kill(workerData.parentPid, 0);
      } catch {
        process.kill(workerData.pid, 'SIGKILL');
      }
    }, 500);
  `;
  new Worker(source, { eval: true, workerData: { parentPid, pid: process.pid } }).unref();
}
