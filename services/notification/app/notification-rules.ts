import type { EventEnvelope } from '../../platform/events/envelope.ts';
import type { AcceptancePayload, ApprovalPayload, SupervisionPayload } from '../../contracts/topics.ts';
import { deadlineText } from '../../contracts/deadline-text.ts';
import { suspensionKindNames } from '../../platform/codes/suspension-kinds.ts';
import { type Template, templates } from './templates.ts';

const outcomeText = { OUTCOME_APPROVED: '准予许可', OUTCOME_DENIED: '不予许可', OUTCOME_WITHDRAWN: '撤回', OUTCOME_UNSPECIFIED: '未定', UNRECOGNIZED: '未定' } as const;
const deliveryText = {
  DELIVERY_METHOD_WINDOW: '在窗口交付',
  DELIVERY_METHOD_MAIL: '寄出',
  DELIVERY_METHOD_ELECTRONIC: '电子送达',
  DELIVERY_METHOD_UNSPECIFIED: '送达',
  UNRECOGNIZED: '送达',
} as const;

/** Who a message is for: an applicant (on the channels they chose) or a staff inbox. */
export type Recipient =
  | { readonly kind: 'applicant'; readonly subject: string; readonly phone: string }
  | { readonly kind: 'staff'; readonly inbox: string };

/** A message an event calls for, before it is rendered for a channel. */
export interface MessageIntent {
  readonly template: Template;
  readonly recipient: Recipient;
  readonly values: Readonly<Record<string, string>>;
}

