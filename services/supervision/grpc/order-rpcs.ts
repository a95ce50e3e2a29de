import type { SupervisionServiceService } from '../../../generated/onewindow/supervision/v1/supervision_service.ts';
import { SupervisionOrder } from '../../../generated/onewindow/supervision/v1/order.ts';
import { subtreePrefix } from '../../platform/codes/region-code.ts';
import { NotFoundError, ValidationError } from '../../platform/domain/errors.ts';
import type { CallContext } from '../../platform/grpc/call-context.ts';
import { nextPageToken, pageOffset, pageSizeOf } from '../../platform/grpc/page-token.ts';
import { requestIdentity } from '../../platform/grpc/request-identity.ts';
import type { ServiceImplementation } from '../../platform/grpc/rpc-method.ts';
import type { Where } from '../../platform/readmodel/read-model-store.ts';
import { chinaDateOf } from '../../platform/time/china-date.ts';
import { ORDERS, type OrderDocument } from '../app/projections/supervision-views-projection.ts';
import { ORDER_STREAM_TYPE, type OrderCommand, type OrderState, orderStreamId } from '../domain/order/order-decider.ts';
import { watchStreamId } from '../domain/watch/watch-events.ts';
import { closeOrderSchema, issueOrderSchema, listOrdersSchema, replyOrderSchema } from './request-schemas.ts';
import { runCommand } from '../../platform/grpc/run-command.ts';
import type { SupervisionRpcDependencies } from './supervision-rpc-dependencies.ts';
import { ownDepartmentOnly, regionAsked, staffOf, waitFor } from './supervision-access.ts';

type OrderRpcs = Pick<ServiceImplementation<typeof SupervisionServiceService>, 'issueOrder' | 'replyOrder' | 'closeOrder' | 'listOrders'>;

/** 督办: orders from supervisors to departments, and their replies. */
export function orderRpcs(deps: SupervisionRpcDependencies): OrderRpcs {
  /** An order as of today: unanswered after its due date, it is overdue. */
  const present = (order: SupervisionOrder): SupervisionOrder => ({
    ...order,
    overdue: order.status === 'ORDER_STATUS_ISSUED' && order.dueOn < chinaDateOf(deps.clock.now()),
  });
  const answer = (state: OrderState, consistencyToken: string) => {
    if (!state) throw new NotFoundError('the order does not exist');
    return { order: present(state), consistencyToken };
  };
  /** Commands on an existing order; the order's region is the correlation's. */
  const onOrder = async (orderId: string, request: { requestId: string }, context: CallContext, command: (today: string) => OrderCommand) => {
    const { state } = await deps.orders.load(orderStreamId(orderId));
    if (!state) throw new NotFoundError(`order ${orderId} does not exist`);
    context.authorize({ regions: [state.regionCode], department: state.department });
    const result = await runCommand(deps.orders, deps.clock, {
      streamId: orderStreamId(orderId), streamType: ORDER_STREAM_TYPE, correlationId: state.caseNumber, regionCode: state.regionCode, request, context, command,
    });
    return answer(result.state, result.consistencyToken);
  };

  return {
    issueOrder: {
      schema: issueOrderSchema,
      async handle(request, context) {
        context.authorize({ regions: [request.regionCode], department: request.department });
        // A retry answers with the order it issued, rather than issuing another.
        const { idempotencyKey, requestFingerprint } = requestIdentity(context, request.requestId, request);
        const earlier = await deps.orders.replay(idempotencyKey, requestFingerprint);
        if (earlier) return answer(earlier.state, earlier.consistencyToken);
        if (request.caseNumber) {
          // An order about a case goes to the office handling it, which the supervisor must oversee.
          const { state: watch } = await deps.watches.load(watchStreamId(request.caseNumber));
          if (watch.status === 'none') throw new NotFoundError(`case ${request.caseNumber} is not known to supervision`);
          if (watch.received.handlingRegionCode !== request.regionCode) throw ValidationError.field('region_code', 'must be the region of the office handling the case');
        }
        const orderId = deps.ids.newId();
        const result = await runCommand(deps.orders, deps.clock, {
          streamId: orderStreamId(orderId), streamType: ORDER_STREAM_TYPE, correlationId: request.caseNumber, regionCode: request.regionCode, request, context,
          command: (today): OrderCommand => ({
            type: 'IssueOrder', orderId, caseNumber: request.caseNumber, department: request.department, regionCode: request.regionCode,
            instruction: request.instruction, dueOn: request.dueOn, issuer: staffOf(context), today,
          }),
        });
        return answer(result.state, result.consistencyToken);
      },
    },

    replyOrder: {
      schema: replyOrderSchema,
      handle: (request, context) => onOrder(request.orderId, request, context, (today) => ({ type: 'ReplyOrder', reply: request.reply, replier: staffOf(context), today })),
    },

    closeOrder: {
      schema: closeOrderSchema,
      handle: (request, context) => onOrder(request.orderId, request, context, (today) => ({ type: 'CloseOrder', note: request.note, closer: staffOf(context), today })),
    },

    listOrders: {
      schema: listOrdersSchema,
      async handle(request, context) {
        await waitFor(deps.views, request.consistencyToken, context, deps.consistencyWaitMs);
        const region = regionAsked(context, '');
        const where: Record<string, Where[string]> = { regionCode: { prefix: subtreePrefix(region) } };
        if (request.statuses.length) where.status = { in: request.statuses };
        if (ownDepartmentOnly(context)) where.department = context.caller.department;
        const offset = pageOffset(request.pageToken);
        const size = pageSizeOf(request.pageSize);
        const documents = await deps.readModels.find<OrderDocument>(ORDERS, { where, orderBy: [['dueOn', 'asc']], limit: size + 1, offset });
        return {
          orders: documents.slice(0, size).map((d) => present(SupervisionOrder.fromJSON(d.order))),
          nextPageToken: nextPageToken(offset, size, documents.length > size),
        };
      },
    },
  };
}
