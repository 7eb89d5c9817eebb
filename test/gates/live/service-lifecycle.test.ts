/**
 * The service resource's lifecycle with real processes: one that never becomes healthy (a finding
 * with its last output, within its start timeout), one that exits at once, and a run interrupted by
 * the abort signal (SIGINT). In each, the whole process group (a grandchild included) is gone after.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLiveContext } from '../../../src/gates/live/context.js';
import { runDynamicRules } from '../../../src/gates/live/run.js';
import { defineDynamicRule } from '../../../src/gates/define.js';
import { groupAlive } from '../../../src/gates/live/service/process-group.js';
import type { RunningService } from '../../../src/gates/live/service/service.js';
import apiResponseTime from '../../../src/gates/metrics/api-response-time.js';
import errorRate from '../../../src/gates/metrics/error-rate.js';
import responseSchema from '../../../src/gates/contract/response-schema.js';
import errorStandard from '../../../src/gates/contract/error-standard.js';
import type { CheckContext } from '../../../src/gates/types.js';
import { projectContext } from '../../helpers/gates.js';

/** Prints a line, starts a grandchild in the same group, never listens. */
const NEVER_HEALTHY = `
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
console.log('booting the never-healthy service');
console.error('waiting for a database that never comes');
const grandchild = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
writeFileSync('pids.txt', process.pid + ' ' + grandchild.pid);
setInterval(() => {}, 1000);
`;
const CRASHES = `console.error('Error: DATABASE_URL is not set'); process.exit(3);`;

/** A live process (not a zombie) with this pid. */
function alive(pid: number): boolean {
  try {
    return !/^\S+ \(.*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

const rules = [apiResponseTime, errorRate, responseSchema, errorStandard];

async function run(context: CheckContext, signal: AbortSignal) {
  const pgids: number[] = [];
  const live = createLiveContext({}, signal);
  const capture = defineDynamicRule({
    id: 'contract/breaking-change', area: 'contract', checklist: 'No breaking changes', severity: 'error', needs: 'live',
    docs: { description: 'test capture', failing: 'x', passing: 'y' },
    async run(_c, l) {
      const { service } = await l.resource<{ service: RunningService }>('service', () => Promise.reject(new Error('not opened')), () => undefined);
      pgids.push(service.pgid());
    },
  });
  const outcomes = await runDynamicRules([...rules, capture], context, live, ['metrics', 'contract']);
  return { outcomes, pgids };
}

const project = (script: string, service: Record<string, unknown>) =>
  projectContext({ 'package.json': JSON.stringify({ name: 'svc', type: 'module', scripts: { start: 'node server.mjs' } }, null, 2), 'server.mjs': script }, { config: { service } });

describe('the live API service lifecycle', () => {
  it('ends with a finding when the service never becomes healthy, within its start timeout, and stops its process group', async () => {
    const context = await project(NEVER_HEALTHY, { start: 'node server.mjs', startTimeoutSeconds: 1.5 });
    const { outcomes, pgids } = await run(context, new AbortController().signal);
    const owner = outcomes.get('metrics/api-response-time');
    expect(owner?.findings).toHaveLength(1);
    expect(owner?.findings[0]?.message).toMatch(/did not become healthy within 1\.5 s/);
    expect(owner?.findings[0]?.message).toMatch(/booting the never-healthy service[\s\S]*waiting for a database/);
    expect(owner?.findings[0]?.file).toBe('package.json');
    for (const id of ['metrics/error-rate', 'contract/response-schema', 'contract/error-standard']) {
      expect(outcomes.get(id)?.verdict).toMatchObject({ status: 'fail', reason: expect.stringMatching(/see metrics\/api-response-time/) });
    }
    expect(pgids).toHaveLength(1);
    expect(groupAlive(pgids[0] as number)).toBe(false);
    const [, grandchild] = readFileSync(path.join(context.root, 'pids.txt'), 'utf8').split(' ').map(Number);
    expect(alive(grandchild as number)).toBe(false);
  });

  it('reports a service that exits before it is healthy, with its exit code and output', async () => {
    const context = await project(CRASHES, {});
    const { outcomes, pgids } = await run(context, new AbortController().signal);
    const message = outcomes.get('metrics/api-response-time')?.findings[0]?.message ?? '';
    expect(message).toMatch(/exited before it became healthy \(exit code 3\)/);
    expect(message).toMatch(/DATABASE_URL is not set/);
    expect(message).toMatch(/started with `npm start`/);
    expect(groupAlive(pgids[0] as number)).toBe(false);
  });

  it('stops waiting and stops the service when the run is interrupted (SIGINT aborts the signal)', async () => {
    const context = await project(NEVER_HEALTHY, { start: 'node server.mjs', startTimeoutSeconds: 60 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 700);
    const { outcomes, pgids } = await run(context, controller.signal);
    expect(outcomes.get('metrics/api-response-time')?.verdict).toEqual({ status: 'skipped', reason: 'interrupted before the live API probes finished' });
    expect(outcomes.get('metrics/api-response-time')?.findings).toEqual([]);
    expect(pgids).toHaveLength(0);
    // The runner closed the service resource: the service and its grandchild are gone.
    const [leader, grandchild] = readFileSync(path.join(context.root, 'pids.txt'), 'utf8').split(' ').map(Number);
    expect(groupAlive(leader as number)).toBe(false);
    expect(alive(grandchild as number)).toBe(false);
  });

  it('is skipped with the reason when there is no service to start or reach', async () => {
    const context = await projectContext({ 'src/app.ts': 'export {};\n' });
    const { outcomes } = await run(context, new AbortController().signal);
    expect(outcomes.get('metrics/api-response-time')?.verdict).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/no service to probe/) });
  });
});
