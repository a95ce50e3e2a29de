import type { CaseAccepted, CaseConcluded, CaseSubmitted } from '../../../../generated/onewindow/acceptance/v1/events.ts';
import { assertNever } from '../../../platform/domain/decider.ts';
import type { CaseEvent } from './case-events.ts';

export type CaseState =
  | { readonly status: 'none' }
  | { readonly status: 'submitted'; readonly submitted: CaseSubmitted }
  | { readonly status: 'accepted'; readonly submitted: CaseSubmitted; readonly accepted: CaseAccepted }
  | {
      readonly status: 'concluded';
      readonly submitted: CaseSubmitted;
      readonly accepted: CaseAccepted;
      readonly concluded: CaseConcluded;
    };

export const initialCaseState = (): CaseState => ({ status: 'none' });

export function evolveCase(state: CaseState, event: CaseEvent): CaseState {
  switch (event.$case) {
    case 'caseSubmitted':
      return { status: 'submitted', submitted: event.value };
    case 'caseAccepted':
      return state.status === 'submitted' ? { ...state, status: 'accepted', accepted: event.value } : state;
    case 'caseConcluded':
      return state.status === 'accepted' ? { ...state, status: 'concluded', concluded: event.value } : state;
    default:
      return assertNever(event);
  }
}
