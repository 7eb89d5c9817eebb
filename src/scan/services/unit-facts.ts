/**
 * One walk over a module-level statement, collecting what the service rules need: the names it
 * uses as values (type annotations are skipped, since `import { User }` used only as a type is no
 * dependency), what it calls, what it loads with `require`/`import()`, external URL hosts, and where
 * it starts background work. Constructor parameter types count as used: that is how Nest and other
 * DI containers hand a class its dependencies (`constructor(private users: UsersService)`).
 */
import { visitorKeys, type Expression, type Node, type TSTypeAnnotation } from 'oxc-parser';
import { requireCall, rootName, stringValue, unwrap } from './ast.js';
import type { Bindings } from './bindings.js';
import { externalHost } from './external-host.js';
import { isJobCall, isJobConstruction } from './job-signals.js';

export interface UnitFacts {
  /** Names used as values (and constructor-injected types). */
  refs: Set<string>;
  /** Names a call or `new` hangs off (`stripe` in `stripe.charges.create()`). */
  called: Set<string>;
  /** Specifiers of `require('x')` and `import('x')` anywhere inside. */
  loads: string[];
  /** Hosts of absolute external URL literals. */
  hosts: string[];
  /** Calls the global `fetch`. */
  fetches: boolean;
  /** Offset of the first background-job signal, if any. */
  jobAt: number | undefined;
}

type Loose = { type: string; start: number; [key: string]: unknown };

/** Keys that hold types, never runtime values. */
const TYPE_KEYS = new Set(['typeAnnotation', 'typeParameters', 'typeArguments', 'returnType', 'superTypeArguments', 'implements']);
const SKIP_KEYS = new Set(['type', 'start', 'end', 'range', 'loc', 'parent', ...TYPE_KEYS]);
/** oxc's child keys per node type, without the type keys: no `for…in` over every node's fields. */
const CHILD_KEYS = new Map(Object.entries(visitorKeys).map(([type, keys]) => [type, keys.filter((key) => !TYPE_KEYS.has(key))]));
/** TypeScript nodes that carry runtime code; every other `TS*` node is a type and is skipped. */
const RUNTIME_TS = new Set([
  'TSEnumDeclaration', 'TSEnumBody', 'TSEnumMember', 'TSModuleDeclaration', 'TSModuleBlock', 'TSExportAssignment',
  'TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'TSTypeAssertion', 'TSInstantiationExpression',
  'TSParameterProperty',
]);

export function unitFacts(node: Node, bindings: Bindings): UnitFacts {
  const facts: UnitFacts = { refs: new Set(), called: new Set(), loads: [], hosts: [], fetches: false, jobAt: undefined };
  visit(node as unknown as Loose, 0, facts, bindings);
  return facts;
}

function visitAll(value: unknown, depth: number, facts: UnitFacts, bindings: Bindings): void {
  if (Array.isArray(value)) {
    for (const item of value) if (item !== null && typeof item === 'object') visit(item as Loose, depth, facts, bindings);
  } else if (value !== null && typeof value === 'object') {
    visit(value as Loose, depth, facts, bindings);
  }
}

