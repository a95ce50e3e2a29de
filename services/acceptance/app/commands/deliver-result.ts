import type { DeliverResultRequest, DeliverResultResponse } from '../../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import type { ServiceItem } from '../../../../generated/onewindow/acceptance/v1/catalog.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { ValidationError } from '../../../platform/domain/errors.ts';
import type { CaseRecord } from '../../domain/case/case-state.ts';
import { mayBeReceivedAt } from '../../domain/case/where-received.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { caseResource } from '../case-access.ts';
import { caseAfter } from './on-case.ts';

/** A clerk hands a concluded case's result over (送达): at a window, by mail or electronically. */
export function deliverResult(app: AcceptanceApp, request: DeliverResultRequest, caller: CallContext): Promise<DeliverResultResponse> {
  return caseAfter(
    app,
    request,
    caller,
    (_record, _item, now) => ({
      type: 'DeliverResult',
      method: request.method,
      hallId: caller.caller.hallId,
      regionCode: caller.caller.regionCode,
      trackingNumber: request.trackingNumber,
      collectorHolderId: request.collector ? app.holderIds(request.collector) : '',
      now,
    }),
    (record, item) => authorizeHandOver(request, caller, record, item),
  );
}

/**
 * 收受分离 and 跨省通办: a window outside the case's jurisdiction may hand the result over where
 * the item could have been received, to the applicant in person, whose ID card the clerk checked.
 */
function authorizeHandOver(request: DeliverResultRequest, caller: CallContext, record: CaseRecord, item: ServiceItem): void {
  const atWindow = request.method === 'DELIVERY_METHOD_WINDOW';
  const reach = caller.authorize({
    ...caseResource(record.submitted),
    ...(atWindow ? { receivableAt: (regionCode: string) => mayBeReceivedAt(item, regionCode, 'CHANNEL_COUNTER') } : {}),
  });
  if (reach === 'receiving-window' && !request.collector) {
    throw ValidationError.field('collector', 'is required to hand over a result outside the handling jurisdiction: the applicant\'s ID card is checked at the window');
  }
}
