import { describe, expect, it } from 'vitest';
import rule, { NO_ADVISORY_SOURCE } from '../../../src/gates/security/dependency-audit.js';
import { findingsOf, projectContext, runRule } from '../../helpers/gates.js';

const PACKAGE = JSON.stringify({ name: 'app', version: '1.0.0', dependencies: { lodash: '^4.17.0', express: '^4.18.0' }, devDependencies: { minimist: '^1.2.0' } }, null, 2);
const LOCK = JSON.stringify(
  {
    name: 'app',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'app', version: '1.0.0', dependencies: { lodash: '^4.17.0', express: '^4.18.0' } },
      'node_modules/express': { version: '4.18.2' },
      'node_modules/lodash': { version: '4.17.20' },
      'node_modules/express/node_modules/qs': { version: '6.5.2' },
      'node_modules/minimist': { version: '1.2.5', dev: true },
    },
  },
  null,
  2,
);
const ADVISORIES = JSON.stringify({
  lodash: [{ id: 1106913, url: 'https://github.com/advisories/GHSA-35jh-r3h4-6jhm', title: 'Command Injection in lodash', severity: 'high', vulnerable_versions: '<4.17.21', cwe: ['CWE-77'], cvss: { score: 7.2 } }],
  qs: [{ id: 1090, url: 'https://github.com/advisories/GHSA-hrpp-h998-j3pp', title: 'qs vulnerable to Prototype Pollution', severity: 'high', vulnerable_versions: '>=6.5.0 <6.5.3', cwe: ['CWE-1321'] }],
  minimist: [{ id: 1179, title: 'Prototype Pollution in minimist', severity: 'moderate', vulnerable_versions: '<1.2.6' }],
  express: [{ id: 1096820, title: 'express open redirect', severity: 'moderate', vulnerable_versions: '<4.19.2' }],
  chalk: [{ id: 1, title: 'not installed', severity: 'critical', vulnerable_versions: '*' }],
});

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('sec/dependency-audit', () => {
  it('reports high advisories as errors at the lockfile entry and moderate ones as info', async () => {
    const findings = await findingsOf(rule, { 'package.json': PACKAGE, 'package-lock.json': LOCK, 'advisories.json': ADVISORIES }, { advisoriesFile: 'advisories.json' });
    const rows = findings.map((f) => `${f.file}:${f.line} ${f.severity} ${f.subject}`).sort();
    expect(rows).toEqual(
      [
        `package-lock.json:${lineOf(LOCK, '"node_modules/express"')} info express`,
        `package-lock.json:${lineOf(LOCK, '"node_modules/express/node_modules/qs"')} error qs`,
        `package-lock.json:${lineOf(LOCK, '"node_modules/lodash"')} error lodash`,
        `package-lock.json:${lineOf(LOCK, '"node_modules/minimist"')} info minimist`,
      ].sort(),
    );
    const lodash = findings.find((f) => f.subject === 'lodash');
    expect(lodash?.message).toContain('lodash 4.17.20 has a high advisory: Command Injection in lodash');
    expect(findings.find((f) => f.subject === 'minimist')?.message).toContain('(dev dependency)');
  });

  it('passes fixed versions', async () => {
    const fixed = LOCK.replace('"version": "4.17.20"', '"version": "4.17.21"').replace('"version": "6.5.2"', '"version": "6.5.3"');
    const findings = await findingsOf(rule, { 'package.json': PACKAGE, 'package-lock.json': fixed, 'advisories.json': ADVISORIES }, { advisoriesFile: 'advisories.json' });
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('is skipped, with the reason, without an advisories file (and makes no network call)', async () => {
    const run = runRule(rule, await projectContext({ 'package.json': PACKAGE, 'package-lock.json': LOCK }));
    const result = run.items.flatMap((i) => i.rules).find((r) => r.id === rule.id);
    expect(result?.status).toBe('skipped');
    expect(result?.reason).toBe(NO_ADVISORY_SOURCE);
  });

  it('is skipped with the reason when the advisories file is not advisories', async () => {
    const run = runRule(rule, await projectContext({ 'package.json': PACKAGE, 'package-lock.json': LOCK, 'advisories.json': '{ "lodash": "oops" }' }, { advisoriesFile: 'advisories.json' }));
    const result = run.items.flatMap((i) => i.rules).find((r) => r.id === rule.id);
    expect(result?.status).toBe('skipped');
    expect(result?.reason).toContain('advisories.json');
  });

  it('reads pnpm and yarn lockfiles', async () => {
    const pnpm = "lockfileVersion: '9.0'\n\nimporters:\n  .:\n    dependencies:\n      lodash:\n        specifier: ^4.17.0\n        version: 4.17.20\n\npackages:\n\n  lodash@4.17.20:\n    resolution: {integrity: sha512-x}\n";
    const fromPnpm = await findingsOf(rule, { 'package.json': PACKAGE, 'pnpm-lock.yaml': pnpm, 'advisories.json': ADVISORIES }, { advisoriesFile: 'advisories.json' });
    expect(fromPnpm.map((f) => `${f.file}:${f.line} ${f.severity}`)).toEqual(['pnpm-lock.yaml:12 error']);
    const yarn = '# yarn lockfile v1\n\n\n"lodash@^4.17.0", lodash@^4.17.15:\n  version "4.17.20"\n  resolved "https://registry.yarnpkg.com/lodash/-/lodash-4.17.20.tgz"\n';
    const fromYarn = await findingsOf(rule, { 'package.json': PACKAGE, 'yarn.lock': yarn, 'advisories.json': ADVISORIES }, { advisoriesFile: 'advisories.json' });
    expect(fromYarn.map((f) => `${f.file}:${f.line} ${f.severity}`)).toEqual(['yarn.lock:4 error']);
  });

  it('without a lockfile, warns on package.json ranges that include vulnerable versions', async () => {
    const findings = await findingsOf(rule, { 'package.json': PACKAGE, 'advisories.json': ADVISORIES }, { advisoriesFile: 'advisories.json' });
    const lodash = findings.find((f) => f.subject === 'lodash');
    expect(`${lodash?.file}:${lodash?.line} ${lodash?.severity}`).toBe(`package.json:${lineOf(PACKAGE, '"lodash"')} warning`);
  });

  it('accepts npm audit --json output', async () => {
    const audit = JSON.stringify({
      auditReportVersion: 2,
      vulnerabilities: { lodash: { name: 'lodash', severity: 'critical', via: [{ source: 1106913, name: 'lodash', title: 'Command Injection in lodash', url: 'https://github.com/advisories/GHSA-35jh-r3h4-6jhm', severity: 'critical', range: '<4.17.21' }] } },
    });
    const findings = await findingsOf(rule, { 'package.json': PACKAGE, 'package-lock.json': LOCK, 'audit.json': audit }, { advisoriesFile: 'audit.json' });
    expect(findings.map((f) => `${f.subject} ${f.severity}`)).toEqual(['lodash error']);
  });

  it('records a lockfile it cannot read as an internal error of the rule, against that file', async () => {
    const context = await projectContext({ 'package.json': PACKAGE, 'package-lock.json': '{ "packages": { oops', 'advisories.json': ADVISORIES }, { advisoriesFile: 'advisories.json' });
    const run = runRule(rule, context);
    expect(run.internalErrors.map((e) => `${e.rule} ${e.file}`)).toEqual(['sec/dependency-audit package-lock.json']);
    expect(run.items.flatMap((i) => i.rules).find((r) => r.id === rule.id)?.status).toBe('error');
  });
});

describe('pnpm lockfile keys', () => {
  it('reads the name and version of every pnpm key form', async () => {
    const { pnpmKey } = await import('../../../src/gates/security/policy/lockfile.js');
    expect(pnpmKey('lodash@4.17.20')).toEqual({ name: 'lodash', version: '4.17.20' });
    expect(pnpmKey('/lodash@4.17.20')).toEqual({ name: 'lodash', version: '4.17.20' });
    expect(pnpmKey('/lodash/4.17.20')).toEqual({ name: 'lodash', version: '4.17.20' });
    expect(pnpmKey('@babel/core@7.24.0')).toEqual({ name: '@babel/core', version: '7.24.0' });
    expect(pnpmKey('/@babel/core/7.24.0')).toEqual({ name: '@babel/core', version: '7.24.0' });
    expect(pnpmKey('react-dom@18.2.0(react@18.2.0)')).toEqual({ name: 'react-dom', version: '18.2.0' });
    expect(pnpmKey('/react-dom/18.2.0_react@18.2.0')).toEqual({ name: 'react-dom', version: '18.2.0' });
    expect(pnpmKey('nonsense')).toBeUndefined();
  });
});
