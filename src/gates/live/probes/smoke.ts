/**
 * Smoke: every endpoint once with a valid request and credentials. A 5xx (or no answer at all) to
 * a valid request is an `api/declared-responses` finding ("never 500"). Collection GETs run first,
 * and the ids in their answers fill the path parameters of the item endpoints after them.
 */
import type { EndpointPlan } from './endpoints.js';
import { pathNames } from './endpoints.js';
import { described, excerpt, type LiveFindings } from './findings.js';
import { idOf, itemsOf, type ProbeSession } from './session.js';

const RULE = 'api/declared-responses';

/** GETs, fewest path parameters first (collections before their items). */
export async function smokeReads(session: ProbeSession, plans: readonly EndpointPlan[], findings: LiveFindings): Promise<void> {
  const reads = plans.filter((p) => p.endpoint.method === 'GET').sort((a, b) => pathNames(a.endpoint.path).length - pathNames(b.endpoint.path).length);
  for (const plan of reads) {
    const exchange = await session.request(plan, 'smoke', { valid: true });
    const response = exchange.response;
    if (response && response.status < 300 && !plan.endpoint.path.endsWith('}')) {
      const id = idOf(itemsOf(response.json)?.[0]);
      if (id !== undefined) session.ids.set(exchange.path.split('?')[0] as string, id);
    }
    report(exchange, findings);
  }
}

/** POST, PUT, PATCH (and DELETE when `deletes`): a valid body, credentials. */
export async function smokeWrites(session: ProbeSession, plans: readonly EndpointPlan[], findings: LiveFindings, deletes: boolean): Promise<void> {
  for (const plan of plans) {
    const method = plan.endpoint.method;
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS' || (method === 'DELETE') !== deletes) continue;
    report(await session.request(plan, 'smoke', { valid: true }), findings);
  }
}

function report(exchange: Parameters<typeof described>[0], findings: LiveFindings): void {
  const status = exchange.response?.status;
  if (status !== undefined && status < 500) return;
  const { plan } = exchange;
  findings.add(RULE, {
    ...plan.location,
    subject: plan.endpoint.id,
    message: `${described(exchange)} to a valid request${exchange.response?.text ? `: ${excerpt(exchange.response.text)}` : ''}`,
    hint: `Make ${plan.endpoint.method} ${plan.endpoint.path} answer a documented 2xx or 4xx: a server error means an unhandled case (see the service's log for the stack).`,
  });
}

/** After a restart: the collections again (no findings), so item paths use ids that exist now. */
export async function refreshIds(session: ProbeSession, plans: readonly EndpointPlan[]): Promise<void> {
  session.ids.clear();
  const collections = plans.filter((p) => p.endpoint.method === 'GET' && !p.endpoint.path.endsWith('}')).sort((a, b) => pathNames(a.endpoint.path).length - pathNames(b.endpoint.path).length);
  for (const plan of collections) {
    const exchange = await session.request(plan, 'smoke');
    const id = exchange.response && exchange.response.status < 300 ? idOf(itemsOf(exchange.response.json)?.[0]) : undefined;
    if (id !== undefined) session.ids.set(exchange.path.split('?')[0] as string, id);
  }
}
