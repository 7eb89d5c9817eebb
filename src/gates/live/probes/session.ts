/**
 * A probing session against the running service: builds each endpoint's URL (path parameters from
 * the config's fixtures, the spec's examples, ids read from a collection's answer, else a sample of
 * the parameter's schema), sends requests with or without credentials, and logs every exchange for
 * the contract checks that read them afterwards.
 */
import type { Config } from '../../../config/schema.js';
import { send, type HttpResponse } from '../service/http.js';
import type { EndpointPlan, ProbeModel } from './endpoints.js';
import { sample } from './sample.js';

export type Purpose = 'smoke' | 'authn' | 'probe' | 'pagination' | 'unknown-id' | 'burst';

export interface Exchange {
  plan: EndpointPlan;
  purpose: Purpose;
  method: string;
  path: string;
  /** Whether the request was meant to be valid (smoke with credentials): its answer must match the spec. */
  valid: boolean;
  response?: HttpResponse;
  error?: string;
}

export interface RequestShape {
  path?: Record<string, string>;
  query?: Record<string, string>;
  /** A body other than the plan's valid one (raw text is sent as is). */
  body?: unknown;
  rawBody?: string;
  authenticated?: boolean;
  valid?: boolean;
}

export class ProbeSession {
  readonly log: Exchange[] = [];
  /** Ids read from collections, by collection path (`/api/v1/products` → an id of a product). */
  readonly ids = new Map<string, string>();
  /** Requests answered 429 outside the burst: they decided nothing. */
  rateLimited = 0;

  constructor(
    readonly model: ProbeModel,
    readonly config: Config,
    readonly baseUrl: string,
    public auth: Record<string, string> | undefined,
    readonly signal: AbortSignal,
  ) {}

  /** The value for a path parameter of `plan`. */
  pathValue(plan: EndpointPlan, name: string): string {
    const fixture = this.config.service?.fixtures?.[name];
    if (fixture !== undefined) return fixture;
    const param = plan.params.find((p) => p.in === 'path' && p.name === name);
    const schema = param?.schema;
    if (schema && typeof schema === 'object' && (schema.example !== undefined || Array.isArray(schema.enum))) return String(sample(schema));
    const collection = collectionOf(plan.endpoint.path, name);
    const harvested = collection ? this.ids.get(fillKnown(collection, (n) => this.pathValue(plan, n))) : undefined;
    if (harvested !== undefined) return harvested;
    return schema ? String(sample(schema)) : '1';
  }

  url(plan: EndpointPlan, shape: RequestShape = {}): string {
    const path = plan.endpoint.path.replace(/\{([^}]+)\}/g, (_whole, name: string) => encodeURIComponent(shape.path?.[name] ?? this.pathValue(plan, name)));
    const query = new URLSearchParams();
    for (const param of plan.params) {
      if (param.in === 'query' && param.required && !(shape.query && param.name in shape.query)) query.set(param.name, String(sample(param.schema)));
    }
    for (const [name, value] of Object.entries(shape.query ?? {})) query.set(name, value);
    const text = query.toString();
    return text ? `${path}?${text}` : path;
  }

  async request(plan: EndpointPlan, purpose: Purpose, shape: RequestShape = {}): Promise<Exchange> {
    const path = this.url(plan, shape);
    const method = plan.endpoint.method;
    const withBody = shape.rawBody !== undefined || shape.body !== undefined || (plan.body !== undefined && method !== 'GET' && method !== 'HEAD');
    const body = shape.rawBody ?? (withBody ? JSON.stringify(shape.body ?? plan.body?.value ?? {}) : undefined);
    const headers = shape.authenticated === false ? {} : (this.auth ?? {});
    const exchange: Exchange = { plan, purpose, method, path, valid: shape.valid ?? false };
    try {
      exchange.response = await send(this.baseUrl, { method, path, headers, ...(body !== undefined ? { body } : {}) }, this.signal);
      if (exchange.response.status === 429 && purpose !== 'burst') this.rateLimited++;
    } catch (error) {
      if (this.signal.aborted) throw error;
      exchange.error = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    }
    this.log.push(exchange);
    return exchange;
  }
}

/** The collection a path parameter picks from: `/api/v1/products/{id}/reviews`, `id` → `/api/v1/products`. */
export function collectionOf(path: string, name: string): string | undefined {
  const index = path.indexOf(`/{${name}}`);
  return index > 0 ? path.slice(0, index) : undefined;
}

function fillKnown(path: string, value: (name: string) => string): string {
  return path.replace(/\{([^}]+)\}/g, (_whole, name: string) => value(name));
}

/** The items of a collection's answer: the array itself, or the first array of objects in it (`data`, `items`, `results`…). */
export function itemsOf(json: unknown): unknown[] | undefined {
  if (Array.isArray(json)) return json;
  if (json === null || typeof json !== 'object') return undefined;
  const values = Object.values(json as Record<string, unknown>);
  return values.find((v): v is unknown[] => Array.isArray(v) && v.every((x) => x !== null && typeof x === 'object')) ?? undefined;
}

/** An item's id (`id`, `_id`, `uuid`, `key`). */
export function idOf(item: unknown): string | undefined {
  if (item === null || typeof item !== 'object') return undefined;
  const record = item as Record<string, unknown>;
  const id = record.id ?? record._id ?? record.uuid ?? record.key;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}
