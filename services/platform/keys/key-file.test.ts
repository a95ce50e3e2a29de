import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ensureKeyFile } from './key-file.ts';

const keysDir = () => join(mkdtempSync(join(tmpdir(), 'ow-key-file-')), 'keys');
const newKey = () => randomBytes(32).toString('base64');

/** Another process's ensureKeyFile on `path`, printing the key it ends up with. */
const otherProcess = (path: string) =>
  promisify(execFile)(process.execPath, [
    '--input-type=module',
    '--eval',
    `import { ensureKeyFile } from ${JSON.stringify(new URL('./key-file.ts', import.meta.url).href)};
     import { randomBytes } from 'node:crypto';
     process.stdout.write(ensureKeyFile(${JSON.stringify(path)}, () => randomBytes(32).toString('base64')).toString());`,
  ]).then(({ stdout }) => stdout);

describe('a key file', () => {
  it('is made on first use, owner-only in an owner-only folder, and read ever after', () => {
    const path = join(keysDir(), 'holder.key');
    const first = ensureKeyFile(path, newKey);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(path, '..')).mode & 0o777).toBe(0o700);
    expect(ensureKeyFile(path, () => expect.unreachable('a second key was made'))).toEqual(first);
    expect(readdirSync(join(path, '..'))).toEqual(['holder.key']);
  });

  it('is the key of whoever linked first when another process wins the race', () => {
    const path = join(keysDir(), 'holder.key');
    let theirs: Buffer | undefined;
    // The other process writes its key after this one found none and while it makes its own.
    const ours = ensureKeyFile(path, () => {
      theirs = ensureKeyFile(path, newKey);
      return newKey();
    });
    expect(ours).toEqual(theirs);
    expect(readFileSync(path)).toEqual(theirs);
    expect(readdirSync(join(path, '..'))).toEqual(['holder.key']);
  });

  it('is one key for processes started together', async () => {
    const path = join(keysDir(), 'holder.key');
    const keys = await Promise.all(Array.from({ length: 6 }, () => otherProcess(path)));
    expect(new Set(keys)).toEqual(new Set([readFileSync(path, 'utf8')]));
  });

  it('is made even when a crashed start left drafts behind', () => {
    const dir = keysDir();
    const path = join(dir, 'holder.key');
    mkdirSync(dir, { recursive: true });
    for (const stale of [`${path}.${process.pid}.draft`, `${path}.${process.pid}.tmp`, `${path}.0123456789abcdef.draft`]) writeFileSync(stale, 'half a ke');
    const key = ensureKeyFile(path, () => 'the new key');
    expect(key.toString()).toBe('the new key');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});
