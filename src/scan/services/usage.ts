/**
 * From what a service reaches to what it uses: the third-party integrations it touches, the
 * imports of other modules (resolved to services later, once every module is known), whether it
 * starts background jobs, and whether it actually calls an SDK (the test for "a module whose main
 * purpose is a third-party SDK").
 */
import type { Bindings } from './bindings.js';
import type { Reach } from './closure.js';
import { integrationFor, isHttpClient } from './integration-table.js';
import type { Unit } from './units.js';

export interface Usage {
  integrations: Set<string>;
  imports: { specifier: string; imported: string }[];
  jobAt: number | undefined;
  /** Constructs or calls an SDK, or calls an external host over HTTP. */
  callsSdk: boolean;
  localDeps: Set<string>;
}

export function usage(reached: Reach, units: readonly Unit[], bindings: Bindings): Usage {
  const result: Usage = { integrations: new Set(), imports: [], jobAt: undefined, callsSdk: false, localDeps: reached.localDeps };
  let http = false;
  const bound = new Set<string>();
  for (const binding of bindings.values()) bound.add(binding.specifier);
  const hosts = new Set<string>();
  for (const name of reached.refs) {
    const binding = bindings.get(name);
    if (!binding) continue;
    const integration = integrationFor(binding.specifier, binding.imported);
    if (integration !== undefined) {
      result.integrations.add(integration);
      if (reached.called.has(name)) result.callsSdk = true;
    } else if (isHttpClient(binding.specifier)) {
      http = true;
    } else {
      result.imports.push({ specifier: binding.specifier, imported: binding.imported });
    }
  }
  for (const index of reached.units) {
    const facts = (units[index] as Unit).facts;
    if (facts.jobAt !== undefined && (result.jobAt === undefined || facts.jobAt < result.jobAt)) result.jobAt = facts.jobAt;
    if (facts.fetches) http = true;
    for (const host of facts.hosts) hosts.add(host);
    for (const specifier of facts.loads) {
      const integration = integrationFor(specifier);
      if (integration !== undefined) {
        result.integrations.add(integration);
        result.callsSdk = true;
      } else if (isHttpClient(specifier)) {
        http = true;
      } else if (!bound.has(specifier)) {
        // A load bound to a module-level name (`const repo = require('./repo')`) counts through that name.
        result.imports.push({ specifier, imported: '*' });
      }
    }
  }
  if (http) {
    for (const host of hosts) result.integrations.add(`http:${host}`);
    if (hosts.size > 0) result.callsSdk = true;
  }
  return result;
}
