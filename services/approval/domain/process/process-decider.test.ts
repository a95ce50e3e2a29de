import { describe, expect, it } from 'vitest';
import type { Plan, PlanStep } from '../../../../generated/onewindow/approval/v1/process.ts';
import { holidayNotices } from '../../../platform/calendar/holiday-notices.ts';
import { CalendarRegistry } from '../../../platform/calendar/calendar-registry.ts';
import { FailedPreconditionError, NotFoundError, PermissionDeniedError, ValidationError } from '../../../platform/domain/errors.ts';
import { deciderSpec } from '../../../platform/testing/decider-spec.ts';
import type { Approver, ProcessCommand, StartProcess } from './process-commands.ts';
import { processDecider } from './process-decider.ts';
import type { ProcessEvent } from './process-events.ts';

const decider = processDecider(new CalendarRegistry(holidayNotices));
const spec = deciderSpec(decider);
const caseNumber = '35010220260917000001';
const now = new Date('2026-09-21T02:00:00Z');

const step = (stepId: string, department: string, workingDays: number, regionCode = '', level = 4): PlanStep => ({
  stepId, name: stepId, department, level, regionCode, role: 'ROLE_APPROVER', workingDays,
});

const start = (plan: Plan): StartProcess => ({
  type: 'StartProcess',
  caseNumber,
  itemCode: 'item-1',
  itemVersion: 1,
  itemName: '测试事项',
  acceptedOn: '2026-09-17',
  statutoryDeadline: { date: '2026-10-21', workingDays: 20, provisional: false },
  promisedDeadline: { date: '2026-10-08', workingDays: 10, provisional: false },
  plan,
  handlingRegionCode: '350102',
  result: { eLicense: true, licenseType: '食品经营许可证', name: '食品经营许可证' },
  applicantSubject: 'applicant-zhang',
  applicantPhone: '13800138000',
  materialCodes: ['application', 'floor-plan'],
  handlingDepartment: 'SCJGJ',
  now,
});

const market: Approver = { subject: 'approver-1', department: 'SCJGJ', jurisdiction: '350102' };
const marketColleague: Approver = { ...market, subject: 'approver-2' };

/** Runs commands in order and returns all events, for building "given" histories. */
function history(...commands: Parameters<typeof decider.decide>[0][]): ProcessEvent[] {
  const events: ProcessEvent[] = [];
  for (const command of commands) {
    const state = events.reduce(decider.evolve, decider.initialState());
    events.push(...decider.decide(command, state));
  }
  return events;
}

const claim = (taskId: string, approver = market) => ({ type: 'ClaimTask' as const, taskId, approver, now });
const approve = (taskId: string, approver = market, at = now) =>
  ({ type: 'DecideTask' as const, taskId, approver, decision: 'DECISION_APPROVE' as const, opinion: '材料齐全，符合条件', materialCodes: [], now: at });
const reject = (taskId: string, approver = market, opinion = '场所布局不符合要求') =>
  ({ type: 'DecideTask' as const, taskId, approver, decision: 'DECISION_REJECT' as const, opinion, materialCodes: [], now });
const cases = (events: ProcessEvent[]) => events.map((e) => e.$case);

const sequential: Plan = {
  stages: [
    { name: '审查', steps: [step('review', 'SCJGJ', 8)], joinRule: 'JOIN_RULE_ALL_APPROVE' },
    { name: '决定', steps: [step('decide', 'SCJGJ', 2)], joinRule: 'JOIN_RULE_ALL_APPROVE' },
  ],
  jointHandling: false,
};

