/**
 * `api/declared-responses`, live: an item endpoint asked for an id that does not exist should
 * answer 404. A 5xx is an error; a 2xx is a warning (it answered as if the item existed).
 */
import { randomUUID } from 'node:crypto';
import type { EndpointPlan } from './endpoints.js';
import { pathNames } from './endpoints.js';
import { described, type LiveFindings } from './findings.js';
import type { ProbeSession } from './session.js';

export async function unknownIds(session: ProbeSession, plans: readonly EndpointPlan[], findings: LiveFindings): Promise<number> {
  let sent = 0;
  for (const plan of plans) {
    const name = pathNames(plan.endpoint.path).at(-1);
    if (plan.endpoint.method !== 'GET' || !name || !plan.endpoint.path.endsWith(`{${name}}`)) continue;
    const schema = plan.params.find((p) => p.in === 'path' && p.name === name)?.schema;
    const type = schema && typeof schema === 'object' ? schema.type : undefined;
    const format = schema && typeof schema === 'object' ? schema.format : undefined;
    const unknown = format === 'uuid' ? randomUUID() : type === 'integer' || type === 'number' ? '2147483646' : `bo-unknown-${randomUUID().slice(0, 8)}`;
    const exchange = await session.request(plan, 'unknown-id', { path: { [name]: unknown } });
    sent++;
    const status = exchange.response?.status;
    if (status !== undefined && status >= 300 && status < 500) continue;
    findings.add('api/declared-responses', {
      ...plan.location,
      subject: plan.endpoint.id,
      ...(status !== undefined && status < 300 ? { severity: 'warning' as const } : {}),
      message: `${plan.endpoint.method} ${plan.endpoint.path} with an id that does not exist (${unknown}) answered ${status ?? 'nothing'}, not 404 (${described(exchange)})`,
      hint: `Look the item up and answer 404 (problem details) when it does not exist.`,
    });
  }
  return sent;
}
