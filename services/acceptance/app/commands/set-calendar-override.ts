import type { SetCalendarOverrideRequest, SetCalendarOverrideResponse } from '../../../../generated/onewindow/acceptance/v1/administration_service.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { CALENDAR_STREAM_ID, CALENDAR_STREAM_TYPE } from '../../domain/administration/calendar-decider.ts';
import type { AcceptanceApp } from '../acceptance-app.ts';
import { record } from './record.ts';

/** An operator sets a jurisdiction's own holidays and workdays for a year, over the national notice. */
export async function setCalendarOverride(app: AcceptanceApp, request: SetCalendarOverrideRequest, caller: CallContext): Promise<SetCalendarOverrideResponse> {
  const override = request.override!;
  const result = await record(app, app.calendar, request, caller, async () => ({
    streamId: CALENDAR_STREAM_ID,
    streamType: CALENDAR_STREAM_TYPE,
    regionCode: override.regionCode,
    command: { type: 'SetCalendarOverride', override, knownRegion: (code) => app.regions.inForce(code) },
  }));
  return { consistencyToken: result.consistencyToken };
}
