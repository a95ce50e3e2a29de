import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The contents of a key file, made with `make` on first use (owner-only, synced). Several
 * processes may start together on one data directory (`npm run start:services`, a mixed
 * installation): each writes a draft of its own and links it into place, the first link wins and
 * the others read the winner's key. No process ever reads a half-written key or replaces another's.
 */
export function ensureKeyFile(path: string, make: () => string | Buffer): Buffer {
  const existing = readIfPresent(path);
  if (existing) return existing;
  create(path, make());
  return readFileSync(path);
}

function readIfPresent(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function create(path: string, contents: string | Buffer): void {
  const directory = dirname(path);
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  // A random name, not the pid: a draft left by a crash (or a pid reused in another container)
  // never collides with this one.
  const draft = `${path}.${randomBytes(8).toString('hex')}.draft`;
  const file = openSync(draft, 'wx', 0o600);
  try {
    writeFileSync(file, contents);
    fsyncSync(file);
  } finally {
    closeSync(file);
  }
  try {
    linkSync(draft, path);
  } catch (error) {
    // EEXIST: another process linked its key first; the caller reads that one.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(draft);
  }
  syncDirectory(directory);
}

/** Makes the new name (and the draft's removal) survive a crash. */
function syncDirectory(path: string): void {
  const directory = openSync(path, 'r');
  try {
    fsyncSync(directory);
  } finally {
    closeSync(directory);
  }
}
