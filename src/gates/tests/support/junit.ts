/**
 * JUnit XML (what most runners can write: jest-junit, vitest `--reporter=junit`, mocha-junit-reporter,
 * node `--test-reporter=junit`): `<testsuites>`/`<testsuite>` (nested or not) holding `<testcase>`s
 * with `<failure>`, `<error>` or `<skipped>`. The test's file comes from its `file` attribute, the
 * suite's, or a path-like `classname`.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { firstLine, lineInStack, ReportError, type TestCase, type TestResults } from './results.js';

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseAttributeValue: false,
  parseTagValue: false,
  isArray: (name) => ['testsuite', 'testcase', 'failure', 'error', 'skipped'].includes(name),
});

export const looksLikeJunit = (text: string): boolean => /<testsuites?\b/.test(text);

export function readJunit(file: string, text: string): TestResults {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new ReportError(file, `not well-formed XML: ${valid.err.msg}`, valid.err.line);
  const document = parser.parse(text) as XmlNode;
  const roots = [document.testsuites, document.testsuite].flatMap(asNodes);
  if (roots.length === 0) throw new ReportError(file, 'not a JUnit report: no <testsuites> or <testsuite> element');
  const tests: TestCase[] = [];
  for (const root of roots) collect(root, undefined, tests);
  return { format: 'junit', tests };
}

/** A suite's test cases and those of the suites nested in it (a `<testsuites>` root is a suite without a file). */
function collect(suite: XmlNode, inheritedFile: string | undefined, into: TestCase[]): void {
  const suiteFile = attr(suite, 'file') ?? inheritedFile;
  for (const child of asNodes(suite.testsuite)) collect(child, suiteFile, into);
  for (const testcase of asNodes(suite.testcase)) into.push(testCase(testcase, suiteFile));
}

function testCase(node: XmlNode, suiteFile: string | undefined): TestCase {
  const classname = attr(node, 'classname');
  const file = attr(node, 'file') ?? suiteFile ?? (classname && /[\\/]|\.[cm]?[jt]sx?$/.test(classname) ? classname : undefined);
  const own = attr(node, 'name');
  // jest-junit repeats the title in `classname`; a path-like classname is the file, not a suite.
  const suite = classname && classname !== file && !own?.startsWith(classname) ? classname : undefined;
  const name = [suite, own].filter(Boolean).join(' › ') || '(unnamed test)';
  const problem = [...asNodes(node.failure), ...asNodes(node.error)][0];
  const status = node.failure !== undefined || node.error !== undefined ? 'failed' : node.skipped !== undefined ? 'skipped' : 'passed';
  const test: TestCase = { name, status };
  if (file) test.file = file;
  const detail = problem ? [attr(problem, 'message'), text(problem)].filter(Boolean).join('\n') : undefined;
  const line = Number(attr(node, 'line') ?? attr(node, 'lineno')) || lineInStack(detail, file);
  if (line) test.line = line;
  const message = firstLine(detail);
  if (status === 'failed' && message) test.message = message;
  return test;
}

function asNodes(value: unknown): XmlNode[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  // An element with text only (`<failure>trace</failure>`, or empty `<failure/>`) parses to a string.
  return list.map((v) => (v !== null && typeof v === 'object' ? (v as XmlNode) : typeof v === 'string' && v !== '' ? { '#text': v } : {}));
}

const attr = (node: XmlNode, name: string): string | undefined => {
  const value = node[`@_${name}`];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

const text = (node: XmlNode): string | undefined => (typeof node['#text'] === 'string' ? node['#text'] : undefined);
