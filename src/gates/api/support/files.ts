/** Which source files are the service: tests, specs, fixtures and e2e suites are not. */
import { isTestFile } from '../../../scan/code/index.js';
import type { ParsedModule } from '../../../scan/parse.js';
import type { CheckContext } from '../../types.js';

const NOT_SERVICE = /(?:^|\/)(?:spec|specs|fixtures?|__fixtures__|e2e|mocks?|__mocks__|cypress|playwright)\//;

export const isServiceFile = (file: string): boolean => !isTestFile(file) && !NOT_SERVICE.test(file);

/** Service modules whose text passes a cheap pre-filter (the walk is the expensive part). */
export function serviceModules(context: CheckContext, prefilter: (text: string) => boolean): ParsedModule[] {
  return context.modules.filter((m) => isServiceFile(m.file.path) && prefilter(m.file.text));
}
