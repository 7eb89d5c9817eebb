/** One HTTP exchange with the service under test: status, headers and body, within a timeout, abortable. */

export interface HttpRequest {
  method: string;
  /** Path with query string, appended to the base URL. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed, when it is JSON. */
  json: unknown;
  contentType: string;
}

const REQUEST_TIMEOUT_MS = 10_000;

export async function send(baseUrl: string, request: HttpRequest, signal: AbortSignal): Promise<HttpResponse> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json;q=0.9, */*;q=0.5', ...(request.headers ?? {}) };
  if (request.body !== undefined && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  const response = await fetch(baseUrl + request.path, {
    method: request.method,
    headers,
    ...(request.body !== undefined ? { body: request.body } : {}),
    redirect: 'manual',
    signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
  });
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  return { status: response.status, headers: response.headers, text, json: parseJson(text, contentType), contentType };
}

function parseJson(text: string, contentType: string): unknown {
  if (!/json/i.test(contentType) && !/^\s*[[{]/.test(text)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
