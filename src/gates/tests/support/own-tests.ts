/**
 * The project's own load, security and contract tests, found by what they use: pure over the
 * sources given. Load tests may live outside the test folders (`scripts/load.js`, a k6 script), so
 * every module is looked at for them; Artillery scenarios are YAML and are passed in separately.
 */
export type OwnKind = 'load' | 'security' | 'contract';

export interface OwnSource {
  file: string;
  text: string;
  /** Packages the file (or its helpers) reaches. */
  packages: readonly string[];
}

export interface OwnTest {
  file: string;
  line: number;
  why: string;
}

const LOAD_PACKAGES = new Set(['autocannon', 'k6', 'artillery', 'loadtest', '@grafana/k6']);
const CONTRACT_PACKAGES = new Set([
  'jest-openapi', 'chai-openapi-response-validator', 'openapi-response-validator', 'openapi-validator', 'vitest-openapi',
  '@pact-foundation/pact', 'jest-pact', 'dredd', 'openapi-request-validator',
]);
const CONTRACT_CALLS = /\b(toSatisfyApiSpec|satisfyApiSpec|toSatisfySchemaInApiSpec|satisfySchemaInApiSpec|validateResponse\s*\()/;
/** An assertion about a 401/403, or a classic injection payload. */
const SECURITY_LINES: readonly [RegExp, string][] = [
  [/(?:expect|status|statusCode|assert|should|toBe|toEqual|equal)\b.*\b40[13]\b|\b40[13]\b.*(?:status|statusCode)/, 'asserts a 401/403'],
  [/'\s*(?:OR|AND)\s+'?\d+'?\s*=\s*'?\d|;\s*DROP\s+TABLE|UNION\s+SELECT|<script[\s>]|\{\s*['"]?\$(?:ne|gt|where|regex)['"]?\s*:|\.\.\/\.\.\/(?:\.\.\/)*etc\/passwd/i, 'sends an injection payload'],
];

export function ownTests(kind: OwnKind, sources: readonly OwnSource[]): OwnTest[] {
  const found: OwnTest[] = [];
  for (const source of sources) {
    const hit = kind === 'load' ? loadHit(source) : kind === 'contract' ? contractHit(source) : securityHit(source);
    if (hit) found.push({ file: source.file, ...hit });
  }
  return found;
}

/** An Artillery scenario file: top-level `config:` with a `target` and `scenarios:`. */
export const isArtilleryScript = (text: string): boolean => /^config:\s*$/m.test(text) && /^scenarios:\s*$/m.test(text) && /^\s+target:/m.test(text);

function loadHit(source: OwnSource): Omit<OwnTest, 'file'> | undefined {
  const used = source.packages.find((p) => LOAD_PACKAGES.has(p));
  if (used) return { line: lineOf(source.text, new RegExp(`['"\`]${escape(used)}`)), why: `uses ${used}` };
  if (/\.(ya?ml)$/.test(source.file) && isArtilleryScript(source.text)) return { line: lineOf(source.text, /^scenarios:/m), why: 'an Artillery scenario' };
  return undefined;
}

function contractHit(source: OwnSource): Omit<OwnTest, 'file'> | undefined {
  const used = source.packages.find((p) => CONTRACT_PACKAGES.has(p));
  if (used) return { line: lineOf(source.text, new RegExp(`['"\`]${escape(used)}`)), why: `uses ${used}` };
  const call = CONTRACT_CALLS.exec(source.text);
  return call ? { line: lineOf(source.text, CONTRACT_CALLS), why: `asserts ${call[1]?.replace(/\s*\($/, '')}` } : undefined;
}

function securityHit(source: OwnSource): Omit<OwnTest, 'file'> | undefined {
  const lines = source.text.split('\n');
  for (const [pattern, why] of SECURITY_LINES) {
    const index = lines.findIndex((l) => pattern.test(l));
    if (index >= 0) return { line: index + 1, why };
  }
  return undefined;
}

function lineOf(text: string, pattern: RegExp): number {
  const match = pattern.exec(text);
  return match ? text.slice(0, match.index).split('\n').length : 1;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
