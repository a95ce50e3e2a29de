import type { JurisdictionPolicy } from '../../../../generated/onewindow/acceptance/v1/catalog.ts';
import { type Decider, assertNever } from '../../../platform/domain/decider.ts';
import { ValidationError } from '../../../platform/domain/errors.ts';
import type { AcceptancePayload } from '../acceptance-payload.ts';

export const jurisdictionEventTypes = ['jurisdictionPolicySet', 'badCreditRecorded', 'dataSubjectErased'] as const;

/**
 * Facts operators record about jurisdictions and applicants: a jurisdiction's acceptance policy
 * ("policy-<region>"), a holder's bad credit record ("credit-<holder id>") and the erasure of a
 * holder's personal data ("erasure-<holder id>").
 */
export type JurisdictionEvent = Extract<AcceptancePayload, { $case: (typeof jurisdictionEventTypes)[number] }>;

export const policyStreamId = (regionCode: string) => `policy-${regionCode}`;
export const creditStreamId = (holderId: string) => `credit-${holderId}`;
export const erasureStreamId = (holderId: string) => `erasure-${holderId}`;

export interface SetJurisdictionPolicy {
  readonly type: 'SetJurisdictionPolicy';
  readonly policy: JurisdictionPolicy;
  readonly knownRegion: (code: string) => boolean;
}

export interface RecordBadCredit {
  readonly type: 'RecordBadCredit';
  readonly holderId: string;
  readonly reason: string;
}

/** Records an erasure done: the keys are destroyed before, so a failure here leaves no false record. */
export interface RecordErasure {
  readonly type: 'RecordErasure';
  readonly holderId: string;
  readonly reason: string;
  readonly keysErased: number;
}

export type JurisdictionCommand = SetJurisdictionPolicy | RecordBadCredit | RecordErasure;

export const jurisdictionDecider: Decider<JurisdictionCommand, JurisdictionEvent, null> = {
  initialState: () => null,
  evolve: (state) => state,
  decide(command) {
    switch (command.type) {
      case 'SetJurisdictionPolicy':
        if (!command.knownRegion(command.policy.regionCode)) throw ValidationError.field('policy.region_code', 'must be a region this installation serves');
        return [{ $case: 'jurisdictionPolicySet', value: { policy: command.policy } }];
      case 'RecordBadCredit':
        if (!command.reason.trim()) throw ValidationError.field('reason', 'is required');
        return [{ $case: 'badCreditRecorded', value: { holderId: command.holderId, reason: command.reason } }];
      case 'RecordErasure':
        if (!command.reason.trim()) throw ValidationError.field('reason', 'is required: an erasure records why');
        return [{ $case: 'dataSubjectErased', value: { holderId: command.holderId, reason: command.reason, keysErased: command.keysErased } }];
      default:
        return assertNever(command);
    }
  },
};
