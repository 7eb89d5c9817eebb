import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bo } from '../helpers/cli.js';

const example = path.resolve(import.meta.dirname, '../../examples/shop-api');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'bo-check-'));
  cpSync(example, dir, { recursive: true, filter: (src) => !src.includes('node_modules') });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bo check', () => {
  it('prints the text report grouped by checklist and exits 1 on error findings', async () => {
    const result = await bo(dir, ['check']);
    expect(result.stdout).toContain('API checklist');
    expect(result.stdout).toContain('Security checklist');
    expect(result.stdout).toMatch(/FAIL|PASS/);
    expect([0, 1]).toContain(result.code);
  });

  it('--json prints the report object and saves it under reports/project/', async () => {
    const result = await bo(dir, ['check', '--json']);
    const report = result.json();
    expect(report.schemaVersion).toBe(1);
    expect(report.checklists.map((c: { area: string }) => c.area)).toEqual(['api', 'database', 'security', 'metrics', 'tests', 'contract']);
    const saved = path.join(dir, 'ai-state/active/backend/reports/project');
    expect(existsSync(path.join(saved, 'latest.json'))).toBe(true);
    expect(readdirSync(saved).some((f) => f === `${report.id}.json`)).toBe(true);
    expect(JSON.parse(readFileSync(path.join(saved, 'latest.json'), 'utf8')).id).toBe(report.id);
  });

  it('--gate runs one area; an unknown gate is a usage error', async () => {
    const one = (await bo(dir, ['check', '--gate', 'database', '--json', '--no-save'])).json();
    expect(one.checklists.map((c: { area: string }) => c.area)).toEqual(['database']);
    const bad = await bo(dir, ['check', '--gate', 'apis']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown gate apis');
  });

  it('says which items need --live or a database instead of passing them', async () => {
    const report = (await bo(dir, ['check', '--json', '--no-save'])).json();
    const items = report.checklists.flatMap((c: { items: unknown[] }) => c.items);
    const backup = items.find((i: { title: string }) => i.title === 'Backup verified');
    expect(backup.status).toBe('skipped');
    expect(backup.reason).toContain('needs database');
    const latency = items.find((i: { title: string }) => i.title === 'API response time < 200 ms');
    expect(latency.reason).toContain('needs --live');
  });

  it('--only and --skip pick rules by id, prefix or checklist item; an unknown name is a usage error', async () => {
    const only = (await bo(dir, ['check', '--only', 'sec/authn-required,db/*', '--json', '--no-save'])).json();
    expect([...new Set(only.findings.map((f: { rule: string }) => f.rule))].sort()).toEqual(['db/fk-index', 'sec/authn-required']);
    const injection = only.checklists.find((c: { area: string }) => c.area === 'security').items.find((i: { title: string }) => i.title === 'SQL injection prevented');
    expect(injection.status).toBe('skipped');
    expect(injection.reason).toContain('left out (--only/--skip)');
    const skip = (await bo(dir, ['check', '--skip', 'security.sql-injection-prevented,api/documented', '--json', '--no-save'])).json();
    expect(skip.findings.map((f: { rule: string }) => f.rule).sort()).toEqual(['db/fk-index', 'sec/authn-required']);
    const bad = await bo(dir, ['check', '--only', 'sec/sqli']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--only sec/sqli: no such rule');
  });

  it('writes other formats to --output', async () => {
    for (const format of ['sarif', 'junit', 'markdown']) {
      const out = path.join(dir, `out/report.${format}`);
      const result = await bo(dir, ['check', '--format', format, '--output', out, '--no-save']);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('report written to');
      const text = readFileSync(out, 'utf8');
      if (format === 'sarif') expect(JSON.parse(text).version).toBe('2.1.0');
      if (format === 'junit') expect(text).toContain('<testsuites');
      if (format === 'markdown') expect(text).toContain('## backend-orchestrator check');
    }
  });

  it('--advisories feeds sec/dependency-audit; a missing file is a usage error', async () => {
    const advisories = { express: [{ id: 1, url: 'https://example.test/advisory/1', title: 'Open redirect', severity: 'high', vulnerable_versions: '<5.0.0', cwe: ['CWE-601'], cvss: { score: 7.5 } }] };
    writeFileSync(path.join(dir, 'advisories.json'), JSON.stringify(advisories));
    const report = (await bo(dir, ['check', '--gate', 'security', '--advisories', 'advisories.json', '--json', '--no-save'])).json();
    const audit = report.findings.filter((f: { rule: string }) => f.rule === 'sec/dependency-audit');
    expect(audit.length).toBeGreaterThan(0);
    expect(audit[0].message).toContain('express');
    const missing = await bo(dir, ['check', '--advisories', 'nope.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--advisories nope.json');
  });

  it('--live runs the dynamic gates and says why each one it could not decide was skipped', async () => {
    const spec = mkdtempSync(path.join(tmpdir(), 'bo-live-'));
    try {
      writeFileSync(path.join(spec, 'openapi.yaml'), "openapi: 3.0.3\ninfo: { title: T, version: 1.0.0 }\npaths:\n  /v1/users:\n    get:\n      responses:\n        '200': { description: OK }\n");
      const result = await bo(spec, ['check', '--live', '--gate', 'contract', '--json', '--no-save']);
      const report = result.json();
      expect(report.live).toBe(true);
      const items = Object.fromEntries(report.checklists[0].items.map((i: { title: string; status: string; reason?: string }) => [i.title, `${i.status}: ${i.reason ?? ''}`]));
      expect(items['No breaking changes']).toContain('needs --base');
      expect(items['Responses match the schema']).toMatch(/^skipped: .*(start|baseUrl|service)/);
    } finally {
      rmSync(spec, { recursive: true, force: true });
    }
    const bad = await bo(dir, ['check', '--live', '--seed-rows', 'lots']);
    expect(bad.code).toBe(2);
  });
});

describe('bo rules', () => {
  it('lists every rule with its checklist item', async () => {
    const result = await bo(dir, ['rules', '--json']);
    const rules = result.json();
    expect(rules.find((r: { id: string }) => r.id === 'api/no-trailing-slash').checklist).toBe('RESTful design');
    expect(rules.find((r: { id: string }) => r.id === 'db/backup-restore').kind).toBe('dynamic');
    const text = await bo(dir, ['rules']);
    expect(text.stdout).toContain('api/no-trailing-slash');
  });

  it('prints one rule\'s docs, and says when the id is unknown', async () => {
    const result = await bo(dir, ['rules', 'api/no-trailing-slash']);
    expect(result.stdout).toContain('Fails:');
    expect(result.stdout).toContain('Passes:');
    const unknown = await bo(dir, ['rules', 'api/nope']);
    expect(unknown.code).toBe(2);
  });
});
