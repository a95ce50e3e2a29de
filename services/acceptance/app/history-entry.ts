import type { HistoryEntry } from '../../../generated/onewindow/acceptance/v1/case.ts';
import type { DirectoryEntry } from '../../../generated/onewindow/acceptance/v1/directory.ts';
import type { Channel } from '../../../generated/onewindow/common/v1/actor.ts';
import type { AcceptanceMode, DeliveryMethod } from '../../../generated/onewindow/acceptance/v1/case.ts';
import type { Outcome } from '../../../generated/onewindow/common/v1/outcome.ts';
import type { DeliveryChannel } from '../../../generated/onewindow/notification/v1/notification.ts';
import type { Decision } from '../../../generated/onewindow/approval/v1/process.ts';
import type { AlertLevel, DeadlineKind } from '../../../generated/onewindow/supervision/v1/watch.ts';
import { deadlineText } from '../../contracts/deadline-text.ts';
import { suspensionKindNames } from '../../platform/codes/suspension-kinds.ts';
import { assertNever } from '../../platform/domain/decider.ts';
import type { EventEnvelope } from '../../platform/events/envelope.ts';
import { maskPersonalData, maskPersonalDataInText } from '../../platform/privacy/mask-personal-data.ts';
import { type AnyPayload, payloadJson } from '../../contracts/topics.ts';

const channelNames: Readonly<Record<Channel, string>> = {
  CHANNEL_UNSPECIFIED: '未注明渠道',
  CHANNEL_COUNTER: '窗口',
  CHANNEL_PC: 'PC 端',
  CHANNEL_MOBILE: '移动端',
  CHANNEL_KIOSK: '自助终端',
  CHANNEL_HOTLINE: '12345 热线',
  CHANNEL_MAIL: '邮寄',
  UNRECOGNIZED: '未知渠道',
};

const deliveryChannelNames: Readonly<Record<DeliveryChannel, string>> = {
  DELIVERY_CHANNEL_UNSPECIFIED: '',
  DELIVERY_CHANNEL_SMS: '短信',
  DELIVERY_CHANNEL_APP_PUSH: '应用推送',
  DELIVERY_CHANNEL_EMAIL: '邮件',
  DELIVERY_CHANNEL_HALL_SCREEN: '大厅屏幕',
  DELIVERY_CHANNEL_STAFF_INBOX: '工作人员消息',
  UNRECOGNIZED: '',
};

const outcomeNames: Readonly<Record<Outcome, string>> = {
  OUTCOME_UNSPECIFIED: '未定',
  OUTCOME_APPROVED: '准予许可',
  OUTCOME_DENIED: '不予许可',
  OUTCOME_WITHDRAWN: '撤回',
  UNRECOGNIZED: '未知',
};

const modeNames: Readonly<Record<AcceptanceMode, string>> = {
  ACCEPTANCE_MODE_UNSPECIFIED: '',
  ACCEPTANCE_MODE_NORMAL: '',
  ACCEPTANCE_MODE_TOLERANCE: '（容缺受理）',
  ACCEPTANCE_MODE_COMMITMENT: '（告知承诺）',
  ACCEPTANCE_MODE_DEEMED: '（逾期未告知，视为受理）',
  UNRECOGNIZED: '',
};

const deliveryNames: Readonly<Record<DeliveryMethod, string>> = {
  DELIVERY_METHOD_UNSPECIFIED: '',
  DELIVERY_METHOD_WINDOW: '窗口领取',
  DELIVERY_METHOD_MAIL: '邮寄送达',
  DELIVERY_METHOD_ELECTRONIC: '电子送达',
  UNRECOGNIZED: '',
};

const decisionNames: Readonly<Record<Decision, string>> = {
  DECISION_UNSPECIFIED: '',
  DECISION_APPROVE: '同意',
  DECISION_REJECT: '不同意',
  DECISION_RETURN: '退回补正',
  UNRECOGNIZED: '',
};

