import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { renderSarif } from '../../src/report/sarif.js';
import { sampleReport } from './sample.js';

const require = createRequire(import.meta.url);
// Both are CommonJS packages whose default export TypeScript cannot see through an ESM import.
const Ajv = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;
// The OASIS SARIF 2.1.0 schema (draft-04), as shipped by Microsoft's SARIF SDK package.
const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

describe('SARIF report', () => {
  it('is valid SARIF 2.1.0 against the schema', () => {
    const validate = validator();
    const sarif = JSON.parse(renderSarif(sampleReport()));
    const ok = validate(sarif);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('has one result per finding with its rule, level, location, related locations and suppressions', () => {
    const sarif = JSON.parse(renderSarif(sampleReport()));
    const run = sarif.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toContain('sec/sql-injection');
    const injection = run.results.find((r: { ruleId: string }) => r.ruleId === 'sec/sql-injection');
    expect(injection.level).toBe('error');
    expect(injection.locations[0].physicalLocation.region).toEqual({ startLine: 105, startColumn: 24 });
    expect(injection.relatedLocations[0].physicalLocation.artifactLocation.uri).toBe('src/routes/products.ts');
    expect(run.tool.driver.rules[injection.ruleIndex].id).toBe('sec/sql-injection');
    const suppressed = run.results.find((r: { suppressions?: unknown[] }) => r.suppressions);
    expect(suppressed.suppressions[0]).toEqual({ kind: 'inSource', justification: 'legacy clients depend on it' });
    expect(run.invocations[0].executionSuccessful).toBe(false);
    expect(run.invocations[0].toolExecutionNotifications[0].message.text).toContain('api/path-casing');
  });

  it('the schema check is real: a wrong level or a missing message is rejected', () => {
    const validate = validator();
    const sarif = JSON.parse(renderSarif(sampleReport()));
    sarif.runs[0].results[0].level = 'fatal';
    expect(validate(sarif)).toBe(false);
    const again = JSON.parse(renderSarif(sampleReport()));
    delete again.runs[0].results[0].message;
    expect(validate(again)).toBe(false);
  });

  it('an empty report is valid too', () => {
    const validate = validator();
    const report = { ...sampleReport(), findings: [], suppressed: [], internalErrors: [] };
    expect(validate(JSON.parse(renderSarif(report)))).toBe(true);
  });
});
