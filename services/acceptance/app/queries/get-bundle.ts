import type { GetBundleRequest, GetBundleResponse } from '../../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { Case } from '../../../../generated/onewindow/acceptance/v1/case.ts';
import { awaitConsistency } from '../../../platform/app/await-consistency.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { NotFoundError } from '../../../platform/domain/errors.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { assertMayAccessCase, presentCase } from '../case-access.ts';
import { BUNDLE_APPLICATIONS, type BundleApplicationDocument } from '../projections/bundle-applications-projection.ts';
import { CASES, type CaseDocument } from '../projections/case-view-projection.ts';

/** A 一件事 application with its linked cases, for its applicant or staff who reach every one of its cases. */
export async function getBundle(app: AcceptanceApp, request: GetBundleRequest, caller: CallContext): Promise<GetBundleResponse> {
  await awaitConsistency(app.views.bundles, request.consistencyToken, caller, app.consistencyWaitMs);
  const bundle = await app.readModels.get<BundleApplicationDocument>(BUNDLE_APPLICATIONS, request.bundleId);
  if (!bundle) throw new NotFoundError(`bundle application ${request.bundleId} does not exist`);
  const documents = (await Promise.all(bundle.caseNumbers.map((caseNumber) => app.readModels.get<CaseDocument>(CASES, caseNumber)))).filter((d) => d !== undefined);
  // The application is its applicant's; staff reach it through its cases, every one of which they must reach.
  caller.authorize({ owner: bundle.applicantSubject, regions: documents.flatMap((d) => [d.handlingRegionCode, d.submittedRegionCode]) });
  const cases = [];
  for (const document of documents) {
    assertMayAccessCase(caller, document);
    cases.push(presentCase(Case.fromJSON(document.view), caller));
  }
  return { bundle: { bundleId: bundle.id, bundleCode: bundle.bundleCode, name: bundle.name, cases, outcome: bundle.outcome } };
}
