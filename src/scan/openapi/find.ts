/**
 * Which files are the project's OpenAPI documents: the configured one, else the conventional names.
 * Pure over the project's file list, so it needs no disk and is trivially testable.
 */
import path from 'node:path';

const NAMES = ['openapi', 'swagger'];
const EXTENSIONS = ['yaml', 'yml', 'json'];
/** Folders (at the project root) where documents are conventionally kept, in order of preference. */
export const OPENAPI_FOLDERS = ['docs', 'api', 'spec', 'specs', 'openapi'] as const;

const CONVENTIONAL = new Set(NAMES.flatMap((name) => EXTENSIONS.map((ext) => `${name}.${ext}`)));
const SUFFIXED = /\.openapi\.(ya?ml|json)$/;

/**
 * `files`: project-relative posix paths. Returns project-relative paths, best first. A configured
 * path wins even when it is not in `files`, so that loading it reports what is wrong with it.
 */
export function findOpenApiDocuments(root: string, files: readonly string[], configured?: string): string[] {
  if (configured) {
    const relative = path.isAbsolute(configured) ? path.relative(root, configured) : configured;
    return [path.posix.normalize(relative.split(path.sep).join('/')).replace(/^\.\//, '')];
  }
  const ranked: { file: string; rank: number[] }[] = [];
  for (const file of files) {
    const rank = rankOf(file);
    if (rank) ranked.push({ file, rank });
  }
  ranked.sort((a, b) => compareRanks(a.rank, b.rank) || a.file.localeCompare(b.file));
  return ranked.map(({ file }) => file);
}

/** [folder, depth, name] ranks; undefined for a file that is not a conventional document. */
function rankOf(file: string): number[] | undefined {
  const slash = file.lastIndexOf('/');
  const base = file.slice(slash + 1);
  const nameRank = CONVENTIONAL.has(base) ? [...CONVENTIONAL].indexOf(base) : SUFFIXED.test(base) ? CONVENTIONAL.size : -1;
  if (nameRank < 0) return undefined;
  if (slash < 0) return [0, 0, nameRank];
  const segments = file.split('/');
  const folder = OPENAPI_FOLDERS.indexOf(segments[0] as (typeof OPENAPI_FOLDERS)[number]);
  if (folder < 0) return undefined;
  return [folder + 1, segments.length, nameRank];
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < a.length; index++) {
    const difference = (a[index] as number) - (b[index] as number);
    if (difference !== 0) return difference;
  }
  return 0;
}
