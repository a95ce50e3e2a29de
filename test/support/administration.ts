import { randomUUID } from 'node:crypto';
import {
  LoadHolidayNoticeRequest,
  RecordBadCreditRequest,
  SetCalendarOverrideRequest,
  SetJurisdictionPolicyRequest,
} from '../../generated/onewindow/acceptance/v1/administration_service.ts';
import { AdministrationServiceClient } from '../../generated/onewindow/acceptance/v1/administration_service.ts';
import { SubmitBundleRequest } from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import * as grpc from '@grpc/grpc-js';
import { call, callerMetadata, connect, type Endpoints } from '../../scripts/lib/channel-clients.ts';
import { importFile } from '../../scripts/lib/import-file.ts';
import { demoCallers } from '../../scripts/demo-flow.ts';
import { bundleSeed, startupItems } from '../../services/acceptance/seed/catalog-seed.ts';
import type { TokenClaims } from '../../services/platform/auth/token-claims.ts';

export const operator: TokenClaims = { sub: 'operator-1', roles: ['operator'] };

export function administrationClient(endpoints: Endpoints) {
  return new AdministrationServiceClient(endpoints.acceptance, grpc.credentials.createInsecure());
}

/** Operator changes of every kind: a holiday notice, an override, a policy, a credit record, a hall with a window and a staff post. */
export async function administer(endpoints: Endpoints): Promise<void> {
  const client = administrationClient(endpoints);
  const asOperator = callerMetadata(operator, 'pc');
  try {
    await call(client.loadHolidayNotice, client, LoadHolidayNoticeRequest.fromPartial({
      requestId: randomUUID(),
      notice: { year: 2027, holidays: [{ from: '2027-01-01', to: '2027-01-03' }], workdays: [], source: 'test notice' },
    }), asOperator);
    await call(client.setCalendarOverride, client, SetCalendarOverrideRequest.fromPartial({
      requestId: randomUUID(),
      override: { regionCode: '350121', year: 2026, holidays: [{ from: '2026-12-31', to: '2026-12-31' }], workdays: [], reason: '测试' },
    }), asOperator);
    await call(client.setJurisdictionPolicy, client, SetJurisdictionPolicyRequest.fromPartial({ requestId: randomUUID(), policy: { regionCode: '350102', toleranceAcceptance: true } }), asOperator);
    const directory = {
      halls: [{ hallId: 'GL-ADMIN', name: '鼓楼区政务服务中心', regionCode: '350102' }],
      windows: [{ hallId: 'GL-ADMIN', windowId: 'W01', name: '综合窗口' }],
      staff: [{ account: 'clerk-admin-01', regionCode: '350102', hallId: 'GL-ADMIN', windowId: 'W01', roles: ['ROLE_CLERK'] }],
    };
    const imported = await importFile(client, 'directory', { requestId: randomUUID(), format: 'IMPORT_FORMAT_JSON', dryRun: false, policy: 'IMPORT_POLICY_ALL_OR_NOTHING' }, Buffer.from(JSON.stringify(directory)), asOperator);
    if (imported.refused > 0) throw new Error(`the directory was refused: ${JSON.stringify(imported.violations)}`);
    await call(client.recordBadCredit, client, RecordBadCreditRequest.fromPartial({
      requestId: randomUUID(),
      holder: { kind: { $case: 'organization', value: { name: '某某公司', creditCode: '91350100M000100Y43' } } },
      reason: '失信被执行人',
    }), asOperator);
  } finally {
    client.close();
  }
}

/** A 开办企业 bundle application from the Gulou counter. */
export async function submitStartupBundle(endpoints: Endpoints) {
  const clients = connect(endpoints);
  try {
    const codes = new Set(startupItems.flatMap((item) => item.materials.filter((m) => m.required).map((m) => m.code)));
    return await call(clients.acceptance.submitBundle, clients.acceptance, SubmitBundleRequest.fromPartial({
      requestId: randomUUID(),
      bundleCode: bundleSeed[0]!.bundleCode,
      applicant: { kind: { $case: 'person', value: { name: '赵六', idNumber: '34052419800101001X' } }, phone: '13912345678' },
      materials: [...codes].map((code) => ({ materialCode: code, source: 'MATERIAL_SOURCE_UPLOAD', reference: `scan-${code}`, trustLevel: 'TRUST_LEVEL_B' })),
      submittedRegionCode: '350102001',
      applicantSubject: 'applicant-zhaoliu',
    }), callerMetadata(demoCallers.clerk, 'counter'));
  } finally {
    clients.close();
  }
}
