import semver from 'semver';
import { defineRule } from '../define.js';
import type { Severity } from '../types.js';
import { parseAdvisories, type Advisory } from './policy/advisories.js';
import { declaredPackages, installedPackages, type Installed } from './policy/lockfile.js';

export const NO_ADVISORY_SOURCE = 'no advisory source: pass --advisories <file> (the registry these machines reach does not answer the bulk advisory endpoint)';

const severityOf = (advisory: Advisory): Severity => (advisory.severity === 'critical' || advisory.severity === 'high' ? 'error' : 'info');

/** Whether an installed version (or, without a lockfile, a declared range) is in an advisory's range. */
function affected(item: Installed, advisory: Advisory): boolean {
  try {
    if (!semver.validRange(advisory.range)) return false;
    if (item.declared) return semver.validRange(item.version) !== null && semver.intersects(item.version, advisory.range, { includePrerelease: false });
    return semver.valid(item.version) !== null && semver.satisfies(item.version, advisory.range, { includePrerelease: true });
  } catch {
    return false;
  }
}

export default defineRule({
  id: 'sec/dependency-audit',
  area: 'security',
  checklist: 'Zero security vulnerabilities',
  severity: 'error',
  docs: {
    description:
      'No installed package has a known high or critical vulnerability. The installed versions come from the lockfile (package-lock.json/npm-shrinkwrap.json; pnpm-lock.yaml and yarn.lock best effort), ' +
      'the advisories from a file given with `--advisories <file>` in the shape of the npm registry’s bulk advisory response (`{ "<package>": [{ id, url, title, severity, vulnerable_versions, cwe, cvss }] }`, what `npm audit` reads) or `npm audit --json` output. ' +
      'High and critical advisories are errors at the lockfile entry; moderate and low ones are info. Without a lockfile, package.json ranges that include a vulnerable version are warnings. ' +
      'Without an advisories file the rule is skipped (the registry these machines reach does not answer the bulk advisory endpoint, and the check makes no network calls).',
    failing: '"node_modules/lodash": { "version": "4.17.20" }   // advisories: lodash < 4.17.21 (high, prototype pollution)',
    passing: '"node_modules/lodash": { "version": "4.17.21" }',
    whenNotToUse: 'Never turn it off; for an advisory that does not apply (the vulnerable function is never called), suppress the lockfile line with a reason in review, or upgrade.',
  },
  check(context, reporter) {
    const source = context.lockfile ?? context.packageJson;
    if (!source) return { status: 'not-applicable', reason: 'no package.json or lockfile' };
    if (!context.advisories) return { status: 'skipped', reason: NO_ADVISORY_SOURCE };
    let advisories: Map<string, Advisory[]>;
    try {
      advisories = parseAdvisories(context.advisories.text);
    } catch (error) {
      return { status: 'skipped', reason: `the advisories file ${context.advisories.file} could not be read: ${(error as Error).message}` };
    }
    let packages: Installed[];
    try {
      packages = context.lockfile ? installedPackages(context.lockfile) : declaredPackages(source);
    } catch (error) {
      reporter.internalError(source.file, error);
      return undefined;
    }
    const byName = new Map<string, Installed[]>();
    for (const item of packages) {
      if (!advisories.has(item.name)) continue;
      byName.set(item.name, [...(byName.get(item.name) ?? []), item]);
    }
    for (const [name, installs] of byName) {
      for (const advisory of advisories.get(name) ?? []) {
        const hits = installs.filter((item) => affected(item, advisory));
        for (const version of new Set(hits.map((h) => h.version))) {
          const [first, ...more] = hits.filter((h) => h.version === version) as [Installed, ...Installed[]];
          const declared = !!first.declared;
          const severity: Severity = declared && severityOf(advisory) === 'error' ? 'warning' : severityOf(advisory);
          reporter.report({
            file: first.file,
            line: first.line,
            subject: name,
            severity,
            related: more.slice(0, 5).map((m) => ({ file: m.file, line: m.line, message: `also installed at ${m.location ?? m.file}` })),
            message: declared
              ? `${name} is declared as ${version}, a range that includes versions with a ${advisory.severity} advisory: ${advisory.title} (${advisory.id}; vulnerable ${advisory.range}); there is no lockfile to tell the installed version`
              : `${name} ${version}${first.dev ? ' (dev dependency)' : ''} has a ${advisory.severity} advisory: ${advisory.title} (${advisory.id}; vulnerable ${advisory.range})${advisory.url ? ` ${advisory.url}` : ''}`,
            hint: `Upgrade ${name} to a version outside ${advisory.range} (\`npm install ${name}@latest\`, or \`npm audit fix\`); for a transitive dependency, upgrade its parent or pin a fixed version with "overrides" in package.json.`,
          });
        }
      }
    }
    return undefined;
  },
});
