import type { GetCaseRequest, GetCaseResponse } from '../../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { Case } from '../../../../generated/onewindow/acceptance/v1/case.ts';
import { awaitConsistency } from '../../../platform/app/await-consistency.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { NotFoundError } from '../../../platform/domain/errors.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { assertMayAccessCase, presentCase } from '../case-access.ts';
import { CASES, type CaseDocument } from '../projections/case-view-projection.ts';

/** A case as its applicant, or staff of its jurisdiction (who see the applicant masked), may read it. */
export async function getCase(app: AcceptanceApp, request: GetCaseRequest, caller: CallContext): Promise<GetCaseResponse> {
  await awaitConsistency(app.views.cases, request.consistencyToken, caller, app.consistencyWaitMs);
  const document = await app.readModels.get<CaseDocument>(CASES, request.caseNumber);
  if (!document) throw new NotFoundError(`case ${request.caseNumber} does not exist`);
  assertMayAccessCase(caller, document);
  return { case: presentCase(Case.fromJSON(document.view), caller) };
}
