import { EventEmitter } from 'node:events';

/**
 * Background loops of this process (or worker thread) that stopped for good: a relay, projection
 * or consumer whose source could not be read after every retry. Such a process cannot heal
 * itself, so its gRPC servers report NOT_SERVING from then on (RpcServer) and Kubernetes'
 * liveness probe restarts the pod; a process that only logged it would sit idle and look healthy.
 */
const stopped = new EventEmitter().setMaxListeners(0);
const failures: string[] = [];

/** Records that `what` stopped for good; every server of the process stops reporting SERVING. */
export function reportStoppedForGood(what: string): void {
  failures.push(what);
  stopped.emit('stopped', what);
}

/** What stopped for good so far in this process. */
export const stoppedForGood = (): readonly string[] => failures;

/** Calls `listener` for each loop that stops for good from now on; returns how to stop listening. */
export function onStoppedForGood(listener: (what: string) => void): () => void {
  stopped.on('stopped', listener);
  return () => stopped.off('stopped', listener);
}
