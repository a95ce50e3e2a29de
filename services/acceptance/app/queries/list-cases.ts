import type { ListCasesRequest, ListCasesResponse } from '../../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { Case } from '../../../../generated/onewindow/acceptance/v1/case.ts';
import { awaitConsistency } from '../../../platform/app/await-consistency.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { readPage } from '../../../platform/app/paging.ts';
import { subtreePrefix } from '../../../platform/codes/region-code.ts';
import type { Query, Where } from '../../../platform/readmodel/read-model-store.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { presentCase } from '../case-access.ts';
import { CASES, type CaseDocument } from '../projections/case-view-projection.ts';

/** An applicant lists their own cases; staff, the cases of their region's subtree (or of a hall). Newest first. */
export async function listCases(app: AcceptanceApp, request: ListCasesRequest, caller: CallContext): Promise<ListCasesResponse> {
  await awaitConsistency(app.views.cases, request.consistencyToken, caller, app.consistencyWaitMs);
  const status: Where = request.statuses.length ? { status: { in: request.statuses } } : {};
  const page = await readPage(request, (window) => listedCases(app, status, request, caller, window));
  return { cases: page.items.map((d) => presentCase(Case.fromJSON(d.view), caller)), nextPageToken: page.nextPageToken };
}

const newestFirst: Query['orderBy'] = [['submittedAt', 'desc'], ['id', 'desc']];
/** The same order in memory: by code unit, as the store compares. */
const descending = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);

/**
 * A window of the cases a caller may list, newest first: an applicant's own; for staff, those
 * handled or received in the region's subtree (the two merged, each case once).
 */
async function listedCases(
  app: AcceptanceApp,
  status: Where,
  request: ListCasesRequest,
  caller: CallContext,
  window: { readonly offset: number; readonly limit: number },
): Promise<CaseDocument[]> {
  const find = (where: Where) => app.readModels.find<CaseDocument>(CASES, { where: { ...status, ...where }, orderBy: newestFirst, ...window });
  if (caller.scope === 'own') {
    caller.authorize({ owner: caller.caller.subject });
    return find({ applicantSubject: caller.caller.subject });
  }
  const region = request.regionCode || caller.caller.regionCode;
  caller.authorize({ regions: [region] });
  const subtree = { prefix: subtreePrefix(region) };
  if (request.hallId) return find({ hallId: request.hallId, submittedRegionCode: subtree });
  // A window of the union lies within the first offset + limit of each side.
  const firstOf = (where: Where) => app.readModels.find<CaseDocument>(CASES, { where: { ...status, ...where }, orderBy: newestFirst, limit: window.offset + window.limit });
  const [handled, received] = await Promise.all([firstOf({ handlingRegionCode: subtree }), firstOf({ submittedRegionCode: subtree })]);
  const union = new Map([...handled, ...received].map((d) => [d.id, d]));
  return [...union.values()]
    .sort((a, b) => descending(a.submittedAt, b.submittedAt) || descending(a.id, b.id))
    .slice(window.offset, window.offset + window.limit);
}
