import type { Decision, Plan, PlannedResult } from '../../../../generated/onewindow/approval/v1/process.ts';
import type { SuspensionKind } from '../../../../generated/onewindow/common/v1/clock.ts';
import type { Deadline, Outcome } from '../../../../generated/onewindow/common/v1/outcome.ts';
import { assertNever } from '../../../platform/domain/decider.ts';
import type { Pause } from '../../../platform/calendar/legal-clock.ts';
import type { ProcessEvent } from './process-events.ts';

export interface TaskState {
  readonly taskId: string;
  readonly stageIndex: number;
  readonly stepId: string;
  readonly department: string;
  readonly regionCode: string;
  readonly status: 'open' | 'claimed' | 'decided' | 'withdrawn' | 'returned';
  readonly assignee: string;
  readonly decision: Decision;
  /** The day the task's stage opened; its limit counts from the next day. */
  readonly openedOn: string;
  readonly due: Deadline;
}

/** The clock stands still for this, started by the holder of this task. */
export interface Suspension {
  readonly kind: SuspensionKind;
  readonly taskId: string;
  readonly since: string;
}

/** The case's legal clock (行政许可法 Art. 42–45): the limits, the pauses, the one extension. */
export interface ProcessClock {
  readonly acceptedOn: string;
  /** The statutory limit, with the extension once granted. */
  readonly statutory: Deadline;
  readonly promised: Deadline;
  /** Every pause, the current one last with no end. */
  readonly pauses: readonly Pause[];
  readonly suspension?: Suspension;
  readonly extended: boolean;
}

export type ProcessState =
  | { readonly status: 'none' }
  | {
      readonly status: 'running' | 'concluded' | 'withdrawn';
      readonly caseNumber: string;
      readonly itemName: string;
      readonly plan: Plan;
      readonly result: PlannedResult;
      readonly handlingRegionCode: string;
      readonly handlingDepartment: string;
      readonly applicant: { readonly subject: string; readonly phone: string };
      readonly materialCodes: readonly string[];
      readonly stageIndex: number;
      readonly tasks: ReadonlyMap<string, TaskState>;
      readonly clock: ProcessClock;
      readonly outcome: Outcome;
    };

export type StartedProcess = Exclude<ProcessState, { status: 'none' }>;

export const initialProcessState = (): ProcessState => ({ status: 'none' });

const noDeadline: Deadline = { date: '', workingDays: 0, provisional: false };

export function evolveProcess(state: ProcessState, event: ProcessEvent): ProcessState {
  if (event.$case === 'processStarted') {
    const started = event.value;
    return {
      status: 'running',
      caseNumber: started.caseNumber,
      itemName: started.itemName,
      plan: started.plan ?? { stages: [], jointHandling: false },
      result: started.result ?? { eLicense: false, licenseType: '', name: '' },
      handlingRegionCode: started.handlingRegionCode,
      handlingDepartment: started.handlingDepartment,
      applicant: { subject: started.applicantSubject, phone: started.applicantPhone },
      materialCodes: started.materialCodes,
      stageIndex: 0,
      tasks: new Map(),
      clock: {
        acceptedOn: started.acceptedOn,
        statutory: started.statutoryDeadline ?? noDeadline,
        promised: started.promisedDeadline ?? noDeadline,
        pauses: [],
        extended: false,
      },
      outcome: 'OUTCOME_UNSPECIFIED',
    };
  }
  if (state.status === 'none') return state;
  const tasks = new Map(state.tasks);
  const update = (taskId: string, change: Partial<TaskState>) => {
    const task = tasks.get(taskId);
    if (task) tasks.set(taskId, { ...task, ...change });
  };
  const withDues = (dues: ReadonlyArray<{ taskId: string; due?: Deadline | undefined }>) => {
    for (const { taskId, due } of dues) if (due) update(taskId, { due });
  };
  switch (event.$case) {
    case 'taskOpened': {
      const opened = event.value;
      tasks.set(opened.taskId, {
        taskId: opened.taskId,
        stageIndex: opened.stageIndex,
        stepId: opened.stepId,
        department: opened.department,
        regionCode: opened.regionCode,
        status: 'open',
        assignee: '',
        decision: 'DECISION_UNSPECIFIED',
        openedOn: opened.openedOn,
        due: opened.due ?? noDeadline,
      });
      return { ...state, tasks, stageIndex: opened.stageIndex };
    }
    case 'taskClaimed':
      update(event.value.taskId, { status: 'claimed', assignee: event.value.assignee });
      return { ...state, tasks };
    case 'taskReleased':
      update(event.value.taskId, { status: 'open', assignee: '' });
      return { ...state, tasks };
    case 'taskReassigned':
      // A task waiting for the applicant's materials keeps waiting, for its new holder.
      update(event.value.taskId, { status: tasks.get(event.value.taskId)?.status === 'returned' ? 'returned' : 'claimed', assignee: event.value.assignee });
      return { ...state, tasks };
    case 'taskDecided':
      update(event.value.taskId, { status: event.value.decision === 'DECISION_RETURN' ? 'returned' : 'decided', decision: event.value.decision });
      return { ...state, tasks };
    case 'taskWithdrawn':
      update(event.value.taskId, { status: 'withdrawn' });
      return { ...state, tasks };
    case 'clockSuspended': {
      const { kind, taskId, suspendedOn } = event.value;
      const clock = { ...state.clock, pauses: [...state.clock.pauses, { from: suspendedOn, to: '' }], suspension: { kind, taskId, since: suspendedOn } };
      return { ...state, clock };
    }
    case 'clockResumed': {
      const { resumedOn, statutoryDeadline, promisedDeadline, taskDues, kind, taskId } = event.value;
      const pauses = state.clock.pauses.map((p) => (p.to === '' ? { ...p, to: resumedOn } : p));
      // A returned task goes back to the approver who returned it.
      if (kind === 'SUSPENSION_KIND_SUPPLEMENT' && tasks.get(taskId)?.status === 'returned') update(taskId, { status: 'claimed' });
      withDues(taskDues);
      const clock: ProcessClock = {
        acceptedOn: state.clock.acceptedOn,
        statutory: statutoryDeadline ?? state.clock.statutory,
        promised: promisedDeadline ?? state.clock.promised,
        pauses,
        extended: state.clock.extended,
      };
      return { ...state, tasks, clock };
    }
    case 'deadlineExtended':
      return { ...state, clock: { ...state.clock, statutory: event.value.statutoryDeadline ?? state.clock.statutory, extended: true } };
    case 'processDeadlinesRecomputed': {
      withDues(event.value.taskDues);
      const { statutoryDeadline, promisedDeadline } = event.value;
      return { ...state, tasks, clock: { ...state.clock, statutory: statutoryDeadline ?? state.clock.statutory, promised: promisedDeadline ?? state.clock.promised } };
    }
    case 'processConcluded':
      return { ...state, status: 'concluded', outcome: event.value.outcome };
    case 'processWithdrawn':
      return { ...state, status: 'withdrawn', outcome: 'OUTCOME_WITHDRAWN' };
    default:
      return assertNever(event);
  }
}
