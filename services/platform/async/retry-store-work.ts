import { StoreUnavailableError } from '../domain/errors.ts';
import { retry } from './retry.ts';

/**
 * Runs work against a database, tried again (p-retry, a few times within about a second) on a
 * fault the database says is passing (`transient`: a lost connection, a failover, a write
 * conflict); one that persists becomes StoreUnavailableError, which callers answer UNAVAILABLE.
 * Anything else (a refused write, a bug) is thrown as it is. Only work that is safe to repeat (a
 * read, one idempotent statement, a whole transaction) may be passed.
 */
export async function retryStoreWork<T>(work: () => Promise<T>, transient: (error: unknown) => boolean): Promise<T> {
  try {
    return await retry(work, { attempts: 4, minBackoffMs: 20, maxBackoffMs: 400, shouldRetry: transient });
  } catch (error) {
    throw transient(error) ? new StoreUnavailableError(error) : error;
  }
}
