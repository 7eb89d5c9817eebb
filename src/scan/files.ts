/**
 * Which files a scan reads: everything under the project root that could describe the backend
 * (sources, Prisma schemas, SQL migrations, OpenAPI documents, tsconfig), minus dependencies,
 * build output, the orchestrator's own state, what .gitignore excludes, and oversized
 * (generated) files. Symbolic links are not followed, so a link loop cannot trap the scan.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ignore from 'ignore';
import { globSync } from 'tinyglobby';
import type { ScanProblem, SourceFile } from './types.js';

/** Never scanned, whatever the config says. */
export const ALWAYS_EXCLUDED = ['**/node_modules/**', '**/.git/**'];

/** Excluded by default (the config's `sources` can name files inside them explicitly). */
export const DEFAULT_EXCLUDED = [
  '**/dist/**',
  '**/build/**',
  '**/out/**',
  '**/coverage/**',
  '**/.next/**',
  '**/.nuxt/**',
  '**/.turbo/**',
  '**/.cache/**',
  '**/vendor/**',
  '**/tmp/**',
  '**/*.min.js',
  '**/*.d.ts',
  '**/*.map',
];

const DEFAULT_PATTERNS = ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}', '**/*.prisma', '**/*.sql', '**/*.{yaml,yml,json}'];

/** A larger file is almost surely generated (bundles, fixtures, dumps) and is skipped. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** JSON and YAML files worth reading: OpenAPI-ish names and tsconfig. Other data files are not. */
function isInterestingData(file: string): boolean {
  const base = path.posix.basename(file).toLowerCase();
  if (!/\.(ya?ml|json)$/.test(base)) return true;
  if (base.startsWith('tsconfig') && base.endsWith('.json')) return true;
  return /(openapi|swagger|api-?spec|\.oas)/.test(base) || /(^|\/)(docs|api|spec|specs|openapi)\//.test(file) || base === 'api.yaml' || base === 'api.yml' || base === 'api.json';
}

export interface DiscoverOptions {
  root: string;
  /** The state directory, relative to root (never scanned). */
  stateDir: string;
  /** Configured globs (`sources`); default: everything that could matter. */
  patterns?: readonly string[] | undefined;
}

export interface FileEntry {
  path: string;
  abs: string;
  size: number;
  mtimeMs: number;
}

export function discoverFiles(options: DiscoverOptions): { files: FileEntry[]; problems: ScanProblem[] } {
  const { root } = options;
  const stateDir = options.stateDir.replace(/\/+$/, '');
  const ignoreRules = ignore();
  try {
    ignoreRules.add(readFileSync(path.join(root, '.gitignore'), 'utf8'));
  } catch {
    // no .gitignore: nothing more to exclude
  }
  const found = globSync([...(options.patterns ?? DEFAULT_PATTERNS)], {
    cwd: root,
    ignore: [...ALWAYS_EXCLUDED, ...(options.patterns ? [] : DEFAULT_EXCLUDED), `${stateDir}/**`, '.bo-demo/**'],
    followSymbolicLinks: false,
    onlyFiles: true,
    dot: false,
    expandDirectories: false,
  });
  const files: FileEntry[] = [];
  const problems: ScanProblem[] = [];
  for (const rel of found.sort()) {
    const file = rel.split(path.sep).join('/');
    if (ignoreRules.ignores(file) || !isInterestingData(file)) continue;
    const abs = path.join(root, file);
    let info;
    try {
      info = statSync(abs);
    } catch {
      continue; // vanished or a dangling link
    }
    if (!info.isFile()) continue;
    if (info.size > MAX_FILE_BYTES) {
      problems.push({ file, message: `skipped: ${(info.size / 1024 / 1024).toFixed(1)} MB is over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit (generated?)`, severity: 'warning' });
      continue;
    }
    files.push({ path: file, abs, size: info.size, mtimeMs: info.mtimeMs });
  }
  return { files, problems };
}

export const hashText = (text: string) => createHash('sha1').update(text).digest('hex');

export function readSourceFile(entry: FileEntry): SourceFile {
  const text = readFileSync(entry.abs, 'utf8');
  return { path: entry.path, abs: entry.abs, text, hash: hashText(text) };
}

/** One fingerprint of the whole input: paths, sizes and modification times (no reads). */
export function statFingerprint(files: readonly FileEntry[]): string {
  const hash = createHash('sha1');
  for (const f of files) hash.update(`${f.path}\0${f.size}\0${f.mtimeMs}\n`);
  return hash.digest('hex');
}

/** One fingerprint of the contents: the per-file content hashes. */
export function contentFingerprint(files: readonly SourceFile[]): string {
  const hash = createHash('sha1');
  for (const f of files) hash.update(`${f.path}\0${f.hash}\n`);
  return hash.digest('hex');
}