describe('process: sequential stages', () => {
  it('starts with the first stage\'s task, due in working days from acceptance', () => {
    spec.given([]).when(start(sequential)).thenState((state, events) => {
      expect(cases(events)).toEqual(['processStarted', 'taskOpened']);
      // 8 working days after Thu 2026-09-17: Sep 18, 20 (make-up), 21-24, 28, 29.
      expect(events[1]!.value).toMatchObject({ taskId: `${caseNumber}:0:review`, regionCode: '350102', due: { date: '2026-09-29', workingDays: 8 } });
      expect(state.status).toBe('running');
    });
  });

  it('refuses a plan with a stage that has no steps, which could never pass', () => {
    const broken: Plan = { ...sequential, stages: [...sequential.stages, { name: '空', steps: [], joinRule: 'JOIN_RULE_ALL_APPROVE' }] };
    spec.given([]).when(start(broken)).thenThrows(FailedPreconditionError, 'a stage without steps');
  });

  it('starts once however often acceptance is delivered', () => {
    spec.given(history(start(sequential))).when(start(sequential)).then([]);
  });

  it('opens the next stage when a stage is approved, and concludes approved after the last', () => {
    const first = `${caseNumber}:0:review`;
    spec.given(history(start(sequential), claim(first))).when(approve(first)).thenState((_, events) => {
      expect(cases(events)).toEqual(['taskDecided', 'taskOpened']);
      expect(events[1]!.value).toMatchObject({ taskId: `${caseNumber}:1:decide`, stageIndex: 1 });
    });
    const second = `${caseNumber}:1:decide`;
    spec.given(history(start(sequential), claim(first), approve(first), claim(second))).when(approve(second)).thenState((state, events) => {
      expect(cases(events)).toEqual(['taskDecided', 'processConcluded']);
      expect(events[1]!.value).toMatchObject({
        outcome: 'OUTCOME_APPROVED', concludedOn: '2026-09-21', resultReference: `EL-${caseNumber}`,
        result: { eLicense: true, number: `EL-${caseNumber}`, licenseType: '食品经营许可证', issuedOn: '2026-09-21', department: 'SCJGJ', regionCode: '350102' },
      });
      expect(state.status).toBe('concluded');
    });
  });
});

describe('process: parallel departments (并联审批)', () => {
  const parallel: Plan = {
    stages: [
      { name: '并联审查', steps: [step('planning', 'ZRZYGHJ', 5, '350100', 3), step('fire', 'ZJJ', 5, '350100', 3), step('defence', 'RFB', 5, '350100', 3)], joinRule: 'JOIN_RULE_ALL_APPROVE' },
      { name: '决定', steps: [step('decide', 'ZRZYGHJ', 3, '350100', 3)], joinRule: 'JOIN_RULE_ALL_APPROVE' },
    ],
    jointHandling: false,
  };
  const planning: Approver = { subject: 'p-1', department: 'ZRZYGHJ', jurisdiction: '350100' };
  const fire: Approver = { subject: 'f-1', department: 'ZJJ', jurisdiction: '350100' };
  const task = (step: string) => `${caseNumber}:0:${step}`;

  it('opens one task per department at once', () => {
    spec.given([]).when(start(parallel)).thenState((_, events) => {
      expect(events.filter((e) => e.$case === 'taskOpened').map((e) => e.value)).toMatchObject([
        { department: 'ZRZYGHJ' }, { department: 'ZJJ' }, { department: 'RFB' },
      ]);
    });
  });

  it('waits for every branch before the stage passes', () => {
    spec.given(history(start(parallel), claim(task('planning'), planning))).when(approve(task('planning'), planning)).thenState((_, events) => {
      expect(cases(events)).toEqual(['taskDecided']);
    });
  });

  it('denies the case when one branch rejects, with that branch\'s reason', () => {
    const given = history(start(parallel), claim(task('planning'), planning), approve(task('planning'), planning), claim(task('fire'), fire));
    spec.given(given).when(reject(task('fire'), fire, '消防设计不符合规范')).thenState((state, events) => {
      // The civil-defence task nobody decided leaves its inbox.
      expect(cases(events)).toEqual(['taskDecided', 'taskWithdrawn', 'processConcluded']);
      expect(events[1]!.value).toMatchObject({ taskId: task('defence') });
      expect(events[2]!.value).toMatchObject({ outcome: 'OUTCOME_DENIED', reason: '消防设计不符合规范', resultReference: '' });
      expect(state.status).toBe('concluded');
    });
  });

  it('passes an any-approves stage on the first approval', () => {
    const anyPlan: Plan = { ...parallel, stages: [{ ...parallel.stages[0]!, joinRule: 'JOIN_RULE_ANY_APPROVES' }, parallel.stages[1]!] };
    const given = history(start(anyPlan), claim(task('planning'), planning), claim(task('fire'), fire));
    spec.given(given).when(approve(task('fire'), fire)).thenState((_, events) => {
      expect(cases(events)).toEqual(['taskDecided', 'taskWithdrawn', 'taskWithdrawn', 'taskOpened']);
      expect(events.slice(1, 3).map((e) => (e.value as { taskId: string }).taskId)).toEqual([task('planning'), task('defence')]);
    });
    // The planning approver, who had claimed the withdrawn task, can no longer decide it.
    const passed = history(start(anyPlan), claim(task('planning'), planning), claim(task('fire'), fire), approve(task('fire'), fire));
    spec.given(passed).when(approve(task('planning'), planning)).thenThrows(FailedPreconditionError, 'withdrawn');
    spec.given(passed).when(claim(task('defence'), { subject: 'r-1', department: 'RFB', jurisdiction: '350100' })).thenThrows(FailedPreconditionError, 'withdrawn');
  });
});

