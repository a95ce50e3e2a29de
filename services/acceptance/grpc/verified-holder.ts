import type { Applicant } from '../../../generated/onewindow/acceptance/v1/case.ts';
import type { HolderIds } from '../../platform/codes/holder-id.ts';
import { PermissionDeniedError } from '../../platform/domain/errors.ts';
import type { CallContext } from '../../platform/grpc/call-context.ts';

/** The holder id of the person or organisation an applicant account was verified as. */
export function verifiedHolderId(context: CallContext, holderIds: HolderIds): string {
  const identity = context.caller.verifiedIdentity;
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
export function assertAppliesAsThemselves(context: CallContext, holderIds: HolderIds, applicant: Applicant): void {
  if (context.role !== 'ROLE_APPLICANT') return;
  if (verifiedHolderId(context, holderIds) !== holderIds(applicant)) {
    throw new PermissionDeniedError('applicants apply only as the person or organisation their account was verified as');
  }
}
