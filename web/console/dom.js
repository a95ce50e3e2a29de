// Builds the pages with the DOM itself: text is always set as text, never parsed as HTML, so
// nothing the platform returns can inject markup.

/** An element with attributes (data-* from `data`, listeners from `on`) and children (nodes or text). */
export function el(tag, attributes = {}, ...children) {
  const { data, on, ...rest } = attributes;
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(rest)) if (value !== undefined && value !== false) element.setAttribute(name, value === true ? '' : String(value));
  Object.assign(element.dataset, data ?? {});
  for (const [event, listener] of Object.entries(on ?? {})) element.addEventListener(event, listener);
  element.append(...children.flat().filter((child) => child !== undefined && child !== null && child !== false).map((child) => (child instanceof Node ? child : String(child))));
  return element;
}

/** An SVG element (the case picture). */
export function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  element.append(...children.map((child) => (child instanceof Node ? child : String(child))));
  return element;
}

/** A table with its header row and body rows (arrays of cells: nodes, text, or td elements). */
export function table(headers, rows, attributes = {}) {
  const cell = (tag, content) => (content instanceof HTMLTableCellElement ? content : el(tag, {}, content));
  return el('table', attributes, el('thead', {}, el('tr', {}, headers.map((header) => cell('th', header)))), el('tbody', {}, rows.map((row) => (row instanceof HTMLTableRowElement ? row : el('tr', {}, row.map((content) => cell('td', content)))))));
}

/** A right-aligned number cell. */
export const number = (value) => el('td', { class: 'number' }, value);

/** The address of a console page with its parameters (empty ones left out), e.g. "#/alerts?level=2". */
export const pageHref = (page, values = {}) => {
  // As a string (URLSearchParams.size needs a newer browser than a hall's office PC may have).
  const query = String(new URLSearchParams(Object.entries(values).filter(([, value]) => value !== '' && value !== undefined && value !== null)));
  return `#/${page}${query ? `?${query}` : ''}`;
};

/** A percentage of 0..1, or "—" when there is nothing to divide. */
export const percent = (rate, of = 1) => (of ? `${(rate * 100).toFixed(1)} %` : '—');
