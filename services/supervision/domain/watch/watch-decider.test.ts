import { describe, expect, it } from 'vitest';
import type { CaseReceived } from '../../../../generated/onewindow/supervision/v1/events.ts';
import { CalendarRegistry } from '../../../platform/calendar/calendar-registry.ts';
import { holidayNotices } from '../../../platform/calendar/holiday-notices.ts';
import { FailedPreconditionError } from '../../../platform/domain/errors.ts';
import { deciderSpec } from '../../../platform/testing/decider-spec.ts';
import { defaultPolicy } from '../policy/supervision-policy.ts';
import type { WatchCommand } from './watch-commands.ts';
import { watchDecider } from './watch-decider.ts';
import type { WatchEvent } from './watch-events.ts';

const decider = watchDecider(new CalendarRegistry(holidayNotices));
const spec = deciderSpec(decider);
const caseNumber = '35010220260917000001';
const policy = defaultPolicy('350102');
const deadline = (date: string, workingDays: number) => ({ date, workingDays, provisional: false });

const received: CaseReceived = {
  caseNumber, itemCode: 'food-licence', itemName: '食品经营许可', handlingRegionCode: '350102', submittedRegionCode: '350102001',
  handlingDepartment: 'SCJGJ', hallId: 'gudong-station', windowId: 'w-1', channel: 'CHANNEL_KIOSK', applicantSubject: 'applicant-li',
  receivedOn: '2026-09-17', applicantPhone: '13912345678',
};
// A 20 / 10 working-day item accepted on Thursday 2026-09-17: statutory Oct 21, promised Oct 8.
const start: WatchCommand = { type: 'StartClock', acceptedOn: '2026-09-17', statutoryDeadline: deadline('2026-10-21', 20), promisedDeadline: deadline('2026-10-08', 10), policy };
/** A sweep at 10:00 China time on `day`. */
const check = (day: string): WatchCommand => ({ type: 'CheckAlerts', now: new Date(`${day}T02:00:00Z`) });

function history(...commands: WatchCommand[]): WatchEvent[] {
  const events: WatchEvent[] = [];
  for (const command of commands) events.push(...decider.decide(command, events.reduce(decider.evolve, decider.initialState())));
  return events;
}
const raised = (events: readonly WatchEvent[]) =>
  events.flatMap((e) => (e.$case === 'caseAlertRaised' ? [`${e.value.deadlineKind.replace('DEADLINE_KIND_', '')} ${e.value.level.replace('ALERT_LEVEL_', '')} ${e.value.raisedOn}`] : []));
const scheduleOf = (events: readonly WatchEvent[]) => {
  const last = events.filter((e) => e.$case === 'caseAlertsScheduled').at(-1);
  return last?.$case === 'caseAlertsScheduled' ? last.value.schedule.map((due) => `${due.deadlineKind.replace('DEADLINE_KIND_', '')} ${due.level.replace('ALERT_LEVEL_', '')} ${due.dueOn}`) : undefined;
};

