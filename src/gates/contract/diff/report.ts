/**
 * Changes to findings: the severity each deserves (info when the base had deprecated every
 * operation it reaches, or the major version was bumped), the message with the operations, the hint.
 */
import type { FindingInput, Severity } from '../../types.js';
import type { OperationView } from './operations.js';
import type { ChangeKind, ReachedChange } from './types.js';

const HINTS: Record<ChangeKind, string> = {
  'operation-removed': 'Put the operation back, or mark it `deprecated: true` in a release first and remove it later (or bump the major version of info.version).',
  'base-path-changed': 'Keep the old basePath, or serve both and bump the major version of info.version.',
  'parameter-required': 'Make the parameter optional with a server-side default; clients written against the base do not send it.',
  'parameter-moved': 'Keep reading the parameter where it was (accept both places) until a major version.',
  'request-body-required': 'Keep the request body optional, or add a new operation (or a major version) that requires it.',
  'request-media-type-removed': 'Keep accepting the media type clients already send.',
  'response-removed': 'Keep returning the documented success status; clients check for it.',
  'response-media-type-removed': 'Keep returning the media type clients already ask for.',
  'type-changed': 'Keep the old type (add a new property or parameter with the new type instead), or bump the major version.',
  'enum-value-removed': 'Keep accepting the value (treat it as its replacement), or deprecate it first.',
  'enum-value-added': 'Tell clients before returning new values, or document the enum as open (x-extensible-enum).',
  'property-required': 'Make the property optional with a server-side default; clients written against the base do not send it.',
  'property-removed': 'Keep returning the property (deprecate it first), or bump the major version.',
  'property-optional': 'Keep the property required in responses; clients rely on it being there.',
  'constraint-narrowed': 'Keep the old limit; values clients already send must stay valid.',
};

export interface Allowance {
  majorBump?: { from: string; to: string };
  baseOperations: ReadonlyMap<string, OperationView>;
}

export function toFinding(change: ReachedChange, allowance: Allowance, baseLabel: string): FindingInput {
  const deprecated = change.operations.length > 0 && change.operations.every((id) => allowance.baseOperations.get(id)?.deprecated);
  const allowed = allowance.majorBump
    ? ` (allowed: info.version went from ${allowance.majorBump.from} to ${allowance.majorBump.to})`
    : deprecated ? ' (allowed: deprecated in the base first)' : '';
  const severity: Severity = allowed ? 'info' : change.level;
  const ops = change.kind === 'operation-removed' || change.kind === 'base-path-changed' ? '' : ` in ${listed(change.operations)}`;
  return {
    file: change.spot.file.rel,
    line: change.spot.line,
    severity,
    subject: change.operations[0] ?? baseLabel,
    message: `breaking change against ${baseLabel}: ${change.message}${ops}${allowed}`,
    hint: HINTS[change.kind],
  };
}

function listed(operations: readonly string[]): string {
  if (operations.length <= 3) return operations.join(', ');
  return `${operations.slice(0, 3).join(', ')} and ${operations.length - 3} more`;
}

/** The leading number of `info.version` ("2.0.0", "v2", "2024-01"→ no major). */
export function majorBump(before: string | undefined, after: string | undefined): { from: string; to: string } | undefined {
  const major = (version: string | undefined) => (version ? /^v?(\d+)\./i.exec(version.trim())?.[1] ?? /^v(\d+)$/i.exec(version.trim())?.[1] : undefined);
  const [b, a] = [major(before), major(after)];
  return b !== undefined && a !== undefined && Number(a) > Number(b) && before && after ? { from: before, to: after } : undefined;
}