describe('process: multi-level (county reviews, city decides)', () => {
  const multiLevel: Plan = {
    stages: [
      { name: '区级初审', steps: [step('county-review', 'JTYSJ', 5, '350102', 4)], joinRule: 'JOIN_RULE_ALL_APPROVE' },
      { name: '市级决定', steps: [step('city-decide', 'JTYSJ', 5, '350100', 3)], joinRule: 'JOIN_RULE_ALL_APPROVE' },
    ],
    jointHandling: false,
  };
  const county: Approver = { subject: 'c-1', department: 'JTYSJ', jurisdiction: '350102' };
  const city: Approver = { subject: 'm-1', department: 'JTYSJ', jurisdiction: '350100' };
  const review = `${caseNumber}:0:county-review`;
  const decision = `${caseNumber}:1:city-decide`;

  it('routes the review to the county and the decision to the city', () => {
    spec.given(history(start(multiLevel), claim(review, county))).when(approve(review, county)).thenState((_, events) => {
      expect(events[1]!.value).toMatchObject({ taskId: decision, regionCode: '350100' });
    });
  });

  it('keeps the city out of the county\'s review: a step belongs to its level', () => {
    spec.given(history(start(multiLevel))).when(claim(review, city)).thenThrows(PermissionDeniedError, /region of its step/);
    spec.given(history(start(multiLevel), claim(review, county))).when(approve(review, { ...city, subject: county.subject })).thenThrows(PermissionDeniedError);
    spec.given(history(start(multiLevel))).when(claim(review, county)).thenState((_, events) => expect(cases(events)).toEqual(['taskClaimed']));
  });

  it('keeps the county out of the city\'s decision', () => {
    const given = history(start(multiLevel), claim(review, county), approve(review, county));
    spec.given(given).when(claim(decision, county)).thenThrows(PermissionDeniedError);
    spec.given(given).when(claim(decision, city)).thenState((_, events) => expect(cases(events)).toEqual(['taskClaimed']));
  });
});

describe('process: withdrawal', () => {
  const review = `${caseNumber}:0:review`;
  const withdraw = { type: 'WithdrawProcess' as const, reason: '申请人撤回', withdrawnOn: '2026-09-21' };

  it('stops without a decision and takes every open task out of its inbox', () => {
    spec.given(history(start(sequential), claim(review))).when(withdraw).thenState((state, events) => {
      expect(cases(events)).toEqual(['taskWithdrawn', 'processWithdrawn']);
      expect(state.status).toBe('withdrawn');
    });
    spec.given(history(start(sequential), withdraw)).when(claim(review)).thenThrows(FailedPreconditionError, 'withdrawn');
  });

  it('leaves a concluded process, and a repeated withdrawal, alone', () => {
    spec.given(history(start(sequential), claim(review), reject(review))).when(withdraw).then([]);
    spec.given(history(start(sequential), withdraw)).when(withdraw).then([]);
  });
});

describe('process: claiming and deciding', () => {
  const review = `${caseNumber}:0:review`;

  it('lets one approver hold a task; a second claim fails, a repeated claim changes nothing', () => {
    const claimed = history(start(sequential), claim(review));
    spec.given(claimed).when(claim(review, marketColleague)).thenThrows(FailedPreconditionError, 'held by another approver');
    spec.given(claimed).when(claim(review)).then([]);
  });

  it('keeps other departments and other regions out', () => {
    spec.given(history(start(sequential))).when(claim(review, { ...market, department: 'JTYSJ' })).thenThrows(PermissionDeniedError);
    spec.given(history(start(sequential))).when(claim(review, { ...market, jurisdiction: '440106' })).thenThrows(PermissionDeniedError);
  });

  it('decides only a task the approver holds, and a rejection needs a reason', () => {
    spec.given(history(start(sequential))).when(approve(review)).thenThrows(FailedPreconditionError, 'claim the task');
    spec.given(history(start(sequential), claim(review))).when(approve(review, marketColleague)).thenThrows(FailedPreconditionError);
    spec.given(history(start(sequential), claim(review))).when(reject(review, market, ' ')).thenThrows(ValidationError, 'opinion');
  });

  it('knows no task of a process that never started, and none after the conclusion', () => {
    spec.given([]).when(claim(review)).thenThrows(NotFoundError);
    const concluded = history(start(sequential), claim(review), reject(review));
    spec.given(concluded).when(claim(review)).thenThrows(FailedPreconditionError);
  });
});

