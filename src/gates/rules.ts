/** Every rule, by area, in checklist order. Loaded only by the commands that run or list rules. */
import { API_RULES } from './api/index.js';
import { CONTRACT_RULES } from './contract/index.js';
import { DATABASE_RULES } from './database/index.js';
import { METRICS_RULES } from './metrics/index.js';
import { SECURITY_RULES } from './security/index.js';
import { TESTS_RULES } from './tests/index.js';
import type { Rule } from './types.js';

export const RULES: readonly Rule[] = [...API_RULES, ...DATABASE_RULES, ...SECURITY_RULES, ...METRICS_RULES, ...TESTS_RULES, ...CONTRACT_RULES];

const byId = new Map(RULES.map((rule) => [rule.id, rule]));
export const ruleById = (id: string): Rule | undefined => byId.get(id);
