/**
 * Incoming events, parsed: the three CloudEvents HTTP forms (structured, binary, batch) and the
 * seed's plain form, each turned into a CloudEvent or into problems that name the field to fix.
 * Pure: no I/O, so `bo serve`'s POST /v1/events, `bo emit` and the tests share one parser.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { stableStringify } from '../core/json.js';
import { describeIssue, formatPath } from '../core/validation.js';
import { JSON_CONTENT_TYPE, SOURCE_PREFIX } from './envelope.js';
import { CLOUDEVENTS_SPECVERSION, CloudEvent } from './types.js';

export interface IntakeProblem {
  /** The field at fault: `id`, `data.endpoint`, `[2].source` in a batch, `ce-type` in binary mode, `(body)`. */
  path: string;
  message: string;
}

export type ParseResult = { ok: true; event: CloudEvent } | { ok: false; problems: IntakeProblem[] };
export type IntakeMode = 'structured' | 'binary' | 'plain' | 'batch';
export type IncomingResult = { ok: true; mode: IntakeMode; events: CloudEvent[] } | { ok: false; problems: IntakeProblem[] };
/** HTTP headers as a plain object (Node's `req.headers` fits). */
export type HeaderMap = Readonly<Record<string, string | readonly string[] | undefined>>;

/** The `source` given to plain-form events, which carry none of their own. */
export const PLAIN_SOURCE = `${SOURCE_PREFIX}intake`;
export const STRUCTURED_CONTENT_TYPE = 'application/cloudevents+json';
export const BATCH_CONTENT_TYPE = 'application/cloudevents-batch+json';

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

/** `frontend.api.request` (spec: events.md): what the frontend orchestrator asks the backend for. */
export const FrontendApiRequestData = z.looseObject({
  endpoint: z.string().check(z.refine((value) => value.startsWith('/'), { error: 'must be a path starting with "/", e.g. /api/products' })),
  method: z.optional(z.enum(HTTP_METHODS)),
  requirements: z._default(z.array(z.string()), []),
  description: z.optional(z.string()),
  requestedBy: z.optional(z.string()),
});

/** The data schema of each event type this orchestrator understands; other types pass as they are. */
export const KNOWN_DATA: Readonly<Record<string, z.ZodMiniType>> = {
  'frontend.api.request': FrontendApiRequestData,
};

/** The attributes CloudEvents 1.0 defines; every other top-level key is an extension. */
const CONTEXT_ATTRIBUTES = new Set(['specversion', 'id', 'source', 'type', 'time', 'datacontenttype', 'dataschema', 'subject', 'data', 'data_base64']);
const EXTENSION_NAME = /^[a-z0-9]+$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const fail = (path: string, message: string): { ok: false; problems: IntakeProblem[] } => ({ ok: false, problems: [{ path, message }] });

/** Schema issues as problems; `prefix` is where the validated value sits inside `root`. */
function issuesToProblems(issues: readonly z.core.$ZodIssue[], root: unknown, prefix: readonly PropertyKey[] = []): IntakeProblem[] {
  return issues.map((issue) => {
    const full = { ...issue, path: [...prefix, ...issue.path] } as z.core.$ZodIssue;
    const path = formatPath(full.path);
    const text = describeIssue(full, root);
    return { path, message: text.startsWith(`${path}: `) ? text.slice(path.length + 2) : text };
  });
}

/**
 * What CloudEvents requires beyond the shape the zod schema checks: an RFC 3339 `time`, data in
 * one form only, extension attribute names of lower-case letters and digits.
 */
function envelopeProblems(event: Record<string, unknown>, fieldName: (attribute: string) => string = (a) => a): IntakeProblem[] {
  const problems: IntakeProblem[] = [];
  if (typeof event.time === 'string' && (!RFC3339.test(event.time) || Number.isNaN(Date.parse(event.time)))) {
    problems.push({ path: fieldName('time'), message: `${JSON.stringify(event.time)} is not an RFC 3339 time (e.g. 2026-01-31T12:00:00Z)` });
  }
  if (event.data !== undefined && event.data_base64 !== undefined) {
    problems.push({ path: fieldName('data_base64'), message: 'an event carries either "data" or "data_base64", not both' });
  }
  for (const key of Object.keys(event)) {
    if (!CONTEXT_ATTRIBUTES.has(key) && !EXTENSION_NAME.test(key)) {
      problems.push({ path: fieldName(key), message: 'extension attribute names must be lower-case letters and digits only (CloudEvents 1.0)' });
    }
  }
  return problems;
}

/**
 * The seed's plain form `{"event": "<type>", ...data}`. It has no id, so the id is a hash of the
 * body (keys sorted, so formatting and key order do not matter): the same request sent twice is
 * the same event, and the log keeps one. A body that should count twice needs a field that differs.
 */
