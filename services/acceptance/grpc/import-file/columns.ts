/**
 * A column of an import CSV file, named as the standard names the field (GB/T 39046 for the
 * catalog), with the field of the proto it fills (its proto path) and how its cell reads.
 */
export interface Column {
  readonly header: string;
  /** The proto field, as a path of its proto names ("limits.promised_working_days"). */
  readonly path: string;
  readonly cell: Cell;
}

/**
 * How a cell reads: text; a whole number; 是/否; one of the labels (or the proto's own enum name);
 * a list, one entry per line (or separated by "；"); or a JSON value in the protos' JSON mapping,
 * for what is nested (materials, fees, the workflow).
 */
export type Cell =
  | { readonly type: 'text' }
  | { readonly type: 'number' }
  | { readonly type: 'yes-no' }
  | { readonly type: 'label'; readonly labels: Readonly<Record<string, string>> }
  | { readonly type: 'list'; readonly labels?: Readonly<Record<string, string>> }
  | { readonly type: 'json' };

/** Each enum value's labels and its proto name, to the proto name. */
export function labels(prefix: string, names: Readonly<Record<string, readonly string[]>>): Readonly<Record<string, string>> {
  return Object.fromEntries(Object.entries(names).flatMap(([name, said]) => [...said, `${prefix}${name}`].map((label) => [label, `${prefix}${name}`])));
}

export const text: Cell = { type: 'text' };
export const number: Cell = { type: 'number' };
export const json: Cell = { type: 'json' };
