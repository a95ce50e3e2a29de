import type { ComputeDeadlineRequest, ComputeDeadlineResponse } from '../../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { awaitConsistency } from '../../../platform/app/await-consistency.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { assertKnownRegion } from './known-region.ts';

/** Every channel previews a deadline: a number of working days from a date, on a region's calendar. */
export async function computeDeadline(app: AcceptanceApp, request: ComputeDeadlineRequest, caller: CallContext): Promise<ComputeDeadlineResponse> {
  await awaitConsistency(app.views.calendar, request.consistencyToken, caller, app.consistencyWaitMs);
  assertKnownRegion(app, 'region_code', request.regionCode);
  const due = app.calendars.calendarFor(request.regionCode).addWorkingDays(request.startDate, request.workingDays);
  return { deadline: { date: due.date, workingDays: request.workingDays, provisional: due.provisional } };
}
