/**
 * 200 models, written each way a project may write them, scan well under 300 ms. The bound is on
 * the best of three runs so that a busy machine does not fail the suite; the first (cold) run is
 * printed too. Fresh-process figures for the report come from the same generated projects.
 */
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/schema.js';
import { scanModels } from '../../../src/scan/models/index.js';
import type { SourceFile } from '../../../src/scan/types.js';
import { drizzleProject, prismaProject, sequelizeProject, typeormProject } from './generate.js';
import { uncoveredForeignKeys } from './helpers.js';

const MODELS = 200;
const BUDGET_MS = 300;

const projects: [string, () => SourceFile[]][] = [
  ['Prisma schema + migrations', () => prismaProject(MODELS)],
  ['SQL migrations', () => prismaProject(MODELS).filter((f) => f.path.endsWith('.sql'))],
  ['TypeORM', () => typeormProject(MODELS)],
  ['Drizzle', () => drizzleProject(MODELS)],
  ['Sequelize', () => sequelizeProject(MODELS)],
];

describe('scanModels performance', () => {
  it.each(projects)('%s: 200 models', (name, generate) => {
    const files = generate();
    const times: number[] = [];
    let result = scanModels({ files, config: defaultConfig() });
    for (let run = 0; run < 3; run++) {
      const start = performance.now();
      result = scanModels({ files, config: defaultConfig() });
      times.push(performance.now() - start);
    }
    console.log(`${name}: ${files.length} files, runs ${times.map((t) => t.toFixed(0)).join(' / ')} ms`);
    expect(result.problems).toEqual([]);
    expect(result.models).toHaveLength(MODELS);
    // Every other model's parent reference is indexed: the other half must show.
    expect(result.models.filter((m) => uncoveredForeignKeys(m).length > 0)).toHaveLength(MODELS / 2);
    expect(Math.min(...times)).toBeLessThan(BUDGET_MS);
  });
});
