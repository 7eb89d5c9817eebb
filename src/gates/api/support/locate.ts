/**
 * Where a name is written. The registry keeps one line per endpoint (the registration), but a
 * path segment may come from a mount prefix in another file (`router.use('/user_profiles', r)`),
 * and a body property from a DTO or schema: findings point where the fix goes. Searching other
 * files is done only for names a rule is about to report, and each search is done once.
 */
import { resolveModule } from '../../../scan/code/graph.js';
import { LineIndex } from '../../../scan/position.js';
import { sourceLine } from '../../support/endpoints.js';
import type { CheckContext, Location } from '../../types.js';
import { isServiceFile } from './files.js';

/**
 * A name and how it is written: `segment` inside a path string (`'/user_profiles/:id'`,
 * `@Controller('user_profiles')`); `param` as `:user_id`, `{user_id}` or `@Param('user_id')`;
 * `key` as a property or field (`user_name:`, `user_name?:`, `'user_name'`); `query` as a key or as
 * read (`req.query.page_size`, `const { page_size } = req.query`).
 */
export interface NamePattern {
  name: string;
  kind: 'segment' | 'param' | 'key' | 'query';
}

export const segmentPattern = (name: string): NamePattern => ({ name, kind: 'segment' });
export const paramPattern = (name: string): NamePattern => ({ name, kind: 'param' });
export const keyPattern = (name: string): NamePattern => ({ name, kind: 'key' });
export const queryPattern = (name: string): NamePattern => ({ name, kind: 'query' });

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const compiled = new Map<string, RegExp>();

function regexOf({ name, kind }: NamePattern): RegExp {
  const key = `${kind}:${name}`;
  let regex = compiled.get(key);
  if (regex) return regex;
  const n = escape(name);
  const asKey = `(?:(?<![\\w$.])${n}\\s*[?!]?\\s*:)|(?:['"\`]${n}['"\`])`;
  const source = {
    segment: `(?<=['"\`/])${n}(?=['"\`/?])`,
    param: `(?::${n}\\b)|(?:\\{${n}\\})|(?:['"]${n}['"])`,
    key: asKey,
    query: `${asKey}|(?:\\.${n}\\b)|(?:(?<=[{,]\\s*)${n}(?=\\s*[,}=]))`,
  }[kind];
  regex = new RegExp(source);
  if (compiled.size > 10_000) compiled.clear();
  compiled.set(key, regex);
  return regex;
}

/** Imports, requires and comments name files and explain: a name there is not where it is defined. */
const NOT_CODE = /^\s*(?:import\b|export\s+(?:\*|\{[^}]*\})\s+from\b|\/\/|\/?\*)|\brequire\s*\(/;

/**
 * The first place a name is written: on the given line, else elsewhere in that file, else in the
 * files that use it (where a router is mounted) or that it imports (its schemas and DTOs), else in
 * the project's other service files; the given line when it is written nowhere.
 */
export function locate(context: CheckContext, at: { file: string; line: number }, pattern: NamePattern): Location {
  const text = sourceLine(context, at.file, at.line);
  const onLine = text.includes(pattern.name) ? regexOf(pattern).exec(text) : null;
  if (onLine) return { file: at.file, line: at.line, column: onLine.index + 1 };
  const found = context.memo(`api:locate:${at.file}:${pattern.kind}:${pattern.name}`, () => search(context, at.file, pattern));
  return found ?? { file: at.file, line: at.line };
}

function search(context: CheckContext, from: string, pattern: NamePattern): Location | undefined {
  const { imports, importers } = importGraph(context);
  for (const file of [from, ...(importers.get(from) ?? []), ...(imports.get(from) ?? [])]) {
    if (file !== from && !isServiceFile(file)) continue;
    const found = findIn(context, file, pattern);
    if (found) return found;
  }
  // Anywhere else: the first service file that has it, found once per name for the whole project.
  return context.memo(`api:locate-anywhere:${pattern.kind}:${pattern.name}`, () => {
    for (const module of context.modules) {
      const found = isServiceFile(module.file.path) ? findIn(context, module.file.path, pattern) : undefined;
      if (found) return found;
    }
    return undefined;
  });
}

/** Project files each file imports, and the files that import it (built once, when a name is not on its line). */
function importGraph(context: CheckContext): { imports: Map<string, string[]>; importers: Map<string, string[]> } {
  return context.memo('api:import-graph', () => {
    const imports = new Map<string, string[]>();
    const importers = new Map<string, string[]>();
    for (const module of context.modules) {
      const from = module.file.path;
      for (const binding of module.imports) {
        const target = resolveModule(context.index, module, binding.specifier)?.file.path;
        if (!target || imports.get(from)?.includes(target)) continue;
        imports.set(from, [...(imports.get(from) ?? []), target]);
        importers.set(target, [...(importers.get(target) ?? []), from]);
      }
    }
    return { imports, importers };
  });
}

/** The first line outside imports and comments where the name is written as the pattern says: found by `indexOf`, confirmed per line. */
function findIn(context: CheckContext, file: string, pattern: NamePattern): Location | undefined {
  return context.memo(`api:find:${file}:${pattern.kind}:${pattern.name}`, () => {
    const text = context.fileText(file);
    if (!text) return undefined;
    const regex = regexOf(pattern);
    for (let at = text.indexOf(pattern.name); at !== -1; ) {
      const start = text.lastIndexOf('\n', at) + 1;
      const newline = text.indexOf('\n', at);
      const end = newline === -1 ? text.length : newline;
      const line = text.slice(start, end);
      const match = NOT_CODE.test(line) ? null : regex.exec(line);
      if (match) return { file, line: lineIndex(context, file).line(start), column: match.index + 1 };
      at = newline === -1 ? -1 : text.indexOf(pattern.name, end);
    }
    return undefined;
  });
}

function lineIndex(context: CheckContext, file: string): LineIndex {
  return context.memo(`api:line-index:${file}`, () => context.modules.find((m) => m.file.path === file)?.lines ?? new LineIndex(context.fileText(file) ?? ''));
}