const alertNames: Readonly<Record<AlertLevel, string>> = { ALERT_LEVEL_UNSPECIFIED: '预警', ALERT_LEVEL_YELLOW: '黄牌预警', ALERT_LEVEL_RED: '红牌警告', UNRECOGNIZED: '预警' };
const deadlineKindNames: Readonly<Record<DeadlineKind, string>> = { DEADLINE_KIND_UNSPECIFIED: '', DEADLINE_KIND_PROMISED: '承诺', DEADLINE_KIND_STATUTORY: '法定', DEADLINE_KIND_PAUSE: '特别程序', DEADLINE_KIND_DELIVERY: '送达', UNRECOGNIZED: '' };
const ratingNames: Readonly<Record<number, string>> = { 1: '非常满意', 2: '满意', 3: '基本满意', 4: '不满意', 5: '非常不满意' };

/** A directory entry in a line: names for departments, halls and windows; a staff post without its account. */
function directoryEntrySummary(entry: DirectoryEntry | undefined): string {
  const version = `第 ${entry?.version ?? 0} 版`;
  switch (entry?.entry?.$case) {
    case 'department':
      return `目录登记：部门 ${entry.entry.value.name} ${version}`;
    case 'hall':
      return `目录登记：大厅 ${entry.entry.value.name} ${version}`;
    case 'window':
      return `目录登记：窗口 ${entry.entry.value.name} ${version}`;
    default:
      return `目录登记：人员岗位 ${version}`;
  }
}

