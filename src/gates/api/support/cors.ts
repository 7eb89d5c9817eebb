/**
 * CORS set-ups as written in code, and what they allow: middleware options (cors-options.ts) and
 * hand-written headers (`res.setHeader('Access-Control-Allow-Origin', …)`, `res.header(…)`,
 * `res.set({…})`, `ctx.set(…)`), the headers grouped by the function that writes them.
 */
import type { Node } from 'oxc-parser';
import { forEachChild, isFunction, propertyName, stringLiteral, unwrap } from '../../../scan/code/ast.js';
import type { ProjectIndex } from '../../../scan/code/graph.js';
import type { ParsedModule } from '../../../scan/parse.js';
import { setupOfCall, type CorsSetup, type Module, type OriginKind } from './cors-options.js';

export type { CorsSetup } from './cors-options.js';

/** Header writes, by header: `res.setHeader('Access-Control-Allow-Origin', '*')`, `res.set({ … })`. */
function headersOfCall(call: Extract<Node, { type: 'CallExpression' }>): { name: string; value: Node; at: number }[] {
  const callee = unwrap(call.callee);
  const method = callee.type === 'MemberExpression' ? propertyName(callee.property, callee.computed) : undefined;
  if (!method || !/^(?:setHeader|header|set|append|writeHead|headers)$/.test(method)) return [];
  const args = call.arguments as Node[];
  const name = stringLiteral(args[0]);
  if (name !== undefined) return args[1] ? [{ name: name.toLowerCase(), value: unwrap(args[1]), at: call.start }] : [];
  const object = args.map((a) => unwrap(a)).find((a) => a.type === 'ObjectExpression');
  if (object?.type !== 'ObjectExpression') return [];
  return object.properties.flatMap((p) => {
    if (p.type !== 'Property') return [];
    const key = propertyName(p.key, p.computed);
    return key ? [{ name: key.toLowerCase(), value: unwrap(p.value as Node), at: p.start }] : [];
  });
}

/** The request's own Origin header, as handlers read it. */
const isRequestOrigin = (text: string) => /origin/i.test(text) && /\b(?:req|request|ctx|c)\b/.test(text);

/** Every CORS set-up in one module: middleware options, and per function the headers it writes. */
export function corsSetups(module: ParsedModule, index: ProjectIndex): CorsSetup[] {
  const m: Module = { module, index, locals: new Map() };
  const text = module.file.text;
  const setups: CorsSetup[] = [];
  const headers = new Map<Node, { origin?: { kind: OriginKind; at: number }; credentials?: boolean }>();
  const functions: Node[] = [module.program as unknown as Node];
  const guards: Node[] = [];
  const visit = (node: Node): void => {
    if (isFunction(node)) functions.push(node);
    const guarded = node.type === 'IfStatement' && /origin/i.test(text.slice(node.test.start, node.test.end));
    if (guarded) guards.push(node);
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init) m.locals.set(node.id.name, node.init);
    if (node.type === 'CallExpression') {
      const setup = setupOfCall(m, node);
      if (setup) setups.push(setup);
      for (const header of headersOfCall(node)) {
        const owner = functions[functions.length - 1] as Node;
        const entry = headers.get(owner) ?? {};
        const written = text.slice(header.value.start, header.value.end);
        if (header.name === 'access-control-allow-origin') {
          const kind: OriginKind = stringLiteral(header.value) === '*' ? 'any' : isRequestOrigin(written) && !guards.length ? 'reflect' : 'list';
          if (kind !== 'list') entry.origin = { kind, at: header.at };
        }
        if (header.name === 'access-control-allow-credentials' && /^(?:true|['"`]true['"`])$/.test(written.trim())) entry.credentials = true;
        headers.set(owner, entry);
      }
    }
    forEachChild(node, visit);
    if (guarded) guards.pop();
    if (isFunction(node)) functions.pop();
  };
  visit(module.program as unknown as Node);
  for (const entry of headers.values()) {
    if (entry.origin) setups.push({ via: 'Access-Control-Allow-Origin header', origin: entry.origin.kind, credentials: entry.credentials === true, at: entry.origin.at });
  }
  return setups;
}
