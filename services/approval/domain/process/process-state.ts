import type { Decision, Plan, PlannedResult } from '../../../../generated/onewindow/approval/v1/process.ts';
import type { Outcome } from '../../../../generated/onewindow/common/v1/outcome.ts';
import { assertNever } from '../../../platform/domain/decider.ts';
import type { ProcessEvent } from './process-events.ts';

export interface TaskState {
  readonly taskId: string;
  readonly stageIndex: number;
  readonly stepId: string;
  readonly department: string;
  readonly regionCode: string;
  readonly status: 'open' | 'claimed' | 'decided' | 'withdrawn';
  readonly assignee: string;
  readonly decision: Decision;
}

export type ProcessState =
  | { readonly status: 'none' }
  | {
      readonly status: 'running' | 'concluded' | 'withdrawn';
      readonly caseNumber: string;
      readonly plan: Plan;
      readonly result: PlannedResult;
      readonly handlingRegionCode: string;
      readonly stageIndex: number;
      readonly tasks: ReadonlyMap<string, TaskState>;
      readonly outcome: Outcome;
    };

export const initialProcessState = (): ProcessState => ({ status: 'none' });

export function evolveProcess(state: ProcessState, event: ProcessEvent): ProcessState {
  if (event.$case === 'processStarted') {
    const started = event.value;
    return {
      status: 'running',
      caseNumber: started.caseNumber,
      plan: started.plan ?? { stages: [], jointHandling: false },
      result: started.result ?? { eLicense: false, licenseType: '', name: '' },
      handlingRegionCode: started.handlingRegionCode,
      stageIndex: 0,
      tasks: new Map(),
      outcome: 'OUTCOME_UNSPECIFIED',
    };
  }
  if (state.status === 'none') return state;
  const tasks = new Map(state.tasks);
  const update = (taskId: string, change: Partial<TaskState>) => {
    const task = tasks.get(taskId);
    if (task) tasks.set(taskId, { ...task, ...change });
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
      });
      return { ...state, tasks, stageIndex: opened.stageIndex };
    }
    case 'taskClaimed':
      update(event.value.taskId, { status: 'claimed', assignee: event.value.assignee });
      return { ...state, tasks };
    case 'taskDecided':
      update(event.value.taskId, { status: 'decided', decision: event.value.decision });
      return { ...state, tasks };
    case 'taskWithdrawn':
      update(event.value.taskId, { status: 'withdrawn' });
      return { ...state, tasks };
    case 'processConcluded':
      return { ...state, status: 'concluded', outcome: event.value.outcome };
    case 'processWithdrawn':
      return { ...state, status: 'withdrawn', outcome: 'OUTCOME_WITHDRAWN' };
    default:
      return assertNever(event);
  }
}
