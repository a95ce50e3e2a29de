import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../platform/domain/errors.ts';
import { deciderSpec } from '../../../platform/testing/decider-spec.ts';
import { defaultPolicy, pauseMaxOf, policyDecider } from './supervision-policy.ts';

const spec = deciderSpec(policyDecider);
const policy = defaultPolicy('350102');

describe('supervision policy', () => {
  it("sets a jurisdiction's thresholds, and the same again records nothing", () => {
    spec.given([]).when({ type: 'SetPolicy', policy }).then([{ $case: 'supervisionPolicySet', value: { policy } }]);
    spec.given([{ $case: 'supervisionPolicySet', value: { policy } }]).when({ type: 'SetPolicy', policy }).then([]);
  });

  it('lets a stopped clock stand 1 to 250 working days, 0 meaning the default of 20', () => {
    spec.given([]).when({ type: 'SetPolicy', policy: { ...policy, pauseMaxWorkingDays: 45 } }).thenState((state) => expect(state?.pauseMaxWorkingDays).toBe(45));
    spec.given([]).when({ type: 'SetPolicy', policy: { ...policy, pauseMaxWorkingDays: 251 } }).thenThrows(ValidationError, 'policy.pause_max_working_days');
    expect(pauseMaxOf({ ...policy, pauseMaxWorkingDays: 0 })).toBe(20);
  });
});
