import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

/** Each script that package.json runs for people, by its npm name. */
const commands = {
  token: 'scripts/token.ts',
  import: 'scripts/import.ts',
  rebuild: 'scripts/rebuild-projection.ts',
  'verify-chain': 'scripts/verify-chain.ts',
  demo: 'scripts/demo.ts',
  'start:services': 'scripts/start-services.ts',
  reliability: 'scripts/reliability/main.ts',
  bench: 'scripts/bench/main.ts',
} as const;

function run(script: string, args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [script, ...args], { cwd: root, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (child.exitCode ?? -1) : 0, stdout, stderr }),
    );
  });
}

describe('the command-line scripts, called as people call them', () => {
  for (const [name, script] of Object.entries(commands)) {
    describe(`npm run ${name}`, () => {
      it('answers --help with its usage on stdout and exit status 0, and -h the same', async () => {
        const [long, short] = await Promise.all([run(script, ['--help']), run(script, ['-h'])]);
        expect(long.code, long.stderr).toBe(0);
        expect(long.stdout).toMatch(new RegExp(`^usage: npm run ${name}`));
        expect(long.stdout.split('\n').length, 'a usage line and what the command does').toBeGreaterThan(3);
        expect(short).toEqual(long);
      });

      it('answers an unknown flag with one line naming it on stderr and exit status 2', async () => {
        const { code, stdout, stderr } = await run(script, ['--no-such-flag']);
        expect(code).toBe(2);
        expect(stdout).toBe('');
        expect(stderr).toBe(`npm run ${name}: Unknown option '--no-such-flag' (npm run ${name} -- --help shows the usage)\n`);
      });
    });
  }
});
