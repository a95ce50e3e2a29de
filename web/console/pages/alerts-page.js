// Alerts (黄牌 and 红牌) in the supervisor's jurisdiction, newest first, by level, open or also
// resolved; each with its case, the working days left on the promised limit, and 督办 from the row.
import { AlertOrder } from '/es/onewindow/supervision/v1/supervision_service_pb.js';
import { AlertLevel } from '/es/onewindow/supervision/v1/watch_pb.js';
import { supervision } from '../api.js';
import { el, number, pageHref, table } from '../dom.js';
import { alertLevels, daysLeftText, deadlineKinds, orderStatuses } from '../labels.js';
import { departmentName } from '../directory.js';
import { issueOrderForm } from './issue-order-form.js';

const PAGE_SIZE = 50;
const LEVEL_FILTERS = [['', '全部'], [String(AlertLevel.RED), '红牌'], [String(AlertLevel.YELLOW), '黄牌']];

/** What each case of the page shows besides its alerts: its clock (days left) and its 督办 orders; a case that cannot be read shows without. */
async function perCase(caseNumbers, read, signal) {
  const answers = await Promise.all(caseNumbers.map((caseNumber) => read(caseNumber, { signal }).catch(() => undefined)));
  return new Map(caseNumbers.map((caseNumber, index) => [caseNumber, answers[index]]));
}

/** Links to the same list by level and with or without the resolved alerts, the current choice in bold. */
function filters(level, includeResolved) {
  const choice = (current, label, values) => (current ? el('strong', {}, label) : el('a', { href: pageHref('alerts', values) }, label));
  const resolved = includeResolved ? '1' : '';
  return el('p', { class: 'filters' },
    LEVEL_FILTERS.flatMap(([value, label]) => [choice(value === level, label, { level: value, resolved }), ' ']),
    '｜ ', choice(!includeResolved, '未解除', { level }), ' ', choice(includeResolved, '含已解除', { level, resolved: '1' }),
    el('span', { class: 'muted' }, `　最新在前，最多 ${PAGE_SIZE} 条。`),
  );
}

export async function alertsPage(params, signal) {
  const includeResolved = params.get('resolved') === '1';
  const level = params.get('level') ?? '';
  const { alerts } = await supervision.listAlerts({ order: AlertOrder.NEWEST, includeResolved, level: Number(level), pageSize: PAGE_SIZE }, { signal });
  const cases = [...new Set(alerts.map((alert) => alert.caseNumber))];
  const departments = await Promise.all(alerts.map((alert) => departmentName(alert.handlingDepartment, alert.handlingRegionCode, signal)));
  const [clocks, orders] = await Promise.all([
    perCase(cases, (caseNumber, options) => supervision.getCaseClock({ caseNumber }, options).then(({ clock }) => clock), signal),
    perCase(cases, (caseNumber, options) => supervision.listOrders({ caseNumber }, options).then((answer) => answer.orders), signal),
  ]);

  const row = (alert, i) => {
    const [levelName, colour] = alertLevels[alert.level] ?? ['', 'grey'];
    const left = clocks.get(alert.caseNumber)?.promisedWorkingDaysRemaining;
    const orderCell = el('td', {}, (orders.get(alert.caseNumber) ?? []).map((order) => el('div', { class: 'order' }, `已督办 ${orderStatuses[order.status] ?? ''}（${order.dueOn}前回复）`)));
    const action = el('td', {});
    const issue = () => action.replaceChildren(issueOrderForm(
      { caseNumber: alert.caseNumber, department: alert.handlingDepartment, regionCode: alert.handlingRegionCode },
      (order) => (action.replaceChildren(), orderCell.append(el('div', { class: 'order issued' }, `已督办 ${order.orderId}（${order.dueOn}前回复）`))),
    ));
    if (!alert.resolvedOn) action.append(el('button', { type: 'button', class: 'issue', on: { click: issue } }, '督办'));
    return el('tr', { data: { alertId: alert.alertId, caseNumber: alert.caseNumber } },
      el('td', {}, el('span', { class: `badge ${alert.resolvedOn ? 'grey' : colour}` }, levelName)),
      el('td', {}, el('a', { href: `#/case/${encodeURIComponent(alert.caseNumber)}` }, alert.caseNumber)),
      el('td', {}, alert.itemName),
      el('td', { title: alert.handlingDepartment }, `${departments[i]} · ${alert.handlingRegionCode}`),
      el('td', {}, `${deadlineKinds[alert.deadlineKind] ?? ''} ${alert.deadline?.date ?? ''}`),
      el('td', {}, alert.raisedOn),
      number(left === undefined ? '—' : daysLeftText(left)),
      orderCell,
      action,
    );
  };

  return [
    el('h1', {}, '预警 Alerts'),
    filters(level, includeResolved),
    alerts.length === 0
      ? el('p', { id: 'no-alerts' }, '辖区内暂无预警。No alerts in your jurisdiction.')
      : el('section', {}, table(['级别', '办件', '事项', '承办部门 · 地区', '时限', '预警日', '承诺剩余工作日', '督办', ''], alerts.map(row), { id: 'alerts' })),
  ];
}