/** The messages an event calls for (统一反馈进度): to the applicant, or to the staff who must act. */
export function messagesFor(event: EventEnvelope<AcceptancePayload | ApprovalPayload | SupervisionPayload>): MessageIntent[] {
  const message = (template: Template, recipient: Recipient, values: Record<string, string>): MessageIntent => ({ template, recipient, values });
  const applicant = (subject: string, phone: string): Recipient => ({ kind: 'applicant', subject, phone });
  const department = (code: string, regionCode: string): Recipient => ({ kind: 'staff', inbox: `department:${code}@${regionCode}` });

  const payload = event.payload;
  switch (payload.$case) {
    case 'caseSubmitted':
      return [message(templates.caseSubmitted, applicant(payload.value.applicantSubject, payload.value.applicant?.phone ?? ''), {
        itemName: payload.value.itemName,
        caseNumber: payload.value.caseNumber,
      })];
    case 'caseAccepted':
      return [message(templates.caseAccepted, applicant(payload.value.applicantSubject, payload.value.applicantPhone), {
        caseNumber: payload.value.caseNumber,
        itemName: payload.value.itemName,
        promisedDate: deadlineText(payload.value.promisedDeadline?.date ? payload.value.promisedDeadline : payload.value.statutoryDeadline, '法定期限'),
      })];
    case 'caseConcluded':
      return [message(templates.caseConcluded, applicant(payload.value.applicantSubject, payload.value.applicantPhone), {
        caseNumber: payload.value.caseNumber,
        itemName: payload.value.itemName,
        outcome: outcomeText[payload.value.outcome],
        next: payload.value.outcome === 'OUTCOME_APPROVED' && payload.value.deliveryDeadline?.date
          ? `结果将于${deadlineText(payload.value.deliveryDeadline)}前送达，可到办理窗口领取，或申请邮寄、电子送达。`
          : '',
      })];
    case 'supplementRequested':
      return [message(templates.supplementRequested, applicant(payload.value.applicantSubject, payload.value.applicantPhone), {
        caseNumber: payload.value.caseNumber,
        itemName: payload.value.itemName,
        materials: payload.value.items.map((item) => `${item.materialName || item.materialCode}${item.problem === 'MATERIAL_PROBLEM_DEFECTIVE' ? '（需更正）' : ''}`).join('、'),
      })];
    case 'caseRefused':
      return [message(templates.caseRefused, applicant(payload.value.applicantSubject, payload.value.applicantPhone), {
        caseNumber: payload.value.caseNumber,
        itemName: payload.value.itemName,
        reason: payload.value.reason,
        legalBasis: payload.value.legalBasis,
      })];
    case 'caseWithdrawn':
      return [message(templates.caseWithdrawn, applicant(payload.value.applicantSubject, payload.value.applicantPhone), {
        caseNumber: payload.value.caseNumber,
        itemName: payload.value.itemName,
      })];
    case 'resultDelivered':
      return [message(templates.resultDelivered, applicant(payload.value.applicantSubject, payload.value.applicantPhone), {
        caseNumber: payload.value.caseNumber,
        itemName: payload.value.itemName,
        method: deliveryText[payload.value.method],
      })];
    case 'approvalSupplementRequested':
      return [message(templates.approvalSupplementRequested, applicant(payload.value.applicantSubject, payload.value.applicantPhone), {
        caseNumber: payload.value.caseNumber,
        itemName: payload.value.itemName,
        materials: payload.value.items.map((item) => item.materialName || item.materialCode).join('、'),
        note: payload.value.note,
      })];
    case 'clockSuspended':
      // A return is told by acceptance, which knows the materials' names.
      if (payload.value.kind === 'SUSPENSION_KIND_SUPPLEMENT') return [];
      return [message(templates.clockSuspended, applicant(payload.value.applicantSubject, payload.value.applicantPhone), {
        caseNumber: payload.value.caseNumber,
        itemName: payload.value.itemName,
        procedure: suspensionKindNames[payload.value.kind],
        days: String(payload.value.expectedWorkingDays),
        legalBasis: payload.value.legalBasis,
      })];
    case 'deadlineExtended':
      return [message(templates.deadlineExtended, applicant(payload.value.applicantSubject, payload.value.applicantPhone), {
        caseNumber: payload.value.caseNumber,
        itemName: payload.value.itemName,
        days: String(payload.value.workingDays),
        deadline: deadlineText(payload.value.statutoryDeadline, ''),
        reason: payload.value.reason,
      })];
    case 'taskReassigned':
      return [message(templates.taskReassigned, { kind: 'staff', inbox: `staff:${payload.value.assignee}` }, {
        caseNumber: payload.value.caseNumber,
        reason: payload.value.reason,
      })];
    case 'ratingInvited':
      return [message(templates.ratingInvited, applicant(payload.value.applicantSubject, payload.value.applicantPhone), {
        caseNumber: payload.value.caseNumber,
        itemName: payload.value.itemName,
      })];
    case 'caseAlertRaised':
      return [message(templates.alertRaised, department(payload.value.handlingDepartment, payload.value.handlingRegionCode), {
        caseNumber: payload.value.caseNumber,
        alert: alertWords(payload.value.level, payload.value.deadlineKind === 'DEADLINE_KIND_PAUSE'),
        deadline: deadlineText(payload.value.deadline, ''),
      })];
    case 'supervisionOrderIssued':
      return [message(templates.orderIssued, department(payload.value.department, payload.value.regionCode), {
        instruction: payload.value.instruction,
        dueOn: payload.value.dueOn,
      })];
    case 'badRatingVerified':
      // Substantiated, the department must rectify; if not, the rater is told why at once.
      if (payload.value.substantiated) {
        return [message(templates.rectificationAssigned, department(payload.value.department, event.regionCode), { dueOn: payload.value.rectifyDueOn, note: payload.value.note })];
      }
      return [message(templates.ratingFollowUp, applicant(payload.value.raterSubject, payload.value.raterPhone), {
        caseNumber: payload.value.caseNumber,
        result: payload.value.note,
      })];
    case 'rectificationReported':
      return [message(templates.ratingFollowUp, applicant(payload.value.raterSubject, payload.value.raterPhone), {
        caseNumber: payload.value.caseNumber,
        result: payload.value.measures,
      })];
    case 'taskOpened':
      return [message(templates.taskAssigned, department(payload.value.department, payload.value.regionCode), {
        caseNumber: payload.value.caseNumber,
        stepName: payload.value.stepName,
        dueDate: deadlineText(payload.value.due, ''),
      })];
    default:
      return [];
  }
}

/** What an alert says: a stopped clock's (a special procedure past the time told) or a deadline's. */
function alertWords(level: string, pause: boolean): string {
  if (pause) return level === 'ALERT_LEVEL_RED' ? '红牌：中止计时已超出告知时间' : '黄牌：中止计时即将超出告知时间';
  return level === 'ALERT_LEVEL_RED' ? '红牌：已超期' : '黄牌：即将到期';
}
