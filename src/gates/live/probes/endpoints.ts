/**
 * What the probes know of each registry endpoint: its OpenAPI operation (when documented), its
 * path and query parameters with their schemas, a valid request body, whether it is protected,
 * and where a finding about it should point (its route in code, else its operation in the spec).
 */
import type { Endpoint } from '../../../registry/schema.js';
import { isRecord } from '../../../scan/openapi/tree.js';
import { specDocument, type SpecDocument } from '../../api/openapi/document.js';
import type { RawOperation } from '../../api/openapi/operations.js';
import { allowlistedBy, isCredentialPath } from '../../security/policy/public-endpoints.js';
import { isOperational } from '../../support/endpoints.js';
import type { CheckContext, Location } from '../../types.js';
import { toJsonSchema, type Dialect, type JsonSchema } from './json-schema.js';
import { sample } from './sample.js';

export interface ParamPlan {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema?: JsonSchema;
}

export interface EndpointPlan {
  endpoint: Endpoint;
  op?: RawOperation;
  params: ParamPlan[];
  /** A body the operation accepts (absent when it takes none). */
  body?: { value: unknown; fields: string[] };
  /** Requires credentials: the code or the spec says so, and it is not public on purpose. */
  protected: boolean;
  location: Location;
}

export interface ProbeModel {
  spec: SpecDocument | undefined;
  plans: EndpointPlan[];
  /** The schema of a documented JSON response, for validation. */
  responseSchema(plan: EndpointPlan, status: number): { schema: JsonSchema; location: Location } | undefined;
}

export function probeModel(context: CheckContext): ProbeModel {
  return context.memo('live/probe-model', () => {
    const spec = specDocument(context);
    const operations = new Map((spec?.operations ?? []).map((raw) => [raw.op.id, raw]));
    const openapi30 = spec?.input.summary.version !== '3.1';
    const convert = (raw: RawOperation, schema: unknown, direction: Dialect['direction']) => (spec ? toJsonSchema(schema, raw.doc, spec.refs, { openapi30, direction }) : true);
    const plans = context.registry.endpoints.map((endpoint) => planOf(context, endpoint, operations.get(endpoint.id), spec, convert));
    return {
      spec,
      plans,
      responseSchema(plan, status) {
        const raw = plan.op;
        if (!spec || !raw?.value || !isRecord(raw.value.responses)) return undefined;
        const responses = raw.value.responses;
        const code = [String(status), `${String(status)[0]}XX`, `${String(status)[0]}xx`, 'default'].find((c) => Object.hasOwn(responses, c));
        if (!code) return undefined;
        const response = spec.refs.deref(responses[code], raw.doc);
        if (!response.ok || !isRecord(response.value) || !isRecord(response.value.content)) return undefined;
        const json = Object.entries(response.value.content).find(([type]) => /json/i.test(type));
        if (!json || !isRecord(json[1]) || json[1].schema === undefined) return undefined;
        const schema = toJsonSchema(json[1].schema, response.file, spec.refs, { openapi30, direction: 'response' });
        const line = raw.doc.tree.keyLines.get(responses)?.get(code) ?? raw.line;
        return { schema, location: { file: raw.doc.rel, line } };
      },
    };
  });
}

function planOf(
  context: CheckContext,
  endpoint: Endpoint,
  raw: RawOperation | undefined,
  spec: SpecDocument | undefined,
  convert: (raw: RawOperation, schema: unknown, direction: Dialect['direction']) => JsonSchema,
): EndpointPlan {
  const params = raw && spec ? specParams(spec, raw, convert) : registryParams(endpoint);
  for (const name of endpoint.params.path) if (!params.some((p) => p.in === 'path' && p.name === name)) params.push({ name, in: 'path', required: true });
  for (const name of pathNames(endpoint.path)) if (!params.some((p) => p.in === 'path' && p.name === name)) params.push({ name, in: 'path', required: true });
  const body = raw && spec ? specBody(spec, raw, convert) : endpoint.params.body.length > 0 ? { value: Object.fromEntries(endpoint.params.body.map((f) => [f, 'test'])), fields: endpoint.params.body } : undefined;
  const secured = endpoint.auth === 'required' || raw?.op.security === 'required';
  const isProtected = secured && !isOperational(endpoint.path) && !isCredentialPath(endpoint.path) && !allowlistedBy(context, endpoint);
  const location: Location = endpoint.source && endpoint.framework !== 'openapi'
    ? { file: endpoint.source.file, line: endpoint.source.line ?? 1 }
    : raw ? { file: raw.file, line: raw.line } : { file: endpoint.source?.file ?? context.openapi?.file ?? 'package.json', line: endpoint.source?.line ?? 1 };
  return { endpoint, ...(raw ? { op: raw } : {}), params, ...(body ? { body } : {}), protected: isProtected, location };
}

