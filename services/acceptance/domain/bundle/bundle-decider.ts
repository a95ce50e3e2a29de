import type { BundleDefinition } from '../../../../generated/onewindow/acceptance/v1/catalog.ts';
import type { BundleMember } from '../../../../generated/onewindow/acceptance/v1/events.ts';
import type { Outcome } from '../../../../generated/onewindow/common/v1/outcome.ts';
import { type Decider, assertNever } from '../../../platform/domain/decider.ts';
import { FailedPreconditionError } from '../../../platform/domain/errors.ts';
import type { AcceptancePayload } from '../acceptance-payload.ts';
import { chinaDateOf } from '../../../platform/time/china-date.ts';

export const bundleEventTypes = ['bundleSubmitted', 'bundleCaseClosed', 'bundleConcluded'] as const;

/** The events of one bundle application ("bundle-<bundle id>"). */
export type BundleEvent = Extract<AcceptancePayload, { $case: (typeof bundleEventTypes)[number] }>;

export const bundleStreamId = (bundleId: string) => `bundle-${bundleId}`;
export const BUNDLE_STREAM_TYPE = 'bundle';

export interface SubmitBundleApplication {
  readonly type: 'SubmitBundleApplication';
  readonly bundleId: string;
  readonly definition: BundleDefinition;
  /** Each member item at the version its case is submitted under, with the case's number. */
  readonly members: readonly BundleMember[];
  readonly applicantSubject: string;
}

/** One of the bundle's cases ended (concluded, refused or withdrawn). */
export interface CloseBundleCase {
  readonly type: 'CloseBundleCase';
  readonly caseNumber: string;
  readonly outcome: Outcome;
  readonly now: Date;
}

export type BundleCommand = SubmitBundleApplication | CloseBundleCase;

export type BundleState =
  | { readonly status: 'none' }
  | {
      readonly status: 'open' | 'concluded';
      readonly bundleId: string;
      readonly members: readonly BundleMember[];
      readonly caseNumbers: readonly string[];
      readonly closed: ReadonlyMap<string, Outcome>;
    };

/** 一件事一次办: one application, linked cases in parallel, one conclusion when all have ended. */
export const bundleDecider: Decider<BundleCommand, BundleEvent, BundleState> = {
  initialState: () => ({ status: 'none' }),
  evolve(state, event) {
    switch (event.$case) {
      case 'bundleSubmitted':
        return { status: 'open', bundleId: event.value.bundleId, members: event.value.members, caseNumbers: event.value.caseNumbers, closed: new Map() };
      case 'bundleCaseClosed':
        return state.status === 'none' ? state : { ...state, closed: new Map(state.closed).set(event.value.caseNumber, event.value.outcome) };
      case 'bundleConcluded':
        return state.status === 'none' ? state : { ...state, status: 'concluded' };
      default:
        return assertNever(event);
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'SubmitBundleApplication':
        if (state.status !== 'none') return [];
        return [
          {
            $case: 'bundleSubmitted',
            value: {
              bundleId: command.bundleId,
              bundleCode: command.definition.bundleCode,
              bundleVersion: command.definition.version,
              name: command.definition.name,
              caseNumbers: command.members.map((member) => member.caseNumber),
              applicantSubject: command.applicantSubject,
              members: [...command.members],
            },
          },
        ];
      case 'CloseBundleCase': {
        if (state.status === 'none') throw new FailedPreconditionError('the bundle does not exist');
        if (!state.caseNumbers.includes(command.caseNumber)) throw new FailedPreconditionError(`case ${command.caseNumber} is not part of the bundle`);
        if (state.closed.has(command.caseNumber)) return [];
        const closed: BundleEvent = { $case: 'bundleCaseClosed', value: { bundleId: state.bundleId, caseNumber: command.caseNumber, outcome: command.outcome } };
        const outcomes = [...state.closed.values(), command.outcome];
        if (outcomes.length < state.caseNumbers.length) return [closed];
        return [closed, { $case: 'bundleConcluded', value: { bundleId: state.bundleId, outcome: bundleOutcome(outcomes), concludedOn: chinaDateOf(command.now) } }];
      }
      default:
        return assertNever(command);
    }
  },
};

/** Approved when every case was; withdrawn when every case was; denied otherwise. */
function bundleOutcome(outcomes: readonly Outcome[]): Outcome {
  if (outcomes.every((o) => o === 'OUTCOME_APPROVED')) return 'OUTCOME_APPROVED';
  if (outcomes.every((o) => o === 'OUTCOME_WITHDRAWN')) return 'OUTCOME_WITHDRAWN';
  return 'OUTCOME_DENIED';
}