/** 10:00 in Beijing on a day. */
const at = (date: string) => new Date(`${date}T10:00:00+08:00`);
const review = `${caseNumber}:0:review`;
const valueOf = <C extends ProcessEvent['$case']>(events: readonly ProcessEvent[], kind: C) =>
  events.find((e) => e.$case === kind)?.value as Extract<ProcessEvent, { $case: C }>['value'] | undefined;
const suspend = (date: string, changes: object = {}): ProcessCommand => ({
  type: 'SuspendClock', taskId: review, approver: market, kind: 'SUSPENSION_KIND_INSPECTION', reason: '现场核查经营场所',
  legalBasis: '《行政许可法》第三十四条', expectedWorkingDays: 5, now: at(date), ...changes,
});
const resume = (date: string, approver: Approver | undefined = market, result = '核查合格'): ProcessCommand => ({ type: 'ResumeClock', taskId: review, approver, result, now: at(date) });
const extend = (date: string, changes: object = {}): ProcessCommand =>
  ({ type: 'ExtendDeadline', taskId: review, approver: market, reason: '需组织专家论证', approvedBy: 'head-scjgj', now: at(date), ...changes });

describe('process: the legal clock (特别程序)', () => {
  it('counts the limits on approval\'s own calendar from acceptance: 20 and 10 working days from 2026-09-17', () => {
    spec.given([]).when(start(sequential)).thenState((state) => {
      expect(state.status === 'running' && state.clock).toMatchObject({ statutory: { date: '2026-10-21', workingDays: 20 }, promised: { date: '2026-10-08', workingDays: 10 } });
    });
  });

  it('stops for an inspection and, resumed, goes on with the time that was left: the pause spans Mid-Autumn and National Day', () => {
    // Used before Wed Sep 23: Sep 18, 20 (make-up Sunday), 21, 22 = 4 of 20 and of 10.
    spec.given(history(start(sequential), claim(review))).when(suspend('2026-09-23')).thenState((state, events) => {
      expect(valueOf(events, 'clockSuspended')).toMatchObject({
        kind: 'SUSPENSION_KIND_INSPECTION', suspendedOn: '2026-09-23', statutoryWorkingDaysLeft: 16, promisedWorkingDaysLeft: 6, expectedWorkingDays: 5,
        legalBasis: '《行政许可法》第三十四条', applicantPhone: '13800138000',
      });
      expect(state.status === 'running' && state.clock.suspension).toMatchObject({ since: '2026-09-23' });
    });
    // Sep 23 to Oct 8 do not count; the clock runs again on Fri Oct 9. Then Oct 9, 10 (make-up Saturday), 12-15
    // (promised, 6 left), 16, 19-23, 26-29 (statutory, 16 left).
    spec.given(history(start(sequential), claim(review), suspend('2026-09-23'))).when(resume('2026-10-09')).thenState((state, events) => {
      expect(valueOf(events, 'clockResumed')).toMatchObject({
        resumedOn: '2026-10-09', result: '核查合格',
        promisedDeadline: { date: '2026-10-15', workingDays: 10 }, statutoryDeadline: { date: '2026-10-29', workingDays: 20 },
        // The review's 8 days: 4 used (Sep 18-22), then Oct 9, 10, 12, 13.
        taskDues: [{ taskId: review, due: { date: '2026-10-13', workingDays: 8 } }],
      });
      expect(state.status === 'running' && state.clock.suspension).toBeUndefined();
    });
  });

  it('needs a kind, a reason, a legal basis and an expected duration; one pause at a time; no decisions meanwhile', () => {
    const claimed = history(start(sequential), claim(review));
    spec.given(claimed).when(suspend('2026-09-23', { kind: 'SUSPENSION_KIND_SUPPLEMENT', reason: ' ', legalBasis: '', expectedWorkingDays: 0 }))
      .thenThrows(ValidationError, /kind: .*reason: .*legal_basis: .*expected_working_days: /);
    const suspended = history(start(sequential), claim(review), suspend('2026-09-23'));
    spec.given(suspended).when(suspend('2026-09-24')).thenThrows(FailedPreconditionError, 'stands still since 2026-09-23');
    spec.given(suspended).when(approve(review, market, at('2026-09-24'))).thenThrows(FailedPreconditionError, 'resume it first');
    spec.given(suspended).when(resume('2026-09-24', market, '')).thenThrows(ValidationError, 'result');
  });

  it('is stopped only by the holder of a task, and resumed only by that task\'s department', () => {
    spec.given(history(start(sequential))).when(suspend('2026-09-23')).thenThrows(FailedPreconditionError, 'claim the task first');
    const suspended = history(start(sequential), claim(review), suspend('2026-09-23'));
    spec.given(suspended).when(resume('2026-09-24', { subject: 'x-1', department: 'JTYSJ', jurisdiction: '350102' })).thenThrows(PermissionDeniedError);
    // A colleague of the department may end the procedure.
    spec.given(suspended).when(resume('2026-09-24', marketColleague)).thenState((state) => expect(state.status === 'running' && state.clock.suspension).toBeUndefined());
  });

  it('costs nothing when stopped and resumed on one day, however often', () => {
    const stoppedAndResumed = (events: ProcessEvent[], day: string) => [...events, ...decider.decide(resume(day), events.reduce(decider.evolve, decider.initialState()))];
    let events = history(start(sequential), claim(review));
    for (const day of ['2026-09-21', '2026-09-22', '2026-09-23']) {
      events = [...events, ...decider.decide(suspend(day), events.reduce(decider.evolve, decider.initialState()))];
      events = stoppedAndResumed(events, day);
    }
    const state = events.reduce(decider.evolve, decider.initialState());
    expect(state.status === 'running' && state.clock).toMatchObject({ statutory: { date: '2026-10-21' }, promised: { date: '2026-10-08' } });
  });

  it('cannot be stopped once the statutory limit has passed', () => {
    spec.given(history(start(sequential), claim(review))).when(suspend('2026-10-22')).thenThrows(FailedPreconditionError, 'passed on 2026-10-21');
  });
});

