import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterPostgres } from 'rate-limiter-flexible';
import type { ServiceName } from '../contracts/service-names.ts';
import type { Configuration } from './configuration.ts';
import { postgresPoolOf } from './stores.ts';

/**
 * The per-caller call limit of a service (OW_RATE_LIMIT_*). On PostgreSQL its replicas share the
 * counts (rate-limiter-flexible's table `rate_limits` in the service's schema), with a count in
 * memory as insurance while the database cannot answer: a caller's allowance is the same whatever
 * pod its calls reach. Elsewhere (embedded: one process; MongoDB: not shared yet) in memory.
 */
export async function rateLimiterFor(config: Configuration, service: ServiceName): Promise<{ limiter: RateLimiterAbstract; close(): Promise<void> } | undefined> {
  if (config.OW_RATE_LIMIT_PER_SECOND === 0 || config.OW_STORE !== 'postgres') return undefined;
  const window = { points: config.OW_RATE_LIMIT_BURST, duration: config.OW_RATE_LIMIT_BURST / config.OW_RATE_LIMIT_PER_SECOND };
  const pool = await postgresPoolOf(config, service);
  const limiter = await new Promise<RateLimiterAbstract>((resolve, reject) => {
    const created: RateLimiterPostgres = new RateLimiterPostgres(
      { storeClient: pool, storeType: 'pool', tableName: 'rate_limits', keyPrefix: service, ...window, insuranceLimiter: new RateLimiterMemory(window) },
      (error?: unknown) => (error ? reject(error) : resolve(created)),
    );
  });
  return { limiter, close: () => pool.end() };
}
