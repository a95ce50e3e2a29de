import type { NotificationQueued } from '../../../generated/onewindow/notification/v1/events.ts';
import type { EventEnvelope } from '../../platform/events/envelope.ts';
import type { AcceptancePayload, ApprovalPayload, SupervisionPayload } from '../../platform/messaging/topics.ts';
import { suspensionKindNames } from '../../platform/codes/suspension-kinds.ts';
import { notificationIdOf } from '../domain/notification/notification-events.ts';
import { type Template, render, templates } from './templates.ts';

const outcomeText = { OUTCOME_APPROVED: '准予许可', OUTCOME_DENIED: '不予许可', OUTCOME_WITHDRAWN: '撤回', OUTCOME_UNSPECIFIED: '未定', UNRECOGNIZED: '未定' } as const;
const deliveryText = {
  DELIVERY_METHOD_WINDOW: '在窗口交付',
  DELIVERY_METHOD_MAIL: '寄出',
  DELIVERY_METHOD_ELECTRONIC: '电子送达',
  DELIVERY_METHOD_UNSPECIFIED: '送达',
  UNRECOGNIZED: '送达',
} as const;

/** The messages an event calls for (统一反馈进度): to the applicant, or to the staff who must act. */
export function notificationsFor(event: EventEnvelope<AcceptancePayload | ApprovalPayload | SupervisionPayload>): NotificationQueued[] {
  const message = (
    template: Template,
    recipient: { kind: NotificationQueued['recipientKind']; subject: string; address: string },
    values: Record<string, string>,
  ): NotificationQueued => ({
    notificationId: notificationIdOf(event.eventId, recipient.subject, template.channel),
    caseNumber: event.correlationId,
    sourceEventId: event.eventId,
    sourceEventType: event.eventType,
    recipientKind: recipient.kind,
    recipientSubject: recipient.subject,
    address: recipient.address,
    channel: template.channel,
    templateId: template.id,
    templateVersion: template.version,
    text: render(template, values),
  });
  const applicant = (subject: string, phone: string) => ({ kind: 'RECIPIENT_KIND_APPLICANT' as const, subject, address: phone });
  const department = (code: string, regionCode: string) => {
    const inbox = `department:${code}@${regionCode}`;
    return { kind: 'RECIPIENT_KIND_STAFF' as const, subject: inbox, address: inbox };
  };

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
        promisedDate: payload.value.promisedDeadline?.date || payload.value.statutoryDeadline?.date || '法定期限',
      })];
    case 'caseConcluded':
      return [message(templates.caseConcluded, applicant(payload.value.applicantSubject, payload.value.applicantPhone), {
        caseNumber: payload.value.caseNumber,
        itemName: payload.value.itemName,
        outcome: outcomeText[payload.value.outcome],
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
        deadline: payload.value.statutoryDeadline?.date ?? '',
        reason: payload.value.reason,
      })];
    case 'taskReassigned': {
      const person = `staff:${payload.value.assignee}`;
      return [message(templates.taskReassigned, { kind: 'RECIPIENT_KIND_STAFF', subject: person, address: person }, {
        caseNumber: payload.value.caseNumber,
        reason: payload.value.reason,
      })];
    }
    case 'ratingInvited':
      return [message(templates.ratingInvited, applicant(payload.value.applicantSubject, payload.value.applicantPhone), {
        caseNumber: payload.value.caseNumber,
        itemName: payload.value.itemName,
      })];
    case 'caseAlertRaised':
      return [message(templates.alertRaised, department(payload.value.handlingDepartment, payload.value.handlingRegionCode), {
        caseNumber: payload.value.caseNumber,
        alert: payload.value.level === 'ALERT_LEVEL_RED' ? '红牌：已超期' : '黄牌：即将到期',
        deadline: payload.value.deadline?.date ?? '',
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
    case 'taskOpened': {
      const inbox = `department:${payload.value.department}@${payload.value.regionCode}`;
      return [message(templates.taskAssigned, { kind: 'RECIPIENT_KIND_STAFF', subject: inbox, address: inbox }, {
        caseNumber: payload.value.caseNumber,
        stepName: payload.value.stepName,
        dueDate: payload.value.due?.date ?? '',
      })];
    }
    default:
      return [];
  }
}
