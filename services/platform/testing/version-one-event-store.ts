import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { sampleEvent } from './sample-events.ts';

/** The tables as the first release created them (schema version 1), before tamper evidence. */
const VERSION_1_SCHEMA = `
  CREATE TABLE events (
    position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, version INTEGER NOT NULL, stream_type TEXT NOT NULL,
    event_id TEXT NOT NULL UNIQUE, event_type TEXT NOT NULL, schema_version INTEGER NOT NULL, occurred_at TEXT NOT NULL,
    metadata TEXT NOT NULL, data TEXT NOT NULL, UNIQUE (stream_id, version)
  );
  CREATE TABLE idempotency (key TEXT PRIMARY KEY, stream_id TEXT NOT NULL, first_version INTEGER NOT NULL, last_version INTEGER NOT NULL, fingerprint TEXT NOT NULL) WITHOUT ROWID;
  CREATE TABLE checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL) WITHOUT ROWID;
  PRAGMA user_version = 1;
`;

/**
 * Writes an event store file as the release before tamper evidence left it (schema version 1, WAL
 * mode as the store set it): three streams, an idempotency key and a checkpoint.
 */
export function writeVersionOneEventStore(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec(VERSION_1_SCHEMA);
  const insert = db.prepare('INSERT INTO events (stream_id, version, stream_type, event_id, event_type, schema_version, occurred_at, metadata, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  ['case-1', 'ratings-1', 'case-1', 'case-2', 'ratings-1', 'case-1'].forEach((streamId, index, all) => {
    const { payload, eventType, schemaVersion, occurredAt, eventId: _, ...metadata } = sampleEvent(`old-${index}`, { n: index });
    const version = all.slice(0, index + 1).filter((id) => id === streamId).length;
    insert.run(streamId, version, streamId.split('-')[0]!, `old-${index}`, eventType, schemaVersion, occurredAt, JSON.stringify(metadata), JSON.stringify(payload));
  });
  db.exec("INSERT INTO idempotency VALUES ('submit:r1', 'case-2', 1, 1, 'f'); INSERT INTO checkpoints VALUES ('relay', 4);");
  db.close();
}
