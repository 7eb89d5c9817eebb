/**
 * The few Markdown pieces the human docs are built from: escaped table cells, code spans, tables
 * and source links. Registry values come from code (types like `Decimal @db.Decimal(10, 2)`,
 * middleware like `requireRole('admin')`), so every value is escaped before it reaches a table.
 */

/** Text safe in a GFM table cell: no pipe splits the row, no newline breaks it, no `<` opens HTML. */
export function text(value: string): string {
  return value.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').replace(/</g, '&lt;');
}

/** A code span that survives backticks in the value (the fence is longer than any run inside). */
export function code(value: string): string {
  const flat = value.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = longest > 0 || flat.startsWith(' ') || flat.endsWith(' ') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)];
}

/**
 * `file:line` as a link into the code. `base` is the way from the document's folder to the
 * project root (`''` next to it, `'../'` one folder down), so links work wherever the file sits.
 */
export function sourceLink(source: { file: string; line?: number | undefined } | undefined, base: string): string {
  if (!source) return '—';
  const label = source.line ? `${source.file}:${source.line}` : source.file;
  const target = `${base}${source.file.split('\\').join('/')}${source.line ? `#L${source.line}` : ''}`;
  return `[${text(label).replace(/[[\]]/g, '\\$&')}](${encodeURI(target).replace(/[()]/g, (c) => encodeURIComponent(c))})`;
}

/** `1 endpoint`, `3 endpoints`. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** A bullet list that stops after `limit` items and says how many it left out. */
export function bullets(items: readonly string[], limit: number, indent = ''): string[] {
  const shown = items.slice(0, limit).map((item) => `${indent}- ${item}`);
  if (items.length > limit) shown.push(`${indent}- … and ${items.length - limit} more`);
  return shown;
}