/** A readable Chinese line for an event of any service (办件全流程记录). */
export function summaryOf(payload: AnyPayload): string {
  switch (payload.$case) {
    case 'serviceItemPublished':
      return `事项发布：${payload.value.item?.name ?? ''} 第 ${payload.value.item?.version ?? 0} 版`;
    case 'directoryEntryRecorded':
      return directoryEntrySummary(payload.value.entry);
    case 'caseSubmitted':
      return `通过${channelNames[payload.value.channel]}提交《${payload.value.itemName}》申请`;
    case 'caseAccepted':
      return `已受理${modeNames[payload.value.mode]}；承诺办结 ${deadlineText(payload.value.promisedDeadline)}，法定期限 ${deadlineText(payload.value.statutoryDeadline)}${
        payload.value.pendingMaterials.length ? `；${payload.value.pendingMaterials.length} 项材料须于 ${deadlineText(payload.value.catchUpDeadline)} 前补齐` : ''
      }`;
    case 'caseConcluded':
      return `办结：${outcomeNames[payload.value.outcome]}${payload.value.reason ? `（${maskPersonalDataInText(payload.value.reason)}）` : ''}`;
    case 'supplementRequested':
      return `一次性告知补正：${payload.value.items.map((item) => item.materialName || item.materialCode).join('、')}`;
    case 'approvalSupplementRequested':
      return `审批部门要求补正：${payload.value.items.map((item) => item.materialName || item.materialCode).join('、')}`;
    case 'approvalSupplementSupplied':
      return '补正材料已提交，审批恢复计时';
    case 'caseSuspended':
      return `审批暂停计时（${suspensionKindNames[payload.value.kind]}）`;
    case 'caseResumed':
      return `审批恢复计时：承诺办结 ${deadlineText(payload.value.promisedDeadline)}，法定期限 ${deadlineText(payload.value.statutoryDeadline)}`;
    case 'materialsSupplied':
      return `补交材料 ${payload.value.materials.length} 项`;
    case 'catchUpCompleted':
      return '容缺材料已补齐';
    case 'caseRefused':
      return `不予受理：${maskPersonalDataInText(payload.value.reason)}（${payload.value.legalBasis}）`;
    case 'caseWithdrawn':
      return `申请人撤回申请${payload.value.reason ? `：${maskPersonalDataInText(payload.value.reason)}` : ''}`;
    case 'resultDelivered':
      return `出件：${deliveryNames[payload.value.method]}${payload.value.hallId ? `（${payload.value.hallId}）` : ''}`;
    case 'caseDeadlinesRecomputed':
      return `期限重算：承诺办结 ${deadlineText(payload.value.promisedDeadline)}，法定期限 ${deadlineText(payload.value.statutoryDeadline)}${
        payload.value.deliveryDeadline ? `，出件期限 ${deadlineText(payload.value.deliveryDeadline)}` : ''
      }`;
    case 'serviceItemRetired':
      return `事项停止办理：${payload.value.itemCode}`;
    case 'bundlePublished':
      return `一件事发布：${payload.value.bundle?.name ?? ''}`;
    case 'holidayNoticeLoaded':
      return `载入 ${payload.value.notice?.year ?? ''} 年节假日安排`;
    case 'calendarOverrideSet':
      return `地方工作日调整：${payload.value.override?.regionCode ?? ''} ${payload.value.override?.year ?? ''}`;
    case 'jurisdictionPolicySet':
      return `受理政策调整：${payload.value.policy?.regionCode ?? ''}`;
    case 'badCreditRecorded':
      return '记录失信信息';
    case 'dataSubjectErased':
      return '个人信息已删除';
    case 'historyEntriesArrived':
      return '记入办件记录';
    case 'bundleSubmitted':
      return `一件事申请：${payload.value.name}，${payload.value.caseNumbers.length} 个办件`;
    case 'bundleCaseClosed':
      return `一件事办件结束：${payload.value.caseNumber}`;
    case 'bundleConcluded':
      return `一件事办结：${outcomeNames[payload.value.outcome]}`;
    case 'processStarted':
      return `启动审批流程，共 ${payload.value.stageCount} 个阶段`;
    case 'taskOpened':
      return `「${payload.value.stepName}」任务分派至 ${payload.value.department}（${payload.value.regionCode}），限 ${deadlineText(payload.value.due)} 前办理`;
    case 'taskClaimed':
      return '审批人员已签收任务';
    case 'taskDecided':
      return `审批意见：${decisionNames[payload.value.decision]}${payload.value.opinion ? `，${maskPersonalDataInText(payload.value.opinion)}` : ''}`;
    case 'taskReleased':
      return '审批人员退回任务至部门待办';
    case 'taskReassigned':
      return '审批任务转办';
    case 'clockSuspended':
      return payload.value.kind === 'SUSPENSION_KIND_SUPPLEMENT'
        ? `退回补正，暂停计时（剩余法定 ${payload.value.statutoryWorkingDaysLeft} 个工作日）`
        : `特别程序（${suspensionKindNames[payload.value.kind]}），暂停计时，预计 ${payload.value.expectedWorkingDays} 个工作日；依据 ${payload.value.legalBasis}`;
    case 'clockResumed':
      return `${suspensionKindNames[payload.value.kind]}结束，恢复计时：承诺 ${deadlineText(payload.value.promisedDeadline)}，法定 ${deadlineText(payload.value.statutoryDeadline)}`;
    case 'deadlineExtended':
      return `延长审批期限 ${payload.value.workingDays} 个工作日至 ${deadlineText(payload.value.statutoryDeadline)}：${maskPersonalDataInText(payload.value.reason)}`;
    case 'processDeadlinesRecomputed':
      return `审批期限重算：承诺 ${deadlineText(payload.value.promisedDeadline)}，法定 ${deadlineText(payload.value.statutoryDeadline)}`;
    case 'processWithdrawn':
      return '申请人撤回，审批终止';
    case 'taskWithdrawn':
      return `审批任务撤回：${payload.value.reason}`;
    case 'processConcluded':
      return `审批决定：${outcomeNames[payload.value.outcome]}`;
    case 'caseClockStarted':
      return `开始计时：承诺 ${deadlineText(payload.value.promisedDeadline)}，法定 ${deadlineText(payload.value.statutoryDeadline)}`;
    case 'caseClockDeadlinesUpdated':
      return `期限更新：承诺 ${deadlineText(payload.value.promisedDeadline)}，法定 ${deadlineText(payload.value.statutoryDeadline)}`;
    case 'caseReceived':
      return '效能监督登记办件';
    case 'caseVisited':
      return `到厅办理记录：${payload.value.hallId}（可现场评价）`;
    case 'caseResultDelivered':
      return `监督记录：结果已送达（${payload.value.deliveredOn}）`;
    case 'caseClosedUnaccepted':
      return payload.value.ending === 'CASE_ENDING_REFUSED' ? '监督记录：不予受理' : '监督记录：受理前撤回';
    case 'caseClockPaused':
      return `暂停计时（${suspensionKindNames[payload.value.kind]}）${payload.value.expectedWorkingDays ? `，告知 ${payload.value.expectedWorkingDays} 个工作日` : ''}，监督中止时长`;
    case 'caseClockResumed':
      return `恢复计时：承诺 ${deadlineText(payload.value.promisedDeadline)}，法定 ${deadlineText(payload.value.statutoryDeadline)}`;
    case 'caseAlertsScheduled':
      return payload.value.schedule.length
        ? `预警排期：${payload.value.schedule.map((due) => `${alertNames[due.level]}${deadlineKindNames[due.deadlineKind]} ${due.dueOn}`).join('，')}`
        : '预警暂停';
    case 'caseAlertRaised':
      return `${alertNames[payload.value.level]}：${deadlineKindNames[payload.value.deadlineKind]}期限 ${deadlineText(payload.value.deadline)}`;
    case 'caseAlertsResolved':
      return `${payload.value.alertIds.length} 项预警解除${payload.value.voidedAlertIds.length ? `（其中 ${payload.value.voidedAlertIds.length} 项作废）` : ''}`;
    case 'ratingSubmitted':
      return `好差评：${ratingNames[payload.value.level] ?? payload.value.level}${payload.value.visitId ? '（现场）' : ''}`;
    case 'ratingInvited':
      return '邀请申请人评价';
    case 'badRatingVerified':
      return payload.value.substantiated ? `差评回访核实属实，限 ${payload.value.rectifyDueOn} 前整改` : '差评回访核实：不属实，已向评价人说明';
    case 'rectificationReported':
      return '差评整改结果已反馈评价人';
    case 'responseScored':
      return `评价人对整改评价：${ratingNames[payload.value.level] ?? payload.value.level}`;
    case 'ratingAppealed':
      return '工作人员对评价提出申诉';
    case 'appealReviewed':
      return payload.value.upheld ? '申诉复核成立：该评价不计入统计' : '申诉复核不成立';
    case 'supervisionOrderIssued':
      return `督办：${payload.value.department}，限 ${payload.value.dueOn} 前回复`;
    case 'supervisionOrderReplied':
      return '督办已回复';
    case 'supervisionOrderClosed':
      return '督办办结';
    case 'supervisionPolicySet':
      return `监督规则调整：${payload.value.policy?.regionCode ?? ''}`;
    case 'caseClockStopped':
      return `停止计时：用时 ${payload.value.workingDaysUsed} 个工作日，${payload.value.withinPromisedLimit ? '在承诺期限内' : '超出承诺期限'}`;
    case 'notificationQueued':
      return `生成${deliveryChannelNames[payload.value.channel]}通知（模板 ${payload.value.templateId} 第 ${payload.value.templateVersion} 版）`;
    case 'notificationDeferred':
      return '通知顺延至免打扰时段结束后发送';
    case 'notificationAttemptFailed':
      return `通知第 ${payload.value.attempt} 次发送失败${payload.value.nextAttemptAt ? '，将重试' : ''}`;
    case 'notificationSent':
      return `通知已发出（${payload.value.provider}）`;
    case 'deliveryReceiptReported':
      return payload.value.outcome === 'RECEIPT_OUTCOME_DELIVERED' ? '通知已送达' : '通知未能送达';
    case 'notificationFailed':
      return '通知发送失败，已停止重试';
    case 'notificationPreferencesSet':
      return '通知方式已更新';
    default:
      return assertNever(payload);
  }
}

/**
 * Whether an event is an entry of a case's history: it is about a case, and it is not the history's
 * own record of the order its entries arrived in.
 */
export const isHistoryEntry = (event: Pick<EventEnvelope<unknown>, 'correlationId' | 'eventType'>): boolean =>
  event.correlationId !== '' && event.eventType !== 'historyEntriesArrived';

/** The history entry of an event about a case, not yet placed in its order; undefined for events about no case. */
export function historyEntryOf(event: EventEnvelope<AnyPayload>): HistoryEntry | undefined {
  if (!isHistoryEntry(event)) return undefined;
  return {
    eventId: event.eventId,
    caseNumber: event.correlationId,
    sourceService: event.sourceService,
    eventType: event.eventType,
    occurredAt: event.occurredAt,
    summary: summaryOf(event.payload),
    actor: event.actor,
    data: maskPersonalData(payloadJson(event.sourceService, event.payload)),
    streamId: event.streamId,
    streamVersion: BigInt(event.version),
    causationId: event.causationId,
    position: 0n,
  };
}
