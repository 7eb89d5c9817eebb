/**
 * Finds and loads the project's config. The project root is the nearest ancestor of the working
 * directory that holds a config file or a state directory; without either, the working directory.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BoError } from '../core/errors.js';
import { parseStructured, StructuredParseError } from '../core/structured.js';
import { check } from '../core/validation.js';
import { CONFIG_FILE_NAMES, Config } from './schema.js';

export interface LoadedConfig {
  root: string;
  /** The config file used, or undefined when running on defaults. */
  file: string | undefined;
  config: Config;
}

function configFileIn(dir: string): string | undefined {
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export function findProjectRoot(cwd: string): string {
  let dir = path.resolve(cwd);
  for (;;) {
    if (configFileIn(dir) || existsSync(path.join(dir, 'ai-state'))) return dir;
    if (existsSync(path.join(dir, '.git'))) return path.resolve(cwd);
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(cwd);
    dir = parent;
  }
}

async function parseConfigText(file: string, text: string): Promise<unknown> {
  try {
    return (await parseStructured(file, text)) ?? {};
  } catch (error) {
    if (!(error instanceof StructuredParseError)) throw error;
    throw new BoError('BO_ERR_CONFIG_INVALID', `${file}:${error.line}:${error.column}: ${error.message}`);
  }
}

export async function loadConfig(cwd: string): Promise<LoadedConfig> {
  const root = findProjectRoot(cwd);
  const file = configFileIn(root);
  if (!file) return { root, file: undefined, config: Config.parse({}) };
  const raw = await parseConfigText(file, readFileSync(file, 'utf8'));
  const result = check(Config, raw);
  if (!result.ok) {
    throw new BoError('BO_ERR_CONFIG_INVALID', `${path.relative(cwd, file) || file}: ${result.errors.join('; ')}`);
  }
  return { root, file, config: result.value };
}
