import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leaseStoreContract } from './lease-store.contract.ts';
import { SqliteLeaseStore } from './sqlite-lease-store.ts';

let path = '';
leaseStoreContract('embedded SQLite, two handles on one file', {
  open: async () => new SqliteLeaseStore((path = join(mkdtempSync(join(tmpdir(), 'ow-lease-')), 'leases.sqlite'))),
  openAnother: async () => new SqliteLeaseStore(path),
});
