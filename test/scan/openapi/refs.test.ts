import { describe, expect, it } from 'vitest';
import { checkRefs, collectRefs } from '../../../src/scan/openapi/ref-check.js';
import { createRefResolver, refTarget } from '../../../src/scan/openapi/refs.js';
import type { DocFile } from '../../../src/scan/openapi/types.js';
import { readYaml } from '../../../src/scan/openapi/yaml/index.js';

/** In-memory files: no disk needed to resolve references. */
const file = (rel: string, text: string): DocFile => {
  const { tree } = readYaml(text);
  if (!tree) throw new Error(`fixture ${rel} does not parse`);
  return { abs: `/project/${rel}`, rel, tree };
};
const resolverOf = (files: DocFile[], unreadable: [string, string][] = []) =>
  createRefResolver(new Map(files.map((f) => [f.abs, f])), new Map(unreadable), '/project');

const main = file(
  'openapi.yaml',
  [
    'paths:',
    '  /users/{id}:',
    '    get: { operationId: getUser }',
    'components:',
    '  parameters:',
    '    Id: { name: id, in: path }',
    '    Alias: { $ref: "#/components/parameters/Id" }',
    '    Loop: { $ref: "#/components/parameters/Loop2" }',
    '    Loop2: { $ref: "#/components/parameters/Loop" }',
    '    Shared: { $ref: "common.yaml#/Page" }',
    '  list: [a, b]',
    "  'a/b~c': { ok: true }",
  ].join('\n'),
);
const common = file('common.yaml', 'Page:\n  name: page\n  in: query\nNext:\n  $ref: "openapi.yaml#/components/parameters/Id"\n');

describe('refTarget', () => {
  it.each([
    ['#/a/b', { kind: 'same-file', abs: '/project/docs/openapi.yaml', fragment: '/a/b' }],
    ['paths/users.yaml', { kind: 'file', abs: '/project/docs/paths/users.yaml', fragment: '' }],
    ['../common.yaml#/Page', { kind: 'file', abs: '/project/common.yaml', fragment: '/Page' }],
    ['my%20file.yaml#/x', { kind: 'file', abs: '/project/docs/my file.yaml', fragment: '/x' }],
    ['file:///project/x.yaml#/y', { kind: 'file', abs: '/project/x.yaml', fragment: '/y' }],
    ['https://example.com/a.yaml#/b', { kind: 'remote', fragment: '/b' }],
    ['urn:uuid:1234', { kind: 'remote', fragment: '' }],
  ])('%s', (ref, target) => expect(refTarget(ref, '/project/docs/openapi.yaml')).toEqual(target));
});

describe('createRefResolver', () => {
  const refs = resolverOf([main, common]);

  it('follows JSON pointers with escapes, percent-encoding and array indexes', () => {
    expect(refs.resolve('#/paths/~1users~1%7Bid%7D/get', main)).toMatchObject({ ok: true, value: { operationId: 'getUser' } });
    expect(refs.resolve('#/components/a~1b~0c', main)).toMatchObject({ ok: true, value: { ok: true } });
    expect(refs.resolve('#/components/list/1', main)).toMatchObject({ ok: true, value: 'b' });
    expect(refs.resolve('#', main)).toMatchObject({ ok: true, value: main.tree.value });
  });

  it('follows chains of references, across files, remembering where the value lives', () => {
    expect(refs.resolve('#/components/parameters/Alias', main)).toMatchObject({ ok: true, value: { name: 'id' }, file: main });
    expect(refs.resolve('#/components/parameters/Shared', main)).toMatchObject({ ok: true, value: { name: 'page' }, file: common });
    expect(refs.resolve('#/Next', common)).toMatchObject({ ok: true, value: { name: 'id' }, file: main });
  });

  it('says why a reference does not resolve', () => {
    expect(refs.resolve('#/components/parameters/Nope', main)).toEqual({ ok: false, reason: '#/components/parameters/Nope does not exist in openapi.yaml' });
    expect(refs.resolve('#/components/list/7', main)).toEqual({ ok: false, reason: '#/components/list/7 does not exist in openapi.yaml' });
    expect(refs.resolve('#/components/parameters/Loop', main)).toEqual({ ok: false, reason: 'circular reference' });
    expect(refs.resolve('#anchor', main)).toEqual({ ok: false, reason: 'fragment "#anchor" is not a JSON pointer' });
    expect(refs.resolve('other.yaml#/x', main)).toEqual({ ok: false, reason: 'other.yaml was not loaded' });
    expect(refs.resolve('https://example.com/x.yaml', main)).toMatchObject({ ok: false, remote: true });
    expect(resolverOf([main], [['/project/gone.yaml', 'gone.yaml does not exist']]).resolve('gone.yaml', main)).toEqual({ ok: false, reason: 'gone.yaml does not exist' });
  });

  it('derefs only reference objects', () => {
    expect(refs.deref({ name: 'x' }, main)).toEqual({ ok: true, value: { name: 'x' }, file: main });
    expect(refs.deref({ $ref: '#/components/list' }, main)).toMatchObject({ ok: true, value: ['a', 'b'] });
  });
});

describe('collectRefs and checkRefs', () => {
  const doc = file(
    'api.yaml',
    [
      'paths:',
      '  /a:',
      '    get:',
      '      parameters:',
      '        - $ref: "#/components/parameters/Missing"',
      '        - $ref: "#/components/parameters/Missing"',
      '      x-codegen: { $ref: "#/nowhere" }',
      '      responses:',
      '        "200":',
      '          content:',
      '            application/json:',
      '              example: { $ref: "#/also/nowhere" }',
      '              examples:',
      '                one: { value: { $ref: "#/data" } }',
      '                two: { $ref: "#/components/examples/Two" }',
      'components:',
      '  schemas:',
      '    default: { $ref: "#/components/schemas/enum" }',
      '    enum: { type: string, default: { $ref: "#/literal" }, enum: [{ $ref: "#/literal" }] }',
      '  examples:',
      '    Two: { value: 2 }',
    ].join('\n'),
  );

  it('collects references with their JSON pointer, skipping literal data and extensions', () => {
    expect(collectRefs(doc.tree.value).map((use) => [use.pointer, use.ref])).toEqual([
      ['#/paths/~1a/get/parameters/0', '#/components/parameters/Missing'],
      ['#/paths/~1a/get/parameters/1', '#/components/parameters/Missing'],
      ['#/paths/~1a/get/responses/200/content/application~1json/examples/two', '#/components/examples/Two'],
      ['#/components/schemas/default', '#/components/schemas/enum'],
    ]);
  });

  it('reports each broken reference once, at its first use, with the line', () => {
    expect(checkRefs([doc], resolverOf([doc]))).toEqual([
      {
        file: 'api.yaml',
        line: 5,
        message: 'broken $ref "#/components/parameters/Missing" at #/paths/~1a/get/parameters/0: #/components/parameters does not exist in api.yaml (and 1 more use)',
        severity: 'error',
      },
    ]);
  });
});