describe('process: the extension (延长审批)', () => {
  it('adds 10 working days once, approved by the agency head, and tells the applicant why', () => {
    // 20 working days end on Oct 21; then Oct 22, 23, 26-30, Nov 2, 3, 4.
    spec.given(history(start(sequential), claim(review))).when(extend('2026-10-12')).thenState((state, events) => {
      expect(valueOf(events, 'deadlineExtended')).toMatchObject({
        workingDays: 10, reason: '需组织专家论证', approvedBy: 'head-scjgj', requestedBy: 'approver-1', extendedOn: '2026-10-12',
        statutoryDeadline: { date: '2026-11-04', workingDays: 30 }, applicantPhone: '13800138000',
      });
      expect(state.status === 'running' && state.clock.promised.date).toBe('2026-10-08');
    });
    spec.given(history(start(sequential), claim(review), extend('2026-10-12'))).when(extend('2026-10-13')).thenThrows(FailedPreconditionError, 'one extension');
  });

  it('gives 15 working days for joint handling, and none once the limit has passed or without a reason and the head\'s approval', () => {
    const joint = { ...sequential, jointHandling: true };
    // Oct 21 + 15: Oct 22, 23, 26-30, Nov 2-6, 9, 10, 11.
    spec.given(history(start(joint), claim(review))).when(extend('2026-10-12')).thenState((_, events) => {
      expect(valueOf(events, 'deadlineExtended')).toMatchObject({ workingDays: 15, statutoryDeadline: { date: '2026-11-11', workingDays: 35 } });
    });
    spec.given(history(start(sequential), claim(review))).when(extend('2026-10-22')).thenThrows(FailedPreconditionError, 'passed on 2026-10-21');
    spec.given(history(start(sequential), claim(review))).when(extend('2026-10-12', { reason: '', approvedBy: '' })).thenThrows(ValidationError, /reason: .*approved_by: /);
  });

  it('counts the extension past an earlier pause', () => {
    // The pause Sep 23 - Oct 8 moved the statutory date to Oct 29; 10 more: Oct 30, Nov 2-6, 9-12.
    const given = history(start(sequential), claim(review), suspend('2026-09-23'), resume('2026-10-09'));
    spec.given(given).when(extend('2026-10-12')).thenState((_, events) => {
      expect(valueOf(events, 'deadlineExtended')?.statutoryDeadline).toMatchObject({ date: '2026-11-12', workingDays: 30 });
    });
  });

  it('is asked for only by the department that decides the case', () => {
    const joint: Plan = {
      stages: [{ name: '并联审查', steps: [step('review', 'SCJGJ', 5), step('fire', 'ZJJ', 5)], joinRule: 'JOIN_RULE_ALL_APPROVE' }],
      jointHandling: true,
    };
    const fire: Approver = { subject: 'f-1', department: 'ZJJ', jurisdiction: '350102' };
    const fireTask = `${caseNumber}:0:fire`;
    spec.given(history(start(joint), claim(fireTask, fire))).when(extend('2026-10-12', { taskId: fireTask, approver: fire })).thenThrows(PermissionDeniedError, 'decides the case (SCJGJ)');
  });
});

