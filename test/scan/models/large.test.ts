/**
 * 200 models, written each way a project may write them, are all found with no problems, and
 * every other model's unindexed foreign key shows. Time is measured by `npm run bench`, not here.
 */
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/schema.js';
import { scanModels } from '../../../src/scan/models/index.js';
import type { SourceFile } from '../../../src/scan/types.js';
import { drizzleProject, prismaProject, sequelizeProject, typeormProject } from './generate.js';
import { uncoveredForeignKeys } from './helpers.js';

const MODELS = 200;

const projects: [string, () => SourceFile[]][] = [
  ['Prisma schema + migrations', () => prismaProject(MODELS)],
  ['SQL migrations', () => prismaProject(MODELS).filter((f) => f.path.endsWith('.sql'))],
  ['TypeORM', () => typeormProject(MODELS)],
  ['Drizzle', () => drizzleProject(MODELS)],
  ['Sequelize', () => sequelizeProject(MODELS)],
];

describe('scanModels on a large project', () => {
  it.each(projects)(`%s: scans a generated ${MODELS}-model project completely`, (_name, generate) => {
    const result = scanModels({ files: generate(), config: defaultConfig() });
    expect(result.problems).toEqual([]);
    expect(result.models).toHaveLength(MODELS);
    // Every other model's parent reference is indexed: the other half must show.
    expect(result.models.filter((m) => uncoveredForeignKeys(m).length > 0)).toHaveLength(MODELS / 2);
  });
});