export function parsePlain(json: unknown, options: { source?: string; now?: Date } = {}): ParseResult {
  if (!isRecord(json)) return fail('(body)', 'expected a JSON object like {"event": "frontend.api.request", "endpoint": "/api/x"}');
  const { event: type, ...data } = json;
  if (typeof type !== 'string' || type.trim() === '') return fail('event', 'required: the event type as a non-empty string, e.g. "frontend.api.request"');
  return {
    ok: true,
    event: {
      specversion: CLOUDEVENTS_SPECVERSION,
      id: plainEventId(json),
      source: options.source ?? PLAIN_SOURCE,
      type,
      time: (options.now ?? new Date()).toISOString(),
      datacontenttype: JSON_CONTENT_TYPE,
      data,
    },
  };
}

export function plainEventId(body: Record<string, unknown>): string {
  return `plain-${createHash('sha256').update(stableStringify(body)).digest('hex').slice(0, 32)}`;
}

/** A CloudEvents structured-mode JSON object. */
export function parseStructured(json: unknown): ParseResult {
  if (!isRecord(json)) return fail('(body)', 'expected a CloudEvent: a JSON object with specversion, id, source and type');
  const result = CloudEvent.safeParse(json);
  const problems = result.success ? [] : issuesToProblems(result.error.issues, json);
  problems.push(...envelopeProblems(json));
  return problems.length === 0 && result.success ? { ok: true, event: result.data } : { ok: false, problems };
}

const firstValue = (value: string | readonly string[] | undefined): string | undefined => (typeof value === 'string' ? value : value?.[0]);

/** CloudEvents HTTP binding: header values are percent-encoded outside printable ASCII. */
function decodeHeader(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // a stray "%" that is not an escape: take the value as sent
  }
}

/** `application/json; charset=utf-8` → `application/json`. */
export function mediaType(contentType: string | undefined): string | undefined {
  const media = contentType?.split(';')[0]?.trim().toLowerCase();
  return media ? media : undefined;
}

export function isJsonMediaType(media: string | undefined): boolean {
  return media === 'application/json' || media === 'text/json' || (media?.endsWith('+json') ?? false);
}

function isTextMediaType(media: string | undefined): boolean {
  if (!media) return false;
  return media.startsWith('text/') || media.endsWith('+xml') || ['application/xml', 'application/javascript', 'application/x-www-form-urlencoded', 'application/yaml'].includes(media);
}

const isBytes = (value: unknown): value is Uint8Array => value instanceof Uint8Array;
const isEmptyBody = (body: unknown) => body === undefined || body === null || body === '' || (isBytes(body) && body.length === 0);

/** The binary-mode body as CloudEvents data: JSON parsed, text kept as a string, other bytes as base64. */
function binaryData(body: unknown, media: string | undefined): { data?: unknown; data_base64?: string } | IntakeProblem {
  if (isEmptyBody(body)) return {};
  if (isJsonMediaType(media) && (typeof body === 'string' || isBytes(body))) {
    const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
    try {
      return { data: JSON.parse(text) };
    } catch (error) {
      return { path: 'data', message: `the body is not valid JSON (content-type ${media}): ${(error as Error).message}` };
    }
  }
  if (isBytes(body)) return isTextMediaType(media) ? { data: Buffer.from(body).toString('utf8') } : { data_base64: Buffer.from(body).toString('base64') };
  return { data: body }; // a string, or a body the HTTP layer already parsed
}

/**
 * CloudEvents HTTP binary mode: the attributes are `ce-*` headers (names lower-case), the body is
 * the data and `content-type` its `datacontenttype`.
 */
export function parseBinary(headers: HeaderMap, body: unknown, contentType?: string): ParseResult {
  const attributes: Record<string, unknown> = {};
  const problems: IntakeProblem[] = [];
  for (const [rawName, rawValue] of Object.entries(headers)) {
    const name = rawName.toLowerCase();
    const value = firstValue(rawValue);
    if (!name.startsWith('ce-') || value === undefined) continue;
    const attribute = name.slice(3);
    if (attribute === 'data' || attribute === 'data_base64' || attribute === 'datacontenttype') {
      problems.push({ path: name, message: `"${attribute}" cannot be a header in binary mode: the body is the data and content-type its type` });
      continue;
    }
    attributes[attribute] = decodeHeader(value);
  }
  const type = contentType ?? firstValue(headers['content-type'] ?? headers['Content-Type']);
  if (type) attributes.datacontenttype = type;
  const data = binaryData(body, mediaType(type));
  if ('path' in data) problems.push(data);
  else Object.assign(attributes, data);

  const header = (attribute: string) => (attribute === 'data' || attribute === 'data_base64' ? '(body)' : attribute === 'datacontenttype' ? 'content-type' : `ce-${attribute}`);
  const result = CloudEvent.safeParse(attributes);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const attribute = String(issue.path[0] ?? '');
      const [problem] = issuesToProblems([{ ...issue, path: issue.path.slice(1) }], attributes[attribute]);
      const missing = attributes[attribute] === undefined;
      problems.push({ path: header(attribute), message: missing ? 'required header' : (problem?.message ?? issue.message) });
    }
  }
  problems.push(...envelopeProblems(attributes, header));
  return problems.length === 0 && result.success ? { ok: true, event: result.data } : { ok: false, problems };
}

