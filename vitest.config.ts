import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The reliability tests load both cores with platforms in child processes for a minute or
    // more; run alongside the Kafka suites they starve kafkajs's heartbeats and stall its
    // rebalances. So they run as a second group, after everything else.
    projects: [
      {
        extends: true,
        test: {
          name: 'platform',
          include: ['services/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['test/reliability/**', '**/node_modules/**'],
          sequence: { groupOrder: 0 },
        },
      },
      { extends: true, test: { name: 'reliability', include: ['test/reliability/**/*.test.ts'], sequence: { groupOrder: 1 } } },
    ],
  },
});
