/**
 * Code that runs work in the background: queue workers (`new Worker(` from bullmq), schedules
 * (`cron.schedule(` from node-cron, `@Cron()` in Nest), `agenda.define(` and a module-level
 * `setInterval(`. A call only counts when its callee is bound to the library, so a
 * `worker_threads` Worker or a local `schedule()` helper is not a job.
 */
import type { Expression } from 'oxc-parser';
import { packageName } from '../resolve.js';
import { memberName, rootName, unwrap } from './ast.js';
import type { Bindings } from './bindings.js';

/** `construct`: any `new` of the package's exports; `calls`: these functions or methods of it. */
export const JOB_LIBRARIES: readonly { package: string; construct?: boolean; calls?: readonly string[] }[] = [
  { package: 'bullmq', construct: true },
  { package: 'bull', construct: true },
  { package: 'bee-queue', construct: true },
  { package: 'agenda', construct: true },
  { package: '@hokify/agenda', construct: true },
  { package: 'cron', construct: true, calls: ['from'] },
  { package: 'node-cron', calls: ['schedule'] },
  { package: 'node-schedule', calls: ['scheduleJob'] },
  { package: '@nestjs/schedule', calls: ['Cron', 'Interval', 'Timeout'] },
  { package: '@nestjs/bullmq', calls: ['Processor'] },
  { package: '@nestjs/bull', calls: ['Processor'] },
];

const byPackage = new Map(JOB_LIBRARIES.map((library) => [library.package, library]));

/** Agenda instances are made once and passed around, so the receiver's name is the signal. */
const AGENDA_METHODS = new Set(['define', 'every']);

function libraryOf(name: string | undefined, bindings: Bindings) {
  const binding = name === undefined ? undefined : bindings.get(name);
  const pkg = binding && packageName(binding.specifier);
  return pkg === undefined ? undefined : { library: byPackage.get(pkg), imported: binding?.imported };
}

export function isJobConstruction(callee: Expression, bindings: Bindings): boolean {
  return libraryOf(rootName(callee), bindings)?.library?.construct === true;
}

export function isJobCall(callee: Expression, bindings: Bindings, moduleLevel: boolean): boolean {
  const node = unwrap(callee);
  if (node.type === 'Identifier') {
    if (node.name === 'setInterval') return moduleLevel && !bindings.has('setInterval');
    const found = libraryOf(node.name, bindings);
    return found?.library?.calls?.includes(found.imported ?? '') === true;
  }
  const method = memberName(node);
  if (method === undefined) return false;
  const root = rootName(node);
  if (AGENDA_METHODS.has(method) && root !== undefined && /agenda/i.test(root)) return true;
  return libraryOf(root, bindings)?.library?.calls?.includes(method) === true;
}
