import { describe, expect, it } from 'vitest';
import type { Plan, PlanStep } from '../../../../generated/onewindow/approval/v1/process.ts';
import { holidayNotices } from '../../../platform/calendar/holiday-notices.ts';
import { CalendarRegistry } from '../../../platform/calendar/calendar-registry.ts';
import { FailedPreconditionError, NotFoundError, PermissionDeniedError, ValidationError } from '../../../platform/domain/errors.ts';
import { deciderSpec } from '../../../platform/testing/decider-spec.ts';
import type { Approver, StartProcess } from './process-commands.ts';
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
const approve = (taskId: string, approver = market) => ({ type: 'DecideTask' as const, taskId, approver, decision: 'DECISION_APPROVE' as const, opinion: '材料齐全，符合条件', now });
const reject = (taskId: string, approver = market, opinion = '场所布局不符合要求') => ({ type: 'DecideTask' as const, taskId, approver, decision: 'DECISION_REJECT' as const, opinion, now });
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
      expect(events[1]!.value).toMatchObject({ outcome: 'OUTCOME_APPROVED', concludedOn: '2026-09-21', resultReference: `EL-${caseNumber}` });
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

  it('keeps the county out of the city\'s decision', () => {
    const given = history(start(multiLevel), claim(review, county), approve(review, county));
    spec.given(given).when(claim(decision, county)).thenThrows(PermissionDeniedError);
    spec.given(given).when(claim(decision, city)).thenState((_, events) => expect(cases(events)).toEqual(['taskClaimed']));
  });
});

describe('process: withdrawal', () => {
  const review = `${caseNumber}:0:review`;
  const withdraw = { type: 'WithdrawProcess' as const, reason: '申请人撤回' };

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
