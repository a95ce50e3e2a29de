import { describe, expect, it } from 'vitest';
import { presets, testSeeds } from '../../scripts/reliability/presets.ts';
import { chooseSeed } from '../../scripts/reliability/prng.ts';
import { formatWorkloadReport, runWorkload } from '../../scripts/reliability/run-workload.ts';

/** The short load test; `npm run reliability -- load --long` runs the long one. Nothing here is timed. */
describe('load: channel clients running case lifecycles against npm start', () => {
  it('answers every call with OK or a deliberate status, loses and duplicates nothing, and its read models equal a rebuild', async () => {
    const seed = chooseSeed(process.env['OW_SEED'] ?? testSeeds.load);
    const report = await runWorkload({ seed, ...presets.load.short, kills: 0, command: 'npm-start', log: (line) => process.stderr.write(`[load] ${line}\n`) });
    process.stderr.write(`${formatWorkloadReport(report)}\n`);
    expect(report.problems, `seed ${seed}`).toEqual([]);
    expect(report.steps.submitted).toBeGreaterThan(0);
    expect(report.steps.decided).toBeGreaterThan(0);
    expect(report.verification['cases stored']).toBe(report.steps.submitted);
  }, 180_000);
});
