// What the console calls the platform's codes, in the words of 效能监督 and 好差评.
import { AlertLevel, ClockStatus, DeadlineKind } from '/es/onewindow/supervision/v1/watch_pb.js';
import { FollowUpStage, RatingChannel, AppealGround } from '/es/onewindow/supervision/v1/rating_pb.js';
import { OrderStatus } from '/es/onewindow/supervision/v1/order_pb.js';
import { GroupBy } from '/es/onewindow/supervision/v1/statistics_pb.js';
import { Role } from '/es/onewindow/common/v1/actor_pb.js';

export const alertLevels = { [AlertLevel.YELLOW]: ['黄牌', 'yellow'], [AlertLevel.RED]: ['红牌', 'red'] };
export const deadlineKinds = { [DeadlineKind.PROMISED]: '承诺时限', [DeadlineKind.STATUTORY]: '法定时限', [DeadlineKind.PAUSE]: '特别程序时限', [DeadlineKind.DELIVERY]: '送达时限' };
export const clockStatuses = {
  [ClockStatus.WAITING]: '待受理',
  [ClockStatus.RUNNING]: '计时中',
  [ClockStatus.PAUSED]: '暂停计时',
  [ClockStatus.STOPPED]: '停止计时（办结或撤回）',
  [ClockStatus.CLOSED]: '未受理结束',
};
export const followUpStages = {
  [FollowUpStage.NONE]: '无需回访',
  [FollowUpStage.VERIFYING]: '待回访核实',
  [FollowUpStage.RECTIFYING]: '整改中',
  [FollowUpStage.REPORTED]: '已反馈',
  [FollowUpStage.SCORED]: '已评价整改',
  [FollowUpStage.EXCLUDED]: '申诉成立，不计入',
};
export const ratingChannels = {
  [RatingChannel.PC]: 'PC 端',
  [RatingChannel.MOBILE]: '移动端',
  [RatingChannel.QR_CODE]: '二维码',
  [RatingChannel.HALL_TABLET]: '评价器',
  [RatingChannel.HALL_TERMINAL]: '自助终端',
  [RatingChannel.PHONE]: '电话',
  [RatingChannel.SMS]: '短信',
};
export const appealGrounds = { [AppealGround.MISTAKEN]: '误评', [AppealGround.MALICIOUS]: '恶意差评' };
export const orderStatuses = { [OrderStatus.ISSUED]: '待回复', [OrderStatus.REPLIED]: '已回复', [OrderStatus.CLOSED]: '已办结' };
export const ratingLevels = ['', '非常满意', '满意', '基本满意', '不满意', '非常不满意'];
export const roles = { [Role.APPLICANT]: '申请人', [Role.CLERK]: '窗口人员', [Role.APPROVER]: '审批人员', [Role.SUPERVISOR]: '监督人员', [Role.OPERATOR]: '运维人员', [Role.SYSTEM]: '系统' };
/** Working days left on the promised limit, or how many it is overdue by. */
export const daysLeftText = (left) => (left < 0 ? `超期 ${-left}` : String(left));
export const services = { acceptance: '受理', approval: '审批', supervision: '监督', notification: '通知' };
export const groupings = [
  [GroupBy.REGION, '按地区'],
  [GroupBy.DEPARTMENT, '按部门'],
  [GroupBy.HALL, '按大厅'],
  [GroupBy.ITEM, '按事项'],
  [GroupBy.CHANNEL, '按渠道'],
  [GroupBy.MONTH, '按月份'],
];
