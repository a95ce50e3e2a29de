import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { SqliteSubjectKeyStore } from './sqlite-subject-key-store.ts';
import { subjectKeyStoreContract } from './subject-key-store.contract.ts';

let path = '';
subjectKeyStoreContract('embedded SQLite', {
  open: async () => new SqliteSubjectKeyStore((path = join(mkdtempSync(join(tmpdir(), 'ow-keys-')), 'subject-keys.sqlite'))),
  reopen: async () => new SqliteSubjectKeyStore(path),
});

it('leaves no copy of an erased key in the database file or its log', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ow-keys-'));
  const store = new SqliteSubjectKeyStore(join(dir, 'subject-keys.sqlite'));
  const material = Buffer.from('0123456789abcdef-key-material-to-destroy');
  await store.addKey({ keyId: 'k'.repeat(22), subject: 'holder:h', wrappedKey: material, createdAt: '2026-11-22T00:00:00.000Z' });
  await store.eraseSubject('holder:h', '2026-11-22T00:01:00.000Z');
  await store.close();
  for (const file of readdirSync(dir)) expect(readFileSync(join(dir, file)).includes(material), file).toBe(false);
});