describe('process: return to the applicant for a supplement (退回补正)', () => {
  const returnIt = (changes: object = {}): ProcessCommand => ({
    type: 'DecideTask', taskId: review, approver: market, decision: 'DECISION_RETURN', opinion: '平面图未标注排水设施', materialCodes: ['floor-plan'], now: at('2026-09-21'), ...changes,
  });
  const supplied = (date: string): ProcessCommand => ({ type: 'ResumeClock', taskId: review, result: '申请人已补正材料', now: at(date) });

  it('records the opinion and stops the clock until the materials arrive', () => {
    spec.given(history(start(sequential), claim(review))).when(returnIt()).thenState((state, events) => {
      expect(cases(events)).toEqual(['taskDecided', 'clockSuspended']);
      expect(valueOf(events, 'taskDecided')).toMatchObject({ decision: 'DECISION_RETURN', approver: 'approver-1', materialCodes: ['floor-plan'] });
      // Used before Mon Sep 21: Sep 18, 20.
      expect(valueOf(events, 'clockSuspended')).toMatchObject({ kind: 'SUSPENSION_KIND_SUPPLEMENT', materialCodes: ['floor-plan'], statutoryWorkingDaysLeft: 18, promisedWorkingDaysLeft: 8 });
      expect(state.status === 'running' && state.tasks.get(review)?.status).toBe('returned');
    });
  });

  it('resumes when the materials arrive, once, and gives the task back to its holder', () => {
    const returned = history(start(sequential), claim(review), returnIt());
    // Sep 21-23 do not count. Then Sep 24, 28, 29, 30, Oct 8, 9, 10 (make-up), 12 → promised (8 left); on to Oct 26 → statutory.
    spec.given(returned).when(supplied('2026-09-24')).thenState((state, events) => {
      expect(valueOf(events, 'clockResumed')).toMatchObject({
        kind: 'SUSPENSION_KIND_SUPPLEMENT', resumedOn: '2026-09-24', promisedDeadline: { date: '2026-10-12' }, statutoryDeadline: { date: '2026-10-26' },
        // The review's 8 days: 2 used, then Sep 24, 28-30, Oct 8, 9.
        taskDues: [{ taskId: review, due: { date: '2026-10-09' } }],
      });
      expect(state.status === 'running' && state.tasks.get(review)).toMatchObject({ status: 'claimed', assignee: 'approver-1' });
    });
    spec.given(history(start(sequential), claim(review), returnIt(), supplied('2026-09-24'))).when(supplied('2026-09-25')).then([]);
    spec.given(history(start(sequential), claim(review), returnIt(), supplied('2026-09-24'))).when(approve(review, market, at('2026-09-28')))
      .thenState((_, events) => expect(cases(events)).toEqual(['taskDecided', 'taskOpened']));
  });

  it('runs again from the day the materials arrived, however late the news comes, and no approver ends the wait', () => {
    const returned = history(start(sequential), claim(review), returnIt());
    const late: ProcessCommand = { type: 'ResumeClock', taskId: review, arrivedOn: '2026-09-24', result: '申请人已补正材料', now: at('2026-09-29') };
    spec.given(returned).when(late).thenState((_, events) => expect(valueOf(events, 'clockResumed')).toMatchObject({ resumedOn: '2026-09-24', statutoryDeadline: { date: '2026-10-26' } }));
    spec.given(returned).when(resume('2026-09-22', marketColleague, '不等了')).thenThrows(FailedPreconditionError, 'waits for the applicant');
  });

  it('ends the wait the day the applicant withdraws', () => {
    spec.given(history(start(sequential), claim(review), returnIt())).when({ type: 'WithdrawProcess', reason: '不再经营', withdrawnOn: '2026-09-23' }).thenState((state, events) => {
      expect(cases(events)).toEqual(['clockResumed', 'taskWithdrawn', 'processWithdrawn']);
      expect(valueOf(events, 'clockResumed')).toMatchObject({ resumedOn: '2026-09-23', result: '申请人撤回申请' });
      expect(state.status).toBe('withdrawn');
    });
  });

  it('names only the item\'s materials, at least one, with an opinion', () => {
    const claimed = history(start(sequential), claim(review));
    spec.given(claimed).when(returnIt({ materialCodes: ['passport'] })).thenThrows(ValidationError, 'material_codes[0]: is not a material');
    spec.given(claimed).when(returnIt({ materialCodes: [], opinion: '' })).thenThrows(ValidationError, /opinion: .*material_codes: /);
  });
});

