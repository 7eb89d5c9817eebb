/**
 * The `baseUrl`/`paths` of a tsconfig, which the resolver needs for alias imports (`@/routes`).
 * tsconfig files are JSONC: comments and trailing commas are normal there.
 */
import path from 'node:path';
import { parse } from 'jsonc-parser';
import type { TsPaths } from '../resolve.js';

/**
 * `tsconfigDir` is the tsconfig's directory relative to the project root (posix, '' or '.' for the
 * root). Returns undefined when the tsconfig has neither `baseUrl` nor `paths`. `extends` is not
 * followed: the caller reads the file it points to and passes it instead.
 */
export function readTsPaths(tsconfigText: string, tsconfigDir = '.'): TsPaths | undefined {
  const json: unknown = parse(tsconfigText, [], { allowTrailingComma: true, disallowComments: false });
  const options = (json as { compilerOptions?: { baseUrl?: unknown; paths?: unknown } } | undefined)?.compilerOptions;
  if (!options || (options.baseUrl === undefined && options.paths === undefined)) return undefined;
  const paths: Record<string, string[]> = {};
  if (options.paths && typeof options.paths === 'object') {
    for (const [pattern, targets] of Object.entries(options.paths as Record<string, unknown>)) {
      if (Array.isArray(targets)) paths[pattern] = targets.filter((t): t is string => typeof t === 'string');
    }
  }
  const baseUrl = typeof options.baseUrl === 'string' ? options.baseUrl : '.';
  return { baseUrl: path.posix.normalize(path.posix.join(tsconfigDir || '.', baseUrl)), paths };
}
