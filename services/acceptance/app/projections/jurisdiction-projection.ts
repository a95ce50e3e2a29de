import type { AcceptancePayload } from '../../../contracts/topics.ts';
import type { Projection } from '../../../platform/projection/projection.ts';
import { jurisdictionEventTypes } from '../../domain/administration/jurisdiction-records.ts';
import type { ReadModelDocument } from '../../../platform/readmodel/read-model-store.ts';

export interface PolicyDocument extends ReadModelDocument {
  readonly toleranceAcceptance: boolean;
}

export interface CreditDocument extends ReadModelDocument {
  readonly reason: string;
}

export const POLICIES = 'jurisdiction_policies';
export const BAD_CREDIT = 'bad_credit';

/** Jurisdictions' acceptance policies (by region) and bad credit records (by holder id). */
export const jurisdictionProjection: Projection<AcceptancePayload> = {
  name: 'jurisdiction',
  eventTypes: new Set(jurisdictionEventTypes),
  collections: [{ name: POLICIES }, { name: BAD_CREDIT }],
  async apply(event, tx) {
    const payload = event.payload;
    if (payload.$case === 'jurisdictionPolicySet' && payload.value.policy) {
      await tx.put<PolicyDocument>(POLICIES, { id: payload.value.policy.regionCode, toleranceAcceptance: payload.value.policy.toleranceAcceptance });
    } else if (payload.$case === 'badCreditRecorded') {
      await tx.put<CreditDocument>(BAD_CREDIT, { id: payload.value.holderId, reason: payload.value.reason });
    }
  },
};
