/**
 * The project's test files as `kinds.ts` reads them, built from the check context: what each test
 * reaches (packages imported by it, by the test helpers it imports, transitively, and the
 * connecting clients of the project modules it imports, one hop, unless it mocks them) and which
 * project modules it imports.
 */
import { isTestFile } from '../../../scan/code/index.js';
import type { ParsedModule } from '../../../scan/parse.js';
import type { CheckContext } from '../../types.js';
import { connectsThrough, type TestSource } from './kinds.js';

const TEST_NAME = /[.-](test|spec|e2e-spec)\.[cm]?[jt]sx?$/;
const TEST_CALL = /^\s*(?:describe|it|test|suite)(?:\.\w+)?\s*\(/m;
const NOT_TESTS = /(^|\/)(__mocks__|__fixtures__|fixtures?)\//;
const MOCK = /\b(?:vi|jest)\.(?:mock|doMock|unstable_mockModule)\(\s*['"`]([^'"`]+)['"`]/g;
const REQUIRE = /\b(?:require|import)\(\s*['"`]([^'"`]+)['"`]\s*\)/g;

/** A runnable test file (not a helper, a mock or a fixture). */
export const isTest = (file: string, text: string): boolean =>
  !NOT_TESTS.test(file) && (TEST_NAME.test(file) || (isTestFile(file) && TEST_CALL.test(text)));

export function testSources(context: CheckContext): TestSource[] {
  return context.memo('tests/test-sources', () => {
    const specifiers = (m: ParsedModule) => moduleSpecifiers(context, m);
    return context.modules.filter((m) => isTest(m.file.path, m.file.text)).map((m) => describeTest(context, m, specifiers));
  });
}

function describeTest(context: CheckContext, test: ParsedModule, specifiers: (m: ParsedModule) => string[]): TestSource {
  const mocked = new Set([...test.file.text.matchAll(MOCK)].map((m) => m[1] as string));
  const mockedFiles = new Set([...mocked].map((s) => context.index.resolver.resolve(test.file.path, s)).filter(Boolean));
  const packages = new Map<string, string | undefined>();
  const imports: string[] = [];
  const seen = new Set<string>([test.file.path]);
  const visit = (module: ParsedModule, via: string | undefined, followProject: boolean) => {
    const isProjectModule = !isTestFile(module.file.path);
    for (const specifier of specifiers(module)) {
      const target = context.index.resolver.resolve(module.file.path, specifier);
      if (target === undefined) {
        const name = packageName(specifier);
        if (!name || mocked.has(name) || packages.has(name)) continue;
        if (!isProjectModule || connectsThrough(name, module.file.text)) packages.set(name, via);
        continue;
      }
      if (seen.has(target) || mockedFiles.has(target)) continue;
      seen.add(target);
      const next = context.index.modules.get(target);
      if (!next) continue;
      if (isTestFile(target)) visit(next, target, followProject);
      else {
        if (module === test) imports.push(target);
        // One hop into the service: a module that itself uses a client touches it; deeper is too coarse.
        if (followProject) visit(next, target, false);
      }
    }
  };
  visit(test, undefined, true);
  const via = Object.fromEntries([...packages].filter((entry): entry is [string, string] => entry[1] !== undefined));
  return { file: test.file.path, text: test.file.text, packages: [...packages.keys()], via, imports };
}

/** What a module imports at run time: static imports that are not type-only, `require()` and `import()`. */
export function moduleSpecifiers(context: CheckContext, module: ParsedModule): string[] {
  return context.memo(`tests/specifiers:${module.file.path}`, () => {
    const typeOnly = new Map<string, boolean>();
    for (const binding of module.imports) typeOnly.set(binding.specifier, (typeOnly.get(binding.specifier) ?? true) && binding.isType);
    const dynamic = [...module.file.text.matchAll(REQUIRE)].map((m) => m[1] as string);
    return [...new Set([...[...typeOnly].filter(([, onlyTypes]) => !onlyTypes).map(([s]) => s), ...dynamic])];
  });
}

/** `@scope/name/sub` → `@scope/name`, `k6/http` → `k6`; undefined for relative paths and `node:` built-ins. */
export function packageName(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}
