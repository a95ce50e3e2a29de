import { defineConfig } from 'vitest/config';

/** The suites that run against librdkafka's mock cluster (test/support/kafka-suite.ts). */
const KAFKA_SUITES = ['services/platform/bus/kafka-event-bus.test.ts', 'test/e2e/distributed.test.ts', 'test/e2e/relay-crash.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // kafkajs's group rebalances on librdkafka's mock cluster stall when other suites load both
    // cores (the reliability tests' child platforms, the authorisation matrix, the e2e flows), and
    // the Kafka suites then time out. So `npm test` runs three projects one after the other:
    // platform, then the Kafka suites on their own, then reliability (`vitest run` alone runs all
    // three at once).
    projects: [
      {
        extends: true,
        test: {
          name: 'platform',
          include: ['services/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['test/reliability/**', ...KAFKA_SUITES, '**/node_modules/**'],
        },
      },
      { extends: true, test: { name: 'kafka', include: KAFKA_SUITES } },
      { extends: true, test: { name: 'reliability', include: ['test/reliability/**/*.test.ts'] } },
    ],
  },
});
