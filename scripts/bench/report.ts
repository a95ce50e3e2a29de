import { round } from './stats.ts';

/** One line of the bench's table: our figure, the baseline measured in the same run, their ratio. */
export interface Row {
  readonly phase: string;
  readonly metric: string;
  readonly unit: string;
  readonly ours: number | undefined;
  readonly baseline: number | undefined;
  /** What the baseline is, in a few words. */
  readonly baselineName: string;
  /** What the issue asks for, on our figure or on the ratio. */
  readonly target?: { readonly on: 'ours' | 'ratio'; readonly op: '>=' | '<='; readonly value: number };
  readonly note?: string;
  /** Why the row has no figures. */
  readonly skipped?: string;
}

export function ratioOf(row: Row): number | undefined {
  if (row.ours === undefined || row.baseline === undefined || row.baseline === 0) return undefined;
  return row.ours / row.baseline;
}

export function targetMet(row: Row): boolean | undefined {
  if (!row.target) return undefined;
  const value = row.target.on === 'ours' ? row.ours : ratioOf(row);
  if (value === undefined) return undefined;
  return row.target.op === '>=' ? value >= row.target.value : value <= row.target.value;
}

const show = (value: number | undefined, unit = '') => (value === undefined || Number.isNaN(value) ? '—' : `${round(value)}${unit ? ` ${unit}` : ''}`);

function targetText(row: Row): string {
  if (!row.target) return '';
  const { on, op, value } = row.target;
  return on === 'ratio' ? `ratio ${op} ${value}` : `${op} ${value} ${row.unit}`;
}

/** A fixed-width table: the metric, our figure, the baseline and what it is, the ratio, the target. */
export function formatTable(rows: readonly Row[]): string {
  const header = ['metric', 'ours', 'baseline', 'ratio', 'target', 'met', 'baseline is'];
  const lines = rows.map((row) => {
    if (row.skipped) return [`${row.metric}`, 'SKIPPED', '', '', targetText(row), '', row.skipped];
    const ratio = ratioOf(row);
    const met = targetMet(row);
    return [
      row.metric,
      show(row.ours, row.unit),
      show(row.baseline, row.unit),
      ratio === undefined ? '—' : `${round(ratio)}×`,
      targetText(row),
      met === undefined ? '' : met ? 'yes' : 'NO',
      row.baselineName + (row.note ? `; ${row.note}` : ''),
    ];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => width(line[column] ?? ''))));
  const format = (cells: readonly string[]) =>
    cells.map((cell, column) => (column === cells.length - 1 ? cell : pad(cell, widths[column]!, column >= 1 && column <= 3))).join('  ').trimEnd();
  return [format(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(format)].join('\n');
}

/** Columns count CJK characters as two cells, as terminals show them. */
function width(text: string): number {
  let cells = 0;
  for (const character of text) cells += /[\u3000-\u9fff\uff00-\uffef]/.test(character) ? 2 : 1;
  return cells;
}

function pad(text: string, to: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, to - width(text)));
  return right ? fill + text : text + fill;
}
