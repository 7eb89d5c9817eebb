/**
 * Combining what different validations say about a route's request fields. Checks that all run
 * (validator middleware and the route's own schema) add up; routes that share one handler
 * function only vouch for what every one of them checks, since the handler is read once for all.
 */
import type { FieldGuarantee, SafeInputs } from './types.js';

const SEGMENTS = ['query', 'body', 'params'] as const;

/** Both hold: the stronger guarantee per field. */
export function mergeInputs(a: SafeInputs, b: SafeInputs): SafeInputs {
  const out: SafeInputs = {};
  for (const segment of SEGMENTS) {
    const fields = new Map(a[segment] ?? []);
    for (const [name, guarantee] of b[segment] ?? []) {
      const known = fields.get(name);
      fields.set(name, known ? stronger(known, guarantee) : guarantee);
    }
    if (fields.size) out[segment] = fields;
  }
  return out;
}

/** One of them holds: per field, only what both guarantee. */
export function commonInputs(a: SafeInputs, b: SafeInputs): SafeInputs {
  const out: SafeInputs = {};
  for (const segment of SEGMENTS) {
    const fields = new Map<string, FieldGuarantee>();
    const other = b[segment];
    for (const [name, guarantee] of a[segment] ?? []) {
      const second = other?.get(name);
      if (second) fields.set(name, weaker(guarantee, second));
    }
    if (fields.size) out[segment] = fields;
  }
  return out;
}

function stronger(a: FieldGuarantee, b: FieldGuarantee): FieldGuarantee {
  if (a.kind === 'scalar' || b.kind === 'scalar') return { kind: 'scalar' };
  return { kind: 'string', cleared: a.cleared | b.cleared };
}

function weaker(a: FieldGuarantee, b: FieldGuarantee): FieldGuarantee {
  if (a.kind === 'scalar') return b;
  if (b.kind === 'scalar') return a;
  return { kind: 'string', cleared: a.cleared & b.cleared };
}
