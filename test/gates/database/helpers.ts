/** Small builders for the database rule tests: a Prisma schema with its datasource, and the line of a snippet. */
import type { RunResult } from '../../../src/gates/engine.js';

export const prisma = (body: string, provider = 'postgresql'): string => `datasource db {
  provider = "${provider}"
  url      = env("DATABASE_URL")
}

${body}`;

/** The 1-based line of the first line containing `needle` (after `after`, when given). */
export function lineOf(text: string, needle: string, after?: string): number {
  const lines = text.split('\n');
  const start = after === undefined ? 0 : lines.findIndex((l) => l.includes(after));
  const index = lines.findIndex((l, i) => i >= start && l.includes(needle));
  if (index < 0) throw new Error(`"${needle}" not found`);
  return index + 1;
}

/** A rule's status in a run (`pass`, `not-applicable`…). */
export const statusOf = (run: RunResult, rule: string): string | undefined => run.items.flatMap((i) => i.rules).find((r) => r.id === rule)?.status;
