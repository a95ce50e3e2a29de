import { hkdfSync } from 'node:crypto';
import { join } from 'node:path';
import { localSecret } from '../platform/keys/local-secret.ts';
import { MongoSubjectKeyStore } from '../platform/privacy/mongo-subject-key-store.ts';
import { PersonalDataVault } from '../platform/privacy/personal-data-vault.ts';
import { PostgresSubjectKeyStore } from '../platform/privacy/postgres-subject-key-store.ts';
import { SqliteSubjectKeyStore } from '../platform/privacy/sqlite-subject-key-store.ts';
import type { SubjectKeyStore } from '../platform/privacy/subject-key-store.ts';
import type { Clock } from '../platform/time/clock.ts';
import type { Configuration } from './configuration.ts';
import { keysDatabase, postgresPoolOf } from './stores.ts';

/** The installation's personal-data keys: an SQLite file in the data directory, or a PostgreSQL schema or MongoDB database all services share. */
async function subjectKeysOf(config: Configuration): Promise<SubjectKeyStore> {
  if (config.OW_STORE === 'postgres') return PostgresSubjectKeyStore.open(await postgresPoolOf(config, 'keys'));
  if (config.OW_STORE === 'mongodb') return new MongoSubjectKeyStore(await keysDatabase(config));
  return new SqliteSubjectKeyStore(join(config.OW_DATA_DIR, 'keys', 'subject-keys.sqlite'));
}

export async function personalDataVaultOf(config: Configuration, clock: Clock): Promise<PersonalDataVault> {
  return new PersonalDataVault({
    keys: await subjectKeysOf(config),
    // The configured secret may be longer than 32 bytes; the wrapping key is derived from all of it.
    masterKey: Buffer.from(hkdfSync('sha256', localSecret(config.OW_PII_MASTER_KEY, config.OW_DATA_DIR, 'personal-data-master.key'), '', 'onewindow personal-data master key', 32)),
    cipher: config.OW_PII_CIPHER,
    clock,
    cacheMs: config.OW_PII_KEY_CACHE_MS,
  });
}
