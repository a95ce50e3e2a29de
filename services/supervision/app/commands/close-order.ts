import type { CloseOrderRequest, CloseOrderResponse } from '../../../../generated/onewindow/supervision/v1/supervision_service.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { staffOf } from '../supervision-access.ts';
import type { SupervisionApp } from '../supervision-app.ts';
import { orderAfter } from './on-order.ts';

/** A supervisor of the order's region closes it, with a note. */
export function closeOrder(app: SupervisionApp, request: CloseOrderRequest, caller: CallContext): Promise<CloseOrderResponse> {
  return orderAfter(app, request, caller, (now) => ({ type: 'CloseOrder', note: request.note, closer: staffOf(caller), now }));
}
