/** Words and symbols the human formats share. */
import type { ItemStatus } from '../gates/engine.js';
import type { Area } from '../gates/types.js';

export const AREA_TITLES: Record<Area, string> = {
  api: 'API checklist',
  database: 'Database checklist',
  security: 'Security checklist',
  metrics: 'Success metrics',
  tests: 'Test requirements',
  contract: 'Contract',
};

export const STATUS_LABEL: Record<ItemStatus, string> = {
  pass: 'pass',
  fail: 'fail',
  warn: 'warn',
  skipped: 'skipped',
  'not-applicable': 'not applicable',
};

export const STATUS_ICON: Record<ItemStatus, string> = {
  pass: '✓',
  fail: '✗',
  warn: '!',
  skipped: '-',
  'not-applicable': '·',
};

export const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export function formatMetricValue(value: number | undefined, unit: string): string {
  if (value === undefined) return '—';
  return `${Number.isInteger(value) ? value : value.toFixed(2)}${unit ? ` ${unit}` : ''}`;
}
