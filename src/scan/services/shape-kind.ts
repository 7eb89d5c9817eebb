/**
 * The kind a module's shape gives it when neither its file name nor its folder does: it starts
 * background jobs, exports middleware, or wraps a third-party SDK. Jobs come first, since a worker
 * module often also exports a helper or two; an SDK used by a module that also serves HTTP (an app
 * or route file) is that module's business, not the module's purpose.
 */
import { packageName } from '../resolve.js';
import type { Bindings } from './bindings.js';
import { WEB_FRAMEWORKS, type ServiceKind } from './conventions.js';
import { isMiddlewareShaped } from './middleware-shape.js';
import type { ValueExport } from './sort-exports.js';
import type { Usage } from './usage.js';

export function shapeKind(leftovers: readonly { target: ValueExport }[], does: Usage, bindings: Bindings): ServiceKind | undefined {
  if (does.jobAt !== undefined) return 'job';
  if (leftovers.some((value) => isMiddlewareShaped(value.target.node))) return 'middleware';
  if (!does.callsSdk || leftovers.length === 0) return undefined;
  for (const binding of bindings.values()) {
    if (!binding.isType && WEB_FRAMEWORKS.has(packageName(binding.specifier) ?? '')) return undefined;
  }
  return 'integration';
}
