import { describe, it } from 'vitest';
import { FailedPreconditionError } from '../../../platform/domain/errors.ts';
import { deciderSpec } from '../../../platform/testing/decider-spec.ts';
import { type BundleEvent, bundleDecider } from './bundle-decider.ts';

const spec = deciderSpec(bundleDecider);
const now = new Date('2026-11-23T02:00:00Z');
const submitted: BundleEvent = {
  $case: 'bundleSubmitted',
  value: {
    bundleId: 'b-1', bundleCode: 'KBQY-350102', bundleVersion: 1, name: '开办企业（一件事）', caseNumbers: ['c-1', 'c-2'], applicantSubject: 'a-1',
    members: [{ itemCode: 'i-1', itemVersion: 1, caseNumber: 'c-1' }, { itemCode: 'i-2', itemVersion: 3, caseNumber: 'c-2' }],
  },
};
const closed = (caseNumber: string, outcome: 'OUTCOME_APPROVED' | 'OUTCOME_DENIED' | 'OUTCOME_WITHDRAWN' = 'OUTCOME_APPROVED'): BundleEvent =>
  ({ $case: 'bundleCaseClosed', value: { bundleId: 'b-1', caseNumber, outcome } });
const close = (caseNumber: string, outcome: 'OUTCOME_APPROVED' | 'OUTCOME_DENIED' | 'OUTCOME_WITHDRAWN' = 'OUTCOME_APPROVED') =>
  ({ type: 'CloseBundleCase' as const, caseNumber, outcome, now });

describe('bundle application (一件事一次办)', () => {
  it('stays open until every one of its cases has ended', () => {
    spec.given([submitted]).when(close('c-1')).then([closed('c-1')]);
  });

  it('concludes, once, when the last case ends: approved only if every case was', () => {
    spec.given([submitted, closed('c-1')]).when(close('c-2')).then([
      closed('c-2'),
      { $case: 'bundleConcluded', value: { bundleId: 'b-1', outcome: 'OUTCOME_APPROVED', concludedOn: '2026-11-23' } },
    ]);
    spec.given([submitted, closed('c-1', 'OUTCOME_DENIED')]).when(close('c-2')).then([
      closed('c-2'),
      { $case: 'bundleConcluded', value: { bundleId: 'b-1', outcome: 'OUTCOME_DENIED', concludedOn: '2026-11-23' } },
    ]);
    spec.given([submitted, closed('c-1')]).when(close('c-1')).then([]);
  });

  it('knows only its own cases', () => {
    spec.given([submitted]).when(close('c-9')).thenThrows(FailedPreconditionError, 'not part of the bundle');
    spec.given([]).when(close('c-1')).thenThrows(FailedPreconditionError);
  });
});
