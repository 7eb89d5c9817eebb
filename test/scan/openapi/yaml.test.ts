/**
 * `readYaml`'s contract: the values the `yaml` package (YAML 1.2, core schema) would give, the line
 * of every key of every mapping, a warning for each repeated key, and syntax errors with a position.
 */
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { lineOf, type ParsedTree } from '../../../src/scan/openapi/tree.js';
import { readYaml } from '../../../src/scan/openapi/yaml/index.js';

/** The reference: what the `yaml` package makes of the same text. */
const reference = (text: string) => parse(text, { uniqueKeys: false, logLevel: 'silent' }) as unknown;

/** Every mapping in the tree has a line for each of its keys, and only for those. */
function expectEveryKeyHasALine(tree: ParsedTree): void {
  const seen = new Set<object>();
  const walk = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) return value.forEach(walk);
    const lines = tree.keyLines.get(value);
    expect([...(lines?.keys() ?? [])].sort()).toEqual(Object.keys(value).sort());
    for (const line of lines?.values() ?? []) expect(line).toBeGreaterThan(0);
    Object.values(value).forEach(walk);
  };
  walk(tree.value);
}

describe('readYaml: values', () => {
  it.each([
    ['', null], ['~', null], ['null', null], ['Null', null], ['NULL', null],
    ['true', true], ['False', false], ['TRUE', true], ['yes', 'yes'], ['on', 'on'],
    ['12', 12], ['+12', 12], ['-7', -7], ['0o17', 15], ['0x1F', 31], ['012', 12],
    ['1.5', 1.5], ['.5', 0.5], ['1.', 1], ['1e3', 1000], ['-.inf', -Infinity], ['.Inf', Infinity],
    ['1_000', '1_000'], ['2021-01-01', '2021-01-01'], ['12:30', '12:30'], ['nulls', 'nulls'], ['0x', '0x'],
  ])('reads the plain scalar %j as %j (core schema), as yaml does', (text, value) => {
    const read = (readYaml(`v: ${text}`).tree?.value as { v: unknown }).v;
    expect(read).toEqual(value);
    expect(read).toEqual((reference(`v: ${text}`) as { v: unknown }).v);
  });

  it('reads .nan as NaN', () => expect((readYaml('v: .nan').tree?.value as { v: unknown }).v).toBeNaN());

  it.each(Object.entries({
    'nested mappings': 'a:\n  b:\n    c: d\n  e: f\ng: h\n',
    'sequences at the key indentation': 'list:\n- a\n- b\nnext: 1\n',
    'compact sequences and mappings': '- a\n- b: c\n  d: e\n- - x\n  - y\n-\n  z: 1\n-\n',
    'quoted keys and values': '"$ref": "#/a"\n\'sq\': \'it\'\'s\'\n"200": ok\nb: "\\"q\\" \\n \\t \\u00e9 \\x41 \\\\"\n',
    'multi-line quoted scalars': 'a: "multi\n  line\n\n  para"\nb: \'x\n  y\'\nc: "esc \\\n   aped"\nd: "sp\\ \n  x"\n',
    'multi-line plain scalars': 'a: plain\n  continued\n  again\n\n  para\nb: 2\n',
    'literal and folded block scalars': 'a: |\n  l1\n  l2\n\n  l4\nb: >\n  folded\n  text\n\n  para\n    more\n  back\nc: |-\n  strip\n\nd: |+\n  keep\n\ne: >2\n    indented\n',
    'flow collections': 'a: [1, two, "three", \'four\', {x: 1}, [nested]]\nb: {k: v, "q": 2, n: }\nc: []\nd: {}\ne: [\n  1,\n  2\n  ]\nf: [k: v]\n',
    comments: '# head\na: 1 # trailing\n# between\nb: "x" # c\nc: [1] # c\nd: | # c\n  # not a comment\n',
    'document markers and odd keys': '---\nkey with spaces: v\nurl: http://x.com/a#frag\nhash: a#b\n__proto__: 1\nconstructor: 2\n...\n',
    'windows line ends and a byte-order mark': '\ufeffa: 1\r\nb:\r\n  - x\r\n',
    'anchors and aliases': 'base: &b\n  x: 1\ncopy: *b\nlist: &l [1, 2]\nagain: *l\nname: &n text\nsame: *n\n',
    tags: 'a: !!str 1\nb: !!int "2"\nc: !!map {x: 1}\nd: ! 3\n',
    'numeric and boolean keys': '200: ok\n1.0: one\ntrue: yes\n0x1F: hex\n',
    'a mapping key holding a merge marker, read as a plain key': 'a: 1\n<<: {b: 2}\n',
  }))('reads %s like yaml does', (_name, text) => {
    const { tree, problems } = readYaml(text);
    expect(problems).toEqual([]);
    expect(tree?.reader).toBe('js-yaml');
    expect(tree?.value).toStrictEqual(reference(text));
    if (tree) expectEveryKeyHasALine(tree);
  });

  it('reads an empty document, or one of only comments, as null', () => {
    expect(readYaml('')).toEqual({ tree: expect.objectContaining({ value: null }), problems: [] });
    expect(readYaml('# nothing here\n\n')).toEqual({ tree: expect.objectContaining({ value: null }), problems: [] });
  });

  it('names a null key "null" (js-yaml), where the yaml package names it ""', () => {
    expect(readYaml('null: a\n~: b\n').tree?.value).toEqual({ null: 'b' });
    expect(reference('null: a\n')).toEqual({ '': 'a' });
  });

  it('keeps one object for an anchor and its aliases', () => {
    const { tree } = readYaml('base: &b\n  x: 1\npaths:\n  /a:\n    get: *b\n');
    const value = tree?.value as { base: object; paths: { '/a': { get: object } } };
    expect(value.paths['/a'].get).toBe(value.base);
    expect(tree && lineOf(tree, value.paths['/a'].get, 'x')).toBe(2);
    expect(tree && lineOf(tree, value.paths['/a'], 'get')).toBe(5);
  });

  it('agrees with yaml on generated documents in every scalar and collection style', () => {
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
    const words = ['a', 'key', '$ref', '200', 'null', 'true', '1.5', ' lead', 'trail ', 'a: b', 'a #b', '- d', "it's", 'two\n\nparas', 'tab\there', 'é ☃', '', '[x]', '*s', 'x\n', '  in\nline'];
    const scalar = (): unknown => (random() < 0.7 ? Array.from({ length: 1 + Math.floor(random() * 6) }, () => pick(words)).join(pick([' ', '\n', ''])) : pick([1, -2.5, true, null]));
    const node = (depth: number): unknown => {
      const roll = random();
      if (depth > 3 || roll < 0.4) return scalar();
      if (roll < 0.7) return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, () => [String(scalar()), node(depth + 1)]));
      return Array.from({ length: Math.floor(random() * 4) }, () => node(depth + 1));
    };
    for (let round = 0; round < 300; round++) {
      const text = stringify(
        { root: node(0) },
        {
          lineWidth: pick([0, 20, 80]),
          defaultStringType: pick(['PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'] as const),
          indentSeq: random() < 0.5,
          indent: pick([2, 4]),
        },
      );
      const { tree, problems } = readYaml(text);
      expect(problems, text).toEqual([]);
      expect(tree?.value, text).toStrictEqual(reference(text));
      if (tree) expectEveryKeyHasALine(tree);
    }
  });
});

