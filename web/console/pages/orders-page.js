// 督办 orders of the supervisor's jurisdiction, earliest due first: what each department was told
// to do, by when, what it replied; a replied order is closed here (CloseOrder).
import { OrderStatus } from '/es/onewindow/supervision/v1/order_pb.js';
import { supervision } from '../api.js';
import { departmentName } from '../directory.js';
import { el, pageHref, table } from '../dom.js';
import { submitting } from '../forms.js';
import { orderStatuses } from '../labels.js';

const FILTERS = [['', '全部 All'], [String(OrderStatus.ISSUED), '待回复'], [String(OrderStatus.REPLIED), '已回复待办结'], [String(OrderStatus.CLOSED), '已办结']];

function closeForm(order, closed) {
  const form = el('form', { class: 'inline close-order' },
    el('input', { name: 'note', size: 24, required: true, placeholder: '办结意见 Closing note', 'aria-label': '办结意见 Closing note' }),
    el('button', { type: 'submit' }, '办结 Close'),
  );
  return submitting(form, async (requestId) => closed((await supervision.closeOrder({ requestId, orderId: order.orderId, note: form.elements.note.value })).order));
}

export async function ordersPage(params, signal) {
  const status = params.get('status') ?? '';
  const { orders } = await supervision.listOrders({ statuses: status ? [Number(status)] : [], pageSize: 200 }, { signal });
  const names = await Promise.all(orders.map((order) => departmentName(order.department, order.regionCode, signal)));
  const row = (order, i) => {
    const action = el('td', {});
    const state = el('td', {}, `${orderStatuses[order.status] ?? ''}${order.overdue ? '（逾期）' : ''}`);
    if (order.status === OrderStatus.REPLIED) {
      action.append(closeForm(order, (closed) => {
        state.textContent = orderStatuses[closed.status] ?? '';
        action.replaceChildren();
      }));
    }
    return el('tr', { data: { orderId: order.orderId } },
      el('td', {}, order.caseNumber ? el('a', { href: `#/case/${encodeURIComponent(order.caseNumber)}` }, order.caseNumber) : '—'),
      el('td', { title: order.department }, `${names[i]} · ${order.regionCode}`),
      el('td', {}, order.instruction),
      el('td', {}, order.issuedOn),
      el('td', {}, order.dueOn),
      state,
      el('td', {}, order.reply ? `${order.reply}（${order.repliedOn}）` : '—'),
      action,
    );
  };
  return [
    el('h1', {}, '督办 Orders'),
    el('p', {}, FILTERS.flatMap(([value, label]) => [value === status ? el('strong', {}, label) : el('a', { href: pageHref('orders', { status: value }) }, label), ' '])),
    orders.length === 0
      ? el('p', { class: 'muted' }, '暂无督办。No orders.')
      : el('section', {}, table(['办件', '承办部门 · 地区', '督办要求', '发出日', '回复期限', '状态', '回复', ''], orders.map(row), { id: 'orders-list' })),
  ];
}
