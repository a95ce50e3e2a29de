import type { GetCaseClockRequest, GetCaseClockResponse } from '../../../../generated/onewindow/supervision/v1/supervision_service.ts';
import { awaitConsistency } from '../../../platform/app/await-consistency.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { NotFoundError } from '../../../platform/domain/errors.ts';
import { caseClockAsOfToday } from '../case-clock.ts';
import { WATCHES, type WatchDocument } from '../projections/supervision-documents.ts';
import type { SupervisionApp } from '../supervision-app.ts';

/** A case's clock and alerts as of today: for staff of the handling region and department. */
export async function getCaseClock(app: SupervisionApp, request: GetCaseClockRequest, caller: CallContext): Promise<GetCaseClockResponse> {
  await awaitConsistency(app.views, request.consistencyToken, caller, app.consistencyWaitMs);
  const watch = await app.readModels.get<WatchDocument>(WATCHES, request.caseNumber);
  if (!watch) throw new NotFoundError(`case ${request.caseNumber} is not watched (not received yet?)`);
  caller.authorize({ regions: [watch.handlingRegionCode], department: watch.handlingDepartment });
  return { clock: await caseClockAsOfToday(app, watch) };
}
