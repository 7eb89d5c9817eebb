/** The service's modules for the API code rules (which files are the service: support/files.ts). */
import type { ParsedModule } from '../../../scan/parse.js';
import { isServiceFile } from '../../support/files.js';
import type { CheckContext } from '../../types.js';

export { isServiceFile };

/** Service modules whose text passes a cheap pre-filter (the walk is the expensive part). */
export function serviceModules(context: CheckContext, prefilter: (text: string) => boolean): ParsedModule[] {
  return context.modules.filter((m) => isServiceFile(m.file.path) && prefilter(m.file.text));
}
