/**
 * Where a project-wide finding goes ("no endpoint is rate limited"): the line that creates the
 * application (`express()`, `Fastify()`, `NestFactory.create(…)`, `new Hono()`, `new Koa()`), so a
 * `bo-ignore` written there reads naturally; else the first endpoint's registration.
 */
import { isTestFile } from '../../../scan/code/index.js';
import type { CheckContext, Location } from '../../types.js';
import type { CodeEndpoint } from '../../support/endpoints.js';

const APP_CREATION = /\bexpress\(\s*\)|\b[Ff]astify\(|\bNestFactory\.create(?:Microservice)?\b|\bnew (?:Hono|OpenAPIHono|Koa)\(/;
/** Conventional entry file names first: a test helper or script that also builds an app comes later. */
const ENTRY_NAME = /(?:^|\/)(?:app|main|server|index)\.[cm]?[jt]s$/;

export function appEntry(context: CheckContext, endpoints: readonly CodeEndpoint[]): Location | undefined {
  const first = endpoints[0];
  return appCreation(context) ?? (first ? { file: first.file, line: first.line } : undefined);
}

function appCreation(context: CheckContext): Location | undefined {
  return context.memo('api/app-creation', () => {
    const candidates = context.modules.filter((m) => !isTestFile(m.file.path));
    const ordered = [...candidates.filter((m) => ENTRY_NAME.test(m.file.path)), ...candidates.filter((m) => !ENTRY_NAME.test(m.file.path))];
    for (const module of ordered) {
      const match = APP_CREATION.exec(module.file.text);
      if (!match) continue;
      const { line, column } = module.lines.position(match.index);
      return { file: module.file.path, line, column };
    }
    return undefined;
  });
}