/** `depth` counts enclosing functions and classes: 0 is code that runs when the module loads. */
function visit(node: Loose, depth: number, facts: UnitFacts, bindings: Bindings): void {
  const type = node.type;
  if (typeof type !== 'string' || node.declare === true) return;
  switch (type) {
    case 'Identifier':
      facts.refs.add(node.name as string);
      return;
    case 'Literal':
      if (typeof node.value === 'string' && node.value.startsWith('http')) addHost(externalHost(node.value), facts);
      return;
    case 'TemplateLiteral': {
      const first = (node.quasis as { value: { cooked: string | null } }[])[0]?.value.cooked;
      if (first?.startsWith('http')) addHost(externalHost(first, (node.expressions as unknown[]).length === 0), facts);
      visitAll(node.expressions, depth, facts, bindings);
      return;
    }
    case 'MemberExpression':
      visitAll(node.object, depth, facts, bindings);
      if (node.computed) visitAll(node.property, depth, facts, bindings);
      return;
    case 'Property':
      if (node.computed) visitAll(node.key, depth, facts, bindings);
      visitAll(node.value, depth, facts, bindings);
      return;
    case 'CallExpression':
    case 'NewExpression':
      onCall(node, depth, facts, bindings);
      visitAll(node.callee, depth, facts, bindings);
      visitAll(node.arguments, depth, facts, bindings);
      return;
    case 'ImportExpression': {
      const specifier = stringValue(node.source as Node);
      if (specifier !== undefined) facts.loads.push(specifier);
      visitAll(node.source, depth, facts, bindings);
      return;
    }
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      visitAll(node.params, depth + 1, facts, bindings);
      visitAll(node.body, depth + 1, facts, bindings);
      return;
    case 'ClassDeclaration':
    case 'ClassExpression':
      visitAll(node.decorators, depth, facts, bindings);
      visitAll(node.superClass, depth, facts, bindings);
      visitAll(node.body, depth + 1, facts, bindings);
      return;
    case 'MethodDefinition':
    case 'TSAbstractMethodDefinition':
      visitAll(node.decorators, depth, facts, bindings);
      if (node.computed) visitAll(node.key, depth, facts, bindings);
      if (node.kind === 'constructor') addInjected(node.value as Loose, facts);
      visitAll(node.value, depth, facts, bindings);
      return;
    case 'PropertyDefinition':
    case 'AccessorProperty':
    case 'TSAbstractPropertyDefinition':
    case 'TSAbstractAccessorProperty':
      visitAll(node.decorators, depth, facts, bindings);
      if (node.computed) visitAll(node.key, depth, facts, bindings);
      // `@Inject(TOKEN) private readonly mailer: Mailer`: property injection.
      if ((node.decorators as unknown[]).length > 0) addTypeRef(node.typeAnnotation as TSTypeAnnotation | null, facts);
      visitAll(node.value, depth, facts, bindings);
      return;
    case 'ImportDeclaration':
    case 'ExportAllDeclaration':
      return;
    case 'ExportNamedDeclaration':
      visitAll(node.declaration, depth, facts, bindings);
      return;
  }
  if (type.startsWith('TS') && !RUNTIME_TS.has(type)) return;
  const keys = CHILD_KEYS.get(type);
  if (keys) for (const key of keys) visitAll(node[key], depth, facts, bindings);
  else for (const key in node) if (!SKIP_KEYS.has(key)) visitAll(node[key], depth, facts, bindings);
}

function onCall(node: Loose, depth: number, facts: UnitFacts, bindings: Bindings): void {
  const callee = node.callee as Expression;
  const root = rootName(callee);
  if (root !== undefined) facts.called.add(root);
  if (node.type === 'NewExpression') {
    if (facts.jobAt === undefined && isJobConstruction(callee, bindings)) facts.jobAt = node.start;
    return;
  }
  const specifier = requireCall(node as unknown as Node);
  if (specifier !== undefined) facts.loads.push(specifier);
  const bare = unwrap(callee);
  if (bare.type === 'Identifier' && bare.name === 'fetch' && !bindings.has('fetch')) facts.fetches = true;
  if (bare.type === 'MemberExpression' && root === 'globalThis' && !bare.computed && bare.property.type === 'Identifier' && bare.property.name === 'fetch') {
    facts.fetches = true;
  }
  if (facts.jobAt === undefined && isJobCall(callee, bindings, depth === 0)) facts.jobAt = node.start;
}

function addHost(host: string | undefined, facts: UnitFacts): void {
  if (host !== undefined && !facts.hosts.includes(host)) facts.hosts.push(host);
}

/** The types of constructor parameters are what a DI container injects. */
function addInjected(fn: Loose, facts: UnitFacts): void {
  for (const param of (fn.params as Loose[] | undefined) ?? []) {
    let target = param.type === 'TSParameterProperty' ? (param.parameter as Loose) : param;
    if (target.type === 'AssignmentPattern') target = target.left as Loose;
    addTypeRef(target.typeAnnotation as TSTypeAnnotation | null | undefined, facts);
  }
}

function addTypeRef(annotation: TSTypeAnnotation | null | undefined, facts: UnitFacts): void {
  const type = annotation?.typeAnnotation;
  if (type?.type !== 'TSTypeReference') return;
  let name: Node = type.typeName;
  while (name.type === 'TSQualifiedName') name = name.left;
  if (name.type === 'Identifier') facts.refs.add(name.name);
}
