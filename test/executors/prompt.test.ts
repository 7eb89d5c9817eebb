/** The {prompt}: the task, its context package, the previous attempt's failures with their hints. */
import { describe, expect, it } from 'vitest';
import { buildPrompt } from '../../src/executors/prompt.js';
import { makeTask } from '../helpers/tasks.js';

const task = makeTask({ id: 'task-003-page', title: 'Add pagination to GET /api/v1/products', description: 'For the catalogue page.', requirements: ['pagination'], targets: ['GET /api/v1/products'], criteria: { gates: ['api', 'api/pagination'], thresholds: {} } });
const failure = { rule: 'api/pagination', severity: 'error' as const, file: 'src/app.js', line: 8, message: 'GET /api/v1/products lists a collection without pagination', hint: 'Accept ?limit and ?offset.' };

describe('buildPrompt', () => {
  it('a first attempt: the task, its requirements and targets, the context, how it ends — no failures', () => {
    const prompt = buildPrompt({ task, attempt: 1, context: 'context:\n  title: x\n', contextFile: '/s/ctx.yaml', failures: [], failuresFile: '/s/f.json' });
    expect(prompt).toContain('Backend task task-003-page: Add pagination to GET /api/v1/products\n\nFor the catalogue page.');
    expect(prompt).toContain('Requirements: pagination\nTargets: GET /api/v1/products');
    expect(prompt).toContain('also in /s/ctx.yaml):\n\ncontext:\n  title: x\n');
    expect(prompt).toContain('runs the gates (api, api/pagination)');
    expect(prompt).toContain('Do not run `bo submit` yourself.');
    expect(prompt).not.toContain('did not pass');
  });

  it('a later attempt lists what failed, with file:line and fix hint', () => {
    const prompt = buildPrompt({ task, attempt: 3, context: 'context: {}', contextFile: '/s/ctx.yaml', failures: [failure], failuresFile: '/s/f.json' });
    expect(prompt).toContain('Attempt 2 did not pass. Fix these items and keep what already works (also in /s/f.json):\n\n1. [api/pagination] src/app.js:8: GET /api/v1/products lists a collection without pagination\n   fix: Accept ?limit and ?offset.');
  });

  it('keeps task text verbatim and leaves out empty parts', () => {
    const hostile = makeTask({ title: 'Fix $(rm -rf /) `x` "y"', criteria: { gates: [], thresholds: {} } });
    const prompt = buildPrompt({ task: hostile, attempt: 1, context: 'c', contextFile: 'f', failures: [], failuresFile: 'g' });
    expect(prompt.startsWith('Backend task task-001-sample: Fix $(rm -rf /) `x` "y"\n\nThe context package')).toBe(true);
    expect(prompt).not.toContain('Requirements:');
    expect(prompt).toContain("runs the gates (the project's quality gates)");
  });
});
