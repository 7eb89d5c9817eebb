/**
 * `scan` part 4, models: picks the files each source describes, runs its extractor, and merges the
 * results (see `merge.ts` for the rule). Pure over the files handed in.
 *
 * Files are picked by name (`.prisma`; migration SQL, see `findMigrationFiles`) and, for code, by a
 * cheap text test before any parsing: only sources that mention `typeorm`, `drizzle-orm` or
 * `sequelize` are parsed, and a TypeORM or Drizzle file must also import the package. Syntax errors
 * in TypeScript / JavaScript files are not reported here: the scan pipeline reports them once for
 * every source file (pass its parsed `modules` to avoid parsing twice).
 */
import type { Config } from '../../config/schema.js';
import type { Model } from '../../registry/schema.js';
import { isParsed, isSourceFile, parseModule, type ParsedModule } from '../parse.js';
import type { ScanProblem, SourceFile } from '../types.js';
import { drizzleModels } from './drizzle.js';
import { mergeModels } from './merge.js';
import { extractPrisma } from './prisma.js';
import { sequelizeModels } from './sequelize.js';
import { extractSqlMigrations, findMigrationFiles } from './sql.js';
import { typeormModels } from './typeorm.js';
import type { OrmResult, SqlDialect } from './types.js';

export { extractPrisma } from './prisma.js';
export { extractSqlMigrations, findMigrationFiles } from './sql.js';
export { extractTypeorm } from './typeorm.js';
export { extractDrizzle } from './drizzle.js';
export { extractSequelize } from './sequelize.js';
export { mergeModels } from './merge.js';
export type { ModelsResult, OrmResult, SqlDialect } from './types.js';

export interface ScanModelsInput {
  files: readonly SourceFile[];
  config: Config;
  /** Sources the pipeline already parsed, reused by path. */
  modules?: readonly ParsedModule[];
}

export interface ScanModelsResult {
  models: Model[];
  problems: ScanProblem[];
}

const mentions = {
  typeorm: (text: string) => text.includes('typeorm'),
  drizzle: (text: string) => text.includes('drizzle-orm'),
  sequelize: (text: string) => /sequelize/i.test(text) && /\.(?:define|init)\s*\(/.test(text),
};
const importsFrom = (module: ParsedModule, test: (specifier: string) => boolean) => module.imports.some((i) => test(i.specifier));

export function scanModels(input: ScanModelsInput): ScanModelsResult {
  const { files, config } = input;
  const problems: ScanProblem[] = [];
  const code: OrmResult[] = [];

  const prismaFiles = files.filter((f) => f.path.endsWith('.prisma'));
  const prisma = prismaFiles.length > 0 ? extractPrisma(prismaFiles) : undefined;
  if (prisma) {
    code.push(prisma);
    problems.push(...prisma.problems);
  }

  const byPath = new Map(files.map((f) => [f.path, f]));
  const migrations = findMigrationFiles([...byPath.keys()], { dir: config.migrations?.dir }).map((path) => byPath.get(path) as SourceFile);
  const dialect = config.migrations?.dialect ?? providerDialect(prisma?.provider) ?? lockDialect(files) ?? 'postgresql';
  const sql = migrations.length > 0 ? extractSqlMigrations(migrations, { dialect }) : undefined;
  if (sql) problems.push(...sql.problems);

  const modules = sourceModules(files, input.modules);
  const typeorm = modules.filter((m) => mentions.typeorm(m.file.text) && importsFrom(m, (s) => s === 'typeorm' || s.startsWith('typeorm/')));
  const drizzle = modules.filter((m) => mentions.drizzle(m.file.text) && importsFrom(m, (s) => s === 'drizzle-orm' || s.startsWith('drizzle-orm/')));
  const sequelize = modules.filter((m) => mentions.sequelize(m.file.text));
  for (const result of [typeormModels(typeorm), drizzleModels(drizzle), sequelizeModels(sequelize)]) {
    code.push(result);
    problems.push(...result.problems);
  }

  return { models: mergeModels(code, sql), problems };
}

/** The sources that may define models, parsed once (or taken from the pipeline's parse). */
function sourceModules(files: readonly SourceFile[], parsed: readonly ParsedModule[] | undefined): ParsedModule[] {
  const known = new Map((parsed ?? []).map((m) => [m.file.path, m]));
  const result: ParsedModule[] = [];
  for (const file of files) {
    if (!isSourceFile(file.path) || !(mentions.typeorm(file.text) || mentions.drizzle(file.text) || mentions.sequelize(file.text))) continue;
    const module = known.get(file.path) ?? parseModule(file);
    if (isParsed(module)) result.push(module);
  }
  return result;
}

function providerDialect(provider: string | undefined): SqlDialect | undefined {
  if (provider === 'postgresql' || provider === 'postgres' || provider === 'cockroachdb') return 'postgresql';
  if (provider === 'mysql' || provider === 'sqlite') return provider;
  return undefined;
}

/** Prisma's `migrations/migration_lock.toml` names the provider, when the scan was given it. */
function lockDialect(files: readonly SourceFile[]): SqlDialect | undefined {
  const lock = files.find((f) => f.path.endsWith('migration_lock.toml'));
  return providerDialect(lock ? /provider\s*=\s*"(\w+)"/.exec(lock.text)?.[1] : undefined);
}