describe('case watch: alert thresholds across holidays', () => {
  it('schedules yellow at 2 days or 80 % elapsed and red the day after each deadline, counting only working days', () => {
    spec.given(history({ type: 'ReceiveCase', received })).when(start).thenState((state, events) => {
      expect(state.status).toBe('running');
      expect(scheduleOf(events)).toEqual([
        // Promised 10: 2 days left. Walking back from Oct 8 over National Day: Oct 8, then Sep 30.
        'PROMISED YELLOW 2026-09-30',
        'PROMISED RED 2026-10-09',
        // Statutory 20: 80 % elapsed leaves 4 days: Oct 21, 20, 19, 16.
        'STATUTORY YELLOW 2026-10-16',
        'STATUTORY RED 2026-10-22',
      ]);
    });
  });

  it('raises each alert once, when a sweep finds it due, and never before', () => {
    const runningCase = history({ type: 'ReceiveCase', received }, start);
    spec.given(runningCase).when(check('2026-09-29')).then([]);
    spec.given(runningCase).when(check('2026-09-30')).thenState((_, events) => {
      expect(raised(events)).toEqual(['PROMISED YELLOW 2026-09-30']);
      expect(scheduleOf(events)).toEqual(['PROMISED RED 2026-10-09', 'STATUTORY YELLOW 2026-10-16', 'STATUTORY RED 2026-10-22']);
    });
    spec.given(history({ type: 'ReceiveCase', received }, start, check('2026-09-30'))).when(check('2026-09-30')).then([]);
    // A sweep that comes late (the service was down) raises everything due, once each.
    spec.given(runningCase).when(check('2026-10-17')).thenState((_, events) => {
      expect(raised(events)).toEqual(['PROMISED YELLOW 2026-10-17', 'PROMISED RED 2026-10-17', 'STATUTORY YELLOW 2026-10-17']);
    });
  });

  it('warns again before an extended deadline, resolving the alert raised on the old one', () => {
    const warned = history({ type: 'ReceiveCase', received }, start, check('2026-10-16'));
    const extended: WatchCommand = { type: 'UpdateDeadlines', statutoryDeadline: deadline('2026-11-04', 30), promisedDeadline: deadline('2026-10-08', 10), policy, now: new Date('2026-10-16T02:00:00Z') };
    spec.given(warned).when(extended).thenState((_, events) => {
      expect(events.map((e) => e.$case)).toEqual(['caseClockDeadlinesUpdated', 'caseAlertsResolved', 'caseAlertsScheduled']);
      expect(events[1]?.value).toMatchObject({ alertIds: [`${caseNumber}:DEADLINE_KIND_STATUTORY:ALERT_LEVEL_YELLOW:2026-10-21`], resolvedOn: '2026-10-16' });
      // 30 days: 6 left at 80 %: Nov 4, 3, 2, Oct 30, 29, 28. The promised alerts raised on Oct 8 stand.
      expect(scheduleOf(events)).toEqual(['STATUTORY YELLOW 2026-10-28', 'STATUTORY RED 2026-11-05']);
    });
  });

  it('follows a jurisdiction\'s own threshold: 5 days left reaches back over the Mid-Autumn holiday', () => {
    const strict = { ...policy, yellowWorkingDaysLeft: 5 };
    spec.given(history({ type: 'ReceiveCase', received }, start)).when({ type: 'Reschedule', policy: strict, now: new Date('2026-09-18T02:00:00Z') }).thenState((_, events) => {
      // Oct 8, Sep 30, 29, 28, then (Sep 25-27 off) Sep 24.
      expect(scheduleOf(events)?.[0]).toBe('PROMISED YELLOW 2026-09-24');
    });
  });

  it('gives an on-the-spot item no yellow, only red the next day', () => {
    const onTheSpot = { ...start, promisedDeadline: deadline('2026-09-17', 0) };
    spec.given(history({ type: 'ReceiveCase', received })).when(onTheSpot).thenState((_, events) => {
      expect(scheduleOf(events)?.filter((due) => due.startsWith('PROMISED'))).toEqual(['PROMISED RED 2026-09-18']);
    });
  });
});

