import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The key of holder ids (一号): the configured one, or on an embedded installation a random key
 * made on first start and kept in the data directory (owner-only, synced), backed up with it.
 */
export function holderKey(configured: string, dataDir: string): Buffer {
  if (configured) return Buffer.from(configured, 'base64');
  const path = join(dataDir, 'keys', 'holder.key');
  if (existsSync(path)) return Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  mkdirSync(join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  const file = openSync(path, 'wx', 0o600);
  try {
    writeSync(file, key.toString('base64'));
    fsyncSync(file);
  } finally {
    closeSync(file);
  }
  return key;
}
