/**
 * Builds a ProjectIndex for tests: from an in-memory map of files or from a fixture directory,
 * exactly as the scan does (parseModule, createResolver with the tsconfig's paths, createIndex).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isParsed, isSourceFile, parseModule } from '../../../src/scan/parse.js';
import { createResolver } from '../../../src/scan/resolve.js';
import { createIndex, type ProjectIndex } from '../../../src/scan/code/graph.js';
import { readTsPaths } from '../../../src/scan/code/tsconfig.js';
import type { ScanProblem } from '../../../src/scan/types.js';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/code');

export function indexFromFiles(files: Record<string, string>, root = '/project'): ProjectIndex & { parseProblems: ScanProblem[] } {
  const sources = Object.entries(files)
    .filter(([file]) => isSourceFile(file))
    .map(([file, text]) => ({ path: file, abs: path.posix.join(root, file), text, hash: '' }));
  const parsed = sources.map(parseModule);
  const tsconfig = files['tsconfig.json'];
  const resolver = createResolver(
    sources.map((s) => s.path),
    tsconfig ? readTsPaths(tsconfig) : undefined,
  );
  return { ...createIndex(parsed.filter(isParsed), resolver), parseProblems: parsed.filter((p) => !isParsed(p)) as ScanProblem[] };
}

export function readTree(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const visit = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules') continue;
      const abs = path.join(dir, name);
      if (statSync(abs).isDirectory()) visit(abs);
      else if (isSourceFile(name) || name === 'tsconfig.json') files[path.relative(root, abs).split(path.sep).join('/')] = readFileSync(abs, 'utf8');
    }
  };
  visit(root);
  return files;
}

export const indexFromDir = (root: string) => indexFromFiles(readTree(root), root);
export const fixtureIndex = (name: string) => indexFromDir(path.join(FIXTURES, name));
