import type { Node } from 'oxc-parser';
import { classifyAuthName } from '../../scan/code/facts/auth.js';
import { bareName, nameWords } from '../../scan/code/facts/names.js';
import { endpointSite } from '../../scan/code/sites.js';
import { defineRule } from '../define.js';
import { codeEndpoints, isMutating, isOperational } from '../support/endpoints.js';
import { showsAuthorization } from './policy/ownership.js';
import { isCredentialPath, isOwnResourcePath } from './policy/public-endpoints.js';
import { functionHas, reachableFunctions } from './policy/reach.js';
import { hasItemParam, isRelationOrChildCreation } from './policy/resources.js';

/** Passport-style strategy names: `passport.authenticate('jwt')` names how to authenticate, not a permission. */
const STRATEGIES = /^(jwt|bearer|local|session|basic|api-?key|headerapikey|oauth2?|anonymous|google|github|facebook|saml|oidc|cookie|token|firebase|auth0|clerk|hmac|digest)$/i;

/**
 * `auth('manageUsers')`, `requireAuth('admin')`, `checkJwt('write:posts')`: an auth middleware given a right,
 * role or scope checks it (a bare `authenticate` or `passport.authenticate('jwt')` does not).
 */
function namesPermission(display: string): boolean {
  const args = [...display.matchAll(/'([^']*)'/g)].map((m) => m[1] as string);
  return args.length > 0 && !/(^|\.)authenticate$/.test(bareName(display)) && args.some((arg) => !STRATEGIES.test(arg));
}

const ROLE_DECORATOR_WORDS = new Set(['roles', 'role', 'permissions', 'permission', 'policies', 'policy', 'ability', 'abilities', 'scopes', 'authorize', 'admin', 'can', 'acl']);

/** Decorator names on a Nest handler and its controller (`@Roles('admin')`, `@CheckPolicies(…)`). */
function decoratorNames(nodes: readonly (Node | undefined)[]): string[] {
  return nodes.flatMap((node) => {
    const decorators = (node as { decorators?: { expression: Node }[] } | undefined)?.decorators ?? [];
    return decorators.map((d) => {
      const expression = d.expression.type === 'CallExpression' ? d.expression.callee : d.expression;
      return expression.type === 'Identifier' ? expression.name : '';
    });
  });
}

export default defineRule({
  id: 'sec/authz-checked',
  area: 'security',
  checklist: 'Authorization checked',
  severity: 'warning',
  docs: {
    description:
      'A signed-in caller may change only what they are allowed to: every authenticated mutating endpoint on one item (a path with a parameter, `PATCH /orders/{id}`, `POST /orders/{id}/cancel`) ' +
      'shows a role or permission guard (`requireRole`, `RolesGuard`/`@Roles()`, CASL, `authorize(...)`, an auth middleware given a right such as `auth(\'manageUsers\')`) or an ownership check in its handler or the functions it calls, a few calls deep: ' +
      'a comparison with the caller (`order.userId !== req.user.id`), a query or write scoped to the caller (`where: { id, ownerId: req.user.id }`, `WHERE id = $1 AND user_id = $2`), ' +
      'a permission helper (`assertOwner`, `ability.can`), a role check, or a 403. Otherwise any user can change any item by swapping the id (IDOR). ' +
      'Endpoints without authentication are left to sec/authn-required; the caller’s own resource (`/me`) has no id to swap; the caller’s own relation to an item (`POST /articles/{slug}/favorite`, `/follow`, `/like`) ' +
      'and a new child in a sub-collection (`POST /articles/{slug}/comments`) are not changes to the item.',
    failing: `router.delete('/posts/:id', authenticate, async (req, res) => {
  await db.post.delete({ where: { id: req.params.id } });
  res.status(204).end();
});`,
    passing: `router.delete('/posts/:id', authenticate, async (req, res) => {
  const { count } = await db.post.deleteMany({ where: { id: req.params.id, authorId: req.user.id } });
  res.status(count ? 204 : 404).end();
});`,
    whenNotToUse: 'In single-tenant admin tools where every signed-in user may change everything (then say so with a role guard, which also documents it).',
  },
  check(context, reporter) {
    const candidates = codeEndpoints(context).filter(
      ({ endpoint }) =>
        isMutating(endpoint) && endpoint.auth === 'required' && hasItemParam(endpoint.path) && !isOperational(endpoint.path) && !isOwnResourcePath(endpoint.path) && !isCredentialPath(endpoint.path) && !isRelationOrChildCreation(endpoint.method, endpoint.path),
    );
    if (candidates.length === 0) return { status: 'not-applicable', reason: 'no authenticated mutating endpoint acts on one item' };
    let decided = 0;
    for (const { endpoint, file, line } of candidates) {
      const guarded = endpoint.authBy.some((name) => classifyAuthName(bareName(name)) === 'role' || namesPermission(name));
      const site = endpointSite(context.index, endpoint);
      const chainRole = site?.chain().some((entry) => classifyAuthName(bareName(entry.name)) === 'role') ?? false;
      const handlers = site?.handlers() ?? [];
      const decorated = decoratorNames([site?.node, handlers[0]?.scope.classNode as Node | undefined]).some((name) => nameWords(name).some((w) => ROLE_DECORATOR_WORDS.has(w)));
      if (guarded || chainRole || decorated) {
        decided++;
        continue;
      }
      const reached = reachableFunctions(context, endpoint);
      if (reached.length === 0) continue;
      decided++;
      if (reached.some((target) => functionHas(target, 'authorization', showsAuthorization))) continue;
      const guards = endpoint.authBy.join(', ');
      const calls = reached.length - 1;
      const where = calls ? `its handler or the ${calls} function${calls === 1 ? '' : 's'} it calls` : 'its handler';
      reporter.report({
        file,
        line,
        subject: endpoint.id,
        message: `${endpoint.method} ${endpoint.path} lets any signed-in caller change any item: it is only authenticated (${guards}), and neither a role or permission guard nor an ownership check shows in ${where}`,
        hint: 'Check that the caller owns the item (`if (item.ownerId !== req.user.id) throw forbidden()`), scope the write to the caller (`where: { id, ownerId: req.user.id }`), or add a role/permission guard (`requireRole(\'admin\')`, `@Roles(\'admin\')` with RolesGuard).',
      });
    }
    if (decided === 0) return { status: 'skipped', reason: 'the handlers of the item endpoints could not be found in code' };
  },
});
