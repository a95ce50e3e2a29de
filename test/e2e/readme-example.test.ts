import { status } from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kioskExample } from '../../scripts/examples/kiosk-client.ts';
import { tokenMinterFor } from '../../scripts/lib/token-minter.ts';
import { loadConfiguration } from '../../services/host/configuration.ts';
import { type TestPlatform, startTestPlatform } from '../support/test-platform.ts';

const root = join(import.meta.dirname, '..', '..');

describe('the README\'s channel-client example', () => {
  let test: TestPlatform;
  // As `npm start` runs by default: signed tokens, trusting the local key of its data directory.
  beforeAll(async () => (test = await startTestPlatform({ OW_AUTH_MODE: 'jwt' })));
  afterAll(() => test?.stop());

  it('is quoted in the README exactly as it is in scripts/examples/kiosk-client.ts', () => {
    const source = readFileSync(join(root, 'scripts', 'examples', 'kiosk-client.ts'), 'utf8');
    const snippet = source.split('// <readme>\n')[1]!.split('  // </readme>')[0]!;
    const unindented = snippet.split('\n').map((line) => line.replace(/^ {2}/, '')).join('\n');
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(unindented.trim());
  });

  it('shows the browser client next to it, quoted exactly as it is in web/example/app.js', () => {
    const source = readFileSync(join(root, 'web', 'example', 'app.js'), 'utf8');
    const snippet = source.split('// <readme>\n')[1]!.split('// </readme>')[0]!;
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(snippet.trim());
  });

  it('works against the platform: submits, reads back with the token, and shows field violations', async () => {
    // What `npm run token -- --sub applicant-lisi --role applicant --id-number …` prints for that platform.
    const mint = tokenMinterFor(loadConfiguration({ OW_DATA_DIR: test.dataDir }));
    const token = mint({ sub: 'applicant-lisi', roles: ['applicant'], holder: { idNumber: '34052419800101001X' } });
    const result = await kioskExample(test.endpoints.acceptance, token);
    expect(result.submitted.caseNumber).toMatch(/^350102\d{14}$/);
    expect(result.history.entries.map((e) => e.eventType)).toContain('caseSubmitted');
    expect(result.rejected.code).toBe(status.INVALID_ARGUMENT);
    expect(result.violations.map((v) => v.field)).toEqual(expect.arrayContaining(['applicant', 'submitted_region_code']));
  });
});