describe('case watch: a suspension pauses the alerts', () => {
  // An on-site inspection from Wednesday Sep 23, told to take 10 working days: Sep 23, 24, 28, 29,
  // 30, Oct 8, 9, 10 (a Saturday worked), 12, 13.
  const pause: WatchCommand = { type: 'PauseClock', kind: 'SUSPENSION_KIND_INSPECTION', since: '2026-09-23', expectedWorkingDays: 10, policy };
  const resume: WatchCommand = { type: 'ResumeClock', resumedOn: '2026-10-09', statutoryDeadline: deadline('2026-10-29', 20), promisedDeadline: deadline('2026-10-15', 10), policy };

  it('raises nothing on the deadlines while approval\'s clock stands still, and schedules again on the moved deadlines', () => {
    const paused = history({ type: 'ReceiveCase', received }, start, pause);
    expect(scheduleOf(paused)).toEqual(['PAUSE YELLOW 2026-10-12', 'PAUSE RED 2026-10-14']);
    spec.given(paused).when(check('2026-10-08')).then([]);
    spec.given(paused).when(resume).thenState((state, events) => {
      expect(state.status).toBe('running');
      expect(scheduleOf(events)).toEqual(['PROMISED YELLOW 2026-10-14', 'PROMISED RED 2026-10-16', 'STATUTORY YELLOW 2026-10-26', 'STATUTORY RED 2026-10-30']);
    });
  });

  it('watches the pause for the time the applicant was told: yellow before it is up, red after, both resolved when the clock runs again', () => {
    const overdue = history({ type: 'ReceiveCase', received }, start, pause, check('2026-10-14'));
    expect(raised(overdue)).toEqual(['PAUSE YELLOW 2026-10-14', 'PAUSE RED 2026-10-14']);
    spec.given(overdue).when(check('2026-10-15')).then([]);
    const lateResume: WatchCommand = { ...resume, resumedOn: '2026-10-15', statutoryDeadline: deadline('2026-11-04', 20), promisedDeadline: deadline('2026-10-21', 10) };
    spec.given(overdue).when(lateResume).thenState((state, events) => {
      expect(events.find((e) => e.$case === 'caseAlertsResolved')?.value).toMatchObject({
        resolvedOn: '2026-10-15',
        alertIds: [`${caseNumber}:DEADLINE_KIND_PAUSE:ALERT_LEVEL_YELLOW:2026-10-13`, `${caseNumber}:DEADLINE_KIND_PAUSE:ALERT_LEVEL_RED:2026-10-13`],
      });
      expect(state.status === 'running' && state.schedule.every((due) => due.deadlineKind !== 'DEADLINE_KIND_PAUSE')).toBe(true);
    });
  });

  it("without a time told, allows the jurisdiction's maximum (20 working days unless set), and follows a new maximum", () => {
    const untold: WatchCommand = { ...pause, kind: 'SUSPENSION_KIND_SUPPLEMENT', expectedWorkingDays: 0 } as WatchCommand;
    // 20 working days from Sep 23 end on Oct 27; 80 % elapsed leaves 4: yellow Oct 22.
    expect(scheduleOf(history({ type: 'ReceiveCase', received }, start, untold))).toEqual(['PAUSE YELLOW 2026-10-22', 'PAUSE RED 2026-10-28']);
    // A jurisdiction allowing 5: Sep 23, 24, 28, 29, 30; 2 left from Sep 29.
    spec.given(history({ type: 'ReceiveCase', received }, start, untold)).when({ type: 'Reschedule', policy: { ...policy, pauseMaxWorkingDays: 5 }, now: new Date('2026-09-24T02:00:00Z') })
      .thenState((_, events) => expect(scheduleOf(events)).toEqual(['PAUSE YELLOW 2026-09-29', 'PAUSE RED 2026-10-01']));
  });

  it("resolves the pause's alerts raised on an end that a new maximum moved, and alerts on the new end", () => {
    const untold: WatchCommand = { ...pause, kind: 'SUSPENSION_KIND_SUPPLEMENT', expectedWorkingDays: 0, policy: { ...policy, pauseMaxWorkingDays: 5 } } as WatchCommand;
    const overdue = history({ type: 'ReceiveCase', received }, start, untold, check('2026-10-08'));
    expect(raised(overdue)).toEqual(['PAUSE YELLOW 2026-10-08', 'PAUSE RED 2026-10-08']);
    spec.given(overdue).when({ type: 'Reschedule', policy, now: new Date('2026-10-09T02:00:00Z') }).thenState((_, events) => {
      expect(events[0]).toMatchObject({ $case: 'caseAlertsResolved', value: { resolvedOn: '2026-10-09', alertIds: [`${caseNumber}:DEADLINE_KIND_PAUSE:ALERT_LEVEL_YELLOW:2026-09-30`, `${caseNumber}:DEADLINE_KIND_PAUSE:ALERT_LEVEL_RED:2026-09-30`] } });
      expect(scheduleOf(events)).toEqual(['PAUSE YELLOW 2026-10-22', 'PAUSE RED 2026-10-28']);
    });
  });

  it("moves the pause's alerts when the calendar changes while it lasts", () => {
    const calendars = new CalendarRegistry(holidayNotices);
    const local = watchDecider(calendars);
    const events: WatchEvent[] = [];
    for (const command of [{ type: 'ReceiveCase', received } as WatchCommand, start, pause]) events.push(...local.decide(command, events.reduce(local.evolve, local.initialState())));
    // 鼓楼区 declares Monday Oct 12 a day off: the tenth working day becomes Oct 14.
    calendars.setOverride({ regionCode: '350102', year: 2026, holidays: [{ from: '2026-10-12', to: '2026-10-12' }], workdays: [], reason: '测试' });
    const update: WatchCommand = { type: 'UpdateDeadlines', statutoryDeadline: deadline('2026-10-22', 20), promisedDeadline: deadline('2026-10-09', 10), policy, now: new Date('2026-10-09T02:00:00Z') };
    deciderSpec(local).given(events).when(update).thenState((_, changed) => expect(scheduleOf(changed)).toEqual(['PAUSE YELLOW 2026-10-13', 'PAUSE RED 2026-10-15']));
  });

  it('counts the working days used without the days the clock stood still', () => {
    // Sep 18, 20, 21, 22, then Oct 9, 10, 12-15: 10 working days; on the promised day.
    spec.given(history({ type: 'ReceiveCase', received }, start, pause, resume)).when({ type: 'StopClock', concludedOn: '2026-10-15', outcome: 'OUTCOME_APPROVED', policy })
      .thenState((state, events) => {
        expect(events[0]).toMatchObject({ $case: 'caseClockStopped', value: { workingDaysUsed: 10, withinPromisedLimit: true, withinStatutoryLimit: true, ratingInvitationDueOn: '2026-10-18' } });
        expect(state.status).toBe('stopped');
      });
  });
});

