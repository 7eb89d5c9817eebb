/**
 * `services.json` from parsed modules: every module is read on its own (`module-services.ts`),
 * then imports are linked across modules (`link.ts`). Pure over its input; a module whose shape
 * defeats the rules is reported as a warning and skipped, never fatal to the scan.
 */
import type { Service } from '../../registry/schema.js';
import type { ParsedModule } from '../parse.js';
import type { Resolver } from '../resolve.js';
import type { ScanProblem } from '../types.js';
import { linkServices } from './link.js';
import { moduleServices, type ModuleServices } from './module-services.js';

export interface ScanServicesInput {
  /** Modules that parsed; the caller parses once and shares them with the other scanners. */
  modules: readonly ParsedModule[];
  resolver: Resolver;
}

export interface ScanServicesResult {
  /** Sorted by file, then line. */
  services: Service[];
  problems: ScanProblem[];
}

export function scanServices(input: ScanServicesInput): ScanServicesResult {
  const read: ModuleServices[] = [];
  const problems: ScanProblem[] = [];
  for (const module of input.modules) {
    const file = module.file.path;
    try {
      read.push(moduleServices(module, (specifier) => input.resolver.resolve(file, specifier) !== undefined));
    } catch (error) {
      problems.push({ file, message: `services not read: ${(error as Error).message}`, severity: 'warning' });
    }
  }
  const linked = linkServices(read, input.resolver);
  return { services: linked.services, problems: [...problems, ...linked.problems] };
}
