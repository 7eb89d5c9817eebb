/** Live findings by rule id: the live parts of static rules and the contract and metric gates share one run. */
import type { FindingInput } from '../../types.js';
import type { Exchange } from './session.js';

export class LiveFindings {
  readonly byRule = new Map<string, FindingInput[]>();

  add(rule: string, finding: FindingInput): void {
    const list = this.byRule.get(rule) ?? [];
    list.push(finding);
    this.byRule.set(rule, list);
  }
}

/** `GET /api/v1/x?q=… → 500`, for messages. */
export const described = (exchange: Exchange): string =>
  `${exchange.method} ${exchange.path} → ${exchange.response ? exchange.response.status : `no answer (${exchange.error ?? 'unknown error'})`}`;

/** The first characters of a body, on one line, for messages. */
export const excerpt = (text: string, max = 160): string => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
};
