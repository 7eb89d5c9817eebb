/**
 * Which project files are the service, for the policy rules that read code file by file: tests,
 * fixtures, mocks, examples, stories and docs are not (their secrets and shortcuts are not
 * shipped), and seed data is marked so rules can treat its demo credentials more leniently.
 */
import { isServiceFile } from '../../support/files.js';
import type { ParsedModule } from '../../../scan/parse.js';
import type { CheckContext, Reporter } from '../../types.js';

/** Beyond what no rule counts as the service: folders whose code is shown, not shipped. */
const NOT_SHIPPED = /(^|\/)(stories|storybook|examples?|docs?|test-?utils?)\//i;
const NOT_SERVICE_FILE = /\.(test|spec|e2e|stories|story|fixture|mock)\.[cm]?[jt]sx?$|\.md$|(^|\/)(vitest|jest|playwright|cypress|karma|ava|mocha|wdio|vite|webpack|rollup|tsup|eslint|prettier)\.(config|setup|workspace)[^/]*$|(^|\/)(setupTests|test-setup|jest\.setup)\.[cm]?[jt]s$/i;
const SEED = /(^|\/)(seeds?|seeders?|seeding)(\/|\.[cm]?[jt]s$)|(^|\/)[^/]*seed[^/]*\.[cm]?[jt]s$/i;

/** A file that is not part of the running service (tests, fixtures, mocks, examples, docs). */
export const isNonServiceFile = (file: string): boolean => !isServiceFile(file) || NOT_SHIPPED.test(file) || NOT_SERVICE_FILE.test(file);

/** Seed and demo-data scripts: their credentials are for local databases. */
export const isSeedFile = (file: string): boolean => SEED.test(file);

/** The parsed modules of the service, in discovery order. */
export function serviceModules(context: CheckContext): readonly ParsedModule[] {
  return context.memo('policy:service-modules', () => context.modules.filter((m) => !isNonServiceFile(m.file.path)));
}

/**
 * Runs `visit` over every service module whose text passes the cheap pre-filter; a module that
 * makes the visitor throw is recorded against its file and the rule goes on with the next one.
 */
export function forEachServiceModule(context: CheckContext, reporter: Reporter, prefilter: RegExp, visit: (module: ParsedModule) => void): void {
  for (const module of serviceModules(context)) {
    if (!prefilter.test(module.file.text)) continue;
    try {
      visit(module);
    } catch (error) {
      reporter.internalError(module.file.path, error);
    }
  }
}
