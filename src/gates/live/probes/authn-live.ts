/**
 * `sec/authn-required`, live: each protected endpoint (the code or the spec requires credentials)
 * gets a valid request without any. 401/403 passes. A 2xx/3xx is an error (it served an anonymous
 * caller); another 4xx is a warning (validation or a lookup ran before any authentication, which
 * some frameworks do by design); a 5xx is a warning too (it crashed instead of refusing).
 */
import type { EndpointPlan } from './endpoints.js';
import { described, type LiveFindings } from './findings.js';
import type { ProbeSession } from './session.js';

const RULE = 'sec/authn-required';

export async function authnLive(session: ProbeSession, plans: readonly EndpointPlan[], findings: LiveFindings): Promise<number> {
  let sent = 0;
  for (const plan of plans.filter((p) => p.protected)) {
    const exchange = await session.request(plan, 'authn', { authenticated: false });
    sent++;
    const status = exchange.response?.status;
    if (status === undefined || status === 401 || status === 403 || status === 429) continue;
    const served = status < 400;
    findings.add(RULE, {
      ...plan.location,
      subject: plan.endpoint.id,
      ...(served ? {} : { severity: 'warning' as const }),
      message: `${plan.endpoint.method} ${plan.endpoint.path} requires authentication${plan.endpoint.auth === 'required' ? '' : ' (per the OpenAPI document)'} but a request without credentials got ${status}, not 401/403 (${described(exchange)})`,
      hint: served
        ? `Put the authentication middleware or guard (e.g. \`authenticate\`, and the role check where it applies) in front of ${plan.endpoint.method} ${plan.endpoint.path}, as on its siblings.`
        : `Authenticate before validating or loading anything: an anonymous request to ${plan.endpoint.method} ${plan.endpoint.path} should get 401 before any other answer.`,
    });
  }
  return sent;
}
