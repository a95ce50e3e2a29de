import { defineConfig } from 'vitest/config';

/** The suites that run against librdkafka's mock cluster (test/support/kafka-suite.ts). */
const KAFKA_SUITES = [
  'services/platform/bus/kafka-event-bus.test.ts',
  'test/e2e/distributed.test.ts',
  'test/e2e/relay-crash.test.ts',
  'test/e2e/start-services-stop.test.ts',
  // Eight replica processes, PostgreSQL and the mock cluster: it needs the machine to itself.
  'test/reliability/replicated.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // `npm test` runs three projects one after the other: platform, the Kafka suites, reliability
    // (`vitest run` alone runs all three at once). The Kafka suites wait on the mock cluster's
    // group timers (3 s to form a group, 9 s to rebalance one) with ten-second sessions; on their
    // own, one file at a time, their timings do not hang on how busy the other suites keep a
    // two-core machine.
    projects: [
      {
        extends: true,
        test: {
          name: 'platform',
          include: ['services/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['test/reliability/**', ...KAFKA_SUITES, '**/node_modules/**'],
        },
      },
      { extends: true, test: { name: 'kafka', include: KAFKA_SUITES, fileParallelism: false } },
      { extends: true, test: { name: 'reliability', include: ['test/reliability/**/*.test.ts'], exclude: [...KAFKA_SUITES, '**/node_modules/**'] } },
    ],
  },
});
