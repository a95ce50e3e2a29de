import type { Applicant } from '../../../generated/onewindow/acceptance/v1/case.ts';
import type { CallContext } from '../../platform/app/call-context.ts';
import { PermissionDeniedError } from '../../platform/domain/errors.ts';
import type { HolderIds } from './holder-ids.ts';

/** The holder id of the person or organisation an applicant account was verified as. */
export function verifiedHolderId(caller: CallContext, holderIds: HolderIds): string {
  const identity = caller.caller.verifiedIdentity;
  if (!identity) throw new PermissionDeniedError('the account has no verified identity (实名认证): applicants apply and reuse materials only as themselves');
  const applicant: Applicant =
    identity.kind === 'person'
      ? { kind: { $case: 'person', value: { name: '', idNumber: identity.idNumber } }, phone: '' }
      : { kind: { $case: 'organization', value: { name: '', creditCode: identity.creditCode } }, phone: '' };
  return holderIds(applicant);
}

/**
 * An applicant applies only as the person or organisation they were verified as; staff apply for
 * whoever stands at the counter (they check the ID card).
 */
export function assertAppliesAsThemselves(caller: CallContext, holderIds: HolderIds, applicant: Applicant): void {
  if (caller.role !== 'ROLE_APPLICANT') return;
  if (verifiedHolderId(caller, holderIds) !== holderIds(applicant)) {
    throw new PermissionDeniedError('applicants apply only as the person or organisation their account was verified as');
  }
}
