// Statistics of the supervisor's jurisdiction: totals, then rows by region (drilling down to the
// township), department, hall, item, channel or month, with 好差评 figures and bars to compare.
import { GroupBy } from '/es/onewindow/supervision/v1/statistics_pb.js';
import { supervision } from '../api.js';
import { el, number, pageHref, percent, table } from '../dom.js';
import { groupings, ratingLevels } from '../labels.js';
import { session } from '../session.js';

/** The page's address for a grouping and period; `trail` is the drill-down path, "code|name" each. */
const statisticsHref = (values) => pageHref('statistics', values);

const onTime = (figures) => percent(Number(figures.onTime) / Number(figures.concluded || 1n), Number(figures.concluded));

/** One row's figures as cells, with a bar of received cases against the largest row. */
function figureCells(figures, largest) {
  const width = largest ? Math.round((Number(figures.received) / largest) * 120) : 0;
  return [
    el('td', { class: 'number' }, el('span', { class: 'bar', style: `width:${width}px` }), String(figures.received)),
    number(String(figures.accepted)),
    number(String(figures.concluded)),
    number(onTime(figures)),
    number(figures.concluded ? figures.averageWorkingDays.toFixed(1) : '—'),
    number(String(figures.yellowAlerts)),
    number(String(figures.redAlerts)),
    number(String(figures.ratings)),
    number(percent(figures.satisfactionRate, Number(figures.ratings))),
    number(String(figures.badRatings)),
    number(percent(Number(figures.badRatings) / Number(figures.ratings || 1n), Number(figures.ratings))),
    number(percent(figures.rectificationRate, Number(figures.badRatings))),
  ];
}

const HEADERS = ['收件', '受理', '办结', '按时办结率', '平均用时(工作日)', '黄牌', '红牌', '评价', '满意率', '差评', '差评率', '差评整改回访率'];

/** The 好差评 levels of the total as one stacked bar. */
function ratingBar(figures) {
  const total = Number(figures.ratings);
  if (!total) return el('p', { class: 'muted' }, '本期暂无评价。No ratings in the period.');
  const colours = ['#057a55', '#31c48d', '#84e1bc', '#f98080', '#c81e1e'];
  return el('div', { class: 'rating-bar', role: 'img', 'aria-label': '评价分布' },
    figures.ratingLevels.map((count, index) => el('span', {
      class: 'bar', title: `${ratingLevels[index + 1]} ${count}`, style: `width:${(Number(count) / total) * 100}%;background:${colours[index]};height:1rem`,
    })),
  );
}

export async function statisticsPage(params, signal) {
  const claims = session.claims;
  const trail = (params.get('trail') ?? '').split(',').filter(Boolean).map((step) => step.split('|'));
  const region = trail.at(-1)?.[0] ?? claims.region ?? '';
  const groupBy = Number(params.get('group') ?? GroupBy.REGION);
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const { total, rows } = await supervision.getStatistics({ regionCode: region, groupBy, from, to }, { signal });
  const largest = Math.max(0, ...rows.map((row) => Number(row.figures.received)));
  const here = { group: groupBy, from, to };
  const trailOf = (steps) => steps.map((step) => step.join('|')).join(',');

  const nameCell = (row) => {
    if (row.own) return el('td', {}, `${row.name || row.key}（本级）`);
    if (groupBy !== GroupBy.REGION) return el('td', {}, row.name || row.key);
    return el('td', {}, el('a', { class: 'drill', data: { region: row.key }, href: statisticsHref({ ...here, trail: trailOf([...trail, [row.key, row.name]]) }) }, row.name || row.key));
  };
  const filters = el('form', { class: 'inline', id: 'statistics-filters' },
    el('label', {}, '分组 Group by', el('select', { name: 'group' }, groupings.map(([value, label]) => el('option', { value, selected: value === groupBy }, label)))),
    el('label', {}, '从 From', el('input', { name: 'from', type: 'date', value: from })),
    el('label', {}, '至 To', el('input', { name: 'to', type: 'date', value: to })),
    el('button', { type: 'submit' }, '查询 Show'),
  );
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    window.location.hash = statisticsHref({ group: filters.elements.group.value, from: filters.elements.from.value, to: filters.elements.to.value, trail: trailOf(trail) });
  });

  return [
    el('h1', {}, '统计 Statistics'),
    el('p', { class: 'crumbs' },
      el('a', { href: statisticsHref({ ...here }) }, `本辖区 ${claims.region || '全国'}`),
      trail.flatMap((step, index) => ['› ', el('a', { href: statisticsHref({ ...here, trail: trailOf(trail.slice(0, index + 1)) }) }, step[1] || step[0])]),
    ),
    filters,
    el('section', { id: 'statistics-total', data: { region } },
      el('h2', {}, `合计 Total ${trail.at(-1)?.[1] ?? ''}`),
      table(HEADERS, [figureCells(total, Number(total.received))]),
      el('h2', {}, '好差评分布 Ratings by level'),
      ratingBar(total),
    ),
    el('section', {},
      table(['', ...HEADERS], rows.map((row) => el('tr', { data: { key: row.key } }, nameCell(row), figureCells(row.figures, largest))), { id: 'statistics-rows' }),
    ),
  ];
}
