import { SupervisionOrder } from '../../../../generated/onewindow/supervision/v1/order.ts';
import type { ListOrdersRequest, ListOrdersResponse } from '../../../../generated/onewindow/supervision/v1/supervision_service.ts';
import { awaitConsistency } from '../../../platform/app/await-consistency.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { readPage } from '../../../platform/app/paging.ts';
import { subtreePrefix } from '../../../platform/codes/region-code.ts';
import type { Where } from '../../../platform/readmodel/read-model-store.ts';
import { presentOrder } from '../present-order.ts';
import { ORDERS, type OrderDocument } from '../projections/supervision-documents.ts';
import { ownDepartmentOnly, regionAsked } from '../supervision-access.ts';
import type { SupervisionApp } from '../supervision-app.ts';

/** 督办 orders of the caller's jurisdiction (of one case, if asked), earliest due first, as of today: a department sees those addressed to it. */
export async function listOrders(app: SupervisionApp, request: ListOrdersRequest, caller: CallContext): Promise<ListOrdersResponse> {
  await awaitConsistency(app.views, request.consistencyToken, caller, app.consistencyWaitMs);
  const region = regionAsked(caller, '');
  const where: Record<string, Where[string]> = { regionCode: { prefix: subtreePrefix(region) } };
  if (request.statuses.length) where.status = { in: request.statuses };
  if (request.caseNumber) where.caseNumber = request.caseNumber;
  if (ownDepartmentOnly(caller)) where.department = caller.caller.department;
  const page = await readPage(request, (window) => app.readModels.find<OrderDocument>(ORDERS, { where, orderBy: [['dueOn', 'asc']], ...window }));
  const now = app.clock.now();
  return { orders: page.items.map((d) => presentOrder(SupervisionOrder.fromJSON(d.order), now)), nextPageToken: page.nextPageToken };
}
