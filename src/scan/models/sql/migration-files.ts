/**
 * Which SQL files are migrations, and in which order they apply. With `migrations.dir` set, every
 * `.sql` file under it; otherwise the conventional places: a `migrations` / `migration` / `migrate`
 * folder anywhere (Prisma's `prisma/migrations/<timestamp>_<name>/migration.sql`, golang-migrate,
 * dbmate, Supabase, node-pg-migrate's SQL files…) and drizzle-kit's `drizzle/` output. Down
 * migrations (`down.sql`, `*.down.sql`, `*_down.sql`) are never applied.
 *
 * Order is the tools' own: by file name, numbers compared as numbers (`2_x` before `10_y`), which
 * is also timestamp order. Files are grouped by migrations folder, folders in path order.
 */
import { compareText } from '../../../core/compare.js';

export interface MigrationSettings {
  dir?: string;
}

const DOWN = /(?:^|\/)down\.sql$|[._-]down\.sql$/i;
const CONVENTIONAL = /^(.*?(?:^|\/)(?:migrations?|migrate)\/)|^(.*?(?:^|\/)drizzle\/)(?=[^/]+\.sql$)/i;
const NOT_PROJECT_CODE = /(?:^|\/)(?:node_modules|fixtures|__fixtures__)\//;

export function findMigrationFiles(paths: readonly string[], settings: MigrationSettings = {}): string[] {
  const dir = settings.dir?.replace(/^\.\//, '').replace(/\/+$/, '');
  const found: { path: string; root: string; rest: string }[] = [];
  for (const path of paths) {
    if (!path.toLowerCase().endsWith('.sql') || DOWN.test(path)) continue;
    if (dir !== undefined && dir !== '' && dir !== '.') {
      if (path.startsWith(`${dir}/`)) found.push({ path, root: `${dir}/`, rest: path.slice(dir.length + 1) });
      continue;
    }
    if (NOT_PROJECT_CODE.test(path)) continue;
    const match = CONVENTIONAL.exec(path);
    const root = match?.[1] ?? match?.[2];
    if (root !== undefined) found.push({ path, root, rest: path.slice(root.length) });
  }
  return found.sort((a, b) => compareText(a.root, b.root) || compareNatural(a.rest, b.rest)).map((f) => f.path);
}

/** Digit runs compare as numbers, everything else by code unit. */
export function compareNatural(a: string, b: string): number {
  const chunks = (s: string) => s.match(/\d+|\D+/g) ?? [];
  const left = chunks(a);
  const right = chunks(b);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const x = left[i] as string;
    const y = right[i] as string;
    if (x === y) continue;
    if (/^\d/.test(x) && /^\d/.test(y)) {
      const difference = BigInt(x) - BigInt(y);
      if (difference !== 0n) return difference < 0n ? -1 : 1;
      continue;
    }
    return compareText(x, y);
  }
  return left.length - right.length;
}
