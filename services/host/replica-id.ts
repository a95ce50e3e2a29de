import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Configuration } from './configuration.ts';

/**
 * This process's name as a holder of leases (OW_REPLICA_ID, or made up). On a shared store it is
 * unique among the replicas and new at every start unless configured, so that a restarted process
 * never mistakes the lease of its previous life for its own. On the embedded stores one process
 * at a time owns the data directory (its files are locked), so the name is the same at every start:
 * a platform restarted after a crash takes its jobs back at once instead of waiting for the dead
 * process's leases to run out.
 */
export function replicaIdOf(config: Pick<Configuration, 'OW_REPLICA_ID' | 'OW_STORE'>): string {
  if (config.OW_REPLICA_ID) return config.OW_REPLICA_ID;
  return config.OW_STORE === 'embedded' ? 'embedded' : `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}
