import type { RecordBadCreditRequest, RecordBadCreditResponse } from '../../../../generated/onewindow/acceptance/v1/administration_service.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { creditStreamId } from '../../domain/administration/jurisdiction-records.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { record } from './record.ts';

/** An operator records a holder's bad credit: they can no longer be accepted under 告知承诺. */
export async function recordBadCredit(app: AcceptanceApp, request: RecordBadCreditRequest, caller: CallContext): Promise<RecordBadCreditResponse> {
  const holderId = app.holderIds({ kind: request.holder!.kind, phone: '' });
  const result = await record(app, app.jurisdictions, request, caller, async () => ({
    streamId: creditStreamId(holderId),
    streamType: 'credit-record',
    regionCode: '',
    command: { type: 'RecordBadCredit', holderId, reason: request.reason },
  }));
  return { consistencyToken: result.consistencyToken };
}