describe('readYaml: key lines', () => {
  it('records the line of every key, in block and flow mappings', () => {
    const text = [
      'openapi: 3.0.0', //                       1
      'paths:', //                               2
      '  /a:', //                                3
      '', //                                     4
      '    get:', //                             5
      '      responses: {}', //                  6
      '    post: {operationId: p,', //           7
      '      "x-quoted": 1}', //                 8
      '  "/b":', //                              9
      '    # a comment', //                      10
      '    put:', //                             11
      '      parameters:', //                    12
      '        - name: id', //                   13
      '          in: path', //                   14
      '    200: numeric', //                     15
      '    ? explicit', //                       16
      '    : value', //                          17
    ].join('\n');
    const { tree } = readYaml(text);
    type Item = Record<string, { responses: object; parameters: object[] }>;
    const value = tree?.value as { paths: { '/a': Item; '/b': Item } };
    const { '/a': a, '/b': b } = value.paths;
    const at = (holder: unknown, key: string) => (tree ? lineOf(tree, holder, key) : undefined);
    expect(at(value, 'openapi')).toBe(1);
    expect(at(value, 'paths')).toBe(2);
    expect(at(value.paths, '/a')).toBe(3);
    expect(at(a, 'get')).toBe(5);
    expect(at(a.get, 'responses')).toBe(6);
    expect(at(a, 'post')).toBe(7);
    expect(at(a.post, 'operationId')).toBe(7);
    expect(at(a.post, 'x-quoted')).toBe(8);
    expect(at(value.paths, '/b')).toBe(9);
    expect(at(b, 'put')).toBe(11);
    expect(at(b.put, 'parameters')).toBe(12);
    expect(at(b.put?.parameters[0], 'name')).toBe(13);
    expect(at(b.put?.parameters[0], 'in')).toBe(14);
    expect(at(b, '200')).toBe(15);
    expect(at(b, 'explicit')).toBe(16);
    expect(tree?.keyLines.get(a.get?.responses as object)).toEqual(new Map());
  });

  it('gives a repeated key the line of the last one, whose value is kept', () => {
    const { tree } = readYaml('a: 1\nb: 2\na: 3\n');
    expect(tree?.value).toEqual({ a: 3, b: 2 });
    expect(tree && lineOf(tree, tree.value, 'a')).toBe(3);
  });
});

