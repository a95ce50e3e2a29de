import type { IssueOrderRequest, IssueOrderResponse } from '../../../../generated/onewindow/supervision/v1/supervision_service.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { runCommand } from '../../../platform/app/run-command.ts';
import { NotFoundError, ValidationError } from '../../../platform/domain/errors.ts';
import { ORDER_STREAM_TYPE, type IssueOrder, orderStreamId } from '../../domain/order/order-decider.ts';
import { watchStreamId } from '../../domain/watch/watch-events.ts';
import { staffOf } from '../supervision-access.ts';
import type { SupervisionApp } from '../supervision-app.ts';
import { orderAnswer } from './on-order.ts';

/** 督办: a supervisor orders a department of their jurisdiction to act by a date, about a case or not. */
export async function issueOrder(app: SupervisionApp, request: IssueOrderRequest, caller: CallContext): Promise<IssueOrderResponse> {
  const now = app.clock.now();
  const result = await runCommand(app.orders, { caller, request, now }, {
    authorize: () => caller.authorize({ regions: [request.regionCode], department: request.department }),
    // Not for a retry: it answers with the order it issued, rather than issuing another.
    async prepare() {
      if (request.caseNumber) {
        // An order about a case goes to the office handling it, which the supervisor must oversee.
        const { state: watch } = await app.watches.load(watchStreamId(request.caseNumber));
        if (watch.status === 'none') throw new NotFoundError(`case ${request.caseNumber} is not known to supervision`);
        if (watch.received.handlingRegionCode !== request.regionCode) throw ValidationError.field('region_code', 'must be the region of the office handling the case');
      }
      const orderId = app.ids.newId();
      const command: IssueOrder = {
        type: 'IssueOrder',
        orderId,
        caseNumber: request.caseNumber,
        department: request.department,
        regionCode: request.regionCode,
        instruction: request.instruction,
        dueOn: request.dueOn,
        issuer: staffOf(caller),
        now,
      };
      return { streamId: orderStreamId(orderId), streamType: ORDER_STREAM_TYPE, command, correlationId: request.caseNumber, regionCode: request.regionCode };
    },
  });
  return orderAnswer(app, result.state, result.consistencyToken);
}
