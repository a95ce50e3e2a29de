import { createRequire } from 'node:module';
import { cruise } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

/** The architecture's rules (.dependency-cruiser.cjs): no cycle, a kernel that knows no service, layers. */
const { forbidden, options } = createRequire(import.meta.url)('../../.dependency-cruiser.cjs');

describe('the import graph', () => {
  it('keeps every rule of .dependency-cruiser.cjs: no import cycle, the kernel knows no service, no lower layer imports a higher one', async () => {
    const { output } = await cruise(['services', 'scripts', 'test'], { ...options, ruleSet: { forbidden }, validate: true });
    if (typeof output === 'string') throw new Error('dependency-cruiser answered with text, not a result');
    const violations = output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (cycle: ${v.cycle.map((step) => step.name).join(' → ')})` : ''}`);
    expect(output.summary.totalCruised, 'modules read').toBeGreaterThan(400);
    expect(violations).toEqual([]);
  }, 60_000);
});
