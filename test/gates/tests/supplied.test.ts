/**
 * tests/load, tests/security, tests/contract: the project's own tests of the kind pass; without
 * them, what bo check --live's API gates supplied in this run passes with a note saying so; with
 * neither, a warning. None of them runs the test command.
 */
import { describe, expect, it } from 'vitest';
import testCoverage from '../../../src/gates/metrics/test-coverage.js';
import api from '../../../src/gates/tests/api.js';
import contract from '../../../src/gates/tests/contract.js';
import load from '../../../src/gates/tests/load.js';
import security from '../../../src/gates/tests/security.js';
import unit from '../../../src/gates/tests/unit.js';
import { projectContext } from '../../helpers/gates.js';
import { runLive } from './live/run-live.js';

const PACKAGE = `{\n  "name": "p",\n  "scripts": {\n    "test": "node -e \\"console.error('cannot reach the database'); process.exit(3)\\""\n  }\n}\n`;
const BASE = {
  'package.json': PACKAGE,
  'src/app.ts': `import express from 'express';\nexport const app = express();\napp.get('/api/v1/users', (_req, res) => { res.json([]); });\n`,
  'test/users.test.ts': `import request from 'supertest';\nimport { app } from '../src/app.js';\nit('lists', () => request(app).get('/api/v1/users').expect(200));\n`,
};
const RULES = [load, security, contract];
const outcome = (result: Awaited<ReturnType<typeof runLive>>) =>
  Object.fromEntries(RULES.map((r) => [r.id, [result.status(r.id), ...result.findings.filter((f) => f.rule === r.id).map((f) => `${f.severity} ${f.file}:${f.line} ${f.message}`)]]));

describe('load, security and contract tests', () => {
  it('run last, after the live gates that supply them', () => {
    expect(RULES.map((r) => r.runsLast)).toEqual([true, true, true]);
  });

  it('pass on the project’s own tests: an autocannon script, a 401 assertion, jest-openapi', async () => {
    const context = await projectContext({
      ...BASE,
      'scripts/load.mjs': `import autocannon from 'autocannon';\nawait autocannon({ url: 'http://localhost:3000/api/v1/users', duration: 10 });\n`,
      'test/auth.test.ts': `import request from 'supertest';\nimport { app } from '../src/app.js';\nit('needs a token', () => request(app).post('/api/v1/users').expect(401));\n`,
      'test/contract.test.ts': `import jestOpenAPI from 'jest-openapi';\nimport request from 'supertest';\nimport { app } from '../src/app.js';\njestOpenAPI('openapi.yaml');\nit('matches', async () => expect(await request(app).get('/api/v1/users')).toSatisfyApiSpec());\n`,
    });
    expect(outcome(await runLive(RULES, context))).toEqual({ 'tests/load': ['pass'], 'tests/security': ['pass'], 'tests/contract': ['pass'] });
  });

  it('find k6 scripts, Artillery scenarios, injection payloads and toSatisfyApiSpec too', async () => {
    const k6 = await projectContext({ ...BASE, 'load/users.js': `import http from 'k6/http';\nexport default function () { http.get('http://localhost:3000/api/v1/users'); }\n` });
    expect((await runLive([load], k6)).status('tests/load')).toBe('pass');
    const artillery = await projectContext({ ...BASE, 'load/users.yml': `config:\n  target: http://localhost:3000\n  phases:\n    - duration: 10\n      arrivalRate: 5\nscenarios:\n  - flow:\n      - get:\n          url: /api/v1/users\n` });
    expect((await runLive([load], artillery)).status('tests/load')).toBe('pass');
    const payloads = await projectContext({ ...BASE, 'test/search.test.ts': `it('rejects injection', () => request(app).get("/api/v1/users?q=' OR 1=1 --").expect(400));\n` });
    expect((await runLive([security], payloads)).status('tests/security')).toBe('pass');
    const chai = await projectContext({ ...BASE, 'test/spec.test.js': `describe('spec', () => it('x', () => expect(res).to.satisfyApiSpec));\n` });
    expect((await runLive([contract], chai)).status('tests/contract')).toBe('pass');
  });

  it('pass with a note when bo check --live supplied the kind in this run', async () => {
    const context = await projectContext(BASE);
    const result = await runLive(RULES, context, {
      measured: {
        'supplied/load': { value: 24, unit: 'endpoints' },
        'supplied/security': { value: 96, unit: 'probes' },
        'supplied/contract': { value: 24, unit: 'responses' },
      },
    });
    expect(outcome(result)).toEqual({
      'tests/load': ['pass', 'info package.json:4 load tests supplied by bo check --live (load test: 24 endpoints); the project has none of its own'],
      'tests/security': ['pass', 'info package.json:4 security tests supplied by bo check --live (security probes: 96 probes); the project has none of its own'],
      'tests/contract': ['pass', 'info package.json:4 contract tests supplied by bo check --live (response validation against the OpenAPI document: 24 responses); the project has none of its own'],
    });
  });

  it('warn when the project has none and nothing was supplied (a supplied count of 0 is nothing)', async () => {
    const context = await projectContext(BASE);
    const result = await runLive(RULES, context, { measured: { 'supplied/load': { value: 0, unit: 'endpoints' } } });
    expect(Object.values(outcome(result)).map((o) => `${o[0]} ${o[1]?.split(':')[0]}`)).toEqual(['warn warning package.json', 'warn warning package.json', 'warn warning package.json']);
  });
});

describe('a project without a usable test command', () => {
  it('skips the run-based rules with the reason when package.json is not JSON (no crash), and still finds missing kinds', async () => {
    const context = await projectContext({ 'package.json': '{ "scripts": { "test": ', 'test/a.test.js': `describe('a', () => it('b', () => {}));\n` });
    const result = await runLive([testCoverage, unit], context);
    expect(result.internalErrors).toEqual([]);
    expect(result.status('metrics/test-coverage')).toBe('skipped: no test command: package.json has no `test` script and `tests.command` is not set');
    expect(result.status('tests/unit')).toBe('skipped: no test command: package.json has no `test` script and `tests.command` is not set');
  });

  it('reports a command that exits non-zero without a report (quoting what it printed), and fails the kinds on it', async () => {
    const context = await projectContext(BASE);
    const result = await runLive([testCoverage, api], context);
    expect(result.status('tests/api')).toBe('fail: `npm test` exited with code 3 and no test report was found');
    expect(result.findings.filter((f) => f.rule === 'metrics/test-coverage').map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([
      'package.json:4 `npm test` exited with code 3 and wrote no test report; it printed: cannot reach the database',
      'package.json:4 no coverage report after `npm test`: looked for coverage/coverage-summary.json, coverage/lcov.info, coverage/cobertura-coverage.xml, coverage/cobertura.xml, lcov.info',
    ]);
  });
});
