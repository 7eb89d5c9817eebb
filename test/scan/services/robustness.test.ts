import { describe, expect, test } from 'vitest';
import type { ParsedModule } from '../../../src/scan/parse.js';
import { createResolver } from '../../../src/scan/resolve.js';
import { scanServices } from '../../../src/scan/services/index.js';
import { parseAll, scan } from './helpers.js';

describe('odd modules', () => {
  test.each([
    ['an empty file', ''],
    ['only comments', '// nothing here\n/* at all */\n'],
    ['a default-exported number', 'export default 42;\n'],
    ['export =', 'export = { retries: 3 };\n'],
    ['a destructuring export', 'const settings = { a: 1, b: 2 };\nexport const { a, b } = settings;\n'],
    ['odd CommonJS', 'const key = "x";\nexports[key] = () => 1;\nmodule.exports.nested.value = 2;\nmodule.exports = module.exports || {};\n'],
    ['computed class members', 'const m = "run";\nexport class Runner {\n  [m]() {}\n  static [Symbol.iterator]() {}\n}\n'],
    ['declarations only', "declare module 'x' {\n  export const y: number;\n}\ndeclare const z: string;\nexport declare function f(): void;\n"],
    ['a namespace and an enum', 'export namespace Util {\n  export const one = 1;\n}\nexport enum Color {\n  Red,\n}\n'],
    ['labels and generators', 'outer: for (const x of [1]) {\n  for (const y of [2]) continue outer;\n}\nexport function* ids() {\n  yield 1;\n}\n'],
    ['an anonymous default arrow', 'export default () => 1;\n'],
    ['a JSX component', 'export function Page() {\n  return <div className="x">hello</div>;\n}\n'],
  ])('%s yields no service and no problem', (_, code) => {
    const path = code.includes('<div') ? 'src/lib/page.tsx' : 'src/lib/odd.ts';
    expect(scan({ [path]: code })).toEqual({ services: [], problems: [] });
  });

  test('odd shapes in a services folder still name one service per file, never throw', () => {
    const { services, problems } = scan({
      'src/services/odd.ts': 'export default () => 1;\nexport const { a } = { a: () => 2 };\nexport namespace N {\n  export const x = 1;\n}\n',
    });
    expect(services.map((service) => [service.name, service.kind, service.source?.line])).toEqual([['OddService', 'service', 1]]);
    expect(problems).toEqual([]);
  });

  test('an anonymous default class is named after its file', () => {
    const { services } = scan({ 'src/users/users.service.ts': 'export default class {\n  list() {\n    return [];\n  }\n}\n' });
    expect(services.map((service) => [service.name, service.kind, service.source?.line])).toEqual([['UsersService', 'service', 1]]);
  });

  test('test files are not services', () => {
    const { services } = scan({
      'src/services/users.service.spec.ts': 'export class UsersServiceStub {}\n',
      'src/services/__tests__/billing.ts': 'export class BillingService {}\n',
      'test/helpers/mail.service.ts': 'export class MailService {}\n',
    });
    expect(services).toEqual([]);
  });

  test('a module whose AST the rules cannot read is reported and skipped; the others are still scanned', () => {
    const [good] = parseAll({ 'src/services/users.service.ts': 'export class UsersService {}\n' });
    const [broken] = parseAll({ 'src/services/broken.service.ts': 'export class BrokenService {}\n' });
    // A malformed tree (say, from a future parser version): a declaration without its parts.
    const damaged = { ...broken, program: { ...broken?.program, body: [{ type: 'ExportNamedDeclaration', declaration: { type: 'VariableDeclaration' } }] } } as unknown as ParsedModule;
    const result = scanServices({ modules: [good as ParsedModule, damaged], resolver: createResolver(['src/services/users.service.ts', 'src/services/broken.service.ts']) });
    expect(result.services.map((service) => service.name)).toEqual(['UsersService']);
    expect(result.problems).toEqual([
      { file: 'src/services/broken.service.ts', message: expect.stringMatching(/^services not read: /), severity: 'warning' },
    ]);
  });

  test('a util module is not a service', () => {
    expect(scan({ 'src/lib/slug.ts': "export const slugify = (text: string) => text.toLowerCase().replace(/\\s+/g, '-');\n" }).services).toEqual([]);
  });
});
