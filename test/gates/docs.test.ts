import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rulesMarkdown } from '../../src/gates/docs.js';
import { RULES } from '../../src/gates/rules.js';

const file = path.resolve(import.meta.dirname, '../../docs/rules.md');

describe('docs/rules.md', () => {
  it('is generated from the rules and up to date (BO_UPDATE_DOCS=1 npx vitest run test/gates/docs.test.ts rewrites it)', () => {
    const expected = rulesMarkdown(RULES);
    if (process.env.BO_UPDATE_DOCS) writeFileSync(file, expected);
    expect(readFileSync(file, 'utf8')).toBe(expected);
  });
});