describe('case watch: the delivery of an approved result (行政许可法 Art. 44)', () => {
  // Approved on Thursday Oct 15: 10 working days to deliver, Oct 16, 19-23, 26-29.
  const approved: WatchCommand = { type: 'StopClock', concludedOn: '2026-10-15', outcome: 'OUTCOME_APPROVED', policy, deliveryDeadline: deadline('2026-10-29', 10) };
  const concluded = () => history({ type: 'ReceiveCase', received }, start, approved);

  it('watches an approved case until its result is delivered: yellow with 2 days left, red the day after', () => {
    expect(scheduleOf(concluded())).toEqual(['DELIVERY YELLOW 2026-10-28', 'DELIVERY RED 2026-10-30']);
    spec.given(history({ type: 'ReceiveCase', received }, start)).when({ ...approved, outcome: 'OUTCOME_DENIED', deliveryDeadline: deadline('', 0) } as WatchCommand)
      .thenState((_, events) => expect(events.map((e) => e.$case)).toEqual(['caseClockStopped']));
  });

  it('raises the delivery alerts once when due, and resolves them at the delivery; a result delivered in time raises none', () => {
    const late = history({ type: 'ReceiveCase', received }, start, approved, check('2026-10-30'));
    expect(raised(late)).toEqual(['DELIVERY YELLOW 2026-10-30', 'DELIVERY RED 2026-10-30']);
    spec.given(late).when({ type: 'RecordDelivery', deliveredOn: '2026-11-02' }).thenState((state, events) => {
      expect(events.map((e) => e.$case)).toEqual(['caseResultDelivered', 'caseAlertsResolved']);
      expect(events[1]?.value).toMatchObject({ resolvedOn: '2026-11-02', alertIds: [`${caseNumber}:DEADLINE_KIND_DELIVERY:ALERT_LEVEL_YELLOW:2026-10-29`, `${caseNumber}:DEADLINE_KIND_DELIVERY:ALERT_LEVEL_RED:2026-10-29`] });
      expect(state.status !== 'none' && state.deliveredOn).toBe('2026-11-02');
    });
    const onTime = history({ type: 'ReceiveCase', received }, start, approved, { type: 'RecordDelivery', deliveredOn: '2026-10-20' });
    expect(scheduleOf(onTime)).toEqual([]);
    spec.given(onTime).when(check('2026-10-30')).then([]);
    spec.given(onTime).when({ type: 'RecordDelivery', deliveredOn: '2026-10-21' }).then([]);
  });

  it('moves the delivery alerts when the calendar moves the deadline, resolving those raised on the old one', () => {
    const warned = history({ type: 'ReceiveCase', received }, start, approved, check('2026-10-28'));
    const moved: WatchCommand = { type: 'UpdateDeadlines', statutoryDeadline: deadline('2026-10-21', 20), promisedDeadline: deadline('2026-10-08', 10), deliveryDeadline: deadline('2026-10-30', 10), policy, now: new Date('2026-10-28T06:00:00Z') };
    spec.given(warned).when(moved).thenState((_, events) => {
      expect(events.map((e) => e.$case)).toEqual(['caseClockDeadlinesUpdated', 'caseAlertsResolved', 'caseAlertsScheduled']);
      expect(events[1]?.value).toMatchObject({ resolvedOn: '2026-10-28', alertIds: [`${caseNumber}:DEADLINE_KIND_DELIVERY:ALERT_LEVEL_YELLOW:2026-10-29`] });
      expect(scheduleOf(events)).toEqual(['DELIVERY YELLOW 2026-10-29', 'DELIVERY RED 2026-10-31']);
    });
  });
});