describe('process: handing tasks on', () => {
  const supervisor = { kind: 'supervisor' as const, subject: 'supervisor-1', jurisdiction: '350100' };
  const reassign = (by: Extract<ProcessCommand, { type: 'ReassignTask' }>['by'], assignee = 'approver-2'): ProcessCommand =>
    ({ type: 'ReassignTask', taskId: review, by, assignee, reason: '休假' });

  it('lets the holder release a task to the inbox, or hand it to a colleague', () => {
    spec.given(history(start(sequential), claim(review))).when({ type: 'ReleaseTask', taskId: review, approver: market }).thenState((state, events) => {
      expect(valueOf(events, 'taskReleased')).toMatchObject({ previousAssignee: 'approver-1' });
      expect(state.status === 'running' && state.tasks.get(review)?.status).toBe('open');
    });
    spec.given(history(start(sequential), claim(review))).when(reassign({ kind: 'approver', approver: market })).thenState((state) => {
      expect(state.status === 'running' && state.tasks.get(review)).toMatchObject({ status: 'claimed', assignee: 'approver-2' });
    });
    spec.given(history(start(sequential), claim(review))).when({ type: 'ReleaseTask', taskId: review, approver: marketColleague }).thenThrows(FailedPreconditionError, 'held by another');
  });

  it('lets a supervisor of the jurisdiction move a task nobody moves, and nobody else', () => {
    spec.given(history(start(sequential))).when(reassign(supervisor)).thenState((state) => {
      expect(state.status === 'running' && state.tasks.get(review)?.assignee).toBe('approver-2');
    });
    spec.given(history(start(sequential))).when(reassign({ ...supervisor, jurisdiction: '440100' })).thenThrows(PermissionDeniedError);
    spec.given(history(start(sequential), claim(review))).when(reassign({ kind: 'approver', approver: marketColleague })).thenThrows(FailedPreconditionError);
  });
});

describe('process: a changed calendar', () => {
  it('moves provisional deadlines once the next year\'s notice is loaded, and records nothing when nothing moved', () => {
    const registry = new CalendarRegistry(holidayNotices);
    const local = processDecider(registry);
    const december = { ...start(sequential), acceptedOn: '2026-12-21' };
    const events = local.decide(december, local.initialState());
    const state = () => events.reduce(local.evolve, local.initialState());
    const before = state();
    // Dec 22-25, 28-31 (8), then Jan 1 (a fixed-date holiday), Jan 4, 5 on the provisional calendar.
    expect(before.status === 'running' && before.clock.promised).toMatchObject({ date: '2027-01-05', provisional: true });
    const recompute = { type: 'RecomputeDeadlines' as const, reason: '2027 年节假日安排载入' };
    expect(local.decide(recompute, state())).toEqual([]);
    registry.loadNotice({ year: 2027, holidays: [{ from: '2027-01-01', to: '2027-01-07' }], workdays: [], source: 'test' });
    const [recomputed] = local.decide(recompute, state());
    expect(recomputed?.value).toMatchObject({ promisedDeadline: { date: '2027-01-11', provisional: false }, reason: '2027 年节假日安排载入' });
  });
});
