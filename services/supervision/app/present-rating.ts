import type { Rating } from '../../../generated/onewindow/supervision/v1/rating.ts';
import type { CallContext } from '../../platform/app/call-context.ts';
import { maskPersonalDataInText } from '../../platform/privacy/mask-personal-data.ts';
import { chinaDateOf } from '../../platform/time/china-date.ts';
import { ownDepartmentOnly } from './supervision-access.ts';

/**
 * A rating as the caller may see it, as of `now` (国办发〔2019〕51号: staff never see who rated).
 * The rater sees their own whole. Supervisors, who contact raters, see the case but not the
 * rater's account. The rated department sees neither: it rectifies from the rating alone.
 * Comments have personal data masked. A follow-up step past its due day is overdue.
 */
export function presentRating(rating: Rating, caller: CallContext, now: Date): Rating {
  const today = chinaDateOf(now);
  const overdue =
    (rating.followUp === 'FOLLOW_UP_STAGE_VERIFYING' && rating.contactDueOn !== '' && today > rating.contactDueOn) ||
    (rating.followUp === 'FOLLOW_UP_STAGE_RECTIFYING' && rating.rectifyDueOn !== '' && today > rating.rectifyDueOn);
  if (caller.role === 'ROLE_APPLICANT') return { ...rating, overdue };
  const forStaff = { ...rating, overdue, raterSubject: '', comment: maskPersonalDataInText(rating.comment) };
  return ownDepartmentOnly(caller) ? { ...forStaff, caseNumber: '' } : forStaff;
}
