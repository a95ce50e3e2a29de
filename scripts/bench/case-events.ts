import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { setTimeout as delay } from 'node:timers/promises';
import * as grpc from '@grpc/grpc-js';
import { AcceptCaseRequest, GetCaseRequest } from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { startAllInOne } from '../../services/host/all-in-one/all-in-one.ts';
import { loadConfiguration } from '../../services/host/configuration.ts';
import { SqliteEventStore } from '../../services/platform/store/sqlite-event-store.ts';
import { type Endpoints, call, connect } from '../lib/channel-clients.ts';
import { createRandom } from '../reliability/prng.ts';
import { LIFECYCLE_ITEM } from '../reliability/workload.ts';
import { counterMetadata, departmentMetadata, silentLogger, submitRequest, temporaryDirectory } from './fixtures.ts';
import { localPlatformSettings } from '../lib/local-platform-settings.ts';

/** A row of the embedded store's events table, as stored. */
export interface EventRow {
  readonly stream_id: string;
  readonly version: number;
  readonly stream_type: string;
  readonly event_id: string;
  readonly event_type: string;
  readonly schema_version: number;
  readonly occurred_at: string;
  readonly metadata: string;
  readonly data: string;
}

/** The acceptance events of one real case, from submission to conclusion, with its case number. */
export interface CaseTemplate {
  readonly caseNumber: string;
  readonly rows: readonly EventRow[];
}

/**
 * Runs one full lifecycle on a platform in this process and returns the acceptance events the case
 * got: what the store and rebuild benches copy (with new case numbers) to reach their sizes.
 */
export async function harvestCaseEvents(): Promise<CaseTemplate> {
  const dataDir = temporaryDirectory('harvest');
  const config = loadConfiguration(localPlatformSettings(dataDir));
  const platform = await startAllInOne({ config, logger: silentLogger });
  const clients = connect(platform.endpoints as unknown as Endpoints);
  let caseNumber: string;
  try {
    const counter = counterMetadata();
    const department = departmentMetadata();
    ({ caseNumber } = await call(clients.acceptance.submitCase, clients.acceptance, submitRequest('harvest-submit', createRandom(3)), counter));
    await call(clients.acceptance.acceptCase, clients.acceptance, AcceptCaseRequest.fromPartial({ requestId: 'harvest-accept', caseNumber }), counter);
    const taskId = LIFECYCLE_ITEM.taskOf(caseNumber);
    for (;;) {
      const claimed = await call(clients.approval.claimTask, clients.approval, { requestId: 'harvest-claim', taskId }, department).catch((error: grpc.ServiceError) => {
        if (error.code === grpc.status.NOT_FOUND) return undefined;
        throw error;
      });
      if (claimed) break;
      await delay(20);
    }
    await call(clients.approval.decideTask, clients.approval, { requestId: 'harvest-decide', taskId, decision: 'DECISION_APPROVE', opinion: '同意', materialCodes: [] }, department);
    for (;;) {
      const { case: view } = await call(clients.acceptance.getCase, clients.acceptance, GetCaseRequest.fromPartial({ caseNumber }), counter);
      if (view?.status === 'CASE_STATUS_CONCLUDED') break;
      await delay(20);
    }
  } finally {
    clients.close();
    await platform.stop();
  }
  const db = new DatabaseSync(join(dataDir, 'acceptance', 'events.sqlite'), { readOnly: true });
  try {
    const rows = db.prepare('SELECT stream_id, version, stream_type, event_id, event_type, schema_version, occurred_at, metadata, data FROM events WHERE stream_id = ? ORDER BY version').all(`case-${caseNumber}`) as unknown as EventRow[];
    return { caseNumber, rows };
  } finally {
    db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A case number of the same length as a real one, made from a counter. */
export const syntheticCaseNumber = (n: number) => `3501029${String(n).padStart(13, '0')}`;

/** The template's events as case `n`: the case number replaced everywhere, fresh event ids. */
export function copyOfCase(template: CaseTemplate, n: number): EventRow[] {
  const caseNumber = syntheticCaseNumber(n);
  return template.rows.map((row, index) => ({
    ...row,
    stream_id: row.stream_id.replaceAll(template.caseNumber, caseNumber),
    event_id: `bench-${n.toString(16).padStart(10, '0')}-${index}`,
    metadata: row.metadata.replaceAll(template.caseNumber, caseNumber),
    data: row.data.replaceAll(template.caseNumber, caseNumber),
  }));
}

/**
 * Writes at least `events` acceptance events (whole copies of the template case) into a new
 * embedded store at `path`: the store creates its schema, then rows go in directly, in large
 * transactions and without syncing (this is set-up, not a measurement). Returns the event count.
 */
export async function writeCopies(path: string, template: CaseTemplate, events: number, onProgress?: (written: number) => void): Promise<number> {
  await new SqliteEventStore({ service: 'acceptance', path }).close();
  const db = new DatabaseSync(path);
  let written = 0;
  try {
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = OFF');
    const insert = db.prepare(`INSERT INTO events (stream_id, version, stream_type, event_id, event_type, schema_version, occurred_at, metadata, data)
                               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (let n = 1; written < events; ) {
      db.exec('BEGIN');
      for (let inBatch = 0; inBatch < 20_000 && written < events; n++) {
        for (const row of copyOfCase(template, n)) {
          insert.run(row.stream_id, row.version, row.stream_type, row.event_id, row.event_type, row.schema_version, row.occurred_at, row.metadata, row.data);
          written += 1;
          inBatch += 1;
        }
      }
      db.exec('COMMIT');
      onProgress?.(written);
    }
  } finally {
    db.close();
  }
  return written;
}
