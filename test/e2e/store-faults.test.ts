import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SubmitCaseRequest } from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { call, callerMetadata, connect } from '../../scripts/lib/channel-clients.ts';
import { LIFECYCLE_ITEM, workloadCallers } from '../../scripts/reliability/workload.ts';
import { startCuttableProxy } from '../support/cuttable-proxy.ts';
import { type PostgresForTests, postgresForTests } from '../support/postgres-suite.ts';
import { type TestPlatform, startTestPlatform } from '../support/test-platform.ts';

// Without PG_URL or Debian's postgresql package, postgresForTests prints why and the suite is skipped.
const server = await postgresForTests('store faults on PostgreSQL');

describe.skipIf(!server)('a store that goes away mid-command (PostgreSQL)', () => {
  let postgres: PostgresForTests;
  let proxy: Awaited<ReturnType<typeof startCuttableProxy>>;
  let test: TestPlatform;
  const key = Buffer.alloc(32, 3).toString('base64');

  beforeAll(async () => {
    postgres = server!;
    const url = new URL(await postgres.newDatabase());
    proxy = await startCuttableProxy({ path: `${url.searchParams.get('host')}/.s.PGSQL.5432` });
    // The platform reaches PostgreSQL only through the proxy, over TCP.
    url.searchParams.delete('host');
    url.host = `127.0.0.1:${proxy.port}`;
    test = await startTestPlatform({ OW_STORE: 'postgres', OW_POSTGRES_URL: url.href, OW_PII_MASTER_KEY: key, OW_HOLDER_KEY: key });
  }, 120_000);

  afterAll(async () => {
    await test?.stop();
    await proxy?.close();
    await postgres?.stop();
  });

  const submit = (requestId: string) => {
    const clients = connect(test.endpoints);
    const request = SubmitCaseRequest.fromPartial({
      requestId,
      itemCode: LIFECYCLE_ITEM.itemCode,
      applicant: { kind: { $case: 'person', value: { name: '王五', idNumber: '11010519491231002X' } }, phone: '13800138000' },
      materials: LIFECYCLE_ITEM.materials.map((code) => ({ materialCode: code, source: 'MATERIAL_SOURCE_UPLOAD', reference: `scan-${code}`, trustLevel: 'TRUST_LEVEL_B' })),
      submittedRegionCode: '350102001',
      applicantSubject: 'applicant-store-faults',
    });
    return call(clients.acceptance.submitCase, clients.acceptance, request, callerMetadata(workloadCallers.clerk, 'counter'), 10_000).finally(() => clients.close());
  };

  it('answers UNAVAILABLE while the store cannot be reached, and the same request id then gets one case', async () => {
    expect((await submit('store-faults-warm-up')).caseNumber).toMatch(/^\d+/);
    // Cut every connection as the command goes out, and keep the store away longer than the
    // adapters' own retries (about a second) last.
    const during = submit('store-faults-1');
    proxy.cut(4_000);
    const error = (await during.then(() => undefined, (failure: unknown) => failure)) as grpc.ServiceError | undefined;
    expect(error?.code, error?.details).toBe(grpc.status.UNAVAILABLE);
    // The case's store or the personal-data key store, whichever the command reached first.
    expect(error?.details).toMatch(/store cannot be reached/);
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const first = await submit('store-faults-1');
    const again = await submit('store-faults-1');
    expect(again.caseNumber).toBe(first.caseNumber);
  }, 60_000);
});