export const pathNames = (path: string): string[] => [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);

function registryParams(endpoint: Endpoint): ParamPlan[] {
  return endpoint.params.query.map((name) => ({ name, in: 'query' as const, required: false }));
}

function specParams(spec: SpecDocument, raw: RawOperation, convert: (raw: RawOperation, schema: unknown, direction: Dialect['direction']) => JsonSchema): ParamPlan[] {
  const item = isRecord(spec.top.paths) ? spec.refs.deref(spec.top.paths[raw.template], spec.root) : undefined;
  const lists = [item?.ok && isRecord(item.value) ? item.value.parameters : undefined, raw.value?.parameters];
  const byKey = new Map<string, ParamPlan>();
  for (const list of lists) {
    for (const entry of Array.isArray(list) ? list : []) {
      const resolved = spec.refs.deref(entry, raw.doc);
      if (!resolved.ok || !isRecord(resolved.value)) continue;
      const p = resolved.value;
      if ((p.in !== 'path' && p.in !== 'query') || typeof p.name !== 'string') continue;
      const schema = p.schema !== undefined ? convert(raw, p.schema, 'request') : p.type !== undefined ? convert(raw, p, 'request') : undefined;
      const withExample = p.example !== undefined && schema && typeof schema === 'object' ? { ...schema, example: p.example } : schema;
      byKey.set(`${p.in}:${p.name}`, { name: p.name, in: p.in, required: p.required === true || p.in === 'path', ...(withExample !== undefined ? { schema: withExample } : {}) });
    }
  }
  return [...byKey.values()];
}

function specBody(spec: SpecDocument, raw: RawOperation, convert: (raw: RawOperation, schema: unknown, direction: Dialect['direction']) => JsonSchema): EndpointPlan['body'] {
  const value = raw.value;
  if (!value) return undefined;
  let schemaSource: unknown;
  let example: unknown;
  if (value.requestBody !== undefined) {
    const body = spec.refs.deref(value.requestBody, raw.doc);
    if (!body.ok || !isRecord(body.value) || !isRecord(body.value.content)) return undefined;
    const json = Object.entries(body.value.content).find(([type]) => /json/i.test(type));
    if (!json || !isRecord(json[1])) return undefined;
    schemaSource = json[1].schema;
    const examples = isRecord(json[1].examples) ? Object.values(json[1].examples) : [];
    const first = examples[0] !== undefined ? spec.refs.deref(examples[0], raw.doc) : undefined;
    example = json[1].example ?? (first?.ok && isRecord(first.value) ? first.value.value : undefined);
  } else if (Array.isArray(value.parameters)) {
    const param = value.parameters.map((p) => spec.refs.deref(p, raw.doc)).find((r) => r.ok && isRecord(r.value) && r.value.in === 'body');
    if (!param?.ok || !isRecord(param.value)) return undefined;
    schemaSource = param.value.schema;
  } else return undefined;
  const schema = schemaSource !== undefined ? convert(raw, schemaSource, 'request') : true;
  const valueOut = example ?? sample(schema);
  const fields = isRecord(schema) && isRecord(schema.properties) ? Object.keys(schema.properties) : isRecord(valueOut) ? Object.keys(valueOut) : [];
  return { value: valueOut, fields };
}
