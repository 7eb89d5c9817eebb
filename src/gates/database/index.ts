/** The database checklist's rules, in checklist order. */
import type { Rule } from '../types.js';

export const DATABASE_RULES: readonly Rule[] = [];
