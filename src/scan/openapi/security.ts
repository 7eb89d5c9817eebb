/**
 * The auth state of an operation from its security requirements (OpenAPI 2.0 and 3.x alike): the
 * operation's own `security` replaces the document's; `[]` turns security off; an empty requirement
 * `{}` among others means anonymous access is allowed too, so auth is optional.
 */
import { isRecord } from './tree.js';
import type { SpecSecurity } from './types.js';

export interface SecurityState {
  security: SpecSecurity;
  schemes: string[];
}

export function securityOf(operationSecurity: unknown, documentSecurity: unknown): SecurityState {
  const requirements = operationSecurity !== undefined ? operationSecurity : documentSecurity;
  // No requirement anywhere says nothing: many documents describe auth only in prose.
  if (!Array.isArray(requirements)) return { security: 'unknown', schemes: [] };
  if (requirements.length === 0) return { security: 'none', schemes: [] };
  let anonymous = false;
  const schemes = new Set<string>();
  for (const requirement of requirements) {
    if (!isRecord(requirement)) continue;
    const names = Object.keys(requirement);
    if (names.length === 0) anonymous = true;
    for (const name of names) schemes.add(name);
  }
  const security: SpecSecurity = schemes.size > 0 ? (anonymous ? 'optional' : 'required') : anonymous ? 'none' : 'unknown';
  return { security, schemes: [...schemes] };
}
