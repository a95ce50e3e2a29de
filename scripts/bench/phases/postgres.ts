import pg from 'pg';
import { connectPostgres } from '../../../services/platform/postgres/connect-postgres.ts';
import type { NewEvent, JsonValue } from '../../../services/platform/events/envelope.ts';
import { PostgresEventStore } from '../../../services/platform/store/postgres-event-store.ts';
import { postgresUnavailable, startPostgres } from '../../lib/postgres-server.ts';
import { runReplicated } from '../../reliability/replicated.ts';
import type { CaseTemplate, EventRow } from '../case-events.ts';
import { progress } from '../fixtures.ts';
import type { Row } from '../report.ts';

function newEventOf(row: EventRow, eventId: string): NewEvent {
  const metadata = JSON.parse(row.metadata) as Pick<NewEvent, 'correlationId' | 'causationId' | 'actor' | 'regionCode' | 'traceContext'>;
  return { eventId, eventType: row.event_type, schemaVersion: row.schema_version, occurredAt: row.occurred_at, ...metadata, payload: JSON.parse(row.data) as JsonValue };
}

async function rate(durationMs: number, work: (n: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  let n = 0;
  while (performance.now() - started < durationMs) await work(n++);
  return (n * 1000) / (performance.now() - started);
}

/**
 * The PostgreSQL event store's appends against raw `pg` writing the same rows in one transaction
 * each (the events in one INSERT, the stream's head, the idempotency key), on a server started
 * with PostgreSQL's durable defaults (every commit flushed). The raw side takes its positions
 * from a sequence and writes a fixed chain hash: ordering commits and hashing are ours.
 */
export async function measurePostgresStore(template: CaseTemplate, settings: { durationMs: number; batch: number }, rows: Row[]): Promise<void> {
  const missing = postgresUnavailable();
  if (missing) return void rows.push({ phase: 'postgres', metric: 'PostgreSQL appends', unit: 'events/s', ours: undefined, baseline: undefined, baselineName: 'raw pg', skipped: missing });
  progress(`postgres: appends for ${settings.durationMs} ms each, single and ${settings.batch} per append, against raw pg`);
  const server = await startPostgres({ durable: true });
  const event = template.rows[0]!;
  try {
    const ours = await PostgresEventStore.open('acceptance', await connectPostgres(await server.newDatabase(), 'acceptance'));
    const append = (stream: string, count: number) =>
      ours.append({ streamId: stream, streamType: 'case', expectedVersion: 0, idempotencyKey: `bench:${stream}`, requestFingerprint: 'f', events: Array.from({ length: count }, (_, i) => newEventOf(event, `${stream}-${i}`)) });
    const single = await rate(settings.durationMs, (n) => append(`case-s${n}`, 1));
    const batched = settings.batch * (await rate(settings.durationMs, (n) => append(`case-b${n}`, settings.batch)));
    await ours.close();

    const raw = new pg.Client({ connectionString: await server.newDatabase() });
    await raw.connect();
    await raw.query(`CREATE TABLE events (position bigserial PRIMARY KEY, stream_id text NOT NULL, version integer NOT NULL, stream_type text NOT NULL, event_id text NOT NULL UNIQUE,
      event_type text NOT NULL, schema_version integer NOT NULL, occurred_at text NOT NULL, metadata text NOT NULL, data text NOT NULL, chain_hash text NOT NULL, UNIQUE (stream_id, version))`);
    await raw.query('CREATE TABLE stream_heads (stream_id text PRIMARY KEY, version integer NOT NULL, chain_hash text NOT NULL)');
    await raw.query('CREATE TABLE idempotency (key text PRIMARY KEY, stream_id text NOT NULL, first_version integer NOT NULL, last_version integer NOT NULL, fingerprint text NOT NULL)');
    const hash = `sm3:${'0'.repeat(64)}`;
    const writeRows = async (stream: string, count: number) => {
      const versions = Array.from({ length: count }, (_, i) => i + 1);
      await raw.query('BEGIN');
      await raw.query(
        `INSERT INTO events (stream_id, version, stream_type, event_id, event_type, schema_version, occurred_at, metadata, data, chain_hash)
         SELECT $1, v, $2, $1 || '-' || v, $3, $4, $5, $6, $7, $8 FROM unnest($9::integer[]) AS v`,
        [stream, event.stream_type, event.event_type, event.schema_version, event.occurred_at, event.metadata, event.data, hash, versions],
      );
      await raw.query('INSERT INTO stream_heads VALUES ($1, $2, $3) ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version, chain_hash = excluded.chain_hash', [stream, count, hash]);
      await raw.query('INSERT INTO idempotency VALUES ($1, $2, 1, $3, $4)', [`bench:${stream}`, stream, count, 'f']);
      await raw.query('COMMIT');
    };
    const rawSingle = await rate(settings.durationMs, (n) => writeRows(`case-s${n}`, 1));
    const rawBatched = settings.batch * (await rate(settings.durationMs, (n) => writeRows(`case-b${n}`, settings.batch)));
    await raw.end();
    rows.push(
      { phase: 'postgres', metric: 'PostgreSQL appends, 1 event per append', unit: 'events/s', ours: single, baseline: rawSingle, baselineName: 'raw pg, same rows, one commit each', note: 'flushed commits' },
      { phase: 'postgres', metric: `PostgreSQL appends, ${settings.batch} events per append`, unit: 'events/s', ours: batched, baseline: rawBatched, baselineName: `raw pg, same rows, ${settings.batch} per commit` },
    );
  } finally {
    await server.stop();
  }
}

/**
 * Full lifecycles per second in replicated mode (PostgreSQL, the mock Kafka cluster), with 1 and
 * with 3 processes of each service, the same channel clients (scripts/reliability/workload.ts)
 * against replicas picked at random, no kills and no verification. The baseline is the one-replica
 * figure of the same run.
 */
export async function measureReplicated(settings: { durationMs: number; clients: number }, rows: Row[]): Promise<void> {
  const missing = postgresUnavailable();
  if (missing) return void rows.push({ phase: 'replicated', metric: 'full lifecycles, replicated', unit: '/s', ours: undefined, baseline: undefined, baselineName: '1 of each service', skipped: missing });
  const perSecond: Record<number, number> = {};
  for (const replicas of [1, 3]) {
    progress(`replicated: ${replicas} of each service, ${settings.clients} clients, ${settings.durationMs} ms`);
    const report = await runReplicated({ seed: 5005, replicas, clients: settings.clients, durationMs: settings.durationMs, kills: 0, verify: false, log: progress });
    perSecond[replicas] = report.steps.decided / (report.loadMs / 1000);
  }
  for (const replicas of [1, 3]) {
    rows.push({
      phase: 'replicated',
      metric: `full lifecycles, replicated, ${replicas} of each service (${settings.clients} clients)`,
      unit: '/s',
      ours: perSecond[replicas]!,
      baseline: perSecond[1]!,
      baselineName: 'the same with 1 of each service, this run',
      note: 'PostgreSQL + mock Kafka, every process on this machine',
    });
  }
}
