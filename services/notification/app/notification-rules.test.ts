import { describe, expect, it } from 'vitest';
import { CaseAccepted } from '../../../generated/onewindow/acceptance/v1/events.ts';
import { CaseAlertRaised } from '../../../generated/onewindow/supervision/v1/events.ts';
import type { EventEnvelope } from '../../platform/events/envelope.ts';
import type { AcceptancePayload, ApprovalPayload, SupervisionPayload } from '../../contracts/topics.ts';
import { messagesFor } from './notification-rules.ts';
import { render } from './templates.ts';

const envelope = (payload: AcceptancePayload | ApprovalPayload | SupervisionPayload): EventEnvelope<AcceptancePayload | ApprovalPayload | SupervisionPayload> => ({
  eventId: 'event-1',
  streamId: 'case-35010220261123000001',
  streamType: 'case',
  version: 3,
  position: 7,
  eventType: payload.$case,
  sourceService: 'acceptance',
  schemaVersion: 1,
  occurredAt: '2026-11-23T02:00:00.000Z',
  correlationId: '35010220261123000001',
  causationId: 'request-1',
  actor: { subject: 'clerk-7', role: 'ROLE_CLERK', channel: 'CHANNEL_COUNTER', hallId: 'hall-1', windowId: 'w-3', department: '', regionCode: '350102' },
  regionCode: '350102',
  traceContext: { traceparent: '', tracestate: '' },
  payload,
});
const rendered = (payload: AcceptancePayload | ApprovalPayload | SupervisionPayload) => messagesFor(envelope(payload)).map((intent) => ({ ...intent, text: render(intent.template, intent.values) }));

