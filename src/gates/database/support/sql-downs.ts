/**
 * The down step of a SQL migration, in the tools' conventions: a section of the same file
 * (dbmate `-- migrate:down`, goose `-- +goose Down`, sql-migrate `-- +migrate Down`,
 * node-pg-migrate `-- Down Migration`), or a file beside it (Prisma's `down.sql` in the
 * migration's folder, golang-migrate's `x.down.sql` for `x.up.sql`, `x_down.sql`, Flyway's undo
 * `U1__x.sql` for `V1__x.sql`, `down/x.sql` for `up/x.sql`).
 */
import type { SourceFile } from '../../../scan/types.js';

export type DownStyle = 'section' | 'prisma' | 'pair' | 'flyway';

export interface DownStep {
  style: DownStyle;
  /** The file holding the down step, when there is one, and the line it starts on. */
  file?: string;
  line?: number;
  /** Only comments and blank lines. */
  empty: boolean;
  /** Where the down step was expected (for the message), when there is none. */
  expected: string;
}

const UP_MARK = /^\s*--\s*(?:migrate:up|\+goose\s+up|\+migrate\s+up|up\s+migration)\b/i;
const DOWN_MARK = /^\s*--\s*(?:migrate:down|\+goose\s+down|\+migrate\s+down|down\s+migration)\b/i;

/** SQL text without comments is empty. */
export const isEmptySql = (text: string): boolean => text.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, '').trim() === '';

const dirOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '');
const baseOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** Where the down step of `up` would be, by convention, in the order the tools look. */
function candidates(up: string): { style: DownStyle; path: string }[] {
  const dir = dirOf(up);
  const base = baseOf(up);
  const stem = base.replace(/\.sql$/i, '');
  const list: { style: DownStyle; path: string }[] = [];
  if (/^(?:migration|up)\.sql$/i.test(base)) list.push({ style: 'prisma', path: `${dir}down.sql` });
  const withoutUp = stem.replace(/[._-]up$/i, '');
  for (const separator of ['.', '_', '-']) list.push({ style: 'pair', path: `${dir}${withoutUp}${separator}down.sql` });
  const flyway = /^V(\d[\w.]*__.*)$/.exec(stem);
  if (flyway) list.push({ style: 'flyway', path: `${dir}U${flyway[1]}.sql` });
  if (/(?:^|\/)up\//.test(up)) list.push({ style: 'pair', path: up.replace(/(^|\/)up\//, '$1down/') });
  return list;
}

export function sqlDownStep(up: SourceFile, fileText: (path: string) => string | undefined): DownStep {
  const lines = up.text.split('\n');
  const downAt = lines.findIndex((line) => DOWN_MARK.test(line));
  if (downAt >= 0 || lines.some((line) => UP_MARK.test(line))) {
    if (downAt < 0) return { style: 'section', empty: true, expected: 'a down section (`-- migrate:down`, `-- +goose Down`…) in the file' };
    const next = lines.findIndex((line, i) => i > downAt && UP_MARK.test(line));
    const section = lines.slice(downAt + 1, next < 0 ? undefined : next).join('\n');
    return { style: 'section', file: up.path, line: downAt + 1, empty: isEmptySql(section), expected: 'the down section' };
  }
  const options = candidates(up.path);
  for (const { style, path } of options) {
    const text = fileText(path);
    if (text !== undefined) return { style, file: path, line: 1, empty: isEmptySql(text), expected: path };
  }
  const [first] = options;
  const expected = first?.style === 'prisma' ? `${dirOf(up.path)}down.sql` : (options.find((o) => o.style === 'flyway')?.path ?? options.find((o) => o.style === 'pair')?.path ?? '');
  return { style: first?.style === 'prisma' ? 'prisma' : options.some((o) => o.style === 'flyway') ? 'flyway' : 'pair', empty: true, expected };
}

/**
 * SQL files in a migrations folder that are not up migrations, though the scan's file list has
 * them: seed and schema dumps, down scripts kept in a `down/` folder, Flyway undo scripts (`U1__x.sql`).
 */
export const isNotUpMigration = (path: string): boolean =>
  /(?:^|\/)(?:seeds?[^/]*|schema)\.sql$/i.test(path) || /(?:^|\/)down\//.test(path) || /(?:^|\/)U\d[^/]*__[^/]*\.sql$/.test(path);
