// One case as a supervisor sees it: its clock, a picture of its path, its unified history live
// (the same WatchCase the channels use), every step with its trace, its ratings and appeals, and
// its 督办 orders. Personal data arrives masked from the platform and is shown as it arrives.
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { acceptance, retryable, showError, supervision, tokenRefused, unauthenticated } from '../api.js';
import { el, table } from '../dom.js';
import { submitting } from '../forms.js';
import { appealGrounds, clockStatuses, daysLeftText, followUpStages, orderStatuses, ratingChannels, ratingLevels, roles, services } from '../labels.js';
import { caseTimeline } from '../timeline.js';
import { departmentName } from '../directory.js';
import { issueOrderForm } from './issue-order-form.js';

/** How acceptance records each case history's one order (docs/architecture.md): bookkeeping, not a step of the case. */
const ORDER_RECORD = 'historyEntriesArrived';
/** How often, and how long apart, the picture is read again until supervision's trace has a new entry. */
const TRACE_TRIES = 6;
const TRACE_WAIT_MS = 500;

const settings = JSON.parse(document.querySelector('#settings')?.textContent ?? '{}');
const when = (timestamp) => (timestamp ? timestampDate(timestamp).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) : '');
const deadline = (value) => (value?.date ? `${value.date}${value.provisional ? '（暂定）' : ''}` : '—');
const deadlinesOf = (clock) => ({ promised: clock.promisedDeadline?.date ?? '', statutory: clock.statutoryDeadline?.date ?? '' });
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A trace id, linked to the configured trace viewer (OW_CONSOLE_TRACE_URL) when there is one. */
function traceLink(traceId) {
  if (!traceId) return '—';
  if (!settings.traceUrl) return el('code', {}, traceId);
  return el('a', { href: settings.traceUrl.replaceAll('{traceId}', traceId), target: '_blank', rel: 'noopener', class: 'trace' }, el('code', {}, traceId));
}

function clockFacts(clock, department) {
  return el('dl', { class: 'facts', id: 'clock' },
    el('dt', {}, '事项'), el('dd', {}, clock.itemName),
    el('dt', {}, '承办'), el('dd', { title: clock.handlingDepartment }, `${department} · ${clock.handlingRegionCode}`),
    el('dt', {}, '计时状态'), el('dd', { data: { status: clock.status } }, clockStatuses[clock.status] ?? '', clock.pausedSince ? `（${clock.pausedSince}起）` : ''),
    el('dt', {}, '受理日'), el('dd', {}, clock.acceptedOn || '—'),
    el('dt', {}, '承诺期限'), el('dd', {}, deadline(clock.promisedDeadline)),
    el('dt', {}, '法定期限'), el('dd', {}, deadline(clock.statutoryDeadline)),
    el('dt', {}, '已用工作日'), el('dd', {}, String(clock.workingDaysUsed)),
    el('dt', {}, '承诺剩余工作日'), el('dd', { id: 'days-left' }, clock.concludedOn ? `已于 ${clock.concludedOn} 办结` : daysLeftText(clock.promisedWorkingDaysRemaining)),
  );
}

/** The case's ratings; an appeal not yet reviewed gets the review form, whose answer `reviewed(consistencyToken)` redraws. */
function ratingsSection(ratings, reviewed) {
  const reviewForm = (rating) => {
    const form = el('form', { class: 'inline review-appeal' },
      el('label', {}, '复核意见 Note', el('input', { name: 'note', size: 30, required: true })),
      el('button', { type: 'submit', name: 'upheld', value: 'yes' }, '申诉成立'),
      el('button', { type: 'submit', name: 'upheld', value: 'no' }, '维持评价'),
    );
    return submitting(form, async (requestId, event) => {
      const { consistencyToken } = await supervision.reviewAppeal({ requestId, ratingId: rating.ratingId, upheld: event.submitter?.value === 'yes', note: form.elements.note.value });
      await reviewed(consistencyToken);
    });
  };
  const appeal = (rating) => {
    const { appeal: a } = rating;
    if (!a) return '—';
    const outcome = a.reviewed ? `复核：${a.upheld ? '申诉成立' : '维持评价'}（${a.reviewedOn}）${a.reviewNote}` : reviewForm(rating);
    return el('div', {}, `${appealGrounds[a.ground] ?? ''}：${a.reason}（${a.appealedOn}）`, outcome);
  };
  return el('section', { id: 'ratings' }, el('h2', {}, '好差评与申诉 Ratings and appeals'),
    ratings.length === 0
      ? el('p', { class: 'muted' }, '暂无评价。')
      : table(['评价', '渠道', '日期', '回访整改', '申诉'], ratings.map((rating) => [
          `${rating.level} ${ratingLevels[rating.level] ?? ''}${rating.excluded ? '（不计入）' : ''}`,
          ratingChannels[rating.channel] ?? '',
          rating.ratedOn,
          `${followUpStages[rating.followUp] ?? ''}${rating.overdue ? '（逾期）' : ''}`,
          appeal(rating),
        ])));
}

