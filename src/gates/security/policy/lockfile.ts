/**
 * Installed package versions from a lockfile, with the line of each entry: package-lock.json /
 * npm-shrinkwrap.json (v2/v3 `packages`, v1 `dependencies`), pnpm-lock.yaml (v5–v9 `packages:` keys,
 * read with the YAML parser) and yarn.lock (v1 and Berry). Without a lockfile, package.json's
 * declared ranges stand in.
 */
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { LineIndex } from '../../../scan/position.js';
import type { TextInput } from '../../types.js';

export interface Installed {
  name: string;
  /** An exact version, or for package.json entries a declared range. */
  version: string;
  file: string;
  line: number;
  dev: boolean;
  /** Where it is installed (`node_modules/a/node_modules/b`), when the lockfile says. */
  location?: string;
  /** Only a declared range is known (package.json without a lockfile). */
  declared?: boolean;
}

export function installedPackages(lockfile: TextInput): Installed[] {
  const base = lockfile.file.split('/').pop() ?? lockfile.file;
  if (base === 'pnpm-lock.yaml') return fromPnpm(lockfile);
  if (base === 'yarn.lock') return fromYarn(lockfile);
  return fromNpm(lockfile);
}

interface NpmEntry {
  name?: string;
  version?: string;
  dev?: boolean;
  devOptional?: boolean;
  link?: boolean;
  dependencies?: Record<string, NpmEntry>;
}

function fromNpm(lockfile: TextInput): Installed[] {
  const json = JSON.parse(lockfile.text) as { packages?: Record<string, NpmEntry>; dependencies?: Record<string, NpmEntry> };
  const lines = new LineIndex(lockfile.text);
  const lineOf = (needle: string, from = 0) => {
    const at = lockfile.text.indexOf(needle, from);
    return at < 0 ? 1 : lines.line(at);
  };
  const out: Installed[] = [];
  if (json.packages) {
    for (const [location, entry] of Object.entries(json.packages)) {
      const at = location.lastIndexOf('node_modules/');
      if (!location || at < 0 || entry.link || !entry.version) continue;
      const name = entry.name ?? location.slice(at + 'node_modules/'.length);
      out.push({ name, version: entry.version, file: lockfile.file, line: 0, dev: !!(entry.dev || entry.devOptional), location });
    }
    // Lines are looked up lazily: most entries never match an advisory.
    return out.map((item) => lazyLine(item, () => lineOf(`"${item.location}": {`)));
  }
  const walkDeps = (deps: Record<string, NpmEntry> | undefined, prefix: string) => {
    for (const [name, entry] of Object.entries(deps ?? {})) {
      if (!entry.version) continue;
      const location = `${prefix}node_modules/${name}`;
      out.push(lazyLine({ name, version: entry.version, file: lockfile.file, line: 0, dev: !!entry.dev, location }, () => lineOf(`"${name}": {`)));
      walkDeps(entry.dependencies, `${location}/`);
    }
  };
  walkDeps(json.dependencies, '');
  return out;
}

/** An entry whose `line` is computed on first read. */
function lazyLine(item: Installed, compute: () => number): Installed {
  let line: number | undefined;
  return Object.defineProperty({ ...item }, 'line', { get: () => (line ??= compute()), enumerable: true });
}

/** pnpm-lock.yaml through the YAML parser: the keys of `packages:` name each installed version (v5 `/a/1.0.0`, v6 `/a@1.0.0`, v9 `a@1.0.0`, peers in parentheses or after `_`). */
function fromPnpm(lockfile: TextInput): Installed[] {
  const lineCounter = new LineCounter();
  const document = parseDocument(lockfile.text, { lineCounter, uniqueKeys: false });
  const packages = document.get('packages', true);
  if (!isMap(packages)) return [];
  const out: Installed[] = [];
  for (const pair of packages.items) {
    if (!isScalar(pair.key)) continue;
    const parsed = pnpmKey(String(pair.key.value));
    const offset = pair.key.range?.[0] ?? 0;
    if (parsed) out.push({ ...parsed, file: lockfile.file, line: lineCounter.linePos(offset).line, dev: false });
  }
  return out;
}

export function pnpmKey(key: string): { name: string; version: string } | undefined {
  // A name (scoped or not), then `@` or `/`, then the version up to a peer suffix (`_…` or `(…)`).
  const match = /^\/?(@[^/@]+\/[^/@]+|[^/@]+)[@/]([^/@_(]+)/.exec(key);
  return match ? { name: match[1] as string, version: match[2] as string } : undefined;
}

function fromYarn(lockfile: TextInput): Installed[] {
  const out: Installed[] = [];
  let pending: { names: string[]; line: number } | undefined;
  lockfile.text.split('\n').forEach((text, i) => {
    if (/^[^\s#].*:\s*$/.test(text)) {
      const names = text
        .replace(/:\s*$/, '')
        .split(',')
        .map((spec) => spec.trim().replace(/^"|"$/g, ''))
        .map((spec) => spec.slice(0, spec.indexOf('@', 1) > 0 ? spec.indexOf('@', 1) : spec.length));
      pending = { names: [...new Set(names)].filter((n) => n && n !== '__metadata'), line: i + 1 };
      return;
    }
    const version = /^\s+version:?\s+"?([^"\s]+)"?/.exec(text)?.[1];
    if (pending && version) {
      for (const name of pending.names) out.push({ name, version, file: lockfile.file, line: pending.line, dev: false });
      pending = undefined;
    }
  });
  return out;
}

/** package.json's declared dependencies (ranges), when there is no lockfile. */
export function declaredPackages(packageJson: TextInput): Installed[] {
  const json = JSON.parse(packageJson.text) as Record<string, Record<string, string> | undefined>;
  const lines = packageJson.text.split('\n');
  const out: Installed[] = [];
  for (const [field, dev] of [['dependencies', false], ['devDependencies', true], ['optionalDependencies', false]] as const) {
    for (const [name, range] of Object.entries(json[field] ?? {})) {
      const index = lines.findIndex((l) => l.includes(`"${name}"`) && l.includes(':'));
      out.push({ name, version: range, file: packageJson.file, line: index + 1 || 1, dev, declared: true });
    }
  }
  return out;
}
