import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readModelStoreContract } from './read-model-store.contract.ts';
import { SqliteReadModelStore } from './sqlite-read-model-store.ts';

let path = '';
readModelStoreContract('embedded SQLite', {
  open: async () => {
    path = join(mkdtempSync(join(tmpdir(), 'ow-rm-')), 'readmodels.sqlite');
    return new SqliteReadModelStore(path);
  },
  reopen: async () => new SqliteReadModelStore(path),
});