describe('case watch: the end', () => {
  it('resolves the alerts raised when the case concludes, and a withdrawal invites no rating', () => {
    const late = history({ type: 'ReceiveCase', received }, start, check('2026-10-09'));
    spec.given(late).when({ type: 'StopClock', concludedOn: '2026-10-12', outcome: 'OUTCOME_APPROVED', policy }).thenState((_, events) => {
      expect(events.map((e) => e.$case)).toEqual(['caseClockStopped', 'caseAlertsResolved']);
      expect(events[1]?.value).toMatchObject({
        alertIds: [`${caseNumber}:DEADLINE_KIND_PROMISED:ALERT_LEVEL_YELLOW:2026-10-08`, `${caseNumber}:DEADLINE_KIND_PROMISED:ALERT_LEVEL_RED:2026-10-08`],
        voidedAlertIds: [],
      });
      expect(events[0]?.value).toMatchObject({ withinPromisedLimit: false });
    });
    spec.given(history({ type: 'ReceiveCase', received }, start)).when({ type: 'StopClock', concludedOn: '2026-09-21', outcome: 'OUTCOME_WITHDRAWN', policy })
      .thenState((_, events) => expect(events[0]?.value).toMatchObject({ ratingInvitationDueOn: '' }));
  });

  it('voids an alert a sweep raised for a day after the conclusion it did not know of yet', () => {
    // Concluded on the promised day Oct 8; the sweep of Oct 9 ran before the conclusion arrived.
    const unaware = history({ type: 'ReceiveCase', received }, start, check('2026-10-09'));
    expect(raised(unaware)).toEqual(['PROMISED YELLOW 2026-10-09', 'PROMISED RED 2026-10-09']);
    spec.given(unaware).when({ type: 'StopClock', concludedOn: '2026-10-08', outcome: 'OUTCOME_APPROVED', policy }).thenState((_, events) => {
      expect(events[0]?.value).toMatchObject({ withinPromisedLimit: true });
      expect(events[1]?.value).toMatchObject({ voidedAlertIds: [`${caseNumber}:DEADLINE_KIND_PROMISED:ALERT_LEVEL_RED:2026-10-08`] });
    });
  });

  it('records each hall visit once per hall and day, for rating on site', () => {
    const visit: WatchCommand = { type: 'RecordVisit', hallId: 'gulou-hall', windowId: 'window-7', staffSubject: 'clerk-gulou-07', now: new Date('2026-09-17T02:00:00Z') };
    spec.given(history({ type: 'ReceiveCase', received })).when(visit).thenState((state) => {
      expect(state.status !== 'none' && [...state.visits.keys()]).toEqual(['gulou-hall-2026-09-17']);
    });
    spec.given(history({ type: 'ReceiveCase', received }, visit)).when({ ...visit, windowId: 'window-8' } as WatchCommand).then([]);
  });

  it('closes a case refused before acceptance without a clock, and knows no case it never received', () => {
    spec.given(history({ type: 'ReceiveCase', received })).when({ type: 'CloseUnaccepted', ending: 'CASE_ENDING_REFUSED', closedOn: '2026-09-18' })
      .thenState((state) => expect(state.status).toBe('closed'));
    spec.given([]).when(start).thenThrows(FailedPreconditionError);
  });
});
