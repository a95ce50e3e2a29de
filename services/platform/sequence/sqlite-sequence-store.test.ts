import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sequenceStoreContract } from './sequence-store.contract.ts';
import { SqliteSequenceStore } from './sqlite-sequence-store.ts';

let path = '';
sequenceStoreContract('embedded SQLite', {
  open: async () => new SqliteSequenceStore((path = join(mkdtempSync(join(tmpdir(), 'ow-seq-')), 'sequences.sqlite'))),
  reopen: async () => new SqliteSequenceStore(path),
});
