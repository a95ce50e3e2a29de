import { describe, expect, it } from 'vitest';
import { presets, testSeeds } from '../../scripts/reliability/presets.ts';
import { chooseSeed } from '../../scripts/reliability/prng.ts';
import { formatWorkloadReport, runWorkload } from '../../scripts/reliability/run-workload.ts';

/**
 * Crashes placed where the commit path is most delicate (docs/architecture.md, "The commit path"):
 * - after a group commit of the event stores wrote its appends, before any command heard of it
 *   (the client sees a failure and retries with the same request id: answered from the record);
 * - after a read-model batch committed, before the bus knew it was handled (delivered again);
 * - after a consumer handled a batch, before its offset was noted (a reaction's commands and a
 *   projection's writes come again);
 * - after a notification reached the provider, before it was recorded as sent.
 */
const CRASH_POINTS = ['event-store:committed@150', 'read-models:committed@300', 'bus:handled@500', 'dispatcher:delivered@40'];

describe('crash points: the all-in-one process dies at chosen points of the commit path, and is restarted', () => {
  it('loses no acknowledged case, doubles nothing, and keeps every read model equal to its rebuild', async () => {
    const seed = chooseSeed(process.env['OW_SEED'] ?? testSeeds.crash);
    const report = await runWorkload({
      seed,
      ...presets.crash.short,
      kills: 0,
      crashPoints: CRASH_POINTS,
      command: 'node',
      log: (line) => process.stderr.write(`[crash points] ${line}\n`),
    });
    process.stderr.write(`${formatWorkloadReport(report)}\n`);
    expect(report.problems, `seed ${seed}`).toEqual([]);
    expect(report.kills.atMs).toHaveLength(CRASH_POINTS.length);
    expect(report.verification['cases stored']).toBe(report.steps.submitted);
  }, 240_000);
});
