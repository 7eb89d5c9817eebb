/**
 * `api/pagination`, live: a collection GET that takes a limit (`limit`, `pageSize`, `per_page`,
 * `size`, `take`…) asked for one item returns at most one. Decided only where the same collection
 * answered more than one item without the limit (an empty collection proves nothing).
 */
import type { EndpointPlan } from './endpoints.js';
import { described, type LiveFindings } from './findings.js';
import { itemsOf, type ProbeSession } from './session.js';

const LIMIT = /^(?:limit|per_?page|perPage|page_?size|pageSize|size|take|max_?results|maxResults|top|\$top|first)$/i;

export async function paginationLive(session: ProbeSession, plans: readonly EndpointPlan[], findings: LiveFindings): Promise<number> {
  let decided = 0;
  for (const plan of plans) {
    if (plan.endpoint.method !== 'GET' || plan.endpoint.path.endsWith('}')) continue;
    const limit = plan.params.find((p) => p.in === 'query' && LIMIT.test(p.name));
    if (!limit) continue;
    const unlimited = session.log.find((e) => e.plan === plan && e.purpose === 'smoke' && e.response && e.response.status < 300);
    const before = itemsOf(unlimited?.response?.json)?.length ?? 0;
    if (before < 2) continue;
    const exchange = await session.request(plan, 'pagination', { query: { [limit.name]: '1' }, valid: true });
    const items = itemsOf(exchange.response?.json);
    if (!exchange.response || exchange.response.status >= 300 || !items) continue;
    decided++;
    if (items.length <= 1) continue;
    findings.add('api/pagination', {
      ...plan.location,
      subject: plan.endpoint.id,
      message: `${plan.endpoint.method} ${plan.endpoint.path}?${limit.name}=1 returned ${items.length} items (${described(exchange)}): the limit is not honoured`,
      hint: `Apply \`${limit.name}\` to the query (LIMIT/take) and cap it with a maximum page size.`,
    });
  }
  return decided;
}
