/**
 * Security advisories as the user gives them (`--advisories <file>`): the npm registry's bulk
 * advisory response (`POST /-/npm/v1/security/advisories/bulk`: `{ "<package>": [{ id, url, title,
 * severity, vulnerable_versions, cwe, cvss }] }`), and for convenience the output of
 * `npm audit --json` (v2 `vulnerabilities`, v1 `advisories`).
 */
export type AdvisorySeverity = 'critical' | 'high' | 'moderate' | 'low' | 'info';

export interface Advisory {
  id: string;
  title: string;
  url: string | undefined;
  severity: AdvisorySeverity;
  /** The semver range of affected versions. */
  range: string;
}

const SEVERITIES = new Set<string>(['critical', 'high', 'moderate', 'low', 'info']);

type Loose = Record<string, unknown>;
const isObject = (value: unknown): value is Loose => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined);

function advisory(raw: Loose, rangeKey: string): Advisory | undefined {
  const severity = text(raw.severity)?.toLowerCase();
  const range = text(raw[rangeKey]);
  if (!severity || !SEVERITIES.has(severity) || !range) return undefined;
  const id = text(raw.github_advisory_id) ?? text(raw.id) ?? text(raw.source) ?? text(raw.url) ?? 'advisory';
  return { id, title: text(raw.title) ?? 'security advisory', url: text(raw.url), severity: severity as AdvisorySeverity, range };
}

/** Advisories by package name. Throws on text that is not JSON or not one of the known shapes. */
export function parseAdvisories(source: string): Map<string, Advisory[]> {
  const json = JSON.parse(source) as unknown;
  if (!isObject(json)) throw new Error('expected a JSON object of advisories by package name');
  const out = new Map<string, Advisory[]>();
  const add = (name: string, item: Advisory | undefined) => {
    if (!item) return;
    const list = out.get(name) ?? [];
    if (!list.some((a) => a.id === item.id && a.range === item.range)) list.push(item);
    out.set(name, list);
  };
  if (isObject(json.vulnerabilities)) {
    for (const [name, entry] of Object.entries(json.vulnerabilities)) {
      const via = isObject(entry) && Array.isArray(entry.via) ? entry.via : [];
      for (const item of via) if (isObject(item)) add(text(item.name) ?? name, advisory(item, 'range'));
    }
    return out;
  }
  if (isObject(json.advisories)) {
    for (const entry of Object.values(json.advisories)) if (isObject(entry)) add(text(entry.module_name) ?? '', advisory(entry, 'vulnerable_versions'));
    return out;
  }
  for (const [name, list] of Object.entries(json)) {
    if (!Array.isArray(list)) throw new Error(`advisories for "${name}" are not a list: expected the bulk advisory shape { "<package>": [{ id, title, severity, vulnerable_versions, … }] }`);
    for (const item of list) if (isObject(item)) add(name, advisory(item, 'vulnerable_versions'));
  }
  return out;
}
