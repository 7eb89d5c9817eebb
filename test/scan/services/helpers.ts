/** Builds the scanner's input in memory: files → SourceFile → ParsedModule, and a resolver over them. */
import { isParsed, parseModule, type ParsedModule } from '../../../src/scan/parse.js';
import { createResolver, type TsPaths } from '../../../src/scan/resolve.js';
import { scanServices } from '../../../src/scan/services/index.js';
import type { SourceFile } from '../../../src/scan/types.js';

export type Files = Readonly<Record<string, string>>;

export function parseAll(files: Files): ParsedModule[] {
  return Object.entries(files).map(([path, text]) => {
    const file: SourceFile = { path, abs: `/project/${path}`, text, hash: '' };
    const parsed = parseModule(file);
    if (!isParsed(parsed)) throw new Error(`fixture ${path} does not parse: ${parsed.message} (line ${parsed.line})`);
    return parsed;
  });
}

export function scan(files: Files, tsPaths?: TsPaths) {
  return scanServices({ modules: parseAll(files), resolver: createResolver(Object.keys(files), tsPaths) });
}

/** The 1-based line of the first line of `path` containing `snippet`, so expectations name the code they point at. */
export function lineOf(files: Files, path: string, snippet: string): number {
  const index = (files[path] ?? '').split('\n').findIndex((line) => line.includes(snippet));
  if (index < 0) throw new Error(`"${snippet}" not found in ${path}`);
  return index + 1;
}

type Kind = 'service' | 'repository' | 'job' | 'integration' | 'middleware';

/** An expected entry: [name, kind, file, snippet on its source line, dependsOn, integrations]. */
export function expected(files: Files, rows: readonly [string, Kind, string, string, string[], string[]][]) {
  return rows.map(([name, kind, file, snippet, dependsOn, integrations]) => ({
    name,
    kind,
    source: { file, line: lineOf(files, file, snippet) },
    dependsOn,
    integrations,
  }));
}
