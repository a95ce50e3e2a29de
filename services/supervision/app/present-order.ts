import type { SupervisionOrder } from '../../../generated/onewindow/supervision/v1/order.ts';
import { chinaDateOf } from '../../platform/time/china-date.ts';

/** An order as of `now`: unanswered after its due date, it is overdue. */
export function presentOrder(order: SupervisionOrder, now: Date): SupervisionOrder {
  return { ...order, overdue: order.status === 'ORDER_STATUS_ISSUED' && order.dueOn < chinaDateOf(now) };
}
