import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { connectMongo } from '../../services/platform/mongo/connect-mongo.ts';

export interface MongoForTests {
  /** A connection to a fresh database (or, given its name, to that one again). */
  connect(dbName?: string): Promise<{ connection: Connection; dbName: string }>;
  stop(): Promise<void>;
}

/**
 * A MongoDB for a test file: MONGO_URL's server, or a single-node replica set started with
 * testcontainers (transactions need a replica set). Without either, says why on stderr and
 * resolves undefined, so the suite skips loudly.
 */
export async function mongoForTests(suite: string): Promise<MongoForTests | undefined> {
  let url = process.env.MONGO_URL;
  let stop = async () => undefined as void;
  if (!url) {
    try {
      const { getContainerRuntimeClient } = await import('testcontainers');
      await getContainerRuntimeClient();
    } catch (error) {
      process.stderr.write(`\n[SKIPPED] ${suite}: no MONGO_URL and no container runtime for testcontainers (${(error as Error).message.split('\n')[0]})\n`);
      return undefined;
    }
    const { MongoDBContainer } = await import('@testcontainers/mongodb');
    const container = await new MongoDBContainer('mongo:7.0').start();
    url = `${container.getConnectionString()}?directConnection=true`;
    stop = async () => void (await container.stop());
  }
  const server = url;
  return {
    async connect(dbName = `ow_test_${randomUUID().slice(0, 8)}`) {
      return { connection: await connectMongo(server, dbName), dbName };
    },
    stop,
  };
}
