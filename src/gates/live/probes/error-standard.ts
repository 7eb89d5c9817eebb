/**
 * `contract/error-standard`: the 4xx/5xx answers the probes got, each classified by shape (RFC 9457
 * problem details, a JSON object told by its error keys, HTML, plain text, empty). The shape most
 * answers have is the project's standard (problem details when the document declares
 * `application/problem+json`); each operation and status answered in another shape is a finding.
 */
import type { FindingInput } from '../../types.js';
import type { ProbeModel } from './endpoints.js';
import { excerpt } from './findings.js';
import type { Exchange } from './session.js';

const ERROR_KEYS = ['error', 'errors', 'message', 'msg', 'detail', 'title', 'code', 'status', 'statusCode', 'type'];

export function errorShape(exchange: Exchange): string {
  const response = exchange.response;
  if (!response) return 'none';
  const json = response.json;
  if (/problem\+json/i.test(response.contentType) || (isObject(json) && typeof json.title === 'string' && 'status' in json && ('type' in json || 'detail' in json))) return 'RFC 9457 problem details';
  if (isObject(json)) {
    const keys = ERROR_KEYS.filter((k) => k in json);
    return keys.length > 0 ? `JSON {${keys.join(', ')}}` : `JSON {${Object.keys(json).sort().slice(0, 4).join(', ')}}`;
  }
  if (json !== undefined) return 'JSON (not an object)';
  if (response.text.trim() === '') return 'an empty body';
  if (/html/i.test(response.contentType) || /^\s*</.test(response.text)) return 'HTML';
  return 'plain text';
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

export function checkErrorStandard(model: ProbeModel, log: readonly Exchange[]): { checked: number; standard?: string; findings: FindingInput[] } {
  const errors = log.filter((e) => e.response && e.response.status >= 400 && e.plan.endpoint.method !== 'HEAD');
  if (errors.length === 0) return { checked: 0, findings: [] };
  const counts = new Map<string, number>();
  for (const exchange of errors) counts.set(errorShape(exchange), (counts.get(errorShape(exchange)) ?? 0) + 1);
  const declaresProblem = model.spec !== undefined && JSON.stringify(model.spec.top).includes('application/problem+json');
  const standard = declaresProblem && counts.has('RFC 9457 problem details') ? 'RFC 9457 problem details' : [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'none';
  const reported = new Set<string>();
  const findings: FindingInput[] = [];
  for (const exchange of errors) {
    const shape = errorShape(exchange);
    const key = `${exchange.plan.endpoint.id} ${exchange.response?.status} ${shape}`;
    if (shape === standard || reported.has(key)) continue;
    reported.add(key);
    findings.push({
      ...exchange.plan.location,
      subject: exchange.plan.endpoint.id,
      message: `${exchange.method} ${exchange.path} answered ${exchange.response?.status} with ${shape}, while the API's errors are ${standard}: ${excerpt(exchange.response?.text ?? '', 120)}`,
      hint: `Render every error through one error handler in the project's shape (${standard}), including those of middleware (rate limiter, body parser, 404 fallback).`,
    });
  }
  return { checked: errors.length, standard, findings };
}
