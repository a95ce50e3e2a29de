import type { LoadHolidayNoticeRequest, LoadHolidayNoticeResponse } from '../../../../generated/onewindow/acceptance/v1/administration_service.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { CALENDAR_STREAM_ID, CALENDAR_STREAM_TYPE } from '../../domain/administration/calendar-decider.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { record } from './record.ts';

/** An operator loads the State Council's holiday notice for a year: its holidays and 调休 workdays. */
export async function loadHolidayNotice(app: AcceptanceApp, request: LoadHolidayNoticeRequest, caller: CallContext): Promise<LoadHolidayNoticeResponse> {
  const result = await record(app, app.calendar, request, caller, async () => ({
    streamId: CALENDAR_STREAM_ID,
    streamType: CALENDAR_STREAM_TYPE,
    regionCode: '',
    command: { type: 'LoadHolidayNotice', notice: request.notice! },
  }));
  return { consistencyToken: result.consistencyToken };
}
