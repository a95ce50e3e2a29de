import { describe, expect, it } from 'vitest';
import { presets, testSeeds } from '../../scripts/reliability/presets.ts';
import { chooseSeed } from '../../scripts/reliability/prng.ts';
import { formatWorkloadReport, runWorkload } from '../../scripts/reliability/run-workload.ts';

/** The short crash test; `npm run reliability -- crash --long` kills 20 times and more. */
describe('crash: the all-in-one process SIGKILLed at random moments during the load, and restarted', () => {
  it('keeps every acknowledged case with its whole history, read models equal to a rebuild, and delivers no notification twice', async () => {
    const seed = chooseSeed(process.env['OW_SEED'] ?? testSeeds.crash);
    const report = await runWorkload({ seed, ...presets.crash.short, command: 'node', log: (line) => process.stderr.write(`[crash] ${line}\n`) });
    process.stderr.write(`${formatWorkloadReport(report)}\n`);
    expect(report.problems, `seed ${seed}`).toEqual([]);
    expect(report.kills.atMs).toHaveLength(presets.crash.short.kills);
    expect(report.steps.submitted).toBeGreaterThan(0);
    expect(report.verification['cases stored']).toBe(report.steps.submitted);
  }, 240_000);
});
