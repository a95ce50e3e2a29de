import type { ListAlertsRequest, ListAlertsResponse } from '../../../../generated/onewindow/supervision/v1/supervision_service.ts';
import { awaitConsistency } from '../../../platform/app/await-consistency.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { readPage } from '../../../platform/app/paging.ts';
import { subtreePrefix } from '../../../platform/codes/region-code.ts';
import type { Where } from '../../../platform/readmodel/read-model-store.ts';
import { alertOf } from '../alert-of.ts';
import { ALERTS, type AlertDocument } from '../projections/supervision-documents.ts';
import { ownDepartmentOnly, regionAsked } from '../supervision-access.ts';
import type { SupervisionApp } from '../supervision-app.ts';

/** Open first, earliest due first (what to act on next); or the most recently raised first. */
const ALERT_ORDERINGS = {
  ALERT_ORDER_UNSPECIFIED: [['resolvedOn', 'asc'], ['dueOn', 'asc']],
  ALERT_ORDER_NEWEST: [['raisedOn', 'desc'], ['dueOn', 'asc']],
} as const satisfies Record<string, readonly (readonly [keyof AlertDocument, 'asc' | 'desc'])[]>;

/** The deadline alerts of a region's subtree, in the order asked: a department's staff see their own department's. */
export async function listAlerts(app: SupervisionApp, request: ListAlertsRequest, caller: CallContext): Promise<ListAlertsResponse> {
  await awaitConsistency(app.views, request.consistencyToken, caller, app.consistencyWaitMs);
  const region = regionAsked(caller, request.regionCode);
  const where: Record<string, Where[string]> = { handlingRegionCode: { prefix: subtreePrefix(region) } };
  if (request.level !== 'ALERT_LEVEL_UNSPECIFIED') where.level = request.level;
  if (!request.includeResolved) where.resolvedOn = '';
  if (ownDepartmentOnly(caller)) where.handlingDepartment = caller.caller.department;
  const page = await readPage(request, (window) =>
    app.readModels.find<AlertDocument>(ALERTS, { where, orderBy: ALERT_ORDERINGS[request.order === 'ALERT_ORDER_NEWEST' ? request.order : 'ALERT_ORDER_UNSPECIFIED'], ...window }),
  );
  return { alerts: page.items.map(alertOf), nextPageToken: page.nextPageToken };
}
