import { status } from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kioskExample } from '../../scripts/examples/kiosk-client.ts';
import { mintDevelopmentToken } from '../../services/platform/grpc/development-token.ts';
import { type TestPlatform, startTestPlatform } from '../support/test-platform.ts';

const root = join(import.meta.dirname, '..', '..');

describe('the README\'s channel-client example', () => {
  let test: TestPlatform;
  beforeAll(async () => (test = await startTestPlatform()));
  afterAll(() => test?.stop());

  it('is quoted in the README exactly as it is in scripts/examples/kiosk-client.ts', () => {
    const source = readFileSync(join(root, 'scripts', 'examples', 'kiosk-client.ts'), 'utf8');
    const snippet = source.split('// <readme>\n')[1]!.split('  // </readme>')[0]!;
    const unindented = snippet.split('\n').map((line) => line.replace(/^ {2}/, '')).join('\n');
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(unindented.trim());
  });

  it('works against the platform: submits, reads back with the token, and shows field violations', async () => {
    const token = mintDevelopmentToken({ sub: 'applicant-lisi', roles: ['applicant'], holder: { idNumber: '34052419800101001X' } });
    const result = await kioskExample(test.endpoints.acceptance, token);
    expect(result.submitted.caseNumber).toMatch(/^350102\d{14}$/);
    expect(result.history.entries.map((e) => e.eventType)).toContain('caseSubmitted');
    expect(result.rejected.code).toBe(status.INVALID_ARGUMENT);
    expect(result.violations.map((v) => v.field)).toEqual(expect.arrayContaining(['applicant', 'submitted_region_code']));
  });
});
