import { describe, expect, it } from 'vitest';
import { kafkaUnavailable } from '../../scripts/lib/kafka-mock-cluster.ts';
import { postgresUnavailable } from '../../scripts/lib/postgres-server.ts';
import { presets, testSeeds } from '../../scripts/reliability/presets.ts';
import { chooseSeed } from '../../scripts/reliability/prng.ts';
import { formatReplicatedReport, runReplicated } from '../../scripts/reliability/replicated.ts';

const missing = postgresUnavailable() ?? kafkaUnavailable();
if (missing) process.stderr.write(`\n[SKIPPED] replicated test: ${missing}\n`);

/** The short replicated test; `npm run reliability -- replicated --long` runs 3 replicas of each service and kills 12 times. */
describe.skipIf(missing !== undefined)('replicated: 2 replicas of each service on PostgreSQL and the mock Kafka cluster, replicas SIGKILLed at random', () => {
  it('keeps every case and its history, publishes each event once per relay owner, notifies once, and keeps read models equal to their rebuilds', async () => {
    const seed = chooseSeed(process.env['OW_SEED'] ?? testSeeds.replicated);
    const report = await runReplicated({ seed, ...presets.replicated.short, log: (line) => process.stderr.write(`[replicated] ${line}\n`) });
    process.stderr.write(`${formatReplicatedReport(report)}\n`);
    expect(report.problems, `seed ${seed}`).toEqual([]);
    expect(report.kills).toHaveLength(presets.replicated.short.kills);
    expect(report.steps.decided).toBeGreaterThan(0);
    expect(report.facts['cases acknowledged']).toBe(report.steps.submitted);
    expect(report.facts['read models rebuilt']).toBeGreaterThan(0);
  }, 420_000);
});
