import { describe, expect, it } from 'vitest';
import { painter } from '../../src/cli/io.js';
import { renderReport } from '../../src/report/index.js';
import { renderJunit } from '../../src/report/junit.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderText } from '../../src/report/text.js';
import { sampleReport } from './sample.js';

const plain = painter(false);

describe('text report', () => {
  it('groups items by checklist with status, findings with file:line:col and hint, and the verdict', () => {
    const text = renderText(sampleReport(), plain);
    expect(text).toContain('API checklist');
    expect(text).toMatch(/! warn\s+RESTful design {2}1 finding/);
    expect(text).toContain('src/repositories/product-repository.ts:105:24  error  request data');
    expect(text).toContain('→ Pass it as a bound parameter');
    expect(text).toContain('src/routes/products.ts:37  source: req.query.q');
    expect(text).toMatch(/- skipped\s+API response time < 200 ms\n\s+metrics\/api-response-time: needs --live/);
    expect(text).toContain('Security vulnerabilities');
    expect(text).toContain('Suppressed (1)');
    expect(text).toContain('legacy clients depend on it');
    expect(text).toContain('api/path-casing in src/weird.ts');
    expect(text).toContain('src/broken.ts:2:5');
    expect(text).toMatch(/FAIL {2}1 error, 1 warning, 1 suppressed/);
    expect(text).not.toContain('\u001b[');
  });

  it('is coloured when asked (TTY) and plain otherwise', () => {
    expect(renderText(sampleReport(), painter(true))).toContain('\u001b[31m');
  });
});

describe('JUnit report', () => {
  it('has one test case per checklist item: failures, skipped, and warnings as output', () => {
    const xml = renderJunit(sampleReport());
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(xml.match(/<testcase /g)).toHaveLength(5);
    expect(xml).toMatch(/<testsuites name="bo check" tests="5" failures="1" errors="0" skipped="2"/);
    expect(xml).toMatch(/name="SQL injection prevented"[^>]*>\s*<failure message="1 error finding\(s\)" type="sec\/sql-injection">/);
    expect(xml).toMatch(/name="API response time &lt; 200 ms"[^>]*>\s*<skipped message="skipped: /);
    expect(xml).toMatch(/name="RESTful design"[^>]*>\s*<system-out>src\/app.ts:3:9 warning/);
    // Escaped, so the XML stays well-formed.
    expect(xml).toContain('&lt;script&gt;&amp;&quot;');
    expect(xml).not.toContain('<script>');
  });
});

describe('Markdown report', () => {
  it('has the verdict, a table per checklist, the findings and what was skipped', () => {
    const md = renderMarkdown(sampleReport());
    expect(md).toContain('## backend-orchestrator check: ❌ fail');
    expect(md).toContain('| ✗ | SQL injection prevented | fail | 1 |');
    expect(md).toContain('| - | API response time < 200 ms | skipped (metrics/api-response-time: needs --live) |  |');
    expect(md).toContain('- **error** `src/repositories/product-repository.ts:105` `sec/sql-injection`');
    expect(md).toContain('<summary>Suppressed findings</summary>');
    expect(md).toContain('| Security vulnerabilities | 1 | 0 | fail |');
  });
});

describe('renderReport', () => {
  it('JSON is the report object itself', () => {
    const report = sampleReport();
    expect(JSON.parse(renderReport(report, 'json', plain))).toEqual(report);
  });
});
