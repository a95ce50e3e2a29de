import type { Hall } from '../../../../generated/onewindow/acceptance/v1/directory.ts';
import type { FieldViolation } from '../../../platform/domain/errors.ts';
import type { DirectoryRecord } from './directory-entry.ts';
import { type RegionLookups, regionViolations } from './region-version.ts';

/** What checking an entry needs to know of the rest of the directory and of the division table (regions in force). */
export interface DirectoryLookups extends RegionLookups {
  knownDepartment(regionCode: string, code: string): boolean;
  hall(hallId: string): Hall | undefined;
  knownWindow(hallId: string, windowId: string): boolean;
}

const CODE = /^[0-9A-Za-z_-]{1,64}$/;
const CODE_RULE = 'must be 1 to 64 letters, digits, _ or -';
const ACCOUNT = /^[A-Za-z0-9._:@-]{1,128}$/;
/** The roles of staff: an applicant is no staff member, and a service acting alone has no post. */
const STAFF_ROLES = new Set(['ROLE_CLERK', 'ROLE_APPROVER', 'ROLE_SUPERVISOR', 'ROLE_OPERATOR']);

/** Everything wrong with a directory entry, by the proto paths of its message. */
export function directoryViolations(record: DirectoryRecord, known: DirectoryLookups): FieldViolation[] {
  const violations: FieldViolation[] = [];
  const fail = (field: string, description: string) => violations.push({ field, description });
  const name = (value: string, max: number) => {
    if (!value.trim() || value.length > max) fail('name', `is required, at most ${max} characters`);
  };
  const region = (code: string) => {
    if (!known.knownRegion(code)) fail('region_code', 'must be a region this installation serves');
  };
  switch (record.$case) {
    case 'department': {
      const { regionCode, code } = record.value;
      region(regionCode);
      if (!CODE.test(code)) fail('code', CODE_RULE);
      name(record.value.name, 100);
      break;
    }
    case 'hall':
      if (!CODE.test(record.value.hallId)) fail('hall_id', CODE_RULE);
      name(record.value.name, 100);
      region(record.value.regionCode);
      if (record.value.address.length > 200) fail('address', 'must be at most 200 characters');
      break;
    case 'window': {
      const { hallId, windowId, departments } = record.value;
      const hall = known.hall(hallId);
      if (!hall) fail('hall_id', 'must be a hall of the directory (imported before, or earlier in the file)');
      if (!CODE.test(windowId)) fail('window_id', CODE_RULE);
      name(record.value.name, 100);
      departments.forEach((code, i) => {
        if (hall && !known.knownDepartment(hall.regionCode, code)) fail(`departments[${i}]`, "must be a department of the hall's region in the directory");
      });
      break;
    }
    case 'staff': {
      const { account, regionCode, department, hallId, windowId, roles } = record.value;
      if (!ACCOUNT.test(account)) fail('account', 'must be the identity provider subject: 1 to 128 letters, digits and ._:@-');
      region(regionCode);
      if (roles.length === 0 || roles.some((role) => !STAFF_ROLES.has(role))) fail('roles', 'must be one or more of clerk, approver, supervisor and operator');
      if (roles.includes('ROLE_APPROVER') && !department) fail('department', 'is required for an approver: tasks are routed by it');
      if (department && !known.knownDepartment(regionCode, department)) fail('department', "must be a department of the staff member's region in the directory");
      const hall = hallId ? known.hall(hallId) : undefined;
      if (hallId && !hall) fail('hall_id', 'must be a hall of the directory');
      if (hall && hall.regionCode !== regionCode) fail('hall_id', "must be a hall of the staff member's region");
      if (windowId && !hallId) fail('window_id', 'needs the hall it belongs to');
      if (windowId && hall && !known.knownWindow(hallId, windowId)) fail('window_id', 'must be a window of the hall in the directory');
      break;
    }
    case 'region':
      violations.push(...regionViolations(record.value, known));
      break;
  }
  return violations;
}
