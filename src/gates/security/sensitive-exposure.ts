import { defineRule } from '../define.js';
import { codeEndpoints, isOperational } from '../support/endpoints.js';
import { handlerExposures } from './policy/exposure.js';
import { handlerTargets } from './policy/reach.js';

/** Frameworks where what the handler returns is the response body. */
const RETURN_FRAMEWORKS = new Set(['nestjs', 'fastify', 'hono']);

export default defineRule({
  id: 'sec/sensitive-exposure',
  area: 'security',
  checklist: 'Sensitive data encrypted',
  severity: 'error',
  docs: {
    description:
      'Password fields (the password, its hash or salt) and second-factor secrets never leave the server. ' +
      'Error: a response payload that writes such a key (`res.json({ id, email, password: user.password })`), in the handler or in the function that builds what it sends. ' +
      'Warning: a handler that sends a whole row of a model with such a field, read without a projection (`res.json(await prisma.user.findUnique({ where }))`, `User.findById(id)`, `SELECT * FROM users`), ' +
      'unless the project strips the field for every response (`select: false`, `toJSON`, `@Exclude()` with ClassSerializerInterceptor, a default scope, Prisma `omit`) or the handler deletes it first. ' +
      'Mapping rows to a response type (`toUser(row)`) or selecting columns passes.',
    failing: `router.get('/users/:id', authenticate, async (req, res) => {
  res.json(await prisma.user.findUnique({ where: { id: req.params.id } }));
});`,
    passing: `router.get('/users/:id', authenticate, async (req, res) => {
  res.json(await prisma.user.findUnique({ where: { id: req.params.id }, select: { id: true, email: true, name: true } }));
});`,
    whenNotToUse: 'Never; if a field only looks sensitive (a public key named like a private one), silence the line with `// bo-ignore sec/sensitive-exposure: <why>`.',
  },
  check(context, reporter) {
    const endpoints = codeEndpoints(context).filter((e) => !isOperational(e.endpoint.path));
    if (endpoints.length === 0) return { status: 'not-applicable', reason: 'no endpoints found in code' };
    const seen = new Set<string>();
    for (const { endpoint } of endpoints) {
      for (const handler of handlerTargets(context, endpoint)) {
        let exposures;
        try {
          exposures = handlerExposures(context, handler, RETURN_FRAMEWORKS.has(endpoint.framework ?? ''));
        } catch (error) {
          reporter.internalError(handler.module.file.path, error);
          continue;
        }
        for (const exposure of exposures) {
          const file = exposure.target.module.file.path;
          const position = exposure.target.module.lines.position(exposure.node.start);
          const key = `${file}:${exposure.node.start}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const explicit = exposure.certainty === 'explicit';
          reporter.report({
            file,
            ...position,
            subject: endpoint.id,
            severity: explicit ? 'error' : 'warning',
            message: explicit
              ? `${endpoint.method} ${endpoint.path} sends \`${exposure.field}\` to the client`
              : `${endpoint.method} ${endpoint.path} sends a whole ${exposure.model} row, which includes \`${exposure.field}\`: nothing selects the fields or strips it`,
            hint: explicit
              ? `Remove \`${exposure.field}\` from the response; send only the fields the client needs.`
              : `Select the public fields (\`select: { id: true, email: true }\`, \`.select('-${exposure.field}')\`, \`attributes: { exclude: ['${exposure.field}'] }\`) or map the row to a response type without it.`,
          });
        }
      }
    }
    return undefined;
  },
});
