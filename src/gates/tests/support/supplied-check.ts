/**
 * tests/load, tests/security, tests/contract: the project's own tests of the kind; else the kind as
 * `bo check --live` supplied it in this run (its live API gates record `supplied/load` = endpoints
 * load-tested, `supplied/security` = probes sent, `supplied/contract` = responses validated), which
 * the report names; else a warning. These rules run last, after the live gates that supply them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { globSync } from 'tinyglobby';
import type { LiveContext } from '../../live/types.js';
import type { CheckContext, Reporter, RuleVerdict } from '../../types.js';
import { testCommandAnchor } from './anchor.js';
import { isArtilleryScript, ownTests, type OwnKind, type OwnSource } from './own-tests.js';
import { moduleSpecifiers, packageName, testSources } from './test-sources.js';

const KINDS: Record<OwnKind, { supplied: string; missing: string; hint: string }> = {
  load: {
    supplied: 'load test',
    missing: 'no load tests: the project has no autocannon, k6 or Artillery script, and bo check --live did not load-test the service in this run',
    hint: 'Add a load test for the endpoints (an autocannon or k6 script, or an Artillery scenario), or configure `service.start` so bo check --live starts the service and load-tests it.',
  },
  security: {
    supplied: 'security probes',
    missing: 'no security tests: no test asserts a 401/403 or sends an injection payload, and bo check --live sent no security probes in this run',
    hint: "Add tests that call protected endpoints without credentials (expect 401/403) and send injection payloads (`' OR 1=1 --`, `{\"$ne\": null}`) expecting 4xx, or configure `service.start` for bo check --live's probes.",
  },
  contract: {
    supplied: 'response validation against the OpenAPI document',
    missing: 'no contract tests: no test validates responses against the OpenAPI document (jest-openapi, chai-openapi-response-validator, openapi-response-validator, Pact), and bo check --live validated no responses in this run',
    hint: 'Validate responses against the OpenAPI document in the API tests (jest-openapi `expect(res).toSatisfyApiSpec()`, chai-openapi-response-validator), or configure `service.start` so bo check --live validates them.',
  },
};

export async function checkOwnOrSupplied(kind: OwnKind, context: CheckContext, live: LiveContext, reporter: Reporter): Promise<RuleVerdict | void> {
  if (ownTests(kind, sourcesFor(kind, context)).length > 0) return;
  const supplied = live.measured(`supplied/${kind}`);
  const anchor = testCommandAnchor(context);
  if (supplied && supplied.value > 0) {
    reporter.report({
      ...anchor,
      severity: 'info',
      message: `${kind} tests supplied by bo check --live (${KINDS[kind].supplied}: ${supplied.value} ${supplied.unit}); the project has none of its own`,
      hint: `Nothing to do for this run; to have ${kind} tests outside bo check --live: ${KINDS[kind].hint}`,
    });
    return;
  }
  reporter.report({ ...anchor, severity: 'warning', message: KINDS[kind].missing, hint: KINDS[kind].hint });
}

/** The files that may hold the kind: test files (security, contract), or any module and Artillery YAML (load). */
export function sourcesFor(kind: OwnKind, context: CheckContext): OwnSource[] {
  if (kind !== 'load') return testSources(context).map((t) => ({ file: t.file, text: t.text, packages: t.packages }));
  return context.memo('tests/load-sources', () => [
    ...context.modules.map((m) => ({
      file: m.file.path,
      text: m.file.text,
      packages: moduleSpecifiers(context, m).map(packageName).filter((p): p is string => p !== undefined),
    })),
    ...artilleryScripts(context.root),
  ]);
}

/** Artillery scenarios are YAML the scan does not read: looked for here (small files outside dependencies and build output). */
function artilleryScripts(root: string): OwnSource[] {
  const files = globSync(['**/*.{yml,yaml}'], { cwd: root, ignore: ['**/node_modules/**', '**/.git/**', '**/dist/**', '**/build/**', '**/coverage/**'], followSymbolicLinks: false });
  const found: OwnSource[] = [];
  for (const file of files.slice(0, 2_000)) {
    let text: string;
    try {
      text = readFileSync(path.join(root, file), 'utf8');
    } catch {
      continue;
    }
    if (text.length < 512 * 1024 && isArtilleryScript(text)) found.push({ file, text, packages: [] });
  }
  return found;
}
