import { defineRule } from '../define.js';
import { codeEndpoints, isMutating, isOperational } from '../support/endpoints.js';
import { isSignUp, mutationFinding, readFinding, unknownFinding, webhookFinding } from './policy/authn-findings.js';
import { allowlistedBy, isCredentialPath, isWebhookPath } from './policy/public-endpoints.js';
import { verifiesSignature } from './policy/reach.js';

export default defineRule({
  id: 'sec/authn-required',
  area: 'security',
  checklist: 'Authentication required',
  severity: 'error',
  live: 'a request without credentials gets 401 or 403',
  docs: {
    description:
      'Every endpoint that is not public on purpose authenticates its caller (route middleware, router- or app-level middleware mounted before it, Nest guards, Fastify hooks). ' +
      'A mutating endpoint (POST, PUT, PATCH, DELETE) with no authentication, or with optional authentication, is an error. ' +
      'A read without authentication is a warning only when other reads of the same resource require it (a public catalogue is fine). ' +
      'Public on purpose: health and other operational endpoints, credential endpoints told by their path (login, register, token, refresh, password reset, e-mail verification, OAuth callbacks, webhooks), ' +
      'a `POST /users` (or `/accounts`) that takes a password (sign-up), ' +
      'and what the config lists in `publicEndpoints`: patterns `[METHOD ]PATH` matched against the full route path, where the method is optional, `{param}` and `:param` match any parameter segment, ' +
      '`*` matches text inside one segment and a `**` segment any number of segments (`"POST /api/v1/auth/login"`, `"/health"`, `"GET /api/v1/catalog/**"`). ' +
      'Webhooks are public but should verify the sender: one whose handler shows no signature check is a warning.',
    failing: `router.patch('/products/:id/stock', validate(adjustStock), async (req, res) => {
  res.json(await products.adjustStock(req.params.id, req.body.delta));
});`,
    passing: `router.patch('/products/:id/stock', authenticate, requireRole('admin'), validate(adjustStock), async (req, res) => {
  res.json(await products.adjustStock(req.params.id, req.body.delta));
});`,
    whenNotToUse: 'For services that sit behind a gateway which authenticates every request: list their routes in `publicEndpoints` (`"/**"`) rather than turning the rule off.',
  },
  // Loaded only by --live: the service, probes and load generator stay out of static runs.
  runLive: async (context, live, reporter) => (await import('../live/service/live-part.js')).runLivePart('sec/authn-required', context, live, reporter),
  check(context, reporter) {
    const all = codeEndpoints(context);
    if (all.length === 0) return { status: 'not-applicable', reason: 'no endpoints found in code' };
    let considered = 0;
    let decided = 0;
    for (const entry of all) {
      const { endpoint } = entry;
      if (isOperational(endpoint.path) || allowlistedBy(context, endpoint)) continue;
      considered++;
      if (isCredentialPath(endpoint.path)) {
        decided++;
        const unverified = isWebhookPath(endpoint.path) && endpoint.auth !== 'required' && verifiesSignature(context, endpoint) === false;
        if (unverified) reporter.report(webhookFinding(entry));
        continue;
      }
      if (endpoint.auth === 'unknown') {
        if (isMutating(endpoint)) reporter.report(unknownFinding(entry));
        continue;
      }
      decided++;
      if (endpoint.auth === 'required' || isSignUp(context, entry)) continue;
      const finding = isMutating(endpoint) ? mutationFinding(all, entry) : endpoint.auth === 'none' ? readFinding(all, entry) : undefined;
      if (finding) reporter.report(finding);
    }
    if (considered === 0) return { status: 'not-applicable', reason: 'every endpoint is operational or listed in publicEndpoints' };
    if (decided === 0) return { status: 'skipped', reason: 'the authentication of no endpoint could be decided (middleware or guards that could not be resolved)' };
    return undefined;
  },
});
