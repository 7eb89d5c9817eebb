/**
 * Building the page from data without innerHTML: every string lands in the DOM as text, never as
 * markup, so a task title or an event field cannot inject anything (and the Content-Security-
 * Policy forbids inline script anyway). `h` makes HTML elements, `svg` SVG ones.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

function setAttributes(element, attributes) {
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
}

function appendChildren(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
}

/** An HTML element: `h('a', { href: '#/board' }, 'Board')`. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  setAttributes(element, attributes);
  appendChildren(element, children);
  return element;
}

/** An SVG element (same arguments as `h`). */
export function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  setAttributes(element, attributes);
  appendChildren(element, children);
  return element;
}

/** Replaces an element's content. */
export function replaceChildren(element, ...children) {
  element.replaceChildren();
  appendChildren(element, children);
  return element;
}

let idCounter = 0;
/** A unique id for aria-labelledby / aria-controls pairs. */
export const uniqueId = (prefix) => `${prefix}-${++idCounter}`;

/**
 * A table with a caption and column headers; `rows` are arrays of cells (nodes or text), the first
 * cell of each row being its header. On phones the stylesheet shows each row as a stacked card,
 * each cell after its column's name (`data-label`); the explicit ARIA roles keep it a table for
 * screen readers even then (a CSS display change can otherwise drop the table semantics).
 */
export function table({ caption, columns, rows, rowAttributes = () => ({}), className = '' }) {
  return h(
    'div',
    { class: 'table-scroll', role: 'region', 'aria-label': caption, tabindex: '0' },
    h(
      'table',
      { class: `stack ${className}`.trim(), role: 'table' },
      h('caption', {}, caption),
      h('thead', { role: 'rowgroup' }, h('tr', { role: 'row' }, columns.map((column) => h('th', { scope: 'col', role: 'columnheader' }, column)))),
      h(
        'tbody',
        { role: 'rowgroup' },
        rows.map((row, index) =>
          h(
            'tr',
            { role: 'row', ...rowAttributes(index) },
            row.map((cell, i) => (i === 0 ? h('th', { scope: 'row', role: 'rowheader' }, cell) : h('td', { role: 'cell', 'data-label': columns[i] }, cell))),
          ),
        ),
      ),
    ),
  );
}

/** A `<dl>` of label → value pairs (pairs whose value is empty are left out). */
export function definitionList(pairs, className = 'facts') {
  return h(
    'dl',
    { class: className },
    pairs.filter(([, value]) => value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0)).map(([label, value]) => h('div', {}, h('dt', {}, label), h('dd', {}, value))),
  );
}

/** A status shown as a word and a symbol, never by colour alone. */
export function statusBadge(status, label = status) {
  const symbols = { pass: '✓', fail: '✗', warn: '!', skipped: '–', 'not-applicable': '∅', error: '✗', warning: '!', info: 'i' };
  const symbol = symbols[status];
  return h('span', { class: `badge badge-${status}` }, symbol ? h('span', { 'aria-hidden': 'true' }, `${symbol} `) : null, label);
}

/** A paragraph that says something went wrong, announced to screen readers. */
export function errorNote(message) {
  return h('p', { class: 'note note-error', role: 'alert' }, message);
}

/** A quiet paragraph for "nothing here yet" states. */
export function emptyNote(...children) {
  return h('p', { class: 'note' }, ...children);
}
