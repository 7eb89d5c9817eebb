import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/api/no-trailing-slash.js';
import { findingsOf, where } from '../../helpers/gates.js';

const express = (route: string) => `import express from 'express';
const app = express();
app.get('${route}', (req, res) => res.json([]));
export default app;
`;

describe('api/no-trailing-slash', () => {
  it('flags a path ending in a slash (Express)', async () => {
    const findings = await findingsOf(rule, { 'src/app.ts': express('/v1/users/') });
    expect(where(findings)).toEqual(['src/app.ts:3']);
    expect(findings[0]?.message).toContain("'/v1/users/'");
  });

  it('passes a path without one, and the root path', async () => {
    expect(await findingsOf(rule, { 'src/app.ts': express('/v1/users') })).toEqual([]);
    expect(await findingsOf(rule, { 'src/app.ts': express('/') })).toEqual([]);
  });

  it('is silenced by bo-ignore with a reason, not without one', async () => {
    const ignored = express('/v1/users/').replace("app.get(", "// bo-ignore api/no-trailing-slash: legacy clients\napp.get(");
    expect(await findingsOf(rule, { 'src/app.ts': ignored })).toEqual([]);
    const noReason = express('/v1/users/').replace("app.get(", "// bo-ignore api/no-trailing-slash\napp.get(");
    const findings = await findingsOf(rule, { 'src/app.ts': noReason });
    expect(findings[0]?.message).toContain('has no reason');
  });
});