/**
 * The data of a known type checked against its schema, with defaults filled in (`requirements:
 * []`) and the HTTP method upper-cased. Unknown types pass unchanged.
 */
export function checkKnownData(event: CloudEvent): ParseResult {
  const schema = KNOWN_DATA[event.type];
  if (!schema) return { ok: true, event };
  if (event.data_base64 !== undefined) return fail('data_base64', `${event.type} data must be a JSON object, not base64 bytes`);
  if (!isRecord(event.data)) return fail('data', `${event.type} data must be a JSON object (got ${event.data === undefined ? 'nothing' : JSON.stringify(event.data)})`);
  const data = typeof event.data.method === 'string' ? { ...event.data, method: event.data.method.toUpperCase() } : event.data;
  const result = schema.safeParse(data);
  if (!result.success) return { ok: false, problems: issuesToProblems(result.error.issues, { ...event, data }, ['data']) };
  return { ok: true, event: { ...event, data: result.data } };
}

export function validateKnownData(event: CloudEvent): IntakeProblem[] {
  const result = checkKnownData(event);
  return result.ok ? [] : result.problems;
}

export interface IncomingInput {
  /** Request headers, names in any case. */
  headers?: HeaderMap;
  /** The raw body (string or bytes) or a value the HTTP layer already parsed. */
  body: unknown;
  /** Default: the `content-type` header. */
  contentType?: string;
  /** `source` for plain-form events (default PLAIN_SOURCE). */
  plainSource?: string;
  now?: Date;
}

/** One object of a JSON body: structured when it has `specversion`, plain when it has `event`. */
function parseObject(value: unknown, media: string | undefined, options: { source?: string; now?: Date }): ParseResult & { mode?: IntakeMode } {
  if (media === STRUCTURED_CONTENT_TYPE || (isRecord(value) && 'specversion' in value)) return { ...parseStructured(value), mode: 'structured' };
  if (isRecord(value) && 'event' in value) return { ...parsePlain(value, options), mode: 'plain' };
  return fail('(body)', 'not an event: send a CloudEvent (with "specversion"), the plain form (with "event"), or binary mode (ce-* headers)');
}

const prefixed = (problems: IntakeProblem[], index: number) =>
  problems.map((problem) => ({ ...problem, path: problem.path === '(body)' ? `[${index}]` : `[${index}]${problem.path.startsWith('[') ? '' : '.'}${problem.path}` }));

/**
 * Any incoming request: `ce-specversion` header → binary mode; `application/cloudevents+json` or
 * an object with `specversion` → structured; `application/cloudevents-batch+json` or an array →
 * batch (each item structured or plain); an object with `event` → the plain form. Known types'
 * data are checked too, so an accepted event is one the task loop can use.
 */
export function parseIncoming(input: IncomingInput): IncomingResult {
  const headers = Object.fromEntries(Object.entries(input.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  const contentType = input.contentType ?? firstValue(headers['content-type']);
  const media = mediaType(contentType);
  const options = { ...(input.plainSource ? { source: input.plainSource } : {}), ...(input.now ? { now: input.now } : {}) };
  if (headers['ce-specversion'] !== undefined) return finish('binary', [parseBinary(headers, input.body, contentType)]);

  let value = input.body;
  if (typeof value === 'string' || isBytes(value)) {
    if (media !== undefined && !isJsonMediaType(media)) {
      return fail('content-type', `unsupported content type ${media}: send ${STRUCTURED_CONTENT_TYPE}, ${BATCH_CONTENT_TYPE}, application/json (the plain form), or binary mode (ce-* headers)`);
    }
    try {
      value = JSON.parse(typeof value === 'string' ? value : Buffer.from(value).toString('utf8'));
    } catch (error) {
      return fail('(body)', `not valid JSON: ${(error as Error).message}`);
    }
  }
  if (media === BATCH_CONTENT_TYPE || Array.isArray(value)) {
    if (!Array.isArray(value)) return fail('(body)', `${BATCH_CONTENT_TYPE} must be a JSON array of events`);
    return finish('batch', value.map((item) => parseObject(item, undefined, options)));
  }
  const result = parseObject(value, media, options);
  return finish(result.mode ?? 'plain', [result]);
}

function finish(mode: IntakeMode, results: ParseResult[]): IncomingResult {
  const events: CloudEvent[] = [];
  const problems: IntakeProblem[] = [];
  results.forEach((parsed, index) => {
    const result = parsed.ok ? checkKnownData(parsed.event) : parsed;
    if (result.ok) events.push(result.event);
    else problems.push(...(mode === 'batch' ? prefixed(result.problems, index) : result.problems));
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, mode, events };
}
