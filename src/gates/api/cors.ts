import { defineRule } from '../define.js';
import { corsSetups, type CorsSetup } from './support/cors.js';
import { serviceModules } from './support/files.js';

const WHAT: Record<'any' | 'reflect', string> = {
  any: "allows any origin ('*')",
  reflect: 'reflects any request origin (origin: true, a match-all pattern or an accept-all function)',
};

export default defineRule({
  id: 'api/cors',
  area: 'api',
  checklist: 'API requirements',
  severity: 'error',
  docs: {
    description:
      "CORS never combines credentials with every origin. `Access-Control-Allow-Origin: *` with credentials is refused by browsers (the API breaks for its own frontend), and reflecting whatever Origin the request sends (`origin: true`, `/.*/`, `(o, cb) => cb(null, true)`) with credentials lets any website make logged-in requests and read the answers. Checked in the cors middleware of Express, Koa and Hono, `@fastify/cors`, Nest's `enableCors` and `NestFactory.create(…, { cors })`, and hand-written headers.",
    failing: "app.use(cors({ origin: true, credentials: true }));",
    passing: "app.use(cors({ origin: ['https://app.example.com'], credentials: true }));",
  },
  check(context, reporter) {
    let found = 0;
    for (const module of serviceModules(context, (text) => /cors|access-control-allow-origin/i.test(text))) {
      const file = module.file.path;
      let setups: CorsSetup[];
      try {
        setups = corsSetups(module, context.index);
      } catch (error) {
        reporter.internalError(file, error);
        continue;
      }
      found += setups.length;
      for (const setup of setups) {
        if (!setup.credentials || (setup.origin !== 'any' && setup.origin !== 'reflect')) continue;
        reporter.report({
          file,
          ...module.lines.position(setup.at),
          message: `CORS ${WHAT[setup.origin]} together with credentials (${setup.via})`,
          hint: "Name the allowed origins: origin: ['https://app.example.com'] (from config per environment), or a function that checks the Origin against that list; keep credentials: true only for those.",
        });
      }
    }
    if (!found) return { status: 'not-applicable', reason: 'no CORS configuration found in code' };
  },
});
