/**
 * Input probes: injection strings in each query and path parameter and each body field, and a
 * malformed JSON body. The answer should be a 4xx (or a 2xx where the text is simply accepted, as a
 * name like O'Reilly should be), never a 5xx and never database error text: a quote that breaks the
 * statement means request data is spliced into SQL (`sec/sql-injection`); a server error to any
 * other bad input is `api/declared-responses` ("bad input gives 400/422, never 500").
 */
import type { EndpointPlan } from './endpoints.js';
import { described, excerpt, type LiveFindings } from './findings.js';
import type { Exchange, ProbeSession, RequestShape } from './session.js';

export const INJECTIONS = ["'", "O'Reilly", "' OR '1'='1", '{"$gt":""}'] as const;
const SQL_LIKE = new Set<string>(["'", "O'Reilly", "' OR '1'='1"]);
const MALFORMED_JSON = '{"bo-probe": ';

/** Database error text that must never reach a client. */
const SQL_ERROR =
  /syntax error at or near|unterminated quoted string|SQLSTATE|ER_PARSE_ERROR|You have an error in your SQL syntax|SQLITE_ERROR|\bORA-\d{5}\b|unclosed quotation mark|quoted string not properly terminated|QueryFailedError|PrismaClient(?:Known|Unknown)RequestError|SequelizeDatabaseError|pg_query\(\)/i;

export async function inputProbes(session: ProbeSession, plans: readonly EndpointPlan[], findings: LiveFindings): Promise<number> {
  let sent = 0;
  for (const plan of plans) {
    const groups: { where: string; shapes: { payload: string; shape: RequestShape }[] }[] = [];
    for (const param of plan.params) {
      const where = `${param.in} parameter "${param.name}"`;
      groups.push({ where, shapes: INJECTIONS.map((payload) => ({ payload, shape: param.in === 'path' ? { path: { [param.name]: payload } } : { query: { [param.name]: payload } } })) });
    }
    const body = plan.body?.value;
    if (plan.body && body !== null && typeof body === 'object' && !Array.isArray(body) && plan.endpoint.method !== 'GET') {
      for (const field of plan.body.fields) {
        groups.push({
          where: `body field "${field}"`,
          shapes: INJECTIONS.map((payload) => ({ payload, shape: { body: { ...body, [field]: payload === '{"$gt":""}' ? { $gt: '' } : payload } } })),
        });
      }
    }
    for (const group of groups) {
      const failed: { payload: string; exchange: Exchange }[] = [];
      for (const { payload, shape } of group.shapes) {
        const exchange = await session.request(plan, 'probe', shape);
        sent++;
        if (isBroken(exchange)) failed.push({ payload, exchange });
      }
      if (failed.length > 0) reportInjection(plan, group.where, failed, findings);
    }
    if (plan.body && plan.endpoint.method !== 'GET') {
      const exchange = await session.request(plan, 'probe', { rawBody: MALFORMED_JSON });
      sent++;
      reportMalformed(plan, exchange, findings);
    }
  }
  return sent;
}

const isBroken = (exchange: Exchange): boolean =>
  exchange.response === undefined || exchange.response.status >= 500 || SQL_ERROR.test(exchange.response.text);

function reportInjection(plan: EndpointPlan, where: string, failed: { payload: string; exchange: Exchange }[], findings: LiveFindings): void {
  const sqlText = failed.find((f) => f.exchange.response && SQL_ERROR.test(f.exchange.response.text));
  const sqlLike = sqlText !== undefined || failed.some((f) => SQL_LIKE.has(f.payload));
  const first = sqlText ?? (failed[0] as { payload: string; exchange: Exchange });
  const payloads = failed.map((f) => JSON.stringify(f.payload)).join(', ');
  findings.add(sqlLike ? 'sec/sql-injection' : 'api/declared-responses', {
    ...plan.location,
    subject: plan.endpoint.id,
    message: sqlLike
      ? `${plan.endpoint.method} ${plan.endpoint.path}: ${where} set to ${payloads} breaks the request (${described(first.exchange)})${sqlText ? `, and the answer shows database error text: ${excerpt(sqlText.exchange.response?.text ?? '')}` : ''}: the value reaches SQL unescaped`
      : `${plan.endpoint.method} ${plan.endpoint.path}: ${where} set to ${payloads} gets a server error (${described(first.exchange)}), not a 4xx`,
    hint: sqlLike
      ? `Pass ${where.replace(/ "[^"]+"$/, '')} values to the database as bound parameters ($1, ?), never inside the SQL text (for LIKE: \`ILIKE '%' || $1 || '%'\`), and answer database errors with a generic 500 without their text.`
      : `Validate ${where} (type and shape) and answer 400/422 when it is wrong, before it reaches the handler's logic.`,
  });
}

function reportMalformed(plan: EndpointPlan, exchange: Exchange, findings: LiveFindings): void {
  const status = exchange.response?.status;
  if (status !== undefined && status >= 400 && status < 500) return;
  const served = status !== undefined && status < 400;
  findings.add('api/declared-responses', {
    ...plan.location,
    subject: plan.endpoint.id,
    ...(served ? { severity: 'warning' as const } : {}),
    message: `${plan.endpoint.method} ${plan.endpoint.path} answered a malformed JSON body with ${status ?? 'no answer'}, not 400 (${described(exchange)})`,
    hint: 'Answer a body that is not valid JSON with 400 (the JSON parser error mapped to a client error by the error handler).',
  });
}
