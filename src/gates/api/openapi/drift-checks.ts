/**
 * What differs between one code endpoint and the document operation it matches: path parameter
 * names, authentication the document calls public, inputs the code reads that the document does
 * not declare. Each difference is a sentence and a fix; the rule decides where to report it.
 */
import type { Endpoint } from '../../../registry/schema.js';
import type { SpecOperation } from '../../../scan/openapi/types.js';

export interface Difference {
  message: string;
  hint: string;
}

const templateParams = (path: string) => [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);

function pathParams(endpoint: Endpoint, op: SpecOperation): Difference | undefined {
  const code = templateParams(endpoint.path);
  const spec = templateParams(op.path);
  const pairs = code.map((name, i) => [name, spec[i]] as const).filter(([a, b]) => b !== undefined && a !== b);
  if (pairs.length === 0) return undefined;
  return {
    message: `${op.id} names its path parameter${pairs.length > 1 ? 's' : ''} ${pairs.map(([, s]) => `{${s}}`).join(', ')} where the code uses ${pairs.map(([c]) => `:${c}`).join(', ')}`,
    hint: `Use the code's names in the document (${pairs.map(([c, s]) => `{${s}} → {${c}}`).join(', ')}), in the path key and its \`in: path\` parameters, so generated clients and the code agree.`,
  };
}

/** Code that demands credentials where the document promises anonymous access. The opposite is `sec/authn-required`'s. */
function auth(endpoint: Endpoint, op: SpecOperation): Difference | undefined {
  if (endpoint.auth !== 'required' || (op.security !== 'none' && op.security !== 'optional')) return undefined;
  const by = endpoint.authBy.length ? ` (${endpoint.authBy.join(', ')})` : '';
  const says = op.security === 'none' ? 'public (`security: []`)' : 'optionally authenticated (an empty `{}` security requirement)';
  return {
    message: `${op.id} is ${says} in the document but the code requires authentication${by}`,
    hint: 'If the endpoint needs credentials, give the operation its security requirement (e.g. `security: [{ bearerAuth: [] }]`) and a 401 response; if it is meant to be public, take the auth middleware off the route.',
  };
}

function inputs(endpoint: Endpoint, op: SpecOperation): Difference[] {
  const out: Difference[] = [];
  const declaredQuery = new Set(op.parameters.filter((p) => p.in === 'query').map((p) => p.name));
  const query = endpoint.params.query.filter((name) => !declaredQuery.has(name));
  if (query.length) {
    out.push({
      message: `the code of ${endpoint.id} reads query parameter${query.length > 1 ? 's' : ''} ${query.join(', ')} that ${op.id} does not declare`,
      hint: `Declare ${query.map((q) => `\`- { name: ${q}, in: query, schema: … }\``).join(', ')} under the operation's parameters (or stop reading ${query.length > 1 ? 'them' : 'it'}).`,
    });
  }
  const body = endpoint.params.body;
  if (body.length && !op.requestBody) {
    out.push({
      message: `the code of ${endpoint.id} reads a request body (${body.join(', ')}) that ${op.id} does not describe`,
      hint: 'Add a requestBody with its schema (application/json) to the operation.',
    });
  } else if (body.length && op.bodyFields?.length) {
    const declared = new Set(op.bodyFields);
    const extra = body.filter((name) => !declared.has(name));
    if (extra.length) {
      out.push({
        message: `the code of ${endpoint.id} reads body field${extra.length > 1 ? 's' : ''} ${extra.join(', ')} that the request body schema of ${op.id} does not list`,
        hint: `Add ${extra.join(', ')} to the request body schema's properties (or stop reading ${extra.length > 1 ? 'them' : 'it'}).`,
      });
    }
  }
  return out;
}

export function differences(endpoint: Endpoint, op: SpecOperation): Difference[] {
  return [pathParams(endpoint, op), auth(endpoint, op), ...inputs(endpoint, op)].filter((d): d is Difference => d !== undefined);
}
