import type { ReportRectificationRequest, ReportRectificationResponse } from '../../../../generated/onewindow/supervision/v1/supervision_service.ts';
import type { CallContext } from '../../../platform/app/call-context.ts';
import { staffOf } from '../supervision-access.ts';
import type { SupervisionApp } from '../supervision-app.ts';
import { ratingAfter } from './on-rating.ts';

/** 整改: the rated department reports what it did about a substantiated bad rating; the report reaches the rater. */
export function reportRectification(app: SupervisionApp, request: ReportRectificationRequest, caller: CallContext): Promise<ReportRectificationResponse> {
  return ratingAfter(app, request, caller, (rated, now) => ({
    type: 'ReportRectification',
    ratingId: request.ratingId,
    measures: request.measures,
    reporter: staffOf(caller),
    raterPhone: rated.applicantPhone,
    now,
  }));
}
