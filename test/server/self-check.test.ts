/**
 * The orchestrator's own HTTP API passes its own checklists: `bo check` on this repository (its
 * backend-orchestrator.config.json: the sources, the generated schema/openapi.json, and `bo serve`
 * as the service) finds no error on the API and security checklists, statically and live against a
 * started `bo serve`.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bo } from '../helpers/cli.js';
import { ensureBuilt, repoRoot } from '../helpers/dist.js';

interface Finding {
  rule: string;
  severity: string;
  file: string;
  line: number;
  message: string;
}

const errorsOf = (report: { findings: Finding[] }) => report.findings.filter((f) => f.severity === 'error').map((f) => `${f.rule} ${f.file}:${f.line} ${f.message.slice(0, 160)}`);

beforeAll(() => ensureBuilt());
afterAll(() => rmSync(path.join(repoRoot, '.bo-self'), { recursive: true, force: true }));

describe('bo check on this repository\'s server', () => {
  it('static: no error findings on the API and security checklists', async () => {
    const result = await bo(repoRoot, ['check', '--gate', 'api,security', '--json', '--no-save']);
    const report = result.json();
    expect(errorsOf(report)).toEqual([]);
    expect(report.internalErrors).toEqual([]);
    // It did look at the server: its routes are the endpoints the API rules read.
    const api = report.checklists.find((c: { area: string }) => c.area === 'api');
    expect(api.items.filter((i: { status: string }) => i.status === 'pass').length).toBeGreaterThan(3);
  }, 60_000);

  it('live: bo serve started, probed and load-tested with no error findings', async () => {
    const result = await bo(repoRoot, ['check', '--live', '--gate', 'api,security', '--json', '--no-save']);
    const report = result.json();
    expect(errorsOf(report)).toEqual([]);
    expect(report.live).toBe(true);
    const decided = report.checklists.flatMap((c: { items: { rules?: unknown; status: string; title: string }[] }) => c.items).filter((i: { status: string }) => i.status !== 'skipped');
    expect(decided.length).toBeGreaterThan(5);
  }, 120_000);
});
