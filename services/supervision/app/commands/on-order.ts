import type { SupervisionOrder } from '../../../../generated/onewindow/supervision/v1/order.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { runCommand } from '../../../platform/app/run-command.ts';
import { NotFoundError } from '../../../platform/domain/errors.ts';
import { ORDER_STREAM_TYPE, type OrderCommand, type OrderState, orderStreamId } from '../../domain/order/order-decider.ts';
import { presentOrder } from '../present-order.ts';
import type { SupervisionApp } from '../supervision-app.ts';

/** A command on an order, as the caller's request names it. */
export interface OrderRequest {
  readonly requestId: string;
  readonly orderId: string;
}

/** The answer to a command on an order: the order as it now stands, as of today. */
export function orderAnswer(app: SupervisionApp, state: OrderState, consistencyToken: string): { order: SupervisionOrder; consistencyToken: string } {
  if (!state) throw new NotFoundError('the order does not exist');
  return { order: presentOrder(state, app.clock.now()), consistencyToken };
}

/**
 * Runs a caller's command on an existing order: its region and department decide who may act on
 * it (the access policy's scope), and its case is the correlation's.
 */
export async function orderAfter(
  app: SupervisionApp,
  request: OrderRequest,
  caller: CallContext,
  command: (now: Date) => OrderCommand,
): Promise<{ order: SupervisionOrder; consistencyToken: string }> {
  const streamId = orderStreamId(request.orderId);
  const now = app.clock.now();
  const result = await runCommand(app.orders, { caller, request, now }, {
    async authorize() {
      const loaded = await app.orders.load(streamId);
      const order = loaded.state;
      if (!order) throw new NotFoundError(`order ${request.orderId} does not exist`);
      caller.authorize({ regions: [order.regionCode], department: order.department });
      return { loaded, order };
    },
    prepare: ({ loaded, order }) => ({
      streamId,
      streamType: ORDER_STREAM_TYPE,
      command: command(now),
      correlationId: order.caseNumber,
      regionCode: order.regionCode,
      loaded,
    }),
  });
  return orderAnswer(app, result.state, result.consistencyToken);
}
