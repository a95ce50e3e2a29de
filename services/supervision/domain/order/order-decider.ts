import type { SupervisionOrder } from '../../../../generated/onewindow/supervision/v1/order.ts';
import { DATE_RULE, isCalendarDate } from '../../../platform/time/calendar-date.ts';
import { isWithin } from '../../../platform/codes/region-code.ts';
import { type Decider, assertNever } from '../../../platform/domain/decider.ts';
import { FailedPreconditionError, NotFoundError, PermissionDeniedError, ValidationError } from '../../../platform/domain/errors.ts';
import { chinaDateOf } from '../../../platform/time/china-date.ts';
import type { SupervisionPayload } from '../supervision-payload.ts';
import type { Staff } from '../rating/rating-commands.ts';

export const orderEventTypes = ['supervisionOrderIssued', 'supervisionOrderReplied', 'supervisionOrderClosed'] as const;
export type OrderEvent = Extract<SupervisionPayload, { $case: (typeof orderEventTypes)[number] }>;
export const orderStreamId = (orderId: string) => `order-${orderId}`;
export const ORDER_STREAM_TYPE = 'supervision-order';

export interface IssueOrder {
  readonly type: 'IssueOrder';
  readonly orderId: string;
  readonly caseNumber: string;
  readonly department: string;
  readonly regionCode: string;
  readonly instruction: string;
  readonly dueOn: string;
  readonly issuer: Staff;
  readonly now: Date;
}

export interface ReplyOrder {
  readonly type: 'ReplyOrder';
  readonly reply: string;
  readonly replier: Staff;
  readonly now: Date;
}

export interface CloseOrder {
  readonly type: 'CloseOrder';
  readonly note: string;
  readonly closer: Staff;
  readonly now: Date;
}

export type OrderCommand = IssueOrder | ReplyOrder | CloseOrder;

/** The order as it stands (`overdue` is filled in when read). */
export type OrderState = SupervisionOrder | undefined;

export function evolveOrder(state: OrderState, event: OrderEvent): OrderState {
  switch (event.$case) {
    case 'supervisionOrderIssued': {
      const i = event.value;
      return {
        orderId: i.orderId, caseNumber: i.caseNumber, department: i.department, regionCode: i.regionCode, instruction: i.instruction, dueOn: i.dueOn,
        issuedBy: i.issuedBy, issuedOn: i.issuedOn, status: 'ORDER_STATUS_ISSUED', reply: '', repliedBy: '', repliedOn: '', closingNote: '', closedOn: '', overdue: false,
      };
    }
    case 'supervisionOrderReplied':
      return state && { ...state, status: 'ORDER_STATUS_REPLIED', reply: event.value.reply, repliedBy: event.value.repliedBy, repliedOn: event.value.repliedOn };
    case 'supervisionOrderClosed':
      return state && { ...state, status: 'ORDER_STATUS_CLOSED', closingNote: event.value.note, closedOn: event.value.closedOn };
    default:
      return assertNever(event);
  }
}

const covers = (staff: Staff, regionCode: string) => Boolean(staff.jurisdiction) && isWithin(regionCode, staff.jurisdiction);

/** A supervisor of the region orders one of its departments to act by a date, today or later. */
function issueOrder(command: IssueOrder, state: OrderState): OrderEvent[] {
  if (state) return [];
  const today = chinaDateOf(command.now);
  const violations = [
    ...(command.department.trim() ? [] : [{ field: 'department', description: 'is required: the department ordered to act' }]),
    ...(command.instruction.trim() ? [] : [{ field: 'instruction', description: 'is required: what the department must do' }]),
    ...(isCalendarDate(command.dueOn) && command.dueOn >= today ? [] : [{ field: 'due_on', description: `${DATE_RULE}, today or later` }]),
  ];
  if (violations.length > 0) throw new ValidationError(violations);
  if (!covers(command.issuer, command.regionCode)) throw new PermissionDeniedError('a supervisor orders departments of their own jurisdiction only');
  const { orderId, caseNumber, department, regionCode, instruction, dueOn } = command;
  return [{ $case: 'supervisionOrderIssued', value: { orderId, caseNumber, department, regionCode, instruction, dueOn, issuedBy: command.issuer.subject, issuedOn: today } }];
}

/** The department the order is addressed to says what it did, once. */
function replyOrder(command: ReplyOrder, state: OrderState): OrderEvent[] {
  if (!state) throw new NotFoundError('the order does not exist');
  if (command.replier.department !== state.department || !covers(command.replier, state.regionCode)) {
    throw new PermissionDeniedError('only the department the order is addressed to replies');
  }
  if (state.status !== 'ORDER_STATUS_ISSUED') throw new FailedPreconditionError(`the order was ${state.status === 'ORDER_STATUS_REPLIED' ? 'replied to' : 'closed'} already`);
  if (!command.reply.trim()) throw ValidationError.field('reply', 'is required: what the department did');
  return [
    {
      $case: 'supervisionOrderReplied',
      value: { orderId: state.orderId, caseNumber: state.caseNumber, reply: command.reply, repliedBy: command.replier.subject, repliedOn: chinaDateOf(command.now) },
    },
  ];
}

/** A supervisor of the region closes the order, answered or not; closing it again changes nothing. */
function closeOrder(command: CloseOrder, state: OrderState): OrderEvent[] {
  if (!state) throw new NotFoundError('the order does not exist');
  if (!covers(command.closer, state.regionCode)) throw new PermissionDeniedError('the order lies outside the supervisor\'s jurisdiction');
  if (state.status === 'ORDER_STATUS_CLOSED') return [];
  return [
    {
      $case: 'supervisionOrderClosed',
      value: { orderId: state.orderId, caseNumber: state.caseNumber, note: command.note, closedBy: command.closer.subject, closedOn: chinaDateOf(command.now) },
    },
  ];
}

/** 督办: a supervisor orders a department to act by a date; the department replies; the supervisor closes it. */
export const orderDecider: Decider<OrderCommand, OrderEvent, OrderState> = {
  initialState: () => undefined,
  evolve: evolveOrder,
  decide(command, state) {
    switch (command.type) {
      case 'IssueOrder':
        return issueOrder(command, state);
      case 'ReplyOrder':
        return replyOrder(command, state);
      case 'CloseOrder':
        return closeOrder(command, state);
      default:
        return assertNever(command);
    }
  },
};
