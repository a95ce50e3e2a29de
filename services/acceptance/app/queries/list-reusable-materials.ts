import type { ListReusableMaterialsRequest, ListReusableMaterialsResponse } from '../../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { awaitConsistency } from '../../../platform/app/await-consistency.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { CASES, type CaseDocument } from '../projections/case-view-projection.ts';
import { WALLET_ENTRIES, type WalletEntryDocument } from '../projections/wallet-projection.ts';
import { verifiedHolderId } from '../verified-holder.ts';

/** A holder's wallet (免提交): licenses and earlier cases' materials, for the holder or a clerk at the window. Newest first. */
export async function listReusableMaterials(app: AcceptanceApp, request: ListReusableMaterialsRequest, caller: CallContext): Promise<ListReusableMaterialsResponse> {
  await awaitConsistency(app.views.wallet, request.consistencyToken, caller, app.consistencyWaitMs);
  const holderId = app.holderIds({ kind: request.holder!.kind, phone: '' });
  await authorizeWallet(app, holderId, caller);
  const entries = await app.readModels.find<WalletEntryDocument>(WALLET_ENTRIES, { where: { holderId }, orderBy: [['issuedOn', 'desc']] });
  return { materials: entries.map(({ id: _id, holderId: _h, ...entry }) => entry) };
}

/**
 * A wallet as the access policy sees it: the person or organisation holding it (an applicant
 * reads the one their account was verified as), and the regions of the holder's cases (a clerk
 * away from a window reads the wallets of applicants with a case in their jurisdiction; at a
 * window, whoever stands there, ID card checked).
 */
async function authorizeWallet(app: AcceptanceApp, holderId: string, caller: CallContext): Promise<void> {
  if (caller.scope === 'own') {
    caller.authorize({ heldByCaller: verifiedHolderId(caller, app.holderIds) === holderId });
    return;
  }
  if (caller.mayReach({})) return;
  const cases = await app.readModels.find<CaseDocument>(CASES, { where: { holderId } });
  caller.authorize({ regions: cases.flatMap((d) => [d.handlingRegionCode, d.submittedRegionCode]) });
}
