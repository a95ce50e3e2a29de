import { randomUUID } from 'node:crypto';
import { type ServiceError, status } from '@grpc/grpc-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { AcceptCaseRequest, ListServiceItemsRequest, SubmitCaseRequest } from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import type { ServiceItem } from '../../generated/onewindow/acceptance/v1/catalog.ts';
import { demoCallers } from '../../scripts/demo-flow.ts';
import { call, callerMetadata } from '../../scripts/lib/channel-clients.ts';
import { fieldViolationsOf } from '../../services/platform/grpc/rich-status.ts';
import { platformForSuite } from '../support/platform-suite.ts';

/** What a channel gets back when a command is repeated, reused, misdirected or premature. */
describe('command guards over gRPC', () => {
  const suite = platformForSuite();
  let item: ServiceItem;
  const counter = callerMetadata(demoCallers.clerk, 'counter');

  const submission = (materials = item.materials.filter((m) => m.required).map((m) => m.code), region = '350102001') =>
    SubmitCaseRequest.fromPartial({
      requestId: randomUUID(),
      itemCode: item.itemCode,
      applicant: { kind: { $case: 'person', value: { name: '王五', idNumber: '11010519491231002X' } }, phone: '13800138000' },
      materials: materials.map((code) => ({ materialCode: code, source: 'MATERIAL_SOURCE_UPLOAD', reference: `scan-${code}`, trustLevel: 'TRUST_LEVEL_B' })),
      submittedRegionCode: region,
      applicantSubject: 'applicant-wangwu',
    });
  const submit = (request: SubmitCaseRequest, metadata = counter) => call(suite.clients.acceptance.submitCase, suite.clients.acceptance, request, metadata);
  const accept = (caseNumber: string, requestId = randomUUID()) =>
    call(suite.clients.acceptance.acceptCase, suite.clients.acceptance, AcceptCaseRequest.fromPartial({ requestId, caseNumber }), counter);
  const failure = (promise: Promise<unknown>) => promise.then(() => expect.unreachable('the call succeeded'), (error: ServiceError) => error);

  beforeAll(async () => {
    item = (await call(suite.clients.acceptance.listServiceItems, suite.clients.acceptance, ListServiceItemsRequest.fromPartial({ keyword: '食品经营许可' }), counter)).items[0]!;
  }, 30_000);

  it('answers a retried submission with the same case and token', async () => {
    const request = submission();
    const first = await submit(request);
    expect(await submit(request)).toEqual(first);
  });

  it('refuses a request id reused for a different request as ALREADY_EXISTS, and does nothing', async () => {
    const a = await submit(submission());
    const b = await submit(submission());
    const requestId = randomUUID();
    await accept(a.caseNumber, requestId);
    const reused = await failure(accept(b.caseNumber, requestId));
    expect(reused.code).toBe(status.ALREADY_EXISTS);
    const { case: caseB } = await call(suite.clients.acceptance.getCase, suite.clients.acceptance, { caseNumber: b.caseNumber, consistencyToken: b.consistencyToken }, counter);
    expect(caseB?.status).toBe('CASE_STATUS_SUBMITTED');
  });

  it('does not accept a case with required materials missing: FAILED_PRECONDITION naming them', async () => {
    const { caseNumber } = await submit(submission(['application']));
    const refused = await failure(accept(caseNumber));
    expect(refused.code).toBe(status.FAILED_PRECONDITION);
    expect(refused.details).toContain('business-license, id-card, safety-rules, floor-plan');
  });

  it('lets two clerks accepting one case at once both see one acceptance', async () => {
    const { caseNumber } = await submit(submission());
    const outcomes = await Promise.allSettled([accept(caseNumber), accept(caseNumber)]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const loser = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')!;
    expect([status.FAILED_PRECONDITION, status.ABORTED]).toContain((loser.reason as ServiceError).code);
  });

  it('keeps a clerk to their own jurisdiction', async () => {
    const elsewhere = await failure(submit(submission(undefined, '440106')));
    expect(elsewhere.code).toBe(status.PERMISSION_DENIED);
  });

  it('rejects an invented channel and an invalid ID number as INVALID_ARGUMENT naming the field', async () => {
    const metadata = callerMetadata(demoCallers.clerk, 'counter');
    metadata.set('ow-channel', 'toString');
    expect((await failure(submit(submission(), metadata))).code).toBe(status.INVALID_ARGUMENT);
    const request = submission();
    request.applicant = { kind: { $case: 'person', value: { name: '王五', idNumber: '110105194912310021' } }, phone: '13800138000' };
    const invalid = await failure(submit(request));
    expect(invalid.code).toBe(status.INVALID_ARGUMENT);
    expect(fieldViolationsOf(invalid.metadata)).toEqual([
      { field: 'applicant.person.id_number', description: expect.stringContaining('GB 11643') },
    ]);
    expect(invalid.details).not.toContain('110105194912310021');
    const company = submission();
    company.applicant = { kind: { $case: 'organization', value: { name: '福州某某餐饮有限公司', creditCode: '91350100M000100Y44' } }, phone: '13800138000' };
    const badCode = await failure(submit(company));
    expect(badCode.code).toBe(status.INVALID_ARGUMENT);
    expect(fieldViolationsOf(badCode.metadata)).toEqual([
      { field: 'applicant.organization.credit_code', description: expect.stringContaining('GB 32100') },
    ]);
  });
});
