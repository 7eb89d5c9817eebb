/**
 * Builds the check context: the I/O edge of the gates. Discovers and reads the project's files,
 * runs the scan's analysis (parse once: the registry, the code graph, the OpenAPI document) and
 * reads package.json, the lockfile and a given advisories file. Rules get values, never the disk.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/schema.js';
import { BoError } from '../core/errors.js';
import { analyse } from '../scan/analyse.js';
import { discoverFiles, readSourceFile } from '../scan/files.js';
import type { CheckContext, TextInput } from './types.js';

export interface ContextOptions {
  root: string;
  config: Config;
  advisoriesFile?: string | undefined;
  onProgress?: (phase: string, done: number, total: number) => void;
}

const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock'];

function readText(root: string, file: string): TextInput | undefined {
  try {
    return { file, text: readFileSync(path.join(root, file), 'utf8') };
  } catch {
    return undefined;
  }
}

export async function buildCheckContext(options: ContextOptions): Promise<CheckContext> {
  const { root, config } = options;
  const progress = options.onProgress ?? (() => undefined);
  const discovered = discoverFiles({ root, stateDir: config.stateDir, patterns: config.sources });
  const files = discovered.files.map((entry, index) => {
    if (index % 200 === 0) progress('reading', index, discovered.files.length);
    return readSourceFile(entry);
  });
  const analysis = await analyse(root, files, config, progress);
  let advisories: TextInput | undefined;
  if (options.advisoriesFile) {
    const abs = path.resolve(root, options.advisoriesFile);
    try {
      advisories = { file: options.advisoriesFile, text: readFileSync(abs, 'utf8') };
    } catch (error) {
      throw new BoError('BO_ERR_USAGE', `--advisories ${options.advisoriesFile}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }
  return createCheckContext({
    root,
    config,
    registry: analysis.registry,
    files,
    modules: analysis.modules,
    index: analysis.index,
    openapi: analysis.openapi,
    drift: analysis.drift,
    problems: [...discovered.problems, ...analysis.problems],
    packageJson: readText(root, 'package.json'),
    lockfile: LOCKFILES.map((f) => readText(root, f)).find(Boolean),
    advisories,
  });
}

/** A context from values (what tests use): adds the file lookup and the memo. */
export function createCheckContext(values: Omit<CheckContext, 'fileText' | 'memo'>): CheckContext {
  const texts = new Map(values.files.map((f) => [f.path, f.text]));
  const memo = new Map<string, unknown>();
  return {
    ...values,
    fileText: (file) => texts.get(file),
    memo<T>(key: string, compute: () => T): T {
      if (!memo.has(key)) memo.set(key, compute());
      return memo.get(key) as T;
    },
  };
}
