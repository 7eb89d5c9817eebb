/** Parsers for option values; each throws a usage error that names the option and the value. */
import { BoError } from '../core/errors.js';
import { PRIORITIES, TASK_STATUSES, type Priority, type TaskStatus } from '../tasks/schema.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `30m`, `90s`, `2h`, `1d`, `500ms`; a bare number is minutes. */
export function parseDuration(value: string, option = '--lease'): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(value.trim());
  if (!match) throw new BoError('BO_ERR_USAGE', `${option}: "${value}" is not a duration (use e.g. 90s, 30m, 2h)`);
  const ms = Number(match[1]) * (UNITS[match[2] ?? 'm'] as number);
  if (ms <= 0) throw new BoError('BO_ERR_USAGE', `${option}: the duration must be positive`);
  return Math.round(ms);
}

export function parsePositiveInt(value: string, option: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) {
    throw new BoError('BO_ERR_USAGE', `${option}: "${value}" is not a positive whole number`);
  }
  return Number(value);
}

export function parsePercent(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) {
    throw new BoError('BO_ERR_USAGE', `--percent: "${value}" is not a number from 0 to 100`);
  }
  return n;
}

const PRIORITY_ALIASES: Record<string, Priority> = { p0: 'critical', p1: 'high', p2: 'medium', p3: 'low', urgent: 'critical', normal: 'medium' };

export function parsePriority(value: string): Priority {
  const v = value.toLowerCase();
  const priority = (PRIORITIES as readonly string[]).includes(v) ? (v as Priority) : PRIORITY_ALIASES[v];
  if (!priority) throw new BoError('BO_ERR_USAGE', `--priority: "${value}" is not one of ${PRIORITIES.join(', ')} (or p0–p3)`);
  return priority;
}

export function parseStatus(value: string): TaskStatus {
  const v = value.toLowerCase().replace('-', '_');
  if (!(TASK_STATUSES as readonly string[]).includes(v)) {
    throw new BoError('BO_ERR_USAGE', `--status: "${value}" is not one of ${TASK_STATUSES.join(', ')}`);
  }
  return v as TaskStatus;
}

/** Commander collector for repeatable options (`--requirement a --requirement b`). */
export const collect = (value: string, previous: string[] = []) => [...previous, value];
