import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { AcceptanceServiceClient, GetRegionRequest } from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { AdministrationServiceClient } from '../../generated/onewindow/acceptance/v1/administration_service.ts';
import { call, callerMetadata } from '../lib/channel-clients.ts';
import { importFile } from '../lib/import-file.ts';
import { editionCsv } from '../region-table.ts';
import { timeUntil } from './time-until.ts';

const operator = callerMetadata({ sub: 'operator-replicated', roles: ['operator'] }, 'pc');
const anyone = callerMetadata({ sub: 'clerk-replicated', roles: ['clerk'], region: '350102' }, 'counter');
/** The township the edition the replicated test loads abolishes: 鼓东街道, in 鼓楼区. */
const ABOLISHED = '350102001';

/**
 * Loads an edition through one acceptance replica (the shipped table without one township), then
 * asks every replica for that township until it answers it ended: how long each took, in
 * milliseconds, or undefined for one that never did within the limit. Only the replica that loads
 * it records the versions; the others have them from the shared read models (refresh-while-shared.ts).
 */
export async function editionReachesEveryReplica(loadThrough: string, replicas: readonly string[], limitMs = 10_000): Promise<Array<number | undefined>> {
  const file = Buffer.from(editionCsv().split('\r\n').filter((line) => !line.startsWith(`"${ABOLISHED}"`)).join('\r\n'));
  const admin = new AdministrationServiceClient(loadThrough, grpc.credentials.createInsecure());
  try {
    const options = { requestId: randomUUID(), format: 'IMPORT_FORMAT_CSV', dryRun: false, policy: 'IMPORT_POLICY_ALL_OR_NOTHING' } as const;
    const report = await importFile(admin, 'regions', options, file, operator, () => {}, { edition: 'replicated', inForceFrom: '2027-01-01' });
    if (report.ended !== 1 || !report.recorded) throw new Error(`the edition was not loaded as expected: ${JSON.stringify({ ...report, changes: report.changes.length })}`);
  } finally {
    admin.close();
  }
  const loadedAt = Date.now();
  return Promise.all(replicas.map((endpoint) => untilEnded(endpoint, loadedAt, limitMs)));
}

async function untilEnded(endpoint: string, since: number, limitMs: number): Promise<number | undefined> {
  const client = new AcceptanceServiceClient(endpoint, grpc.credentials.createInsecure());
  try {
    return await timeUntil(since, limitMs, async () => {
      const { region } = await call(client.getRegion, client, GetRegionRequest.fromPartial({ code: ABOLISHED }), anyone, 5_000);
      return region?.endedOn === '2027-01-01';
    });
  } finally {
    client.close();
  }
}
