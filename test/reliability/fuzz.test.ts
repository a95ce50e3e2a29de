import { describe, expect, it } from 'vitest';
import { formatFuzzReport, replayFinding, runFuzz } from '../../scripts/reliability/fuzz.ts';
import { knownFindings } from '../../scripts/reliability/known-findings.ts';
import { presets, testSeeds } from '../../scripts/reliability/presets.ts';
import { chooseSeed } from '../../scripts/reliability/prng.ts';

/** The short fuzz test; `npm run reliability -- fuzz --long` sends 100,000 requests. */
describe('fuzz: random and damaged protobuf requests to every RPC', () => {
  it('answers 10,000 of them with OK or a deliberate status, never INTERNAL, UNKNOWN or DATA_LOSS, and stays up and healthy', async () => {
    const seed = chooseSeed(process.env['OW_SEED'] ?? testSeeds.fuzz);
    const report = await runFuzz({ seed, ...presets.fuzz.short, log: (line) => process.stderr.write(`[fuzz] ${line}\n`) });
    process.stderr.write(`${formatFuzzReport(report)}\n`);
    expect(report.findings, `seed ${seed}: ${formatFuzzReport(report)}`).toEqual([]);
    expect(report.problems, `seed ${seed}`).toEqual([]);
    expect(report.requests).toBeGreaterThanOrEqual(presets.fuzz.short.requests);
  }, 120_000);

  // What the fuzzer found, replayed exactly (scripts/reliability/known-findings.ts): each fails while its bug is there.
  for (const finding of knownFindings) {
    it(`answers the request of finding ${finding.id} deliberately and stays up`, async () => {
      const replay = await replayFinding(finding);
      expect(replay.holds, `${finding.method} with ${finding.hex.slice(0, 120)}…: ${finding.what}\nanswer: ${replay.answer}; healthy afterwards: ${replay.healthyAfter}`).toBe(true);
    }, 60_000);
  }
});
