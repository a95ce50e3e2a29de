import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The reliability tests load both cores with platforms in child processes for a minute or
    // more; alongside the Kafka suites they starve kafkajs and stall its rebalances. So `npm test`
    // runs the two projects one after the other (`vitest run` alone runs both at once).
    projects: [
      {
        extends: true,
        test: {
          name: 'platform',
          include: ['services/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['test/reliability/**', '**/node_modules/**'],
        },
      },
      { extends: true, test: { name: 'reliability', include: ['test/reliability/**/*.test.ts'] } },
    ],
  },
});
