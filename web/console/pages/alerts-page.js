// Open alerts (黄牌 and 红牌) in the supervisor's jurisdiction, newest first, each with its case,
// the working days left on the promised limit, and 督办 from the row.
import { AlertOrder } from '/es/onewindow/supervision/v1/supervision_service_pb.js';
import { AlertLevel } from '/es/onewindow/supervision/v1/watch_pb.js';
import { supervision } from '../api.js';
import { el, number, table } from '../dom.js';
import { alertLevels, deadlineKinds, orderStatuses } from '../labels.js';
import { issueOrderForm } from './issue-order-form.js';

const PAGE_SIZE = 50;

/** Each case's clock (for the days left); a case the caller may not read, or not yet, has none. */
async function clocksOf(caseNumbers) {
  const clocks = await Promise.all(caseNumbers.map((caseNumber) => supervision.getCaseClock({ caseNumber }).then(({ clock }) => clock, () => undefined)));
  return new Map(caseNumbers.map((caseNumber, index) => [caseNumber, clocks[index]]));
}

/** Each case's 督办 orders. */
async function ordersOf(caseNumbers) {
  const answers = await Promise.all(caseNumbers.map((caseNumber) => supervision.listOrders({ caseNumber })));
  return new Map(caseNumbers.map((caseNumber, index) => [caseNumber, answers[index].orders]));
}

const LEVEL_FILTERS = [['', '全部'], [String(AlertLevel.RED), '红牌'], [String(AlertLevel.YELLOW), '黄牌']];
const alertsHref = (values) => `#/alerts?${new URLSearchParams(Object.entries(values).filter(([, value]) => value))}`;

/** Links to the same list by level (全部, 红牌, 黄牌) and with or without the resolved ones, the current choice in bold. */
function filters(level, includeResolved) {
  const choice = (current, label, values) => (current ? el('strong', {}, label) : el('a', { href: alertsHref(values) }, label));
  const resolved = includeResolved ? '1' : '';
  return el('p', { class: 'filters' },
    LEVEL_FILTERS.flatMap(([value, label]) => [choice(value === level, label, { level: value, resolved }), ' ']),
    '｜ ', choice(!includeResolved, '未解除', { level }), ' ', choice(includeResolved, '含已解除', { level, resolved: '1' }),
    el('span', { class: 'muted' }, `　最新在前，最多 ${PAGE_SIZE} 条。`),
  );
}

export async function alertsPage(main, params) {
  const includeResolved = params.get('resolved') === '1';
  const level = params.get('level') ?? '';
  const { alerts } = await supervision.listAlerts({ order: AlertOrder.NEWEST, includeResolved, level: Number(level), pageSize: PAGE_SIZE });
  const cases = [...new Set(alerts.map((alert) => alert.caseNumber))];
  const [clocks, orders] = await Promise.all([clocksOf(cases), ordersOf(cases)]);

  const row = (alert) => {
    const [level, colour] = alertLevels[alert.level] ?? ['', 'grey'];
    const left = clocks.get(alert.caseNumber)?.promisedWorkingDaysRemaining;
    const orderCell = el('td', {}, (orders.get(alert.caseNumber) ?? []).map((order) => el('div', { class: 'order' }, `已督办 ${orderStatuses[order.status] ?? ''}（${order.dueOn}前回复）`)));
    const action = el('td', {});
    if (!alert.resolvedOn) {
      action.append(el('button', { type: 'button', class: 'issue', on: { click: () => action.replaceChildren(issueOrderForm(
        { caseNumber: alert.caseNumber, department: alert.handlingDepartment, regionCode: alert.handlingRegionCode },
        (order) => (action.replaceChildren(), orderCell.append(el('div', { class: 'order issued' }, `已督办 ${order.orderId}（${order.dueOn}前回复）`))),
      )) } }, '督办'));
    }
    return el('tr', { data: { alertId: alert.alertId, caseNumber: alert.caseNumber } },
      el('td', {}, el('span', { class: `badge ${alert.resolvedOn ? 'grey' : colour}` }, level)),
      el('td', {}, el('a', { href: `#/case/${encodeURIComponent(alert.caseNumber)}` }, alert.caseNumber)),
      el('td', {}, alert.itemName),
      el('td', {}, `${alert.handlingDepartment} · ${alert.handlingRegionCode}`),
      el('td', {}, `${deadlineKinds[alert.deadlineKind] ?? ''} ${alert.deadline?.date ?? ''}`),
      el('td', {}, alert.raisedOn),
      number(left === undefined ? '—' : left < 0 ? `超期 ${-left}` : String(left)),
      orderCell,
      action,
    );
  };

  main.replaceChildren(
    el('h1', {}, '预警 Alerts'),
    filters(level, includeResolved),
    alerts.length === 0
      ? el('p', { id: 'no-alerts' }, '辖区内暂无预警。No alerts in your jurisdiction.')
      : el('section', {}, table(['级别', '办件', '事项', '承办部门 · 地区', '时限', '预警日', '承诺剩余工作日', '督办', ''], alerts.map(row), { id: 'alerts' })),
  );
}
