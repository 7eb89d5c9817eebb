/**
 * The knex query-builder chains of a module that surely run as written, each as its list of
 * builder calls: `await knex('users').where({ email }).first()` → table('users'), where({…}),
 * first(). The root is knex: a name `knex`, `db` or `trx` (also as `this.knex`, `app.db`), or a
 * local made by the knex factory (`const pg = knex({…})`). A chain runs when it is awaited,
 * returned from an async function (or is an async arrow's body), or followed by `.then(…)`; a
 * builder kept in a variable may get more clauses later, so it is not taken. Seed files (a
 * `seeds/` folder) fill tables; they are not the queries the application runs.
 */
import type { Node } from 'oxc-parser';
import { forEachChild, isFunction, methodCall, propertyName, stringLiteral, unwrap } from '../../../scan/code/ast.js';
import type { ParsedModule } from '../../../scan/parse.js';

export interface Step {
  name: string;
  args: Node[];
}

export interface Chain {
  /** Offset of the chain's root (`knex` in `knex('users')…`): where the query is reported. */
  start: number;
  steps: Step[];
}

const ROOT_NAMES = new Set(['knex', 'db', 'trx']);
const CHAIN_PREFILTER = /\b(?:knex|db|trx)\b|require\(\s*['"]knex['"]\s*\)|from\s+['"]knex['"]/;
const SEED_FILE = /(?:^|\/)seeds?\//;

/** The chains that run, each once (an awaited `.then(…)` chain is found twice). */
export function knexChains(module: ParsedModule): Chain[] {
  if (SEED_FILE.test(module.file.path) || !CHAIN_PREFILTER.test(module.file.text)) return [];
  const instances = knexInstances(module);
  const chains = new Map<number, Chain>();
  for (const candidate of executedExpressions(module.program)) {
    const chain = builderChain(candidate, instances);
    if (chain && !chains.has(chain.start)) chains.set(chain.start, chain);
  }
  return [...chains.values()].sort((a, b) => a.start - b.start);
}

const requiresKnex = (node: Node): boolean =>
  node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'require' && stringLiteral(node.arguments[0] as Node) === 'knex';

/** Locals made by the knex factory: `const pg = knex({ client: 'pg' })`, `require('knex')(config)`. */
function knexInstances(module: ParsedModule): Set<string> {
  const factories = new Set(['knex', 'Knex', ...module.imports.filter((i) => i.specifier === 'knex' && !i.isType).map((i) => i.local)]);
  const instances = new Set<string>();
  const visit = (node: Node) => {
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init) {
      const init = unwrap(node.init);
      const callee = init.type === 'CallExpression' ? unwrap(init.callee) : undefined;
      if (requiresKnex(init)) factories.add(node.id.name);
      else if (callee && (requiresKnex(callee) || (callee.type === 'Identifier' && factories.has(callee.name)))) instances.add(node.id.name);
    }
    forEachChild(node, visit);
  };
  visit(module.program);
  return instances;
}

/** Expressions whose value is surely run: awaited, returned by an async function, or followed by `.then(…)`. */
function executedExpressions(program: Node): Node[] {
  const found: Node[] = [];
  const visit = (node: Node, inAsync: boolean) => {
    const async = isFunction(node) ? node.async : inAsync;
    if (node.type === 'AwaitExpression') found.push(node.argument);
    else if (node.type === 'ReturnStatement' && async && node.argument) found.push(node.argument);
    else if (node.type === 'ArrowFunctionExpression' && node.async && node.expression) found.push(node.body);
    else if (node.type === 'CallExpression' && ['then', 'catch', 'finally'].includes(methodCall(node)?.name ?? '')) found.push(node);
    forEachChild(node, (child) => visit(child, async));
  };
  visit(program, false);
  return found;
}

/**
 * The builder calls of a chain, the root's table call first (`knex('users')` → `table`), with
 * trailing `.then` / `.catch` / `.finally` dropped; undefined when the root is not knex.
 */
function builderChain(expression: Node, instances: Set<string>): Chain | undefined {
  const links: ({ member: string } | { args: Node[] })[] = [];
  let current = unwrap(expression);
  for (;;) {
    if (current.type === 'CallExpression') {
      if (current.arguments.some((a) => a.type === 'SpreadElement')) return undefined;
      links.unshift({ args: current.arguments as Node[] });
      current = unwrap(current.callee);
    } else if (current.type === 'MemberExpression') {
      const name = propertyName(current.property, current.computed);
      if (name === undefined) return undefined;
      links.unshift({ member: name });
      current = unwrap(current.object);
    } else break;
  }
  const base = current.type === 'Identifier' ? current.name : current.type === 'ThisExpression' ? 'this' : undefined;
  if (base === undefined) return undefined;
  const path = [base];
  while (links[0] && 'member' in links[0]) path.push((links.shift() as { member: string }).member);
  const isRoot = (name: string | undefined, bare: boolean) => name !== undefined && (ROOT_NAMES.has(name) || (bare && instances.has(name)));
  let first: string;
  if (isRoot(path.at(-1), path.length === 1)) first = 'table';
  else if (path.length >= 2 && isRoot(path.at(-2), path.length === 2)) first = path.at(-1) as string;
  else return undefined;
  // What follows the root is its call, then `.method` and its call, pair after pair.
  if (links.length % 2 === 0) return undefined;
  const steps: Step[] = [];
  for (let i = 0; i < links.length; i += 2) {
    const member = i === 0 ? { member: first } : links[i - 1];
    const call = links[i];
    if (!member || !('member' in member) || !call || !('args' in call)) return undefined;
    steps.push({ name: member.member, args: call.args });
  }
  while (steps.length > 1 && ['then', 'catch', 'finally'].includes((steps.at(-1) as Step).name)) steps.pop();
  return { start: current.start, steps };
}
