import type { VerifyBadRatingRequest, VerifyBadRatingResponse } from '../../../../generated/onewindow/supervision/v1/supervision_service.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { staffOf } from '../supervision-access.ts';
import type { SupervisionApp } from '../supervision-app.ts';
import { ratingAfter } from './on-rating.ts';

/** 回访核实: a supervisor contacts the author of a bad rating and finds whether it holds; if it does, the department rectifies. */
export function verifyBadRating(app: SupervisionApp, request: VerifyBadRatingRequest, caller: CallContext): Promise<VerifyBadRatingResponse> {
  return ratingAfter(app, request, caller, async (rated, now) => ({
    type: 'VerifyBadRating',
    ratingId: request.ratingId,
    substantiated: request.substantiated,
    note: request.note,
    verifier: staffOf(caller),
    raterPhone: rated.applicantPhone,
    policy: await app.policyFor(rated.handlingRegionCode),
    now,
  }));
}
