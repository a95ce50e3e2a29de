import { describe, expect, it } from 'vitest';
import { AcceptanceServiceService } from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { AdministrationServiceService } from '../../generated/onewindow/acceptance/v1/administration_service.ts';
import { ApprovalServiceService } from '../../generated/onewindow/approval/v1/approval_service.ts';
import { NotificationServiceService } from '../../generated/onewindow/notification/v1/notification_service.ts';
import { SupervisionServiceService } from '../../generated/onewindow/supervision/v1/supervision_service.ts';
import { grantFor, ruleFor } from '../platform/security/access-policy.ts';
import { accessPolicy } from './access-policy.ts';

const definitions = [AcceptanceServiceService, AdministrationServiceService, ApprovalServiceService, SupervisionServiceService, NotificationServiceService];
const servedPaths = definitions.flatMap((definition) => Object.values(definition).map((method) => method.path));

describe('the access policy table', () => {
  it('names every RPC of every OneWindow service, and nothing else', () => {
    expect(servedPaths.filter((path) => !ruleFor(accessPolicy, path))).toEqual([]);
    const named = Object.entries(accessPolicy).flatMap(([service, methods]) => Object.keys(methods).map((method) => `/${service}/${method}`));
    expect(named.filter((path) => !servedPaths.includes(path))).toEqual([]);
  });

  it('lets the first of the caller\'s roles the RPC allows act, with its scope', () => {
    const submit = ruleFor(accessPolicy, '/onewindow.acceptance.v1.AcceptanceService/SubmitCase')!;
    expect(grantFor(submit, ['ROLE_SUPERVISOR', 'ROLE_CLERK', 'ROLE_APPLICANT'])).toEqual({ role: 'ROLE_CLERK', scope: 'jurisdiction' });
    expect(grantFor(submit, ['ROLE_OPERATOR', 'ROLE_SYSTEM'])).toBeUndefined();
    expect(ruleFor(accessPolicy, '/onewindow.acceptance.v1.AcceptanceService/toString')).toBeUndefined();
  });
});
