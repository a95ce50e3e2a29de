import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ensureKeyFile } from './key-file.ts';

/**
 * A secret of the installation (the key of holder ids, the personal-data master key): the
 * configured one, or on an embedded installation a random 32-byte key made on first start and
 * kept in the data directory's keys/ folder.
 */
export function localSecret(configured: string, dataDir: string, fileName: string): Buffer {
  if (configured) return Buffer.from(configured, 'base64');
  const stored = ensureKeyFile(join(dataDir, 'keys', fileName), () => randomBytes(32).toString('base64'));
  return Buffer.from(stored.toString('utf8').trim(), 'base64');
}
