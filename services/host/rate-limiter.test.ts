import { afterAll, describe, expect, it } from 'vitest';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { postgresForTests } from '../../test/support/postgres-suite.ts';
import { loadConfiguration } from './configuration.ts';
import { rateLimiterFor } from './rate-limiter.ts';

// Without PG_URL or Debian's postgresql package, postgresForTests prints why and the suite is skipped.
const server = await postgresForTests('shared call limits on PostgreSQL');
afterAll(() => server?.stop());

describe.skipIf(!server)('the per-caller call limit on PostgreSQL', () => {
  it("holds across replicas: two processes of a service share one caller's allowance", async () => {
    const key = Buffer.alloc(32, 5).toString('base64');
    const config = loadConfiguration({
      OW_STORE: 'postgres', OW_POSTGRES_URL: await server!.newDatabase(), OW_BUS: 'kafka', OW_KAFKA_BROKERS: 'localhost:9092',
      OW_PII_MASTER_KEY: key, OW_HOLDER_KEY: key, OW_AUTH_MODE: 'development', OW_RATE_LIMIT_PER_SECOND: '1', OW_RATE_LIMIT_BURST: '5',
    });
    const [a, b] = [await rateLimiterFor(config, 'acceptance'), await rateLimiterFor(config, 'acceptance')];
    try {
      const outcomes = [];
      for (const replica of [a, b, a, b, a, b, a]) outcomes.push(await replica!.limiter.consume('clerk-1').then(() => 'ok', (rejected: unknown) => (rejected instanceof RateLimiterRes ? 'limited' : rejected)));
      expect(outcomes).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'limited', 'limited']);
      // Another caller has an allowance of its own; another service counts apart.
      await expect(b!.limiter.consume('clerk-2')).resolves.toBeDefined();
    } finally {
      await Promise.all([a?.close(), b?.close()]);
    }
  });
});