describe('readYaml: problems', () => {
  it('warns about a repeated key and keeps the last value, as yaml does', () => {
    const { tree, problems } = readYaml('a:\n  b: 1\n  b: 2\n');
    expect(tree?.value).toEqual({ a: { b: 2 } });
    expect(problems).toEqual([{ line: 3, column: 3, message: 'YAML: duplicate key "b" (the last one is used)', severity: 'warning' }]);
  });

  it('warns about every repeated key, in the order of the text', () => {
    const text = 'x:\n  "q": 1\n  y: {k: 1, k: 2}\n  "q": [3]\nx: 4\n';
    const { tree, problems } = readYaml(text);
    expect(tree?.value).toStrictEqual(reference(text));
    expect(problems.map(({ line, column, message }) => [line, column, message])).toEqual([
      [3, 13, 'YAML: duplicate key "k" (the last one is used)'],
      [4, 3, 'YAML: duplicate key "q" (the last one is used)'],
      [5, 1, 'YAML: duplicate key "x" (the last one is used)'],
    ]);
  });

  it('warns about a repeated key after an alias', () => {
    const { tree, problems } = readYaml('a: &x 1\na: 2\n');
    expect(tree?.value).toEqual({ a: 2 });
    expect(problems).toEqual([{ line: 2, column: 1, message: 'YAML: duplicate key "a" (the last one is used)', severity: 'warning' }]);
  });

  it.each([
    ['bad indentation', 'a:\n  b: 1\n c: 2\n', 3, 2],
    ['a nested mapping on one line', 'a: b: c\n', 1, 5],
    ['a tab as indentation', 'a:\n\t- b\n', 2, 1],
    ['an unterminated flow sequence', 'a: [1, 2\nb: 3\n', 2, 1],
    ['an unknown alias', 'a: 1\nb: *nope\n', 2, 5],
    ['an unknown tag', 'a: !custom {b: 1}\n', 1, 4],
    // YAML forbids it (the yaml package let it pass): a flow collection's lines must be indented.
    ['a flow sequence closed at the indentation of its key', 'e: [\n  1,\n  2\n]\n', 4, 1],
  ])('reports %s at its line and column', (_name, text, line, column) => {
    const { tree, problems } = readYaml(text);
    expect(tree).toBeUndefined();
    expect(problems).toEqual([{ line, column, severity: 'error', message: expect.stringMatching(/^YAML: \S/) }]);
  });

  it('reports a complex key, which a JavaScript object cannot hold', () => {
    const { tree, problems } = readYaml('a: 1\n? [a, b]\n: c\n');
    expect(tree).toBeUndefined();
    expect(problems).toEqual([{ line: 1, column: 1, severity: 'error', message: 'YAML: object-based map does not support complex keys' }]);
  });

  it('refuses several documents, pointing at the second', () => {
    const { tree, problems } = readYaml('a: 1\n---\nb: 2\n');
    expect(tree).toBeUndefined();
    expect(problems).toEqual([{ line: 3, column: 1, message: 'YAML: expected a single document, but found more', severity: 'error' }]);
  });
});
