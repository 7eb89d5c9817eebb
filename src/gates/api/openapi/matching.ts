import { codeEndpoints } from '../../support/endpoints.js';
/**
 * Which code endpoints the document describes, allowing for one systematic base-path difference.
 * The scan compares paths as written; when not one code endpoint matches but most would once a
 * prefix is taken off one side (the app mounts everything under `/api`, the document's server URL
 * leaves it out), that one difference is the finding, and the endpoints are compared without it
 * instead of each being reported as undocumented.
 */
import { compareEndpoints, routeKey } from '../../../scan/openapi/drift.js';
import type { CheckContext } from '../../types.js';
import { isInfrastructure } from './code.js';
import { specDocument } from './document.js';
import type { RawOperation } from './operations.js';

export interface BasePathShift {
  /** Taken off code paths (`/api`), or '' when the document is the side with the extra prefix. */
  code: string;
  /** Taken off document paths. */
  spec: string;
}

export interface Matching {
  shift?: BasePathShift;
  /** Ids of code endpoints the document describes. */
  documented: Set<string>;
  /** Ids of document operations no code endpoint implements. */
  onlyInSpec: string[];
  /** The route key a code endpoint's path has on the document's side (the shift applied). */
  specKey(method: string, path: string): string;
}

const strip = (path: string, prefix: string) => (prefix && (path === prefix || path.startsWith(`${prefix}/`)) ? path.slice(prefix.length) || '/' : path);

/**
 * `/api`, `/api/v1`: the first one to three literal segments of the paths, those that start at
 * least `atLeast` of them (a shift that matches half the endpoints must be shared by that many).
 */
function prefixes(paths: readonly string[], atLeast: number): string[] {
  const counts = new Map<string, number>();
  for (const path of paths) {
    const segments = path.split('/').slice(1);
    for (let n = 1; n <= Math.min(3, segments.length - 1); n++) {
      const head = segments.slice(0, n);
      if (head.some((s) => s.includes('{'))) break;
      const prefix = `/${head.join('/')}`;
      counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
    }
  }
  return [...counts].filter(([, count]) => count >= atLeast).map(([prefix]) => prefix);
}

export function matching(context: CheckContext): Matching {
  return context.memo('api/spec-matching', () => {
    const code = codeEndpoints(context).map((e) => e.endpoint);
    const operations = specDocument(context)?.input.summary.operations ?? [];
    const asWritten: Matching = {
      documented: new Set(code.filter((e) => e.documented).map((e) => e.id)),
      onlyInSpec: context.drift.onlyInSpec,
      specKey: routeKey,
    };
    const api = code.filter((e) => !isInfrastructure(e.path));
    if (api.length < 2 || operations.length === 0 || api.some((e) => e.documented)) return asWritten;
    let best: { shift: BasePathShift; matched: number } | undefined;
    const half = Math.ceil(api.length / 2);
    const candidates: BasePathShift[] = [
      ...prefixes(api.map((e) => e.path), half).map((prefix) => ({ code: prefix, spec: '' })),
      ...prefixes(operations.map((op) => op.path), half).map((prefix) => ({ code: '', spec: prefix })),
    ];
    for (const shift of candidates) {
      const specKeys = new Set(operations.map((op) => routeKey(op.method, strip(op.path, shift.spec))));
      const matched = api.filter((e) => specKeys.has(routeKey(e.method, strip(e.path, shift.code)))).length;
      if (!best || matched > best.matched) best = { shift, matched };
    }
    if (!best || best.matched * 2 < api.length) return asWritten;
    const { shift } = best;
    const compared = compareEndpoints(
      code.map((e) => ({ id: e.id, method: e.method, path: strip(e.path, shift.code) })),
      operations.map((op) => ({ id: op.id, method: op.method, path: strip(op.path, shift.spec) })),
    );
    return {
      shift,
      documented: compared.documented,
      onlyInSpec: compared.onlyInSpec,
      specKey: (method, path) => routeKey(method, `${shift.spec}${strip(path, shift.code)}`),
    };
  });
}

/** The document operation a code endpoint matches (method and path, parameter names ignored, the base-path shift applied). */
export function operationFor(context: CheckContext, method: string, path: string): RawOperation | undefined {
  const byKey = context.memo('api/operations-by-route', () => {
    const map = new Map<string, RawOperation>();
    for (const raw of specDocument(context)?.operations ?? []) {
      const key = routeKey(raw.op.method, raw.op.path);
      if (!map.has(key)) map.set(key, raw);
    }
    return map;
  });
  return byKey.get(matching(context).specKey(method, path));
}
