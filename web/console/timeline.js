// A picture of a case: its path across the four services on a time axis, one lane per service,
// shaded where the clock ran and where it stood still, with the milestones named and the promised
// and statutory deadlines drawn, so a supervisor sees at a glance where the time went.
import { timestampMs } from '@bufbuild/protobuf/wkt';
import { ClockStatus } from '/es/onewindow/supervision/v1/watch_pb.js';
import { chinaDay, DAY_MS, startOfChinaDay } from './dates.js';
import { el, svg } from './dom.js';
import { services } from './labels.js';

const LANES = ['acceptance', 'approval', 'supervision', 'notification'];
const MILESTONES = {
  caseSubmitted: '申请', caseAccepted: '受理', caseRefused: '不予受理', supplementRequested: '补正', taskClaimed: '认领',
  taskDecided: '审批', clockSuspended: '暂停', clockResumed: '恢复', caseConcluded: '办结', resultDelivered: '送达',
  caseAlertRaised: '预警', supervisionOrderIssued: '督办', ratingSubmitted: '评价', caseWithdrawn: '撤回',
};
const COLOURS = ['#1c64f2', '#7e3af2', '#d03801', '#057a55'];
const WIDTH = 960;
const LEFT = 70;
const RIGHT = WIDTH - 20;
const LANE_HEIGHT = 34;
const TOP = 22;
const BOTTOM = TOP + LANES.length * LANE_HEIGHT;

/**
 * The case's trace entries (TraceCase, in order) as an SVG picture; `deadlines` are the clock's
 * promised and statutory deadlines ("YYYY-MM-DD", either may be empty).
 */
export function caseTimeline(entries, deadlines = {}) {
  if (entries.length === 0) return el('p', { class: 'muted' }, '暂无记录。No steps recorded yet.');
  const times = entries.map((entry) => timestampMs(entry.occurredAt));
  const marks = [['承诺期限', deadlines.promised], ['法定期限', deadlines.statutory]].filter(([, date]) => date).map(([name, date]) => [name, startOfChinaDay(date) + DAY_MS]);
  const start = Math.min(...times);
  const end = Math.max(...times, ...marks.map(([, ms]) => ms));
  const span = Math.max(end - start, 1);
  const x = (ms) => LEFT + ((ms - start) / span) * (RIGHT - LEFT);
  const picture = svg('svg', { class: 'timeline', viewBox: `0 0 ${WIDTH} ${BOTTOM + 44}`, role: 'img', 'aria-label': '办件时间轴 Case timeline' });

  // The clock between each step and the next: running (counted) or paused (特别程序, not counted).
  entries.slice(0, -1).forEach((entry, index) => {
    const kind = entry.clockStatus === ClockStatus.PAUSED ? 'paused' : entry.clockStatus === ClockStatus.RUNNING ? 'running' : '';
    if (kind) picture.append(svg('rect', { class: kind, x: x(times[index]), y: TOP, width: Math.max(x(times[index + 1]) - x(times[index]), 1), height: BOTTOM - TOP }));
  });
  LANES.forEach((lane, index) => {
    const y = TOP + index * LANE_HEIGHT + LANE_HEIGHT / 2;
    picture.append(svg('line', { class: 'lane', x1: LEFT, x2: RIGHT, y1: y, y2: y }), svg('text', { x: 4, y: y + 4 }, services[lane]));
  });
  for (const [name, ms] of marks) {
    picture.append(
      svg('line', { class: 'deadline', x1: x(ms), x2: x(ms), y1: TOP - 4, y2: BOTTOM, stroke: '#c81e1e', 'stroke-dasharray': '4 3' }),
      svg('text', { x: x(ms), y: TOP - 8, 'text-anchor': 'middle', fill: '#c81e1e' }, name),
    );
  }
  // Milestones at the same place in a lane share one label ("申请·受理").
  const labels = new Map();
  entries.forEach((entry, index) => {
    const lane = Math.max(LANES.indexOf(entry.sourceService), 0);
    const cx = x(times[index]);
    const cy = TOP + lane * LANE_HEIGHT + LANE_HEIGHT / 2;
    const colour = entry.eventType === 'caseAlertRaised' ? '#c81e1e' : COLOURS[lane];
    picture.append(svg('circle', { cx, cy, r: 5, fill: colour, 'data-event-type': entry.eventType }, svg('title', {}, `${entry.eventType} ${new Date(times[index]).toLocaleString('zh-CN')}`)));
    const name = MILESTONES[entry.eventType];
    const key = `${lane}:${Math.round(cx / 24)}`;
    if (name) labels.set(key, { cx, cy, names: new Set([...(labels.get(key)?.names ?? []), name]) });
  });
  for (const { cx, cy, names } of labels.values()) {
    // Near the right edge a label goes to the left of its dot, so that it stays in the picture.
    const right = cx > WIDTH - 120;
    picture.append(svg('text', { x: cx + (right ? -7 : 7), y: cy - 7, 'text-anchor': right ? 'end' : 'start' }, [...names].join('·')));
  }
  const axis = BOTTOM + 16;
  // A tick on each of up to eight days spread over the span, each with its date.
  const ticks = Math.min(8, Math.ceil(span / DAY_MS));
  for (let tick = 1; tick < ticks; tick += 1) {
    const ms = start + (span * tick) / ticks;
    picture.append(svg('line', { class: 'lane', x1: x(ms), x2: x(ms), y1: BOTTOM, y2: axis - 10 }), svg('text', { x: x(ms), y: axis + 12, 'text-anchor': 'middle' }, chinaDay(ms).slice(5)));
  }
  picture.append(
    svg('text', { x: LEFT, y: axis }, chinaDay(start)),
    svg('text', { x: RIGHT, y: axis, 'text-anchor': 'end' }, chinaDay(end)),
    svg('text', { x: WIDTH / 2, y: axis + 26, 'text-anchor': 'middle' }, '蓝底：计时中　黄底：暂停计时（特别程序）　红点：预警　红虚线：期限'),
  );
  return picture;
}
