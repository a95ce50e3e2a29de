/**
 * Child process of the durability test: appends batches of 1-5 events in a loop and prints
 * "ack <batch> <stream> <version> <size>" after each append resolved, until it is killed.
 * Usage: node append-loop.ts <sqlite path | postgresql:// URL> <first batch number>
 */
import { connectPostgres } from '../postgres/connect-postgres.ts';
import type { EventStore } from '../store/event-store.ts';
import { PostgresEventStore } from '../store/postgres-event-store.ts';
import { SqliteEventStore } from '../store/sqlite-event-store.ts';
import { sampleEvent } from './sample-events.ts';

const [path, firstBatch] = process.argv.slice(2);
if (!path || !firstBatch) throw new Error('usage: append-loop.ts <path> <first batch>');
const store: EventStore = path.startsWith('postgresql:')
  ? await PostgresEventStore.open('durability', await connectPostgres(path, 'durability'))
  : new SqliteEventStore({ service: 'durability', path });

for (let batch = Number(firstBatch); ; batch++) {
  const streamId = `stream-${batch % 7}`;
  const size = 1 + (batch % 5);
  const events = Array.from({ length: size }, (_, index) =>
    sampleEvent(`event-${batch}-${index}`, { batch, index, size }),
  );
  const result = await store.append({ streamId, streamType: 'sample', expectedVersion: 'any', events });
  process.stdout.write(`ack ${batch} ${streamId} ${result.version} ${size}\n`);
}
