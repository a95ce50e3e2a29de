import { z } from 'zod';
import type { SupervisionServiceService } from '../../../generated/onewindow/supervision/v1/supervision_service.ts';
import type { CalendarRegistry } from '../../platform/calendar/calendar-registry.ts';
import { isWithin } from '../../platform/codes/region-code.ts';
import { NotFoundError, PermissionDeniedError } from '../../platform/domain/errors.ts';
import { remainingMs } from '../../platform/grpc/call-context.ts';
import type { ServiceImplementation } from '../../platform/grpc/rpc-method.ts';
import { decodeConsistencyToken } from '../../platform/projection/consistency-token.ts';
import type { ReadModelWaiter } from '../../platform/projection/projection-runner.ts';
import type { ReadModelReader } from '../../platform/readmodel/read-model-store.ts';
import type { Clock } from '../../platform/time/clock.ts';
import { chinaDateOf } from '../../platform/time/china-date.ts';
import { CLOCKS, type ClockDocument } from '../app/projections/clocks-projection.ts';

export interface SupervisionRpcDependencies {
  readonly readModels: ReadModelReader;
  readonly clocks: ReadModelWaiter;
  readonly calendars: CalendarRegistry;
  readonly clock: Clock;
  readonly consistencyWaitMs: number;
}

const getCaseClockSchema = z.object({
  caseNumber: z.string().regex(/^[0-9A-Za-z-]{1,50}$/, 'must be a case number (at most 50 letters and digits)'),
});

export function supervisionRpc(deps: SupervisionRpcDependencies): ServiceImplementation<typeof SupervisionServiceService> {
  return {
    getCaseClock: {
      access: ['ROLE_SUPERVISOR', 'ROLE_CLERK', 'ROLE_APPROVER', 'ROLE_OPERATOR'],
      schema: getCaseClockSchema,
      async handle(request, context) {
        const token = decodeConsistencyToken(request.consistencyToken);
        await deps.clocks.waitFor(token, Math.min(deps.consistencyWaitMs, remainingMs(context)), context.signal);
        const clock = await deps.readModels.get<ClockDocument>(CLOCKS, request.caseNumber);
        if (!clock) throw new NotFoundError(`case ${request.caseNumber} has no clock (not accepted yet?)`);
        if (!context.caller.regionCode || !isWithin(clock.handlingRegionCode, context.caller.regionCode)) {
          throw new PermissionDeniedError('the case lies outside the caller\'s jurisdiction');
        }
        const running = clock.status === 'CLOCK_STATUS_RUNNING';
        const today = chinaDateOf(deps.clock.now());
        const calendar = deps.calendars.calendarFor(clock.handlingRegionCode);
        const used = running ? Math.max(0, calendar.workingDaysBetween(clock.acceptedOn, today).days) : clock.workingDaysUsed;
        const remaining = running && clock.promisedDeadline.date ? calendar.workingDaysBetween(today, clock.promisedDeadline.date).days : 0;
        return {
          clock: {
            caseNumber: clock.id,
            itemCode: clock.itemCode,
            handlingRegionCode: clock.handlingRegionCode,
            handlingDepartment: clock.handlingDepartment,
            status: clock.status,
            acceptedOn: clock.acceptedOn,
            statutoryDeadline: clock.statutoryDeadline,
            promisedDeadline: clock.promisedDeadline,
            workingDaysUsed: used,
            promisedWorkingDaysRemaining: remaining,
            concludedOn: clock.concludedOn,
            withinStatutoryLimit: clock.withinStatutoryLimit,
            withinPromisedLimit: clock.withinPromisedLimit,
          },
        };
      },
    },
  };
}
