import type { GetWorkingCalendarRequest, GetWorkingCalendarResponse } from '../../../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { awaitConsistency } from '../../../platform/app/await-consistency.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { assertKnownRegion } from './known-region.ts';

/** Every channel reads a region's holidays and 调休 workdays of a year; provisional until the notice is loaded. */
export async function getWorkingCalendar(app: AcceptanceApp, request: GetWorkingCalendarRequest, caller: CallContext): Promise<GetWorkingCalendarResponse> {
  await awaitConsistency(app.views.calendar, request.consistencyToken, caller, app.consistencyWaitMs);
  assertKnownRegion(app, 'region_code', request.regionCode);
  const calendar = app.calendars.calendarFor(request.regionCode);
  return { ...calendar.exceptionsIn(request.year), provisional: !calendar.hasNotice(request.year) };
}
