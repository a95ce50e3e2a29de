import { join } from 'node:path';
import type { ServiceName } from '../contracts/service-names.ts';
import { connectMongo } from '../platform/mongo/connect-mongo.ts';
import { MongoReadModelStore } from '../platform/readmodel/mongo-read-model-store.ts';
import type { ReadModelStore } from '../platform/readmodel/read-model-store.ts';
import { SqliteReadModelStore } from '../platform/readmodel/sqlite-read-model-store.ts';
import { MongoSequenceStore } from '../platform/sequence/mongo-sequence-store.ts';
import type { SequenceStore } from '../platform/sequence/sequence-store.ts';
import { SqliteSequenceStore } from '../platform/sequence/sqlite-sequence-store.ts';
import type { EventStore } from '../platform/store/event-store.ts';
import { MongoEventStore } from '../platform/store/mongo-event-store.ts';
import { SqliteEventStore } from '../platform/store/sqlite-event-store.ts';
import type { Configuration } from './configuration.ts';

type StoreSettings = Pick<Configuration, 'OW_STORE' | 'OW_DATA_DIR' | 'OW_MONGO_URL' | 'OW_MONGO_DATABASE_PREFIX' | 'OW_EVENT_CHAIN_HASH'>;
type ReadModelSettings = StoreSettings & Pick<Configuration, 'OW_BUS'>;

/**
 * Each service's own storage, by OW_STORE: SQLite files in its directory of OW_DATA_DIR (embedded),
 * or its own MongoDB database. A service never reads another's.
 */

/** A service's MongoDB database. */
const mongoDatabaseOf = (config: StoreSettings, name: string) => `${config.OW_MONGO_DATABASE_PREFIX}${name}`;

/** Where a service's embedded event store lives in the data directory. */
export const embeddedEventStorePath = (dataDir: string, service: ServiceName) => join(dataDir, service, 'events.sqlite');

/** A service's event store, as the platform opens it: created, or migrated, if need be. */
export async function openEventStore(config: StoreSettings, service: ServiceName): Promise<EventStore> {
  if (config.OW_STORE === 'mongodb') {
    const connection = await connectMongo(config.OW_MONGO_URL, mongoDatabaseOf(config, service));
    return MongoEventStore.open(service, connection, { chainHash: config.OW_EVENT_CHAIN_HASH });
  }
  return new SqliteEventStore({ service, path: embeddedEventStorePath(config.OW_DATA_DIR, service), chainHash: config.OW_EVENT_CHAIN_HASH });
}

/**
 * A service's existing event store, opened to be read only (npm run verify-chain): a verifier never
 * writes to what it checks, so nothing is created, migrated or chained. A store from before
 * tamper evidence is refused (PreChainStoreError).
 */
export async function openEventStoreForReading(config: StoreSettings, service: ServiceName): Promise<EventStore> {
  if (config.OW_STORE === 'mongodb') {
    return MongoEventStore.openForReading(service, await connectMongo(config.OW_MONGO_URL, mongoDatabaseOf(config, service)));
  }
  return new SqliteEventStore({ service, path: embeddedEventStorePath(config.OW_DATA_DIR, service), readOnly: true });
}

/**
 * A service's read models. On the embedded bus, which starts a bus-fed projection where its read
 * model says, their commits need not be synced one by one (replayed after a power loss); on Kafka,
 * which keeps the consumers' positions itself, they must be.
 */
export async function openReadModels(config: ReadModelSettings, service: ServiceName): Promise<ReadModelStore> {
  return config.OW_STORE === 'mongodb'
    ? new MongoReadModelStore(await connectMongo(config.OW_MONGO_URL, mongoDatabaseOf(config, service)))
    : new SqliteReadModelStore(join(config.OW_DATA_DIR, service, 'readmodels.sqlite'), { durability: config.OW_BUS === 'embedded' ? 'replayed' : 'synced' });
}

/** A service's counters (acceptance's case numbers). */
export async function openSequences(config: StoreSettings, service: ServiceName): Promise<SequenceStore> {
  if (config.OW_STORE === 'mongodb') return new MongoSequenceStore(await connectMongo(config.OW_MONGO_URL, mongoDatabaseOf(config, service)));
  return new SqliteSequenceStore(join(config.OW_DATA_DIR, service, 'sequences.sqlite'));
}

/** The database the personal-data keys live in on MongoDB: one for all services. */
export async function keysDatabase(config: StoreSettings) {
  return connectMongo(config.OW_MONGO_URL, mongoDatabaseOf(config, 'keys'));
}
