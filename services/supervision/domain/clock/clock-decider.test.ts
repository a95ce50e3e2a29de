import { describe, expect, it } from 'vitest';
import { holidayNotices } from '../../../platform/calendar/holiday-notices.ts';
import { CalendarRegistry } from '../../../platform/calendar/calendar-registry.ts';
import { FailedPreconditionError } from '../../../platform/domain/errors.ts';
import { deciderSpec } from '../../../platform/testing/decider-spec.ts';
import type { StartClock } from './clock-decider.ts';
import { clockDecider } from './clock-decider.ts';
import type { ClockEvent } from './clock-events.ts';

const spec = deciderSpec(clockDecider(new CalendarRegistry(holidayNotices)));

const start: StartClock = {
  type: 'StartClock',
  caseNumber: '35010220260917000001',
  itemCode: 'item-1',
  handlingRegionCode: '350102',
  handlingDepartment: 'SCJGJ',
  acceptedOn: '2026-09-17',
  statutoryDeadline: { date: '2026-10-21', workingDays: 20, provisional: false },
  promisedDeadline: { date: '2026-10-08', workingDays: 10, provisional: false },
};
const { type: _type, ...startedValue } = start;
const started: ClockEvent = { $case: 'caseClockStarted', value: startedValue };

describe('case clock', () => {
  it('starts at acceptance, once', () => {
    spec.given([]).when(start).then([started]);
    spec.given([started]).when(start).then([]);
  });

  it('counts working days used across the National Day holiday and judges both limits', () => {
    // Sep 18, 20, 21-24, 28-30, Oct 8, 9 = 11 working days: past the promised date, within the statutory one.
    spec.given([started]).when({ type: 'StopClock', concludedOn: '2026-10-09', outcome: 'OUTCOME_APPROVED' }).then([
      {
        $case: 'caseClockStopped',
        value: {
          caseNumber: start.caseNumber,
          concludedOn: '2026-10-09',
          workingDaysUsed: 11,
          withinStatutoryLimit: true,
          withinPromisedLimit: false,
          outcome: 'OUTCOME_APPROVED',
        },
      },
    ]);
  });

  it('takes the deadlines acceptance computed again, while it runs', () => {
    const moved = { date: '2026-10-09', workingDays: 10, provisional: false };
    spec.given([started]).when({ type: 'UpdateDeadlines', statutoryDeadline: start.statutoryDeadline, promisedDeadline: moved })
      .thenState((state) => expect(state.status === 'running' && state.started.promisedDeadline).toEqual(moved));
  });

  it('stops for a withdrawal, counting what was used', () => {
    spec.given([started]).when({ type: 'StopClock', concludedOn: '2026-09-22', outcome: 'OUTCOME_WITHDRAWN' })
      .thenState((_, events) => expect(events[0]!.value).toMatchObject({ outcome: 'OUTCOME_WITHDRAWN', workingDaysUsed: 4 }));
  });

  it('stops once, and cannot stop a clock that never started', () => {
    const stopped: ClockEvent = {
      $case: 'caseClockStopped',
      value: { caseNumber: start.caseNumber, concludedOn: '2026-09-21', workingDaysUsed: 2, withinStatutoryLimit: true, withinPromisedLimit: true, outcome: 'OUTCOME_APPROVED' },
    };
    spec.given([started, stopped]).when({ type: 'StopClock', concludedOn: '2026-09-22', outcome: 'OUTCOME_APPROVED' }).then([]);
    spec.given([]).when({ type: 'StopClock', concludedOn: '2026-09-22', outcome: 'OUTCOME_APPROVED' }).thenThrows(FailedPreconditionError);
  });
});