function ordersSection(caseNumber, clock, orders) {
  const describe = (order) => `${order.issuedOn} ${order.instruction}（${order.dueOn}前回复，${orderStatuses[order.status] ?? ''}${order.overdue ? '，逾期' : ''}）${order.reply ? ` 回复：${order.reply}` : ''}`;
  const list = el('ul', { id: 'orders' }, orders.length === 0 ? el('li', { class: 'muted' }, '暂无督办。') : '', orders.map((order) => el('li', {}, describe(order))));
  const form = issueOrderForm({ caseNumber, department: clock.handlingDepartment, regionCode: clock.handlingRegionCode }, (order) => {
    list.querySelector('li.muted')?.remove();
    list.append(el('li', { class: 'issued' }, `已督办 ${order.orderId}：${order.instruction}（${order.dueOn}前回复）`));
    form.replaceWith(el('p', {}, '已发出督办。'));
  });
  return el('section', {}, el('h2', {}, '督办 Orders'), list, clock.concludedOn ? '' : form);
}

function traceTable(steps) {
  return [el('h2', {}, '全链路追踪 Trace'), table(['时间', '服务', '事件', '计时', '操作角色', 'Trace', 'Span'], steps.map((step) => [
    when(step.occurredAt), services[step.sourceService] ?? step.sourceService, step.eventType, clockStatuses[step.clockStatus] ?? '', roles[step.actor?.role] ?? '', traceLink(step.traceId), el('code', {}, step.spanId || '—'),
  ]))];
}

/** Follows the history live, calling `arrived(entry)` for each; after a dropped connection, resumes after the last position seen. */
async function watchHistory(caseNumber, list, signal, arrived) {
  let afterPosition = 0n;
  while (!signal.aborted) {
    try {
      for await (const { entry } of acceptance.watchCase({ caseNumber, afterPosition }, { signal, timeoutMs: 0 })) {
        afterPosition = entry.position;
        list.append(el('li', { value: Number(entry.position), data: { eventType: entry.eventType } },
          el('span', { class: 'muted' }, `${when(entry.occurredAt)} ${services[entry.sourceService] ?? entry.sourceService} `), entry.summary));
        arrived(entry);
      }
    } catch (error) {
      if (signal.aborted) return;
      if (unauthenticated(error)) return tokenRefused(error);
      if (!retryable(error)) return showError(error);
    }
    await pause(1_000);
  }
}

export async function casePage(params, signal) {
  const caseNumber = params.get('number');
  const stepsOf = async () => (await supervision.traceCase({ caseNumber }, { signal })).entries.filter((entry) => entry.eventType !== ORDER_RECORD);
  const [{ clock }, steps, { ratings }, { orders }] = await Promise.all([
    supervision.getCaseClock({ caseNumber }, { signal }),
    stepsOf(),
    supervision.listCaseRatings({ caseNumber }, { signal }),
    supervision.listOrders({ caseNumber }, { signal }),
  ]);
  const picture = el('section', { id: 'picture' }, el('h2', {}, '办理过程 Where the time went'), caseTimeline(steps, deadlinesOf(clock)));
  const trace = el('section', { id: 'trace' }, traceTable(steps));
  // A new history entry redraws the picture and the trace once supervision's trace has it too
  // (its own projection of the four services' events, which may be a moment behind).
  let latest = '';
  const arrived = async (entry) => {
    latest = entry.eventId;
    for (let attempt = 0; attempt < TRACE_TRIES && latest === entry.eventId && !signal.aborted; attempt += 1) {
      await pause(TRACE_WAIT_MS);
      const now = await stepsOf().catch(() => []);
      if (latest !== entry.eventId || signal.aborted) return;
      if (now.some((step) => step.eventId === entry.eventId)) {
        picture.lastChild.replaceWith(caseTimeline(now, deadlinesOf(clock)));
        trace.replaceChildren(...traceTable(now));
        return;
      }
    }
  };
  const ratingsHolder = el('div', {});
  const showRatings = (list) => ratingsHolder.replaceChildren(ratingsSection(list, async (consistencyToken) => {
    showRatings((await supervision.listCaseRatings({ caseNumber, consistencyToken })).ratings);
  }));
  showRatings(ratings);
  const history = el('ol', { id: 'history' });
  void watchHistory(caseNumber, history, signal, (entry) => void arrived(entry));
  return [
    el('h1', {}, '办件 ', el('span', { id: 'case-number' }, caseNumber)),
    el('section', {}, clockFacts(clock, await departmentName(clock.handlingDepartment, clock.handlingRegionCode, signal))),
    picture,
    el('section', {}, el('h2', {}, '办件历史（实时）History, live'), history),
    trace,
    ratingsHolder,
    ordersSection(caseNumber, clock, orders),
  ];
}
