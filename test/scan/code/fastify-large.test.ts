/**
 * A generated Fastify project of 1,000 route plugins (2,000 endpoints) registered with prefixes
 * from one server, with hooks, schemas and shared handlers: every endpoint is found, with no
 * problems, and a sample carries its auth, validation and responses. Time is measured by
 * `npm run bench`, not here.
 */
import { expect, it } from 'vitest';
import { fastifyScanner } from '../../../src/scan/code/fastify/index.js';
import { fastifyProject } from '../../fixtures/generate/code-projects.js';
import { indexFromFiles } from './project.js';

const PLUGINS = 1000;

it(`scans a generated ${PLUGINS.toLocaleString('en-US')}-plugin project (${(PLUGINS * 2).toLocaleString('en-US')} endpoints) completely`, () => {
  const index = indexFromFiles(fastifyProject(PLUGINS));
  expect(index.parseProblems).toEqual([]);
  const { endpoints, problems } = fastifyScanner.scan(index);
  expect(problems).toEqual([]);
  expect(endpoints).toHaveLength(PLUGINS * 2);
  expect(endpoints.find((e) => e.id === 'POST /api/v1/r7/{id}')).toMatchObject({ auth: 'required', authBy: ['authenticate', 'requireAdmin'], validation: 'typebox', responses: ['201'] });
});
