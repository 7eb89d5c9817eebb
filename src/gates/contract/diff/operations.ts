/**
 * A document's operations as the diff reads them: parameters with their schemas, the request body
 * and the success-or-not responses by media type, each with the line it is written on. Path
 * templates are keyed without parameter names (`/pets/{id}` and `/pets/{petId}` are one path).
 */
import { isRecord, lineOf } from '../../../scan/openapi/tree.js';
import type { DocFile } from '../../../scan/openapi/types.js';
import type { Document, Node, Spot } from './types.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export interface ParameterView {
  name: string;
  in: string;
  required: boolean;
  /** The schema (3.x) or the 2.0 parameter itself, which carries type, format, enum and limits. */
  schema: Node | undefined;
  spot: Spot;
  /** The `required` key's line (else the parameter's). */
  requiredSpot: Spot;
}

export interface MediaView {
  schema: Node | undefined;
  spot: Spot;
}

export interface BodyView {
  required: boolean;
  media: Map<string, MediaView>;
  spot: Spot;
  /** The `required` key's line (else the body's). */
  requiredSpot: Spot;
}

export interface ResponseView {
  code: string;
  media: Map<string, MediaView>;
  spot: Spot;
}

export interface OperationView {
  /** `"GET /pets/{petId}"` as written. */
  id: string;
  deprecated: boolean;
  /** Keyed by `in` and name (path parameters by their position in the template). */
  parameters: Map<string, ParameterView>;
  body: BodyView | undefined;
  responses: Map<string, ResponseView>;
  spot: Spot;
}

type Side = Spot['side'];

/** `"GET /pets/{}"`: the key two documents' operations are matched on. */
export const operationKey = (method: string, template: string) => `${method.toUpperCase()} ${template.replace(/\{[^}]*\}/g, '{}')}`;

export function readOperationViews(document: Document, side: Side): Map<string, OperationView> {
  const { root } = document;
  const doc = root.tree.value as Record<string, unknown>;
  const views = new Map<string, OperationView>();
  if (!isRecord(doc.paths)) return views;
  for (const [template, rawItem] of Object.entries(doc.paths)) {
    if (!template.startsWith('/')) continue;
    const item = deref(document, { value: rawItem, file: root });
    if (!item || !isRecord(item.value)) continue;
    const shared = readParameters(document, item, template, side, new Map());
    for (const method of METHODS) {
      const operation = item.value[method];
      if (!isRecord(operation)) continue;
      const node = { value: operation, file: item.file };
      views.set(operationKey(method, template), {
        id: `${method.toUpperCase()} ${template}`,
        deprecated: operation.deprecated === true,
        parameters: readParameters(document, node, template, side, shared),
        body: document.version === '2.0' ? swaggerBody(document, node, side) : requestBody(document, node, side),
        responses: readResponses(document, node, side),
        spot: spot(side, item.file, item.value, method),
      });
    }
  }
  return views;
}

export function deref(document: Document, node: Node): Node | undefined {
  const resolved = document.refs.deref(node.value, node.file);
  return resolved.ok ? { value: resolved.value, file: resolved.file } : undefined;
}

export function spot(side: Side, file: DocFile, holder: unknown, key: string, fallback = 1): Spot {
  return { side, file, line: lineOf(file.tree, holder, key) ?? fallback };
}

function readParameters(document: Document, holder: Node, template: string, side: Side, inherited: Map<string, ParameterView>): Map<string, ParameterView> {
  const result = new Map(inherited);
  const list = (holder.value as Record<string, unknown>).parameters;
  if (!Array.isArray(list)) return result;
  const pathNames = [...template.matchAll(/\{([^}]*)\}/g)].map((match) => match[1]);
  for (const raw of list) {
    const parameter = deref(document, { value: raw, file: holder.file });
    if (!parameter || !isRecord(parameter.value)) continue;
    const { name, in: location } = parameter.value;
    if (typeof name !== 'string' || typeof location !== 'string' || location === 'body') continue;
    const position = location === 'path' ? pathNames.indexOf(name) : -1;
    const key = position >= 0 ? `path#${position}` : `${location}:${location === 'header' ? name.toLowerCase() : name}`;
    const schema = document.version === '2.0' ? parameter : isRecord(parameter.value.schema) ? { value: parameter.value.schema, file: parameter.file } : undefined;
    const at = spot(side, parameter.file, parameter.value, 'name', lineOf(holder.file.tree, holder.value, 'parameters'));
    result.set(key, {
      name,
      in: location,
      required: parameter.value.required === true || location === 'path',
      schema,
      spot: at,
      requiredSpot: spot(side, parameter.file, parameter.value, 'required', at.line),
    });
  }
  return result;
}

