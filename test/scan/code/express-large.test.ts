/**
 * Generated projects of 1,000 route files (2,000 endpoints): Express routers mounted with prefixes
 * and middleware, Koa routers, Hono sub-apps. Every endpoint is found, with no problems, and a
 * sample carries its auth, validation and responses. Time is measured by `npm run bench`, not here.
 */
import { expect, it } from 'vitest';
import { scanCodeEndpoints } from '../../../src/scan/code/index.js';
import { expressProject, honoProject, koaProject } from '../../fixtures/generate/code-projects.js';
import { indexFromFiles } from './project.js';

const FILES = 1000;

const cases = [
  { name: 'express', project: expressProject, probe: 'POST /api/v1/r7/{id}', expected: { auth: 'required', authBy: ['authenticate', "requireRole('admin')"], validation: 'zod', responses: ['201'] } },
  { name: 'koa', project: koaProject, probe: 'POST /api/r7/{id}', expected: { auth: 'required', authBy: ['jwt'], responses: ['201'] } },
  { name: 'hono', project: honoProject, probe: 'POST /api/r17/{id}', expected: { auth: 'required', authBy: ['jwt'], responses: ['201'] } },
];

it.each(cases)(`$name: scans a generated ${FILES.toLocaleString('en-US')}-route-file project (${(FILES * 2).toLocaleString('en-US')} endpoints) completely`, ({ project, probe, expected }) => {
  const index = indexFromFiles(project(FILES));
  expect(index.parseProblems).toEqual([]);
  const { endpoints, problems } = scanCodeEndpoints(index);
  expect(problems).toEqual([]);
  expect(endpoints).toHaveLength(FILES * 2);
  expect(endpoints.find((e) => e.id === probe)).toMatchObject(expected);
});
