import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/security/tls-disabled.js';
import { findingsOf, where } from '../../helpers/gates.js';

describe('sec/tls-disabled', () => {
  it('errors on turned-off certificate verification (pg, https agent, NODE_TLS_REJECT_UNAUTHORIZED, request)', async () => {
    const findings = await findingsOf(rule, {
      'src/db.ts': "import pg from 'pg';\nexport const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, ssl: { rejectUnauthorized: false } });\n",
      'src/http.ts': `import https from 'node:https';
export const agent = new https.Agent({ rejectUnauthorized: false });
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
export const legacy = request.defaults({ strictSSL: false });
export const tls = { checkServerIdentity: () => undefined };
`,
    });
    expect(where(findings)).toEqual(['src/db.ts:2', 'src/http.ts:2', 'src/http.ts:3', 'src/http.ts:4', 'src/http.ts:5']);
    expect(findings.every((f) => f.severity === 'error')).toBe(true);
  });

  it('makes a development-only switch a warning', async () => {
    const findings = await findingsOf(rule, {
      'src/db.ts': "export const ssl = process.env.NODE_ENV === 'development' ? { rejectUnauthorized: false } : true;\n",
    });
    expect(findings.map((f) => `${f.file}:${f.line} ${f.severity}`)).toEqual(['src/db.ts:1 warning']);
  });

  it('errors on NODE_TLS_REJECT_UNAUTHORIZED=0 in a package.json script', async () => {
    const findings = await findingsOf(rule, {
      'package.json': JSON.stringify({ name: 'x', scripts: { start: 'NODE_TLS_REJECT_UNAUTHORIZED=0 node dist/server.js' } }, null, 2),
      'src/a.ts': 'export const a = 1;\n',
    });
    expect(where(findings)).toEqual(['package.json:4']);
  });

  it('warns on plain-HTTP request targets to remote hosts, not local ones or namespaces', async () => {
    const findings = await findingsOf(rule, {
      'src/client.ts': `import axios from 'axios';
export const api = axios.create({ baseURL: 'http://api.partner-payments.com/v2' });
export const local = axios.create({ baseURL: 'http://localhost:4000' });
export const svc = fetch('http://inventory:8080/items');
export const ns = 'http://www.w3.org/2000/svg';
export const res = fetch('http://metrics.acme-corp.io/push');
`,
    });
    expect(findings.map((f) => `${f.file}:${f.line} ${f.severity}`)).toEqual(['src/client.ts:2 warning', 'src/client.ts:6 warning']);
  });

  it('passes verified TLS', async () => {
    const findings = await findingsOf(rule, {
      'src/db.ts': "export const pool = new Pool({ ssl: { rejectUnauthorized: true, ca: process.env.DB_CA } });\nexport const flag = { rejectUnauthorized: process.env.DB_VERIFY !== 'false' };\n",
    });
    expect(findings).toEqual([]);
  });
});