function requestBody(document: Document, operation: Node, side: Side): BodyView | undefined {
  const raw = (operation.value as Record<string, unknown>).requestBody;
  if (raw === undefined) return undefined;
  const body = deref(document, { value: raw, file: operation.file });
  if (!body || !isRecord(body.value)) return undefined;
  const at = spot(side, operation.file, operation.value, 'requestBody');
  return { required: body.value.required === true, media: contentMedia(body, side), spot: at, requiredSpot: spot(side, body.file, body.value, 'required', at.line) };
}

/** 2.0: the `body` parameter, or form fields (which are parameters), sent as one of `consumes`. */
function swaggerBody(document: Document, operation: Node, side: Side): BodyView | undefined {
  const op = operation.value as Record<string, unknown>;
  const parameters = Array.isArray(op.parameters) ? op.parameters.map((p) => deref(document, { value: p, file: operation.file })) : [];
  const body = parameters.find((p) => isRecord(p?.value) && p.value.in === 'body');
  const form = parameters.some((p) => isRecord(p?.value) && p.value.in === 'formData');
  if (!body && !form) return undefined;
  const bodyValue = body?.value as Record<string, unknown> | undefined;
  const schema = body && isRecord(bodyValue?.schema) ? { value: bodyValue.schema, file: body.file } : undefined;
  const at = body ? spot(side, body.file, bodyValue, 'name') : spot(side, operation.file, op, 'parameters');
  return {
    required: bodyValue?.required === true,
    media: swaggerMedia(document, operation, 'consumes', schema, side),
    spot: at,
    requiredSpot: body ? spot(side, body.file, bodyValue, 'required', at.line) : at,
  };
}

function readResponses(document: Document, operation: Node, side: Side): Map<string, ResponseView> {
  const result = new Map<string, ResponseView>();
  const responses = (operation.value as Record<string, unknown>).responses;
  if (!isRecord(responses)) return result;
  for (const [code, raw] of Object.entries(responses)) {
    if (code.startsWith('x-')) continue;
    const response = deref(document, { value: raw, file: operation.file });
    if (!response || !isRecord(response.value)) continue;
    const schema = response.value.schema;
    const media = document.version === '2.0'
      ? isRecord(schema) ? swaggerMedia(document, operation, 'produces', { value: schema, file: response.file }, side) : new Map<string, MediaView>()
      : contentMedia(response, side);
    result.set(code, { code, media, spot: spot(side, operation.file, responses, code) });
  }
  return result;
}

function contentMedia(holder: Node, side: Side): Map<string, MediaView> {
  const media = new Map<string, MediaView>();
  const content = (holder.value as Record<string, unknown>).content;
  if (!isRecord(content)) return media;
  for (const [type, entry] of Object.entries(content)) {
    const schema = isRecord(entry) && entry.schema !== undefined ? { value: entry.schema, file: holder.file } : undefined;
    media.set(type.toLowerCase(), { schema, spot: spot(side, holder.file, content, type) });
  }
  return media;
}

/** The operation's `consumes`/`produces`, else the document's, else JSON (2.0's usual default). */
function swaggerMedia(document: Document, operation: Node, key: 'consumes' | 'produces', schema: Node | undefined, side: Side): Map<string, MediaView> {
  const own = (operation.value as Record<string, unknown>)[key];
  const doc = document.root.tree.value as Record<string, unknown>;
  const [list, where] = Array.isArray(own) ? [own, spot(side, operation.file, operation.value, key)] : Array.isArray(doc[key]) ? [doc[key] as unknown[], spot(side, document.root, doc, key)] : [['application/json'], spot(side, operation.file, operation.value, key === 'consumes' ? 'parameters' : 'responses')];
  const media = new Map<string, MediaView>();
  for (const type of list) if (typeof type === 'string') media.set(type.toLowerCase(), { schema, spot: where });
  return media;
}