describe('notification rules', () => {
  it('tell the applicant why a case was refused, with ID and mobile numbers in free text masked', () => {
    const [message, ...rest] = rendered({
      $case: 'caseRefused',
      value: {
        caseNumber: '35010220261123000001',
        reason: '申请人 11010519491231002X 已有在办件，请联系 13800138000',
        legalBasis: '《行政许可法》第三十二条',
        refusedOn: '2026-11-23',
        itemName: '食品经营许可',
        applicantSubject: 'applicant-zhangsan',
        applicantPhone: '13800138000',
      },
    });
    expect(rest).toEqual([]);
    expect(message!.recipient).toEqual({ kind: 'applicant', subject: 'applicant-zhangsan', phone: '13800138000' });
    expect(message!.text).toBe('【一网通办】您的办件35010220261123000001（食品经营许可）不予受理：申请人 1101**********002X 已有在办件，请联系 138****8000（依据：《行政许可法》第三十二条）。');
  });

  it('say when and where an approved result can be had (template v2)', () => {
    const [message] = rendered({
      $case: 'caseConcluded',
      value: {
        caseNumber: '35010220261123000001', outcome: 'OUTCOME_APPROVED', concludedOn: '2026-11-23', resultReference: 'JY135010200001', reason: '', itemName: '食品经营许可',
        applicantSubject: 'applicant-zhangsan', applicantPhone: '13800138000', deliveryDeadline: { date: '2026-12-07', workingDays: 10, provisional: false }, licenseType: '', holderId: '', bundleId: '',
      },
    });
    expect(message!.template).toMatchObject({ id: 'case-concluded', version: 2 });
    expect(message!.text).toBe('【一网通办】您的办件35010220261123000001（食品经营许可）已办结，结果：准予许可。结果将于2026-12-07前送达，可到办理窗口领取，或申请邮寄、电子送达。');
  });

  it('send staff messages to the department\'s inbox of the region', () => {
    const [message] = rendered({
      $case: 'caseAlertRaised',
      value: CaseAlertRaised.fromPartial({
        caseNumber: '35010220261123000001', level: 'ALERT_LEVEL_RED', handlingDepartment: 'SCJGJ', handlingRegionCode: '350102', deadline: { date: '2026-11-20', workingDays: 20, provisional: false },
      }),
    });
    expect(message!.recipient).toEqual({ kind: 'staff', inbox: 'department:SCJGJ@350102' });
    expect(message!.text).toBe('效能监督预警：办件35010220261123000001红牌：已超期（期限 2026-11-20），请及时办理。');
  });

  it('list every missing material in the one supplement notice, and name defective ones', () => {
    const [message] = rendered({
      $case: 'supplementRequested',
      value: {
        caseNumber: '35010220261123000001', requestedOn: '2026-11-23', itemName: '食品经营许可', applicantSubject: 'applicant-zhangsan', applicantPhone: '13800138000',
        items: [
          { materialCode: 'floor-plan', materialName: '经营场所平面图', problem: 'MATERIAL_PROBLEM_MISSING', note: '' },
          { materialCode: 'health-cert', materialName: '健康证明', problem: 'MATERIAL_PROBLEM_DEFECTIVE', note: '已过期' },
        ],
      },
    } as never);
    expect(message!.text).toBe('【一网通办】您的办件35010220261123000001（食品经营许可）需一次性补正以下材料：经营场所平面图、健康证明（需更正）。补齐后即可受理。');
  });

  it('mark a deadline in a year without a holiday notice 暂定 in messages too, as the history does', () => {
    const provisional = { date: '2027-01-19', workingDays: 20, provisional: true };
    const [accepted] = rendered({
      $case: 'caseAccepted',
      value: CaseAccepted.fromPartial({ caseNumber: '35010220261221000001', itemName: '食品经营许可', applicantSubject: 'applicant-zhangsan', applicantPhone: '13800138000', promisedDeadline: provisional }),
    });
    expect(accepted!.text).toBe('【一网通办】您的办件35010220261221000001（食品经营许可）已受理，承诺于2027-01-19（暂定）前办结。');
    const [task] = rendered({ $case: 'taskOpened', value: { caseNumber: '35010220261221000001', stepName: '审查', department: 'SCJGJ', regionCode: '350102', due: provisional } as never });
    expect(task!.text).toBe('新的审批任务：办件35010220261221000001「审查」，请于2027-01-19（暂定）前办理。');
    const [alert] = rendered({ $case: 'caseAlertRaised', value: CaseAlertRaised.fromPartial({ caseNumber: '35010220261221000001', level: 'ALERT_LEVEL_YELLOW', handlingDepartment: 'SCJGJ', handlingRegionCode: '350102', deadline: provisional }) });
    expect(alert!.text).toContain('（期限 2027-01-19（暂定））');
    const [pause] = rendered({ $case: 'caseAlertRaised', value: CaseAlertRaised.fromPartial({ caseNumber: '35010220261221000001', level: 'ALERT_LEVEL_RED', deadlineKind: 'DEADLINE_KIND_PAUSE', handlingDepartment: 'SCJGJ', handlingRegionCode: '350102', deadline: { date: '2026-09-30', workingDays: 5, provisional: false } }) });
    expect(pause!.text).toBe('效能监督预警：办件35010220261221000001红牌：中止计时已超出告知时间（期限 2026-09-30），请及时办理。');
  });

  it('tell a department of its new task and of a supervision order', () => {
    const [task] = rendered({ $case: 'taskOpened', value: { caseNumber: '35010220261123000001', stepName: '审查', department: 'SCJGJ', regionCode: '350102', due: { date: '2026-11-30', workingDays: 5, provisional: false } } as never });
    expect(task!.recipient).toEqual({ kind: 'staff', inbox: 'department:SCJGJ@350102' });
    expect(task!.text).toBe('新的审批任务：办件35010220261123000001「审查」，请于2026-11-30前办理。');
    const [order] = rendered({ $case: 'supervisionOrderIssued', value: { department: 'SCJGJ', regionCode: '350102', instruction: '请于三日内说明超期原因', dueOn: '2026-11-26' } as never });
    expect(order!.recipient).toEqual({ kind: 'staff', inbox: 'department:SCJGJ@350102' });
    expect(order!.text).toBe('督办通知：请于三日内说明超期原因。请于2026-11-26前回复。');
  });
});
