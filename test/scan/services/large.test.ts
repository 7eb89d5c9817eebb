import { expect, test } from 'vitest';
import { createResolver } from '../../../src/scan/resolve.js';
import { scanServices } from '../../../src/scan/services/index.js';
import { generatedProject } from '../../fixtures/services/generated-project.js';
import { parseAll } from './helpers.js';

/** A generated project of 1,000 modules is read completely. Time is measured by `npm run bench`, not here. */
test('scans a generated 1,000-module project completely', () => {
  const files = generatedProject(1000);
  const modules = parseAll(files);
  const result = scanServices({ modules, resolver: createResolver(Object.keys(files)) });

  expect(modules).toHaveLength(1000);
  // 293 repositories + 293 services + 30 clients + 30 workers + 30 middleware modules + the pg pool.
  expect(result.services).toHaveLength(677);
  expect(result.problems).toEqual([]);
});
