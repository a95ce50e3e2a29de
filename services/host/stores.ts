import { join } from 'node:path';
import type { ServiceName } from '../contracts/service-names.ts';
import { connectMongo } from '../platform/mongo/connect-mongo.ts';
import { type Pool, connectPostgres } from '../platform/postgres/connect-postgres.ts';
import { MongoReadModelStore } from '../platform/readmodel/mongo-read-model-store.ts';
import { PostgresReadModelStore } from '../platform/readmodel/postgres-read-model-store.ts';
import type { ReadModelStore } from '../platform/readmodel/read-model-store.ts';
import { SqliteReadModelStore } from '../platform/readmodel/sqlite-read-model-store.ts';
import { MongoSequenceStore } from '../platform/sequence/mongo-sequence-store.ts';
import { PostgresSequenceStore } from '../platform/sequence/postgres-sequence-store.ts';
import type { SequenceStore } from '../platform/sequence/sequence-store.ts';
import { SqliteSequenceStore } from '../platform/sequence/sqlite-sequence-store.ts';
import type { LeaseStore } from '../platform/lease/lease-store.ts';
import { MongoLeaseStore } from '../platform/lease/mongo-lease-store.ts';
import { PostgresLeaseStore } from '../platform/lease/postgres-lease-store.ts';
import { SqliteLeaseStore } from '../platform/lease/sqlite-lease-store.ts';
import type { EventStore } from '../platform/store/event-store.ts';
import { MongoEventStore } from '../platform/store/mongo-event-store.ts';
import { PostgresEventStore } from '../platform/store/postgres-event-store.ts';
import { SqliteEventStore } from '../platform/store/sqlite-event-store.ts';
import type { Configuration } from './configuration.ts';

type StoreSettings = Pick<
  Configuration,
  'OW_STORE' | 'OW_DATA_DIR' | 'OW_MONGO_URL' | 'OW_MONGO_DATABASE_PREFIX' | 'OW_POSTGRES_URL' | 'OW_POSTGRES_SCHEMA_PREFIX' | 'OW_POSTGRES_POOL_SIZE' | 'OW_EVENT_CHAIN_HASH'
>;
type ReadModelSettings = StoreSettings & Pick<Configuration, 'OW_BUS'>;

/**
 * Each service's own storage, by OW_STORE: SQLite files in its directory of OW_DATA_DIR (embedded),
 * its own PostgreSQL schema, or its own MongoDB database. A service never reads another's.
 */

/** A service's MongoDB database. */
const mongoDatabaseOf = (config: StoreSettings, name: string) => `${config.OW_MONGO_DATABASE_PREFIX}${name}`;

/** A pool on a service's PostgreSQL schema (or the keys' schema); each store has its own. */
export const postgresPoolOf = (config: StoreSettings, name: string, options: { createSchema?: boolean } = {}): Promise<Pool> =>
  connectPostgres(config.OW_POSTGRES_URL, `${config.OW_POSTGRES_SCHEMA_PREFIX}${name}`, { max: config.OW_POSTGRES_POOL_SIZE, ...options });

/** Where a service's embedded event store lives in the data directory. */
export const embeddedEventStorePath = (dataDir: string, service: ServiceName) => join(dataDir, service, 'events.sqlite');

/**
 * A service's event store, as the platform opens it: created, or migrated, if need be. `holder`
 * is this replica's name among the holders of leases: on PostgreSQL and MongoDB a checkpoint is
 * fenced by its job's lease (open the leases first, openLeases). Embedded SQLite needs no fence:
 * the event store's file is locked by one process only (sqlite/open-sqlite.ts, `exclusive`), so a
 * service's data directory has one replica.
 */
export async function openEventStore(config: StoreSettings, service: ServiceName, holder?: string): Promise<EventStore> {
  if (config.OW_STORE === 'postgres') {
    return PostgresEventStore.open(service, await postgresPoolOf(config, service), { chainHash: config.OW_EVENT_CHAIN_HASH, ...(holder ? { holder } : {}) });
  }
  if (config.OW_STORE === 'mongodb') {
    const connection = await connectMongo(config.OW_MONGO_URL, mongoDatabaseOf(config, service));
    return MongoEventStore.open(service, connection, { chainHash: config.OW_EVENT_CHAIN_HASH, ...(holder ? { holder } : {}) });
  }
  return new SqliteEventStore({ service, path: embeddedEventStorePath(config.OW_DATA_DIR, service), chainHash: config.OW_EVENT_CHAIN_HASH });
}

/**
 * A service's existing event store, opened to be read only (npm run verify-chain): a verifier never
 * writes to what it checks, so nothing is created, migrated or chained. A store from before
 * tamper evidence is refused (PreChainStoreError).
 */
export async function openEventStoreForReading(config: StoreSettings, service: ServiceName): Promise<EventStore> {
  if (config.OW_STORE === 'postgres') return PostgresEventStore.openForReading(service, await postgresPoolOf(config, service, { createSchema: false }));
  if (config.OW_STORE === 'mongodb') {
    return MongoEventStore.openForReading(service, await connectMongo(config.OW_MONGO_URL, mongoDatabaseOf(config, service)));
  }
  return new SqliteEventStore({ service, path: embeddedEventStorePath(config.OW_DATA_DIR, service), readOnly: true });
}

/**
 * A service's read models. On the embedded bus, which starts a bus-fed projection where its read
 * model says, their commits need not be synced one by one (replayed after a power loss); on Kafka,
 * which keeps the consumers' positions itself, they must be. `holder`: as for openEventStore.
 */
export async function openReadModels(config: ReadModelSettings, service: ServiceName, holder?: string): Promise<ReadModelStore> {
  if (config.OW_STORE === 'postgres') return PostgresReadModelStore.open(await postgresPoolOf(config, service), holder ? { holder } : {});
  return config.OW_STORE === 'mongodb'
    ? new MongoReadModelStore(await connectMongo(config.OW_MONGO_URL, mongoDatabaseOf(config, service)), holder ? { holder } : {})
    : new SqliteReadModelStore(join(config.OW_DATA_DIR, service, 'readmodels.sqlite'), { durability: config.OW_BUS === 'embedded' ? 'replayed' : 'synced' });
}

/** A service's counters (acceptance's case numbers). */
export async function openSequences(config: StoreSettings, service: ServiceName): Promise<SequenceStore> {
  if (config.OW_STORE === 'postgres') return PostgresSequenceStore.open(await postgresPoolOf(config, service));
  if (config.OW_STORE === 'mongodb') return new MongoSequenceStore(await connectMongo(config.OW_MONGO_URL, mongoDatabaseOf(config, service)));
  return new SqliteSequenceStore(join(config.OW_DATA_DIR, service, 'sequences.sqlite'));
}

/** The leases of a service's background jobs, beside its data (the stores check them when they fence a checkpoint). */
export async function openLeases(config: StoreSettings, service: ServiceName): Promise<LeaseStore> {
  if (config.OW_STORE === 'postgres') return PostgresLeaseStore.open(await postgresPoolOf(config, service));
  if (config.OW_STORE === 'mongodb') return new MongoLeaseStore(await connectMongo(config.OW_MONGO_URL, mongoDatabaseOf(config, service)));
  return new SqliteLeaseStore(join(config.OW_DATA_DIR, service, 'leases.sqlite'));
}

/** The database the personal-data keys live in on MongoDB: one for all services. */
export async function keysDatabase(config: StoreSettings) {
  return connectMongo(config.OW_MONGO_URL, mongoDatabaseOf(config, 'keys'));
}
