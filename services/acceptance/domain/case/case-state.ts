import type { SubmittedMaterial } from '../../../../generated/onewindow/acceptance/v1/case.ts';
import type {
  CaseAccepted,
  CaseConcluded,
  CaseSubmitted,
  SupplementRequested,
} from '../../../../generated/onewindow/acceptance/v1/events.ts';
import type { SuspensionKind } from '../../../../generated/onewindow/common/v1/clock.ts';
import { assertNever } from '../../../platform/domain/decider.ts';
import type { CaseEvent } from './case-events.ts';

export type CaseStatus = 'submitted' | 'supplement-requested' | 'accepted' | 'concluded' | 'refused' | 'withdrawn' | 'delivered';

/** Everything the rules need to know about a case that exists. */
export interface CaseRecord {
  readonly status: CaseStatus;
  readonly submitted: CaseSubmitted;
  /** Every material handed in so far, latest first for each code. */
  readonly materials: readonly SubmittedMaterial[];
  readonly supplement: SupplementRequested | undefined;
  /** The acceptance, with deadlines as last computed. */
  readonly accepted: CaseAccepted | undefined;
  /** 容缺: secondary materials still to catch up. */
  readonly pendingMaterials: readonly string[];
  readonly concluded: CaseConcluded | undefined;
  /** While approval's clock stands still: why and since when. */
  readonly suspension: { readonly kind: SuspensionKind; readonly since: string } | undefined;
  /** Materials the back office asked for (退回补正) and still waits for; approval's clock stands still. */
  readonly approvalSupplement: { readonly taskId: string; readonly pending: readonly string[] } | undefined;
}

export type CaseState = { readonly status: 'none' } | CaseRecord;

export const initialCaseState = (): CaseState => ({ status: 'none' });

/** Codes of the materials handed in so far. */
export const givenCodes = (record: CaseRecord) => new Set(record.materials.map((m) => m.materialCode));

export function evolveCase(state: CaseState, event: CaseEvent): CaseState {
  if (event.$case === 'caseSubmitted') {
    const submitted = event.value;
    return {
      status: 'submitted',
      submitted,
      materials: submitted.materials,
      supplement: undefined,
      accepted: undefined,
      pendingMaterials: [],
      concluded: undefined,
      suspension: undefined,
      approvalSupplement: undefined,
    };
  }
  if (state.status === 'none') return state;
  switch (event.$case) {
    case 'supplementRequested':
      return { ...state, status: 'supplement-requested', supplement: event.value };
    case 'materialsSupplied': {
      const supplied = new Set(event.value.materials.map((m) => m.materialCode));
      return {
        ...state,
        materials: [...event.value.materials, ...state.materials.filter((m) => !supplied.has(m.materialCode))],
        pendingMaterials: state.pendingMaterials.filter((code) => !supplied.has(code)),
        approvalSupplement: state.approvalSupplement && {
          ...state.approvalSupplement,
          pending: state.approvalSupplement.pending.filter((code) => !supplied.has(code)),
        },
      };
    }
    case 'approvalSupplementRequested':
      return { ...state, approvalSupplement: { taskId: event.value.taskId, pending: event.value.items.map((item) => item.materialCode) } };
    case 'approvalSupplementSupplied':
      return { ...state, approvalSupplement: undefined };
    case 'caseSuspended':
      return { ...state, suspension: { kind: event.value.kind, since: event.value.since } };
    case 'caseResumed': {
      const { statutoryDeadline, promisedDeadline } = event.value;
      return { ...state, suspension: undefined, accepted: state.accepted && { ...state.accepted, statutoryDeadline, promisedDeadline } };
    }
    case 'caseAccepted':
      return { ...state, status: 'accepted', accepted: event.value, pendingMaterials: event.value.pendingMaterials };
    case 'catchUpCompleted':
      return { ...state, pendingMaterials: [] };
    case 'caseRefused':
      return { ...state, status: 'refused' };
    case 'caseWithdrawn':
      return { ...state, status: 'withdrawn', approvalSupplement: undefined, suspension: undefined };
    case 'caseConcluded':
      return { ...state, status: 'concluded', concluded: event.value };
    case 'resultDelivered':
      return { ...state, status: 'delivered' };
    case 'caseDeadlinesRecomputed': {
      const { statutoryDeadline, promisedDeadline, catchUpDeadline, deliveryDeadline } = event.value;
      return {
        ...state,
        accepted: state.accepted && { ...state.accepted, statutoryDeadline, promisedDeadline, catchUpDeadline },
        concluded: state.concluded && deliveryDeadline ? { ...state.concluded, deliveryDeadline } : state.concluded,
      };
    }
    default:
      return assertNever(event);
  }
}
