/**
 * The shared half of the naming rules (path segments, path params, properties, query params):
 * choose the casing (config, else the API's majority, else the standard's default), report each
 * name written in another one once where it is written, and say so when the API as a whole
 * follows a casing other than the standard's.
 */
import type { CheckContext, Location, Reporter } from '../../types.js';
import { casingReason, chooseCasing, fitsCasing, shapeOf, toCasing, type Casing } from './casing.js';
import { locate, type NamePattern } from './locate.js';

export interface NameUse {
  name: string;
  /** Where the name is used (a registration line, a spec line): the search for where it is written starts there. */
  at: { file: string; line: number };
  /** Finds the name as written, from `at` (undefined: report at `at` as is). */
  pattern?: NamePattern;
  /** The endpoint, for messages and scoping (`GET /users/{user_id}`). */
  subject?: string;
}

export interface CasingCheck {
  setting: 'paths' | 'properties' | 'query';
  configured: Casing | undefined;
  fallback: Casing;
  /** `path segment`, `path param`, `property`, `query param`. */
  what: string;
}

export function reportCasing(context: CheckContext, reporter: Reporter, uses: readonly NameUse[], check: CasingCheck): void {
  const choice = chooseCasing(uses.map((u) => u.name), check.configured, check.fallback);
  const reason = casingReason(choice, check.setting);
  const seen = new Set<string>();
  for (const use of uses) {
    if (fitsCasing(shapeOf(use.name), choice.expected)) continue;
    const where: Location = use.pattern ? locate(context, use.at, use.pattern) : use.at;
    const key = `${use.name}@${where.file}:${where.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const fixed = toCasing(use.name, choice.expected);
    reporter.report({
      ...where,
      ...(use.subject ? { subject: use.subject } : {}),
      message: `the ${check.what} '${use.name}'${use.subject ? ` (${use.subject})` : ''} is not ${choice.expected}: ${reason}`,
      hint:
        fixed !== use.name
          ? `Rename it to '${fixed}' (keep the old name working for existing clients if it is public), or set conventions.${check.setting} in the config if the team chose another casing.`
          : `Write it in ${choice.expected}, or set conventions.${check.setting} in the config if the team chose another casing.`,
    });
  }
  if (choice.source === 'majority') {
    const first = uses.find((u) => shapeOf(u.name) === choice.expected);
    if (!first) return;
    reporter.report({
      ...(first.pattern ? locate(context, first.at, first.pattern) : first.at),
      severity: 'info',
      message: `the API's ${check.what}s are ${choice.expected} (${choice.counts[choice.expected]} multi-word names), not the standard's ${check.fallback}`,
      hint: `Set conventions.${check.setting}: "${choice.expected}" in the config to record the choice (new ${check.what}s then follow it).`,
    });
  }
}
