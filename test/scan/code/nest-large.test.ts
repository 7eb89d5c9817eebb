/**
 * A generated NestJS project of 1,000 controllers (2,000 endpoints) in 100 modules, with a global
 * prefix, URI versioning, a global guard, DTOs and module middleware: every endpoint is found,
 * with no problems, and samples carry their auth, validation and responses. Time is measured by
 * `npm run bench`, not here.
 */
import { expect, it } from 'vitest';
import { nestScanner } from '../../../src/scan/code/nest/index.js';
import { nestProject } from '../../fixtures/generate/code-projects.js';
import { indexFromFiles } from './project.js';

const CONTROLLERS = 1000;
const PER_MODULE = 10;

it(`scans a generated ${CONTROLLERS.toLocaleString('en-US')}-controller project (${(CONTROLLERS * 2).toLocaleString('en-US')} endpoints) completely`, () => {
  const index = indexFromFiles(nestProject(CONTROLLERS, PER_MODULE));
  expect(index.parseProblems).toEqual([]);
  const { endpoints, problems } = nestScanner.scan(index);
  expect(problems).toEqual([]);
  expect(endpoints).toHaveLength(CONTROLLERS * 2);
  expect(endpoints.find((e) => e.id === 'POST /api/v1/c7')).toMatchObject({ auth: 'required', authBy: ['JwtAuthGuard'], validation: 'class-validator', responses: ['202'] });
  expect(endpoints.find((e) => e.id === 'GET /api/v1/c7/{id}')).toMatchObject({ auth: 'none', responses: ['200', '404'] });
});
