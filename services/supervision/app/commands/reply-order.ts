import type { ReplyOrderRequest, ReplyOrderResponse } from '../../../../generated/onewindow/supervision/v1/supervision_service.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { staffOf } from '../supervision-access.ts';
import type { SupervisionApp } from '../supervision-app.ts';
import { orderAfter } from './on-order.ts';

/** The department an order is addressed to replies with what it did. */
export function replyOrder(app: SupervisionApp, request: ReplyOrderRequest, caller: CallContext): Promise<ReplyOrderResponse> {
  return orderAfter(app, request, caller, (now) => ({ type: 'ReplyOrder', reply: request.reply, replier: staffOf(caller), now }));
}
