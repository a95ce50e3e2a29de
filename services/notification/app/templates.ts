import { maskPersonalDataInText } from '../../platform/privacy/mask-personal-data.ts';

/** A message template; a changed text is a new version, and each notification records its version. */
export interface Template {
  readonly id: string;
  readonly version: number;
  /** The e-mail subject and push heading. */
  readonly title: string;
  readonly text: string;
}

export const templates = {
  caseSubmitted: { id: 'case-submitted', version: 1, title: '申请已提交', text: '【一网通办】您申请的{itemName}已提交，办件编号{caseNumber}，请留意受理结果。' },
  caseAccepted: { id: 'case-accepted', version: 1, title: '办件已受理', text: '【一网通办】您的办件{caseNumber}（{itemName}）已受理，承诺于{promisedDate}前办结。' },
  caseConcluded: { id: 'case-concluded', version: 2, title: '办件已办结', text: '【一网通办】您的办件{caseNumber}（{itemName}）已办结，结果：{outcome}。{next}' },
  taskAssigned: { id: 'task-assigned', version: 1, title: '新的审批任务', text: '新的审批任务：办件{caseNumber}「{stepName}」，请于{dueDate}前办理。' },
  supplementRequested: {
    id: 'supplement-requested',
    version: 1,
    title: '请一次性补正材料',
    text: '【一网通办】您的办件{caseNumber}（{itemName}）需一次性补正以下材料：{materials}。补齐后即可受理。',
  },
  caseRefused: { id: 'case-refused', version: 1, title: '不予受理', text: '【一网通办】您的办件{caseNumber}（{itemName}）不予受理：{reason}（依据：{legalBasis}）。' },
  caseWithdrawn: { id: 'case-withdrawn', version: 1, title: '办件已撤回', text: '【一网通办】您的办件{caseNumber}（{itemName}）已按您的申请撤回。' },
  approvalSupplementRequested: {
    id: 'approval-supplement-requested',
    version: 1,
    title: '审批需补正材料',
    text: '【一网通办】您的办件{caseNumber}（{itemName}）经审查需补正以下材料：{materials}。{note}。补正期间审批暂停计时。',
  },
  clockSuspended: {
    id: 'clock-suspended',
    version: 1,
    title: '特别程序',
    text: '【一网通办】您的办件{caseNumber}（{itemName}）进入{procedure}程序，预计需 {days} 个工作日（依据：{legalBasis}），所需时间不计入审批期限。',
  },
  deadlineExtended: {
    id: 'deadline-extended',
    version: 1,
    title: '审批期限延长',
    text: '【一网通办】您的办件{caseNumber}（{itemName}）经批准延长审批期限 {days} 个工作日，至{deadline}。理由：{reason}。',
  },
  taskReassigned: { id: 'task-reassigned', version: 1, title: '审批任务转办', text: '审批任务转办给您：办件{caseNumber}，原因：{reason}。' },
  ratingInvited: {
    id: 'rating-invited',
    version: 1,
    title: '邀请评价',
    text: '【一网通办】您的办件{caseNumber}（{itemName}）已办结，欢迎对本次服务作出评价（好差评），您的评价将匿名反馈给有关部门。',
  },
  ratingFollowUp: {
    id: 'rating-follow-up',
    version: 1,
    title: '评价处理结果',
    text: '【一网通办】您对办件{caseNumber}的评价已核实处理：{result}。欢迎对处理结果作出评价。',
  },
  alertRaised: { id: 'alert-raised', version: 1, title: '效能监督预警', text: '效能监督预警：办件{caseNumber}{alert}（期限 {deadline}），请及时办理。' },
  rectificationAssigned: {
    id: 'rectification-assigned',
    version: 1,
    title: '差评整改通知',
    text: '差评整改通知：一条差评经回访核实属实（{note}），请于{dueOn}前整改并反馈。',
  },
  orderIssued: { id: 'order-issued', version: 1, title: '督办通知', text: '督办通知：{instruction}。请于{dueOn}前回复。' },
  resultDelivered: { id: 'result-delivered', version: 1, title: '办件结果送达', text: '【一网通办】您的办件{caseNumber}（{itemName}）结果已{method}，请查收。' },
} as const satisfies Record<string, Template>;

/** Fills in the {named} values; ID and mobile numbers are masked wherever they appear in the result. */
export function render(template: Template, values: Readonly<Record<string, string>>): string {
  const text = template.text.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`template ${template.id} v${template.version} needs ${name}`);
    return value;
  });
  return maskPersonalDataInText(text);
}
