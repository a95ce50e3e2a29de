import type { EraseDataSubjectRequest, EraseDataSubjectResponse } from '../../../../generated/onewindow/acceptance/v1/administration_service.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { accountSubject, holderSubject } from '../../../platform/privacy/data-subjects.ts';
import { erasureStreamId } from '../../domain/administration/jurisdiction-records.ts';
import { caseStreamId } from '../../domain/case/case-events.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { CASES, type CaseDocument } from '../projections/case-view-projection.ts';
import { record } from './record.ts';

/** An operator erases a holder's personal data on their request (PIPL Art. 47), and records that it did. */
export async function eraseDataSubject(app: AcceptanceApp, request: EraseDataSubjectRequest, caller: CallContext): Promise<EraseDataSubjectResponse> {
  const holderId = app.holderIds({ kind: request.holder!.kind, phone: '' });
  let keysErased = 0;
  // The keys the data was sealed under are destroyed, so what was sealed can no longer be opened.
  // Destroy first, record after: a retry after a failure in between erases nothing more and records
  // once; a retry after the record is answered with it.
  const result = await record(app, app.jurisdictions, request, caller, async () => {
    keysErased = await app.personalData.erase(holderSubject(holderId));
    for (const account of await accountsVerifiedAs(app, holderId)) keysErased += await app.personalData.erase(accountSubject(account));
    return { streamId: erasureStreamId(holderId), streamType: 'data-subject-erasure', regionCode: '', command: { type: 'RecordErasure', holderId, reason: request.reason, keysErased } };
  });
  const recorded = result.events.at(-1)?.payload;
  return { keysErased: recorded?.$case === 'dataSubjectErased' ? recorded.value.keysErased : keysErased, consistencyToken: result.consistencyToken };
}

/**
 * The accounts that applied as the holder themselves (an applicant applies only as the identity
 * their account was verified as), not staff or agents who applied for them and for others too.
 */
async function accountsVerifiedAs(app: AcceptanceApp, holderId: string): Promise<Set<string>> {
  const accounts = new Set<string>();
  for (const document of await app.readModels.find<CaseDocument>(CASES, { where: { holderId } })) {
    if (accounts.has(document.applicantSubject)) continue;
    const submitted = (await app.cases.load(caseStreamId(document.id))).events[0];
    if (submitted?.actor.role === 'ROLE_APPLICANT' && submitted.actor.subject === document.applicantSubject) accounts.add(document.applicantSubject);
  }
  return accounts;
}
